"""The environment a local run gives the handlers: the same variables the stack sets, from the SDK's
ordinary configuration (credential chain, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL) and the stack's default names."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from remediator.settings import DEFAULT_ALERT_TOPIC, DEFAULT_LEDGER_TABLE, DEFAULT_STATE_TABLE
from remediator_cli.replay import ReplayError


def quiet_powertools(verbose: bool) -> None:
    """Before the first import of remediator.observability: no tracing, no EMF, logs at WARNING on stderr."""
    os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "compliance-remediator")
    os.environ["POWERTOOLS_LOG_LEVEL"] = (
        "INFO" if verbose else os.environ.get("POWERTOOLS_LOG_LEVEL", "WARNING")
    )


def session_facts() -> tuple[Any, str, str]:
    """(boto3 session, account, region), or a one-line ReplayError saying what is missing."""
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    session = boto3.Session()
    region = session.region_name
    if not region:
        raise ReplayError("no AWS region configured: set AWS_DEFAULT_REGION (or a profile with a region)")
    if session.get_credentials() is None:
        raise ReplayError(
            "no AWS credentials found: configure a profile or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
        )
    try:
        account = session.client("sts").get_caller_identity()["Account"]
    except ClientError as exc:
        raise ReplayError(
            f"AWS rejected the credentials: {exc.response['Error'].get('Message', exc)}"
        ) from None
    except BotoCoreError as exc:
        raise ReplayError(f"cannot reach AWS: {exc}") from None
    return session, account, region


def handler_environment(
    account: str,
    region: str,
    mode: str | None,
    dry_run: bool,
    *,
    once: bool = False,
    settings_file: str | None = None,
) -> dict[str, str]:
    """`once`: keep Powertools idempotency on (a redrive); off, an event file replayed is judged again."""
    from remediator.aws import partition_of

    env = {
        "LEDGER_TABLE": os.environ.get("LEDGER_TABLE", DEFAULT_LEDGER_TABLE),
        "ALERT_TOPIC_ARN": os.environ.get(
            "ALERT_TOPIC_ARN", f"arn:{partition_of(region)}:sns:{region}:{account}:{DEFAULT_ALERT_TOPIC}"
        ),
        "REMEDIATOR_DRY_RUN": "true" if dry_run else "false",
        # Repeats are folded as in the stack; a window's summary needs the stack's fold queue and flusher.
        "STATE_TABLE": os.environ.get("STATE_TABLE", DEFAULT_STATE_TABLE),
        "REMEDIATOR_IDEMPOTENCY": "true" if once else "false",
        "HOME_ACCOUNT": account,  # the single-account model acts on this account's resources only
    }
    if mode:
        env["REMEDIATION_MODE"] = mode
    if settings_file:
        env["SETTINGS_FILE"] = str(Path(settings_file).resolve())
    return env


def check_runtime_resources(session: Any, env: dict[str, str]) -> None:
    """The ledger table and alert topic must exist before a run that writes to them."""
    from botocore.exceptions import BotoCoreError, ClientError

    for kind, table in (("ledger table", env["LEDGER_TABLE"]), ("state table", env["STATE_TABLE"])):
        try:
            session.client("dynamodb").describe_table(TableName=table)
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ResourceNotFoundException":
                raise ReplayError(f"{kind} {table} not found: run `remediator bootstrap` first") from None
            raise ReplayError(
                f"cannot read the {kind}: {exc.response['Error'].get('Message', exc)}"
            ) from None
        except BotoCoreError as exc:
            raise ReplayError(f"cannot reach AWS: {exc}") from None
    try:
        session.client("sns", region_name=env["ALERT_TOPIC_ARN"].split(":")[3]).get_topic_attributes(
            TopicArn=env["ALERT_TOPIC_ARN"]
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] in ("NotFound", "NotFoundException"):
            raise ReplayError(
                f"alert topic {env['ALERT_TOPIC_ARN']} not found: run `remediator bootstrap` first"
            ) from None
        raise ReplayError(
            f"cannot read the alert topic: {exc.response['Error'].get('Message', exc)}"
        ) from None
