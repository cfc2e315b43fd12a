"""The organization as the remediator sees it: its accounts, their names and the OUs they sit in.

Read from AWS Organizations in the home account (the management account or a delegated administrator) by
walking the tree once: ListRoots, then for each parent ListAccountsForParent and
ListOrganizationalUnitsForParent. One walk answers all three questions (which accounts to sweep, what to
call an account in an alert, which OU settings apply to it) and is kept for `max_age` seconds. Where
Organizations can't be read (a single account, or a home account that isn't the management or a delegated
administrator account) the directory is empty and says why once; nothing else depends on it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from remediator.aws import ClientFactory

DIRECTORY_MAX_AGE_SECONDS = 900


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    status: str  # ACTIVE, SUSPENDED, PENDING_CLOSURE
    ous: tuple[str, ...]  # the OU ids it sits in, innermost first (the root is not an OU)


class Directory:
    def __init__(self, clients: ClientFactory, max_age: int = DIRECTORY_MAX_AGE_SECONDS) -> None:
        self._clients = clients
        self.max_age = max_age
        self._accounts: dict[str, Account] | None = None
        self._read_at = 0.0
        self.unreadable: str | None = None  # why Organizations could not be read, if it could not

    def accounts(self) -> dict[str, Account]:
        now = time.monotonic()
        if self._accounts is None or now - self._read_at > self.max_age:
            self._accounts = self._walk()
            self._read_at = now
        return self._accounts

    def get(self, account: str | None) -> Account | None:
        return self.accounts().get(account) if account else None

    def _walk(self) -> dict[str, Account]:
        from botocore.exceptions import ClientError

        from remediator.observability import logger

        org = self._clients.client("organizations")
        found: dict[str, Account] = {}
        try:
            for root in _pages(org, "list_roots", "Roots"):
                stack: list[tuple[str, tuple[str, ...]]] = [(root["Id"], ())]
                while stack:
                    parent, ous = stack.pop()
                    for account in _pages(org, "list_accounts_for_parent", "Accounts", ParentId=parent):
                        found[account["Id"]] = Account(
                            account["Id"], account.get("Name", ""), account.get("Status", "ACTIVE"), ous
                        )
                    for ou in _pages(org, "list_organizational_units_for_parent", "OrganizationalUnits",
                                     ParentId=parent):  # fmt: skip
                        stack.append((ou["Id"], (ou["Id"], *ous)))
        except ClientError as exc:
            error = exc.response.get("Error", {})
            why = f"{error.get('Code', 'error')}: {error.get('Message', '')}".rstrip(": ")
            if why != self.unreadable:
                logger.warning("the organization can't be read: no account names or OU settings",
                               extra={"reason": why})  # fmt: skip
            self.unreadable = why
            return {}
        self.unreadable = None
        return found


def _pages(client: Any, operation: str, key: str, **kwargs: Any) -> list[dict[str, Any]]:
    return [item for page in client.get_paginator(operation).paginate(**kwargs) for item in page[key]]
