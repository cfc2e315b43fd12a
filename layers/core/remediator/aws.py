"""AWS clients come from here, built lazily, one per (account, region, service) and reused.

Every client reports each API call it makes to a CallLog, so a decision lists exactly the calls that
changed state (no hand-kept list to drift), the benchmark counts calls, and a dry run can prove that
nothing was written: a write attempted under `read_only` raises before it leaves the process.
"""

from __future__ import annotations

import re
import threading
import time
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
    "AssumeRole",  # a session for a member account: it changes nothing there
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
    # a thread's own (calls, changes) while it runs beside another (remediator.overlap): appended in a fixed
    # order once both are done, so the log reads the same however the threads interleaved
    _local: threading.local = field(default_factory=threading.local, repr=False, compare=False)

    def _lists(self) -> tuple[list[str], list[str]]:
        return getattr(self._local, "lists", None) or (self.calls, self.changes)

    def before(self, service: str, operation: str) -> None:
        if self.read_only and not is_read_only(operation):
            raise WriteBlockedError(f"{service}:{operation} blocked: dry run changes nothing")
        self._lists()[0].append(f"{service}:{operation}")

    def after(self, service: str, operation: str, status: int) -> None:
        if status < 300 and not is_read_only(operation):
            self._lists()[1].append(f"{service}:{operation}")

    def mark(self) -> int:
        return len(self.changes)

    def changes_since(self, mark: int) -> list[str]:
        return self.changes[mark:]

    def counts(self) -> Counter[str]:
        return Counter(self.calls)


class MemberAccessError(Exception):
    """The remediator cannot act in a member account: no role to assume there, or one that doesn't trust it.

    The message is one line and names the missing piece."""

    def __init__(self, account: str, role_arn: str, why: str) -> None:
        self.account = account
        self.role_arn = role_arn
        super().__init__(
            f"cannot act in account {account}: AssumeRole on {role_arn} was refused ({why}); deploy the member "
            "template (templates/member.yaml) to that account, or check that its role trusts this stack's roles"
        )


@dataclass(frozen=True)
class Members:
    """The organization model: every account but `home` is reached through the role `role_name` in it."""

    role_name: str
    home_account: str | None = None  # None: found with one GetCallerIdentity when first needed
    duration_seconds: int = 3600  # botocore refreshes the credentials 15 minutes before they expire
    failure_ttl_seconds: float = 60.0  # a refused AssumeRole is not asked again for this long (a sweep batch)


SESSION_NAME_MAX = 64
_SESSION_NAME_BAD = re.compile(r"[^\w+=,.@-]")


def session_name(purpose: str) -> str:
    """An STS role session name (2-64 of [\\w+=,.@-]) that says why: e.g. 's3-public-acl@<event id>'. Too
    long, the rule is shortened and the event id kept whole: it is what joins CloudTrail to the ledger."""
    name = _SESSION_NAME_BAD.sub("-", purpose)
    if len(name) > SESSION_NAME_MAX:
        rule, at, event = name.rpartition("@")
        keep = SESSION_NAME_MAX - len(event) - len(at)
        name = f"{rule[:keep]}{at}{event}" if at and keep >= 8 else name[:SESSION_NAME_MAX]
    return name if len(name) >= 2 else "compliance-remediator"


