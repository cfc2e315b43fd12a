"""Runtime settings, read from the environment once per container (the stack sets every variable)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

DEFAULT_STACK_NAME = "compliance-remediator"
DEFAULT_LEDGER_TABLE = f"{DEFAULT_STACK_NAME}-ledger"
DEFAULT_ALERT_TOPIC = f"{DEFAULT_STACK_NAME}-alerts"
DEFAULT_STATE_TABLE = f"{DEFAULT_STACK_NAME}-state"
VPC_ENDPOINT = re.compile(r"vpce-(?:[0-9a-f]{8}|[0-9a-f]{17})")
SERVICE_PRINCIPAL = re.compile(r"[a-z0-9][a-z0-9.-]{0,62}\.amazonaws\.com")
ACCOUNT_ID = re.compile(r"\d{12}")
# What each listed setting's items must be, and how the error names it
GRAMMARS = {
    "allowed_vpc_endpoints": (VPC_ENDPOINT, "a VPC endpoint id (vpce- and 8 or 17 hex digits)"),
    "private_data_services": (SERVICE_PRINCIPAL, "a service principal (name.amazonaws.com)"),
    "sweep_accounts": (ACCOUNT_ID, "an account id (12 digits)"),
    "trusted_accounts": (ACCOUNT_ID, "an account id (12 digits)"),
}


class Mode(StrEnum):
    REMEDIATE = "remediate"
    NOTIFY = "notify"
    APPROVE = "approve"  # a violation waits for an approver in Slack, then is fixed (remediator.approvals)
    OFF = "off"  # the rule is not evaluated at all


class SettingsError(ValueError):
    """The environment holds a value the remediator cannot run with."""


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    mode: Mode = Mode.REMEDIATE
    dry_run: bool = False
    ledger_table: str = DEFAULT_LEDGER_TABLE
    alert_topic_arn: str | None = None
    remediator_role_arns: frozenset[str] = frozenset()
    s3_kms_key_id: str | None = None  # None: SSE-KMS with the AWS managed key aws/s3
    # The tag key saying what a bucket holds (its value: PII, Financial, ...): Macie's sensitive-data findings
    # set it, and the classified-data rules judge the buckets that carry it.
    data_classification_tag: str = Field(default="DataClassification", min_length=1, max_length=128)
    s3_access_log_bucket: str | None = None  # where a classified bucket's access logs go; None: alert instead
    # Private data paths: a classified bucket denies every request that comes neither through one of these VPC
    # endpoints nor from one of these service principals (the stack's own roles excepted). Its deny is added
    # only with enforce_vpc_endpoints; otherwise alerted with the statement that would add it.
    allowed_vpc_endpoints: frozenset[str] = frozenset()
    private_data_services: frozenset[str] = frozenset()
    enforce_vpc_endpoints: bool = False
    # Accounts outside the organization that may be granted the account's resources (a vendor, a partner's
    # data exchange): a resource shared with any other outside account is alerted.
    trusted_accounts: frozenset[str] = frozenset()
    # Where Bedrock's model invocation logs go (S3): restored there when logging is deleted; None: alert only
    bedrock_log_bucket: str | None = None
    bedrock_log_prefix: str = Field(default="", max_length=1024)
    cloudtrail_kms_key_id: str | None = None  # None: a trail whose KMS key was removed is alerted, not fixed
    # The Glue security configuration a job without one is given; None: such a job is alerted, not fixed.
    glue_security_configuration: str | None = Field(default=None, min_length=1, max_length=255)
    # How often a GuardDuty detector must publish updates to its findings at least (new findings go out at
    # once): a detector slowed below it is set back to it.
    guardduty_finding_frequency: Literal["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"] = "FIFTEEN_MINUTES"
    # The stack's own name: its functions, rules and roles are named <stack>-...; tampering with them is watched.
    stack_name: str = Field(default=DEFAULT_STACK_NAME, pattern=r"^[A-Za-z][A-Za-z0-9-]{0,127}$")
    # The concurrency each of the stack's functions reserves (the template's ReservedConcurrency; 0: none):
    # what a function whose concurrency someone set to 0 gets back.
    reserved_concurrency: int = Field(default=5, ge=0)
    # "key" or "key=value": only keys so tagged are pipeline keys whose deletion is cancelled. None: every
    # customer-managed key (secure by default: the widest scope, which settings narrow).
    kms_protected_tag: str | None = None
    # Roles, users and groups (ARNs or names) allowed to hold administrator policies.
    iam_admin_principals: frozenset[str] = frozenset()
    iam_required_boundary: str | None = None  # the boundary every role must keep; None: none required
    securityhub_import: bool = False  # import each finding into Security Hub (ASFF)
    state_table: str | None = None  # None: no folding (every alert goes out)
    # The transactional outbox (the stack sets it): a decision's alert is written into its ledger item, and the
    # alert relay, fed by the ledger's stream, publishes it. Off: the engine publishes (the CLI, the tests).
    alert_outbox: bool = False
    fold_minutes: int = Field(default=15, ge=0, le=15)  # 0: no folding
    fold_queue_url: str | None = None  # where a window's end is scheduled (the stack's fold queue)
    ledger_ttl_days: int = Field(default=400, ge=1)
    approval_hours: int = Field(
        default=24, ge=2, le=168
    )  # mode approve: a request unanswered this long expires
    # The SSM parameter holding the settings document (remediator.overrides); None: the packaged defaults.
    settings_parameter: str | None = None
    settings_file: str | None = None  # a local settings document (the CLI's --settings), when no parameter
    # The same (event, rule, resource) done once (needs the state table). Off for `remediator replay`, whose
    # point is to judge an event file again; on in the stack and for `remediator redrive`.
    idempotency: bool = True
    # The organization model: every account but the home one is reached through this role in it (None: the
    # single-account model, where every client uses the function's own credentials).
    member_role_name: str | None = Field(default=None, pattern=r"^[\w+=,.@-]{1,64}$")
    home_account: str | None = Field(default=None, pattern=r"^\d{12}$")  # None: asked of STS when needed
    # The sweep's accounts (None: every ACTIVE account of the organization in the organization model, else
    # the home account) and regions (None: the function's own region).
    sweep_accounts: tuple[str, ...] | None = None
    sweep_regions: tuple[str, ...] | None = None
    # Deferred fixes: a resource not ready for its fix is checked again after `defer_seconds` (SQS's delay:
    # 15 minutes at most), `defer_attempts` times, through the family's sweep queue; then the fix has failed.
    recheck_queue_url: str | None = None
    defer_seconds: int = Field(default=300, ge=0, le=900)
    defer_attempts: int = Field(default=6, ge=1, le=96)
    # The family's dead-letter queue: an event that needs the operator (a missing permission, an error nobody
    # expected) is parked there after its failed decision is alerted, for `remediator redrive` once fixed.
    park_queue_url: str | None = None

    @field_validator(
        "remediator_role_arns",
        "iam_admin_principals",
        "allowed_vpc_endpoints",
        "private_data_services",
        "trusted_accounts",
        mode="before",
    )
    @classmethod
    def _split_arns(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("sweep_accounts", "sweep_regions", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip()) or None
        return value

    @field_validator("allowed_vpc_endpoints", "private_data_services", "sweep_accounts", "trusted_accounts")
    @classmethod
    def _each_in_its_grammar(cls, value: Any, info: ValidationInfo) -> Any:
        grammar, what = GRAMMARS[str(info.field_name)]
        bad = sorted(v for v in value or () if not grammar.fullmatch(v))
        if bad:
            raise ValueError(f"{bad[0]!r} is not {what}")
        return value

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        raw = {
            "mode": env.get("REMEDIATION_MODE"),
            "dry_run": env.get("REMEDIATOR_DRY_RUN"),
            "ledger_table": env.get("LEDGER_TABLE"),
            "alert_topic_arn": env.get("ALERT_TOPIC_ARN"),
            "remediator_role_arns": env.get("REMEDIATOR_ROLE_ARNS"),
            "s3_kms_key_id": env.get("S3_KMS_KEY_ID"),
            "data_classification_tag": env.get("DATA_CLASSIFICATION_TAG"),
            "s3_access_log_bucket": env.get("S3_ACCESS_LOG_BUCKET"),
            "allowed_vpc_endpoints": env.get("ALLOWED_VPC_ENDPOINTS"),
            "private_data_services": env.get("PRIVATE_DATA_SERVICES"),
            "enforce_vpc_endpoints": env.get("ENFORCE_VPC_ENDPOINTS"),
            "trusted_accounts": env.get("TRUSTED_ACCOUNTS"),
            "bedrock_log_bucket": env.get("BEDROCK_LOG_BUCKET"),
            "bedrock_log_prefix": env.get("BEDROCK_LOG_PREFIX"),
            "cloudtrail_kms_key_id": env.get("CLOUDTRAIL_KMS_KEY_ID"),
            "glue_security_configuration": env.get("GLUE_SECURITY_CONFIGURATION"),
            "guardduty_finding_frequency": env.get("GUARDDUTY_FINDING_FREQUENCY"),
            "stack_name": env.get("STACK_NAME"),
            "reserved_concurrency": env.get("RESERVED_CONCURRENCY"),
            "kms_protected_tag": env.get("KMS_PROTECTED_TAG"),
            "iam_admin_principals": env.get("IAM_ADMIN_PRINCIPALS"),
            "iam_required_boundary": env.get("IAM_REQUIRED_BOUNDARY"),
            "securityhub_import": env.get("SECURITYHUB_IMPORT"),
            "state_table": env.get("STATE_TABLE"),
            "alert_outbox": env.get("ALERT_OUTBOX"),
            "fold_minutes": env.get("ALERT_FOLD_MINUTES"),
            "fold_queue_url": env.get("FOLD_QUEUE_URL"),
            "ledger_ttl_days": env.get("LEDGER_TTL_DAYS"),
            "approval_hours": env.get("APPROVAL_HOURS"),
            "settings_parameter": env.get("SETTINGS_PARAMETER"),
            "settings_file": env.get("SETTINGS_FILE"),
            "idempotency": env.get("REMEDIATOR_IDEMPOTENCY"),
            "member_role_name": env.get("MEMBER_ROLE_NAME"),
            "home_account": env.get("HOME_ACCOUNT"),
            "sweep_accounts": env.get("SWEEP_ACCOUNTS"),
            "sweep_regions": env.get("SWEEP_REGIONS"),
            "recheck_queue_url": env.get("SWEEP_QUEUE_URL"),
            "defer_seconds": env.get("DEFER_SECONDS"),
            "defer_attempts": env.get("DEFER_ATTEMPTS"),
            "park_queue_url": env.get("PARK_QUEUE_URL"),
        }
        try:
            return cls.model_validate({k: v for k, v in raw.items() if v not in (None, "")})
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            raise SettingsError(f"invalid setting {field}: {first['msg']}") from None
