"""What a rule is: declared triggers and permissions, plus evaluate (read live state) and remediate (fix)."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from remediator.models import Resource, Severity, Trigger, TriggerKind

if TYPE_CHECKING:
    from remediator.aws import AccountClients
    from remediator.journal import Page
    from remediator.organization import Directory
    from remediator.settings import Settings

T = TypeVar("T")


@dataclass(frozen=True)
class Triggers:
    """The events a rule answers, per source. Config rule names match with the prefixes and suffixes that
    Security Hub (securityhub-NAME-1a2b3c) and conformance packs (NAME-conformance-pack-x1y2) add."""

    cloudtrail: frozenset[str] = frozenset()
    config: frozenset[str] = frozenset()
    guardduty: frozenset[str] = frozenset()
    macie: frozenset[str] = frozenset()
    inspector: frozenset[str] = frozenset()  # Amazon Inspector finding types (PACKAGE_VULNERABILITY)
    access_analyzer: frozenset[str] = frozenset()  # IAM Access Analyzer: "public" or "external" access
    unused_access: frozenset[str] = frozenset()  # its unused access finding types (UnusedIAMRole...)
    securityhub: frozenset[str] = frozenset()
    schedule: frozenset[str] = frozenset()  # names of the stack's schedules that sweep this rule's resources

    def matches(self, trigger: Trigger) -> bool:
        names: frozenset[str] = getattr(self, trigger.kind.value)
        if trigger.kind is TriggerKind.CONFIG:
            return any(config_rule_matches(base, trigger.name) for base in names)
        if trigger.kind is TriggerKind.SCHEDULE:  # the deployed rule is named <stack name>-<schedule>
            return any(trigger.name == n or trigger.name.endswith(f"-{n}") for n in names)
        return trigger.name in names or "*" in names  # "*": every call its family's patterns route


def config_rule_matches(base: str, name: str) -> bool:
    return re.search(rf"(^|-){re.escape(base)}(-|$)", name) is not None


ROLE_HANDOVER = "iam:PassRole"


@dataclass(frozen=True)
class Permissions:
    """IAM actions the rule needs: `read` to evaluate, `write` to remediate; `passes_role_to`: the services a
    fix passes a resource's own role to (iam:PassRole, granted on roles with iam:PassedToService only these)."""

    read: frozenset[str]
    write: frozenset[str] = frozenset()
    passes_role_to: frozenset[str] = frozenset()
    # What `remediator undo` calls to put a fix back, with the caller's own credentials: never granted to the
    # stack's roles (a remediator able to re-attach an admin policy would be a way to escalate).
    undo: frozenset[str] = frozenset()

    @property
    def all(self) -> frozenset[str]:
        return self.read | self.write | (frozenset({ROLE_HANDOVER}) if self.passes_role_to else frozenset())


@dataclass
class Evaluation:
    """What the rule saw. `state` carries what it read to remediate(), so the fix needs no second read."""

    compliant: bool
    found: str
    state: Any = None
    # Why this violation needs a person even though the rule fixes others (an imported key can't rotate).
    holdback: str | None = None
    # Why the fix can't be applied yet though it will be (a notebook still Pending): the engine defers it and
    # checks the resource again later, a bounded number of times.
    pending: str | None = None
    # Where the violation is graver or milder than the rule's usual (a failed root sign-in: an attempt).
    severity: Severity | None = None
    # What the alert is about where that is not the resource judged (the user a key was created for).
    about: str | None = None


@dataclass
class RuleContext:
    """What a rule works with for one trigger: clients for the resource's account and region, the settings,
    and reads shared between the rules judging the same resource (one GetBucketPolicy serves two rules).
    A shared read belongs to the service helper that makes it; that helper's writes keep it current."""

    clients: AccountClients
    settings: Settings
    trigger: Trigger | None = (
        None  # what happened: rules about an act (a root sign-in) judge the event itself
    )
    _reads: dict[tuple[str, str], Any] = field(default_factory=dict)
    journal_page: Page | None = None  # the resource's fix journal, read once for every rule judging it
    # The organization, where the stack runs the organization model: who is inside it (sharing rules ask)
    directory: Directory | None = None
    # What a fix changed, set by remediate() of a rule that can undo it: {"before": ..., "after": ...}
    undo_record: dict[str, Any] | None = None

    def client(self, service: str) -> Any:
        return self.clients.client(service)

    def shared_read(self, what: str, resource_id: str, load: Callable[[], T]) -> T:
        key = (what, resource_id)
        if key not in self._reads:
            self._reads[key] = load()
        return cast(T, self._reads[key])

    def forget(self, what: str, resource_id: str) -> None:
        """Drop one shared read: the next use reads AWS again."""
        self._reads.pop((what, resource_id), None)


class ResourceGoneError(Exception):
    """The resource no longer exists: nothing to judge."""


class UndoRefusedError(Exception):
    """The fix can't be undone: the resource changed since (the message says what), or the rule can't undo."""