class ClientFactory:
    """Builds boto3 clients from the SDK's ordinary configuration (credential chain, AWS_ENDPOINT_URL, ...).

    In the organization model (`members` set) a client for another account is built on the credentials of
    the member role in that account: assumed once per account, kept, and refreshed by botocore before they
    expire. The session name says which rule and event first needed it (see `acting_for`)."""

    def __init__(
        self,
        session: boto3.Session | None = None,
        call_log: CallLog | None = None,
        members: Members | None = None,
    ) -> None:
        self._session = session
        self._clients: dict[tuple[str, str | None, str | None], Any] = {}
        self.call_log = call_log or CallLog()
        self.members = members
        self.acting_for = "compliance-remediator"  # the rule and event the next assumed session serves
        self._member_sessions: dict[str, boto3.Session] = {}
        self._refused: dict[str, tuple[float, MemberAccessError]] = {}
        self._lock = threading.Lock()
        self._building = threading.RLock()
        self._own_account: str | None = None

    @property
    def session(self) -> boto3.Session:
        if self._session is None:
            import boto3  # heavy: imported on first use, never at import time

            self._session = boto3.Session()
        return self._session

    def client(self, service: str, region: str | None = None, account: str | None = None) -> Any:
        """A client in the home account (account None or home), or through the member role in `account`."""
        member = self._member_account(account)
        key = (service, region, member)
        if key not in self._clients:
            with self._building:  # a boto3 session builds one client at a time (two threads may ask)
                if key not in self._clients:
                    session = self.session if member is None else self._member_session(member)
                    self._clients[key] = self._build(session, service, region)
        return self._clients[key]

    def _build(self, session: boto3.Session, service: str, region: str | None) -> Any:
        from botocore.config import Config

        config = Config(
            retries={"mode": "adaptive", "max_attempts": 5},
            user_agent_extra="compliance-remediator",
            connect_timeout=5,
            read_timeout=20,
        )
        client = session.client(service, region_name=region, config=config)  # type: ignore[call-overload]
        log = self.call_log

        def _before(model: Any, **_: Any) -> None:
            log.before(service, model.name)

        def _after(model: Any, http_response: Any, **_: Any) -> None:
            log.after(service, model.name, http_response.status_code)

        client.meta.events.register("before-call.*.*", _before)
        client.meta.events.register("after-call.*.*", _after)
        return client

    def own_account(self) -> str:
        """The account of the function's own credentials: one GetCallerIdentity, kept."""
        if self._own_account is None:
            self._own_account = str(self.client("sts").get_caller_identity()["Account"])
        return self._own_account

    def home_account(self) -> str | None:
        if self.members is None:
            return None
        if self.members.home_account is None:
            identity = self.client("sts").get_caller_identity()
            self.members = Members(**{**self.members.__dict__, "home_account": identity["Account"]})
        return self.members.home_account

    def _member_account(self, account: str | None) -> str | None:
        if self.members is None or account is None or account == self.home_account():
            return None
        return account

    def member_role_arn(self, account: str, region: str | None = None) -> str:
        assert self.members is not None
        partition = partition_of(region or self.session.region_name or "us-east-1")
        return f"arn:{partition}:iam::{account}:role/{self.members.role_name}"

    def _member_session(self, account: str) -> boto3.Session:
        """The member role's session in `account`: assumed once, then refreshed by botocore before expiry."""
        with self._lock:
            if account in self._member_sessions:
                return self._member_sessions[account]
            refused = self._refused.get(account)
            if refused is not None and refused[0] > time.monotonic():
                raise refused[1]
            import boto3
            from botocore.credentials import RefreshableCredentials
            from botocore.exceptions import ClientError
            from botocore.session import get_session

            assert self.members is not None
            role_arn = self.member_role_arn(account)
            sts = self.client("sts")
            duration = self.members.duration_seconds

            def fetch() -> dict[str, str]:
                credentials = sts.assume_role(
                    RoleArn=role_arn, RoleSessionName=session_name(self.acting_for), DurationSeconds=duration
                )["Credentials"]
                return {
                    "access_key": credentials["AccessKeyId"],
                    "secret_key": credentials["SecretAccessKey"],
                    "token": credentials["SessionToken"],
                    "expiry_time": credentials["Expiration"].isoformat(),
                }

            try:
                metadata = fetch()
            except ClientError as exc:
                error = exc.response.get("Error", {})
                code = error.get("Code", "")
                if code not in ("AccessDenied", "AccessDeniedException", "InvalidClientTokenId"):
                    raise  # throttled, unavailable: the caller's retry handles it
                failure = MemberAccessError(
                    account, role_arn, f"{code}: {error.get('Message', '')}".rstrip(": ")
                )
                self._refused[account] = (time.monotonic() + self.members.failure_ttl_seconds, failure)
                raise failure from None
            credentials = RefreshableCredentials.create_from_metadata(
                metadata=metadata, refresh_using=fetch, method="sts-assume-role"
            )
            core = get_session()
            core._credentials = credentials  # type: ignore[attr-defined]  # no public setter for refreshable ones
            session = boto3.Session(botocore_session=core, region_name=self.session.region_name)
            self._member_sessions[account] = session
            return session

    def for_account(self, account: str, region: str) -> AccountClients:
        """Clients that act in one account and region: the function's own credentials in its own account (and
        in the single-account model), the member role's elsewhere."""
        return AccountClients(self, account, region)


@dataclass(frozen=True)
class AccountClients:
    factory: ClientFactory
    account: str
    region: str

    def client(self, service: str) -> Any:
        return self.factory.client(service, self.region, self.account)


def partition_of(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"
