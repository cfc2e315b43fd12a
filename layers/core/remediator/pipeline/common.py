"""What the engine's steps share: which errors are transient, the errors that carry decisions back to the
caller, the unit of work (one rule, one resource, one trigger), and small helpers. No I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from remediator.journal import InProgressError
from remediator.models import Decision, Outcome, Resource, Trigger
from remediator.rules.base import Rule, RuleContext

# Errors that mean "try again later": they propagate, so Lambda retries the (asynchronous) invocation and the
# family's DLQ keeps the event after the last try.
TRANSIENT_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "SlowDown",
        "ServiceUnavailable",
        "InternalError",
        "InternalFailure",
        "RequestTimeout",
        "RequestTimeoutException",
        "TransactionInProgressException",  # the same transaction's token still in flight
        "TransactionConflictException",
    }
)
# A DynamoDB transaction cancelled for one of these reasons (its items' CancellationReasons) may go through later.
TRANSIENT_CANCELLATIONS = frozenset(
    {"ThrottlingError", "TransactionConflict", "ProvisionedThroughputExceeded", "RequestLimitExceeded"}
)
# A parked event carries the intents of fixes the journal refused to learn of, under this key.
CARRIED = "compliance-remediator:intents"
MEMBER_NOTICE_SECONDS = 24 * 3600  # a member the remediator can't enter is alerted once a day
ALERTED = frozenset(
    {Outcome.VIOLATION, Outcome.REMEDIATED, Outcome.FAILED, Outcome.PENDING_APPROVAL, Outcome.UNDONE}
)


def is_transient(exc: BaseException) -> bool:
    """Worth Lambda's retry: throttling, AWS's 5xx, and botocore's own transport failures (a timeout, a
    dropped connection: a call whose reply was lost). Access denied, validation errors and bugs are not."""
    from botocore.exceptions import BotoCoreError, ClientError, ParamValidationError

    if isinstance(exc, InProgressError | RetryLaterError):
        return True
    if isinstance(exc, BotoCoreError):
        return not isinstance(exc, ParamValidationError)
    if not isinstance(exc, ClientError):
        return False
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    code = exc.response.get("Error", {}).get("Code")
    if code == "TransactionCanceledException":
        reasons = {r.get("Code") for r in exc.response.get("CancellationReasons", [])}
        return bool(reasons & TRANSIENT_CANCELLATIONS)
    return code in TRANSIENT_CODES or status >= 500


class RetryLaterError(Exception):
    """Some (rule, resource) of an event hit a transient error: the invocation fails so Lambda retries it. It
    carries every decision of the event, so the CLI reports each; the retry returns the finished ones as they
    were kept (the fix journal) and does the rest."""

    def __init__(self, decisions: list[Decision], cause: BaseException) -> None:
        self.decisions = decisions
        self.cause = cause
        super().__init__(f"retried: {type(cause).__name__}: {cause}")


class PartialFixError(Exception):
    """A fix cut short after part of it landed: recorded failed, then retried to finish it."""

    def __init__(self, decision: Decision, cause: BaseException) -> None:
        self.decision = decision
        self.cause = cause


@dataclass(frozen=True)
class Unit:
    """One rule to apply to one resource for one trigger."""

    rule: Rule
    ctx: RuleContext
    trigger: Trigger
    resource: Resource
    named: bool = False  # the resource the event names (its journal may hold fixes other rules cut short)


def _client_error(exc: Any) -> str:
    error = exc.response.get("Error", {})
    operation = getattr(exc, "operation_name", "call")
    return f"{operation} returned {error.get('Code', 'an error')}: {error.get('Message', '')}".rstrip(": ")


def _is_client_error(exc: BaseException) -> bool:
    from botocore.exceptions import ClientError

    return isinstance(exc, ClientError)


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _now() -> datetime:
    return datetime.now(UTC)
