"""AWS clients come from here, built lazily, one per (account, region, service) and reused.

Every client reports each API call it makes to a CallLog, so a decision lists exactly the calls that
changed state (no hand-kept list to drift), the benchmark counts calls, and a dry run can prove that
nothing was written: a write attempted under `read_only` raises before it leaves the process.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import boto3

_READ_PREFIXES = (
    "Get",
    "List",
    "Describe",
    "Head",
    "Lookup",
    "Search",
    "Select",
    "BatchGet",
    "Scan",
    "Query",
)


def is_read_only(operation: str) -> bool:
    return operation.startswith(_READ_PREFIXES)


class WriteBlockedError(RuntimeError):
    """A state-changing call was attempted where only reads are allowed (dry run)."""


@dataclass
class CallLog:
    """The API calls made through the clients of one factory, as 'service:Operation'.

    `calls` holds every request sent (retries excluded), `changes` the state-changing calls that succeeded.
    """

    calls: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    read_only: bool = False

    def before(self, service: str, operation: str) -> None:
        if self.read_only and not is_read_only(operation):
            raise WriteBlockedError(f"{service}:{operation} blocked: dry run changes nothing")
        self.calls.append(f"{service}:{operation}")

    def after(self, service: str, operation: str, status: int) -> None:
        if status < 300 and not is_read_only(operation):
            self.changes.append(f"{service}:{operation}")

    def mark(self) -> int:
        return len(self.changes)

    def changes_since(self, mark: int) -> list[str]:
        return self.changes[mark:]

    def counts(self) -> Counter[str]:
        return Counter(self.calls)


class ClientFactory:
    """Builds boto3 clients from the SDK's ordinary configuration (credential chain, AWS_ENDPOINT_URL, ...)."""

    def __init__(self, session: boto3.Session | None = None, call_log: CallLog | None = None) -> None:
        self._session = session
        self._clients: dict[tuple[str, str | None], Any] = {}
        self.call_log = call_log or CallLog()

    @property
    def session(self) -> boto3.Session:
        if self._session is None:
            import boto3  # heavy: imported on first use, never at import time

            self._session = boto3.Session()
        return self._session

    def client(self, service: str, region: str | None = None) -> Any:
        key = (service, region)
        if key not in self._clients:
            from botocore.config import Config

            config = Config(
                retries={"mode": "adaptive", "max_attempts": 5},
                user_agent_extra="compliance-remediator",
                connect_timeout=5,
                read_timeout=20,
            )
            client = self.session.client(service, region_name=region, config=config)  # type: ignore[call-overload]
            log = self.call_log

            def _before(model: Any, **_: Any) -> None:
                log.before(service, model.name)

            def _after(model: Any, http_response: Any, **_: Any) -> None:
                log.after(service, model.name, http_response.status_code)

            client.meta.events.register("before-call.*.*", _before)
            client.meta.events.register("after-call.*.*", _after)
            self._clients[key] = client
        return self._clients[key]

    def for_account(self, account: str, region: str) -> AccountClients:
        """Clients that act in one account and region. Single-account: the function's own credentials."""
        return AccountClients(self, account, region)


@dataclass(frozen=True)
class AccountClients:
    factory: ClientFactory
    account: str
    region: str

    def client(self, service: str) -> Any:
        return self.factory.client(service, self.region)


def partition_of(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"