def unless_still(now: object, after: object, what: str) -> None:
    """Undo goes on only while the resource is as the fix left it: UndoRefusedError naming what changed."""
    if now != after:
        raise UndoRefusedError(f"{what} changed since the fix (now {now!r}): nothing was undone")


class HeldBackError(Exception):
    """Raised by remediate() when AWS refuses the fix for a state a person must change (a key disabled since the
    event), before any write of the fix landed: the violation is held back with this reason, as if judged so."""


@contextmanager
def gone_when(codes: str, what: str) -> Iterator[None]:
    """Turn AWS's "no such resource" error (any of the space-separated `codes`) into ResourceGoneError."""
    from botocore.exceptions import ClientError

    try:
        yield
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in codes.split():
            raise ResourceGoneError(f"{what} no longer exists") from None
        raise


class Rule(ABC):
    id: ClassVar[str]
    title: ClassVar[str]
    severity: ClassVar[Severity]
    resource_type: ClassVar[str]
    triggers: ClassVar[Triggers]
    permissions: ClassVar[Permissions]
    also_judges: ClassVar[frozenset[str]] = frozenset()  # more types, for a rule about any IAM principal
    # True where the rule judges any resource of its type, past the type's policy_scope (a function shared
    # outside may be anyone's, not only one of the stack's own): its actions are granted on every name.
    any_of_its_type: ClassVar[bool] = False
    auto_fix: ClassVar[bool] = True  # False: the rule only alerts
    # True for rules about an act (a root sign-in, a finding): the event is evidence and there is nothing to plant.
    judges_an_act: ClassVar[bool] = False
    fix: ClassVar[str]  # what remediate() does, one line, for the catalog
    # Why the fix can break a workload (detaching a policy from a principal), for the catalog; None: it can't.
    disruptive: ClassVar[str | None] = None
    # True where the fix contains the exposure (stops the resource) but can't make it comply, because what is
    # wrong can't change in place: afterwards the rule still finds it, held for a person (its holdback).
    contains_only: ClassVar[bool] = False
    # The Settings fields the rule reads: the settings document may override exactly these, per rule.
    settings: ClassVar[frozenset[str]] = frozenset()
    # Who its alerts are for besides security: "privacy" alerts carry the SNS attribute audience=privacy, so
    # the privacy contact can subscribe to just these.
    audience: ClassVar[str | None] = None
    # What `remediator undo` puts back (the rule records it with each fix, and implements undo()); None: it
    # can't, and `cannot_undo` says why where the fix itself can't be reversed (a stopped job can't resume).
    undo_note: ClassVar[str | None] = None
    cannot_undo: ClassVar[str | None] = None

    @abstractmethod
    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        """Read the resource's live state and judge it. Never trusts the event alone."""

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        """Apply the smallest fix; idempotent. Returns what was done, one line. Alert-only rules (auto_fix
        False) keep this default: the engine never calls it for them."""
        raise NotImplementedError(f"{self.id} only alerts")

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        """Put back what the fix changed (`record["before"]`), only while the resource is as the fix left it
        (`record["after"]`): reads first, and raises UndoRefusedError naming what changed. Returns what it did."""
        why = self.cannot_undo or "undoing it is not built yet"
        raise UndoRefusedError(f"{self.id}'s fix can't be undone: {why}")

    def finish(self, ctx: RuleContext, resource: Resource) -> str | None:
        """Complete what remediate() includes beyond making the resource comply (the public access block after
        the ACL), after a fix that was cut short or whose reply was lost: reads before it writes, so what
        already landed is not written again. Returns what it did, or None. Most fixes are one write: None."""
        return None

    @classmethod
    def judges(cls, cfn_type: str) -> bool:
        return cfn_type == cls.resource_type or cfn_type in cls.also_judges

    @classmethod
    def actions(cls) -> frozenset[str]:
        """Every action the rule's function needs for it: its permissions, reading the exemption tag of each
        type it judges, and listing them for the sweep (the template's policies are held equal to these)."""
        from remediator.resources import RESOURCE_TYPES

        types = [RESOURCE_TYPES[t] for t in (cls.resource_type, *cls.also_judges)]
        extra = {t.tag_permission for t in types}
        if not cls.judges_an_act:  # the sweep lists every resource the rule judges
            extra |= {t.list_permission for t in types}
        if cls.triggers.access_analyzer or cls.triggers.unused_access:  # and the analyzer's active findings
            from remediator.analyzer_findings import PERMISSIONS

            extra |= PERMISSIONS
        return cls.permissions.all | {a for a in extra if a}

    @classmethod
    def undo_by_stack(cls) -> bool:
        """Whether the family's own role can undo the fix (Slack's Undo button): undo needs no action the rule
        doesn't hold already. Otherwise only `remediator undo`, with a person's credentials, can."""
        return bool(cls.undo_note) and cls.permissions.undo <= cls.actions()

    @classmethod
    def family(cls) -> str:
        from remediator.resources import RESOURCE_TYPES

        return RESOURCE_TYPES[cls.resource_type].family
