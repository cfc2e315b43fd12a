"""The operator's settings document: per-rule modes and settings, allow-lists, the exemption tag, loop limits.

It lives as JSON in SSM Parameter Store (the stack's SettingsParameterName), read through Powertools
parameters with a short cache, so a change takes effect within a minute without a deploy. The stack does
not own the parameter (an update never overwrites the operator's document); without one, this model's
defaults apply: they ship in the package. A document that does not validate is rejected loudly (an alert,
a metric with an alarm) and the last good one stays in force.

    {"version": 1,
     "mode": "notify",                                    # optional: overrides the stack's Mode
     "rules": {"iam-admin-attached": {"mode": "notify", "settings": {"iam_admin_principals": ["ml-admin"]}},
               "s3-kms-encryption": {"settings": {"s3_kms_key_id": "alias/ml-data"}}},
     "allow": [{"resources": ["arn:aws:s3:::public-site-*"], "rules": ["s3-public-acl", "s3-public-policy"],
                "reason": "the public website", "until": "2027-06-30"},
               {"accounts": ["210987654321"], "reason": "the sandbox account"}],
     "exemption_tag": "compliance:exempt",
     "loop": {"max_fixes": 3, "window_minutes": 60},
     "accounts": {"111122223333": {"mode": "notify", "until": "2026-12-03", "reason": "new production account"}},
     "ous": {"ou-ab12-sandbox1": {"rules": {"s3-kms-encryption": {"mode": "off"}}}},
     "approvers": ["U024BE7LH"]}                          # Slack user ids who answer mode approve's requests

`accounts` and `ous` (the organization model) hold the same per-rule overrides and mode as the top level,

`accounts` and `ous` (the organization model) hold the same per-rule overrides and mode as the top level,
for one account or for every account in an OU (at any depth). The most specific scope that says anything
about a rule wins: the account, then its OUs innermost first, then the top level, then the stack's Mode.
Within a scope a rule's own mode beats the scope's mode; `approvers` (Slack user ids, at any level and per rule)
are found the same way. Rule settings apply in the other order, each scope
over the wider one. A scope with `until` stops applying after that day.
"""

from __future__ import annotations

import fnmatch
import json
import re
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from remediator.settings import Mode, Settings

if TYPE_CHECKING:
    from remediator.rules.base import Rule

ALL_RULES = "all"
SLACK_USER_ID = r"^[UW][A-Z0-9]{2,20}$"  # a Slack user id (U..., or W... in an Enterprise Grid)
Approvers = tuple[Annotated[str, StringConstraints(pattern=SLACK_USER_ID)], ...]


class OverridesError(ValueError):
    """The settings document does not validate; the message is one line."""


