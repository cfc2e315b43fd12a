"""Domain models shared by the engine, the rules, the ledger, the alerts and the CLI. No I/O here."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"


class Outcome(StrEnum):
    COMPLIANT = "compliant"
    VIOLATION = "violation"
    REMEDIATED = "remediated"
    FAILED = "failed"
    EXEMPT = "exempt"
    DEFERRED = (
        "deferred"  # not ready to fix (a notebook Pending, a DB instance creating): checked again later
    )
    # mode approve: the fix waits for an approver (remediator.approvals)
    PENDING_APPROVAL = "pending-approval"
    IGNORED = "ignored"
    REJECTED = "rejected"
    # an approval asked of Slack by someone who may not give it: ledgered, changes nothing
    REFUSED = "refused"
    # a fix put back as it was (remediator undo): the resource exempt from the rule for a while
    UNDONE = "undone"

    @property
    def is_finding(self) -> bool:
        """Outcomes that found something wrong: these are ledgered and (but exempt) alerted."""
        return self in (
            Outcome.VIOLATION,
            Outcome.REMEDIATED,
            Outcome.FAILED,
            Outcome.EXEMPT,
            Outcome.DEFERRED,
            Outcome.PENDING_APPROVAL,
            Outcome.UNDONE,
        )


class TriggerKind(StrEnum):
    CLOUDTRAIL = "cloudtrail"
    CONFIG = "config"
    GUARDDUTY = "guardduty"
    MACIE = "macie"
    INSPECTOR = "inspector"
    ACCESS_ANALYZER = "access_analyzer"
    UNUSED_ACCESS = "unused_access"  # IAM Access Analyzer's unused access findings, by finding type
    SECURITYHUB = "securityhub"
    SCHEDULE = "schedule"


class Actor(BaseModel):
    """Who made the change, as far as the event tells."""

    model_config = ConfigDict(frozen=True)

    arn: str | None = None
    principal_type: str | None = None
    source_ip: str | None = None
    user_agent: str | None = None
    session_issuer_arn: str | None = None

    def describe(self) -> str:
        if not (self.arn or self.source_ip or self.user_agent):
            return "unknown (the source does not say)"
        parts = [self.arn or self.principal_type or "unknown principal"]
        if self.source_ip:
            parts.append(f"from {self.source_ip}")
        if self.user_agent:
            parts.append(f"using {self.user_agent}")
        return " ".join(parts)


class Resource(BaseModel):
    model_config = ConfigDict(frozen=True)

    type: str  # CloudFormation type, e.g. AWS::S3::Bucket
    id: str  # the name the service's API takes, e.g. the bucket name
    arn: str
    account: str
    region: str


class Trigger(BaseModel):
    """One thing that happened, whatever its source: what the rules are asked to judge."""

    model_config = ConfigDict(frozen=True)

    event_id: str
    kind: TriggerKind
    name: str  # CloudTrail eventName, Config rule name, finding type, or Security Hub control id
    source: str  # the EventBridge source, e.g. aws.s3
    account: str
    region: str
    time: datetime
    resource: Resource | None
    actor: Actor = Actor()
    error_code: str | None = None  # CloudTrail: any value means the call failed
    sample: bool = False  # GuardDuty sample findings
    summary: str = ""  # what the source says happened, one line
    # What the record says beyond the resource, for rules about an act (a sign-in without MFA, a key created):
    # CloudTrail's requestParameters, responseElements and additionalEventData.
    facts: dict[str, Any] = Field(default_factory=dict)


class Exemption(BaseModel):
    """Why a violation is left alone: who exempted what, until when, and why."""

    model_config = ConfigDict(frozen=True)

    source: str  # "tag compliance:exempt" or "settings document"
    rules: tuple[str, ...]  # rule ids, or ("all",)
    until: date | None
    reason: str
    set_by: str | None = None  # who set the tag, as the remediator saw it in CloudTrail
    set_at: datetime | None = None

    def describe(self) -> str:
        who = f" by {self.set_by}" if self.set_by else ""
        when = f" on {self.set_at.date().isoformat()}" if self.set_at else ""
        until = f" until {self.until.isoformat()}" if self.until else ""
        return f"exempted{who}{when} ({self.source}){until}: {self.reason}"


class Approval(BaseModel):
    """A person's answer in Slack to a fix waiting for approval: who, when, and which request."""

    model_config = ConfigDict(frozen=True)

    verdict: str  # "approved" or "rejected" (a refused attempt is its own outcome)
    by: str  # the Slack user id (U..., W...)
    name: str | None = None  # their Slack user name, as Slack sent it
    at: datetime
    request: str  # the ledger key of the pending decision, "<pk>|<sk>"
    reason: str | None = None  # a rejection's reason, as typed


class Decision(BaseModel):
    """What the remediator decided about one rule on one resource for one event: the replay contract."""

    event_id: str | None
    rule: str | None
    resource: str | None
    account: str | None
    region: str | None
    outcome: Outcome
    actions: list[str] = Field(default_factory=list)
    notified: bool = False
    reason: str
    # Context for people (alerts, ledger, tables); not part of the minimal contract.
    resource_type: str | None = None  # CloudFormation type of `resource`, e.g. AWS::S3::Bucket
    severity: Severity | None = None
    title: str | None = None
    trigger: str | None = None  # e.g. "cloudtrail:PutBucketAcl"
    actor: Actor | None = None
    found: str | None = None
    done: str | None = None
    event_time: datetime | None = None
    decided_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    mode: str | None = None
    dry_run: bool = False
    repeats: int | None = None  # a folded summary: how many times it happened in the window
    exemption: Exemption | None = None  # outcome exempt: who exempted it, until when, why
    silenced: str | None = None  # why no alert went out for a decision that would have one
    account_name: str | None = None  # the account's name in the organization, where known
    audience: str | None = None  # who else the alert is for (the rule's audience: "privacy")
    about: str | None = None  # what the alert's subject names, where not the resource (a user, an account)
    # A compliant decision that ends an open item: the finding that reported it was resolved or archived. Ledgered
    # (the report's open items close on it), never alerted.
    closes: bool = False
    approval: Approval | None = None  # mode approve: the answer that let this fix go ahead (or refused it)
    # A fix's record for `remediator undo`: the configuration it changed as it was ("before") and as the fix
    # left it ("after"), in the rule's own terms (Rule.undo reads them). None where the rule can't undo.
    undo: dict[str, Any] | None = None
    # A fix waiting for approval: what its event said beyond the resource (Trigger.facts), so the approved fix
    # is judged on the same evidence (a finding's facts, a call's parameters).
    facts: dict[str, Any] | None = None
