"""What a new settings document switches off compared with the one before it: rules whose mode went from
remediate to notify or off (at the top level, per account, per OU), new allow-list entries, a changed exemption
tag, a lower loop limit. The stack-settings-weakened rule names these in its alert."""

from __future__ import annotations

from typing import TYPE_CHECKING

from remediator.settings import Mode

if TYPE_CHECKING:
    from collections.abc import Iterable

    from remediator.overrides import Overrides

RANK = {Mode.OFF: 0, Mode.NOTIFY: 1, Mode.APPROVE: 2, Mode.REMEDIATE: 3}


def weakened(before: Overrides, after: Overrides, stack_mode: Mode, rule_ids: Iterable[str]) -> list[str]:
    """Each way `after` does less than `before`, one short line each."""
    rules = sorted(rule_ids)
    out: list[str] = []
    top = _modes(before, after, stack_mode, rules)
    out += _lines("", top, _change(before.mode or stack_mode, after.mode or stack_mode))
    for account in sorted(set(before.accounts) | set(after.accounts)):
        scoped = _modes(before, after, stack_mode, rules, account=account)
        out += _lines(
            f"account {account}: ",
            {r: c for r, c in scoped.items() if top.get(r) != c},
            _scope(before, after, "accounts", account),
        )
    for ou in sorted(set(before.ous) | set(after.ous)):
        scoped = _modes(before, after, stack_mode, rules, ous=(ou,))
        out += _lines(
            f"OU {ou}: ",
            {r: c for r, c in scoped.items() if top.get(r) != c},
            _scope(before, after, "ous", ou),
        )
    for entry in after.allow:
        if entry not in before.allow:
            names = ", ".join([*entry.accounts, *entry.resources])
            out.append(f"allow-listed {names} for {', '.join(entry.rules)}")
    if after.exemption_tag != before.exemption_tag:
        out.append(f"exemption tag {before.exemption_tag} -> {after.exemption_tag}")
    if after.loop.max_fixes < before.loop.max_fixes:
        out.append(f"fixes stop after {after.loop.max_fixes} in a window (was {before.loop.max_fixes})")
    return out


def _change(was: Mode, now: Mode) -> tuple[Mode, Mode] | None:
    return (was, now) if RANK[now] < RANK[was] else None


def _scope(before: Overrides, after: Overrides, kind: str, key: str) -> tuple[Mode, Mode] | None:
    """The mode change of one account's or OU's own scope, where it set one before and after."""
    was, now = getattr(before, kind).get(key), getattr(after, kind).get(key)
    if now is None or now.mode is None:
        return None
    return _change(was.mode if was is not None and was.mode is not None else Mode.REMEDIATE, now.mode)


def _modes(
    before: Overrides,
    after: Overrides,
    stack_mode: Mode,
    rules: list[str],
    *,
    account: str | None = None,
    ous: tuple[str, ...] = (),
) -> dict[str, tuple[Mode, Mode]]:
    changed = {}
    for rule in rules:
        was = before.mode_for(rule, stack_mode, account, ous)
        now = after.mode_for(rule, stack_mode, account, ous)
        if RANK[now] < RANK[was]:
            changed[rule] = (was, now)
    return changed


def _lines(label: str, changed: dict[str, tuple[Mode, Mode]], scope: tuple[Mode, Mode] | None) -> list[str]:
    """The scope's own mode change first ("every rule" where no rule differs), then each rule that differs."""
    out = []
    others = {rule: change for rule, change in changed.items() if change != scope}
    if scope is not None and len(others) < len(changed):
        was, now = scope
        out.append(f"{label}every {'other ' if others else ''}rule {was.value} -> {now.value}")
    out += [f"{label}{rule} {was.value} -> {now.value}" for rule, (was, now) in others.items()]
    return out