class RuleOverride(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    mode: Mode | None = None
    settings: dict[str, Any] = Field(default_factory=dict)  # fields of Settings the rule reads
    approvers: Approvers | None = None  # who may approve this rule's fixes (mode approve)


class AllowEntry(BaseModel):
    """Accounts or resources (ARNs, `*` wildcards) exempt from some rules (or `all`), for a reason."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    accounts: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    rules: tuple[str, ...] = (ALL_RULES,)
    reason: str = Field(min_length=1)
    until: date | None = None  # None: until the entry is removed

    @model_validator(mode="after")
    def _names_something(self) -> AllowEntry:
        if not self.accounts and not self.resources:
            raise ValueError("an allow entry names accounts or resources")
        return self

    def covers(self, rule_id: str, account: str | None, arn: str | None, today: date) -> bool:
        if self.until is not None and self.until < today:
            return False
        if ALL_RULES not in self.rules and rule_id not in self.rules:
            return False
        if account is not None and account in self.accounts:
            return True
        return arn is not None and any(fnmatch.fnmatchcase(arn, pattern) for pattern in self.resources)

    def describe(self) -> str:
        scope = ", ".join([*self.accounts, *self.resources])
        until = f" until {self.until.isoformat()}" if self.until else ""
        return f"allow-listed in the settings document ({scope}){until}: {self.reason}"


class Scope(BaseModel):
    """The overrides for one account or OU: a mode, per-rule modes and settings, for a while or for good."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mode: Mode | None = None
    rules: dict[str, RuleOverride] = Field(default_factory=dict)
    until: date | None = None  # None: until the entry is removed
    reason: str | None = None
    approvers: Approvers | None = None

    @field_validator("rules")
    @classmethod
    def _known(cls, value: dict[str, RuleOverride]) -> dict[str, RuleOverride]:
        return _known_rules_and_settings(value)

    def in_force(self, today: date) -> bool:
        return self.until is None or self.until >= today


_ACCOUNT_ID = re.compile(r"^\d{12}$")
_OU_ID = re.compile(r"^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$")


class LoopLimit(BaseModel):
    """More fixes than this of one rule on one resource within the window: something undoes them; stop."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_fixes: int = Field(default=3, ge=1, le=100)
    window_minutes: int = Field(default=60, ge=1, le=1440)


class Overrides(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = 1
    mode: Mode | None = None
    rules: dict[str, RuleOverride] = Field(default_factory=dict)
    allow: tuple[AllowEntry, ...] = ()
    exemption_tag: str = Field(default="compliance:exempt", min_length=1, max_length=128)
    loop: LoopLimit = LoopLimit()
    accounts: dict[str, Scope] = Field(default_factory=dict)  # account id -> its overrides
    ous: dict[str, Scope] = Field(default_factory=dict)  # OU id (ou-...) or root id (r-...) -> overrides
    approvers: Approvers = ()  # Slack user ids who may approve or reject fixes waiting in mode approve

    @field_validator("rules")
    @classmethod
    def _known_rules(cls, value: dict[str, RuleOverride]) -> dict[str, RuleOverride]:
        return _known_rules_and_settings(value)

    @field_validator("accounts")
    @classmethod
    def _account_ids(cls, value: dict[str, Scope]) -> dict[str, Scope]:
        bad = [k for k in value if not _ACCOUNT_ID.match(k)]
        if bad:
            raise ValueError(f"{bad[0]!r} is not an account id (12 digits)")
        return value

    @field_validator("ous")
    @classmethod
    def _ou_ids(cls, value: dict[str, Scope]) -> dict[str, Scope]:
        bad = [k for k in value if not _OU_ID.match(k)]
        if bad:
            raise ValueError(f"{bad[0]!r} is not an OU id (ou-xxxx-xxxxxxxx) or a root id (r-xxxx)")
        return value

    @field_validator("allow")
    @classmethod
    def _known_allow_rules(cls, value: tuple[AllowEntry, ...]) -> tuple[AllowEntry, ...]:
        catalog = _catalog()
        for entry in value:
            unknown = [r for r in entry.rules if r != ALL_RULES and r not in catalog]
            if unknown:
                raise ValueError(f"no rule has the id {unknown[0]!r}")
        return value

    @property
    def scoped(self) -> bool:
        """Whether any override depends on the account (the engine then looks up the account's OUs)."""
        return bool(self.accounts or self.ous)

    def _scopes(
        self, account: str | None, ous: tuple[str, ...], today: date | None
    ) -> list[Scope | Overrides]:
        """Most specific first: the account, its OUs innermost first, then this document's top level."""
        today = today or datetime.now(UTC).date()
        found: list[Scope | Overrides] = []
        if account is not None and account in self.accounts:
            found.append(self.accounts[account])
        found.extend(self.ous[ou] for ou in ous if ou in self.ous)
        return [s for s in found if isinstance(s, Scope) and s.in_force(today)] + [self]

    def mode_for(
        self,
        rule_id: str,
        stack_mode: Mode,
        account: str | None = None,
        ous: tuple[str, ...] = (),
        today: date | None = None,
    ) -> Mode:
        for scope in self._scopes(account, ous, today):
            override = scope.rules.get(rule_id)
            if override is not None and override.mode is not None:
                return override.mode
            if scope.mode is not None:
                return scope.mode
        return stack_mode

    def approvers_for(
        self, rule_id: str, account: str | None = None, ous: tuple[str, ...] = (), today: date | None = None
    ) -> tuple[str, ...]:
        """Who may answer the rule's approval requests for the account: found as the mode is (none: nobody)."""
        for scope in self._scopes(account, ous, today):
            override = scope.rules.get(rule_id)
            if override is not None and override.approvers is not None:
                return override.approvers
            if scope.approvers is not None and (scope is not self or scope.approvers):
                return scope.approvers
        return ()

    def settings_for(
        self,
        rule: type[Rule] | Rule,
        base: Settings,
        account: str | None = None,
        ous: tuple[str, ...] = (),
        today: date | None = None,
    ) -> Settings:
        update: dict[str, Any] = {}
        for scope in reversed(self._scopes(account, ous, today)):  # the widest first, the narrowest last
            override = scope.rules.get(rule.id)
            if override is not None and override.settings:
                parsed = Settings.model_validate(override.settings)
                update.update({name: getattr(parsed, name) for name in override.settings})
        return base.model_copy(update=update) if update else base

    def allowed(self, rule_id: str, account: str | None, arn: str | None, today: date) -> AllowEntry | None:
        return next((e for e in self.allow if e.covers(rule_id, account, arn, today)), None)


DEFAULTS = Overrides()


def parse_overrides(text: str) -> Overrides:
    """The document, validated; OverridesError with a one-line reason otherwise."""
    try:
        return Overrides.model_validate(json.loads(text))
    except json.JSONDecodeError as exc:
        raise OverridesError(f"settings document is not JSON: {exc.msg} (line {exc.lineno})") from None
    except ValidationError as exc:
        raise OverridesError(f"settings document invalid: {_first_error(exc)}") from None


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def _known_rules_and_settings(value: dict[str, RuleOverride]) -> dict[str, RuleOverride]:
    catalog = _catalog()
    for rule_id, override in value.items():
        if rule_id not in catalog:
            raise ValueError(f"no rule has the id {rule_id!r}")
        unknown = set(override.settings) - catalog[rule_id].settings
        if unknown:
            reads = ", ".join(sorted(catalog[rule_id].settings)) or "none"
            raise ValueError(f"{rule_id} does not read {', '.join(sorted(unknown))} (it reads: {reads})")
        try:
            Settings.model_validate(override.settings)
        except ValidationError as exc:
            raise ValueError(f"{rule_id}: {_first_error(exc)}") from None
    return value


def _catalog() -> dict[str, type[Rule]]:
    from remediator.rules import all_rules

    return {type(r).id: type(r) for r in all_rules()}
