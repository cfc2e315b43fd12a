"""The organization as the remediator sees it: its accounts, their names and the OUs they sit in.

Read from AWS Organizations in the home account (the management account or a delegated administrator), each
question with the fewest calls that answer it, and kept for `max_age` seconds:

- the sweep's accounts: ListAccounts (20 a page);
- one account, for a decision (its name in alerts, the OUs whose settings apply): DescribeAccount, then
  ListParents from the account up to the root (one call per level, five at most), once per account.

Where Organizations can't be read (a home account that isn't the management or a delegated administrator
account) the answers are empty, the reason is logged once, and nothing else depends on them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from remediator.aws import ClientFactory

DIRECTORY_MAX_AGE_SECONDS = 900
# What reading the organization takes: the families ask about one account, the sweep lists them all.
ACCOUNT_PERMISSIONS = frozenset({"organizations:DescribeAccount", "organizations:ListParents"})
LIST_PERMISSIONS = frozenset({"organizations:ListAccounts"})


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    status: str  # ACTIVE, SUSPENDED, PENDING_CLOSURE
    ous: tuple[str, ...] = ()  # the OU ids it sits in, innermost first (the root is not an OU)


class Directory:
    def __init__(self, clients: ClientFactory, max_age: int = DIRECTORY_MAX_AGE_SECONDS) -> None:
        self._clients = clients
        self.max_age = max_age
        self._known: dict[str, tuple[float, Account | None]] = {}
        self._membership: dict[str, tuple[float, bool | None]] = {}
        self.unreadable: str | None = None  # why Organizations could not be read, if it could not

    def get(self, account: str | None) -> Account | None:
        """The account's name and OUs, or None where Organizations can't say."""
        if not account:
            return None
        found: Account | None = self._kept(self._known, account, lambda org: self._describe(org, account))
        return found

    def member(self, account: str) -> bool | None:
        """Whether the account belongs to the organization: True, False (Organizations doesn't know it), or None
        where the organization can't be read. One DescribeAccount, kept like get()'s."""
        found: bool | None = self._kept(self._membership, account, lambda org: self._is_member(org, account))
        return found

    def _kept(self, store: dict[str, tuple[float, Any]], account: str, ask: Any) -> Any:
        """`ask`'s answer about the account, read again once it is `max_age` seconds old."""
        now = time.monotonic()
        known = store.get(account)
        if known is None or now - known[0] > self.max_age:
            known = (now, self._read(ask))
            store[account] = known
        return known[1]

    @staticmethod
    def _is_member(org: Any, account: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            org.describe_account(AccountId=account)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "AccountNotFoundException":
                return False
            raise
        return True

    def accounts(self) -> list[Account]:
        """Every account of the organization (OUs not read: the sweep needs ids and status only)."""
        listed = self._read(
            lambda org: [
                Account(a["Id"], a.get("Name", ""), a.get("Status", "ACTIVE"))
                for page in org.get_paginator("list_accounts").paginate()
                for a in page["Accounts"]
            ]
        )
        return listed or []

    @staticmethod
    def _describe(org: Any, account: str) -> Account:
        found = org.describe_account(AccountId=account)["Account"]
        ous: list[str] = []
        child = account
        while True:
            (parent,) = org.list_parents(ChildId=child)["Parents"]
            if parent["Type"] != "ORGANIZATIONAL_UNIT":
                break
            ous.append(parent["Id"])
            child = parent["Id"]
        return Account(account, found.get("Name", ""), found.get("Status", "ACTIVE"), tuple(ous))

    def _read(self, ask: Any) -> Any:
        from botocore.exceptions import ClientError

        from remediator.observability import logger

        try:
            answer = ask(self._clients.client("organizations"))
        except ClientError as exc:
            error = exc.response.get("Error", {})
            why = f"{error.get('Code', 'error')}: {error.get('Message', '')}".rstrip(": ")
            if why != self.unreadable:
                logger.warning(
                    "the organization can't be read: no account names or OU settings", extra={"reason": why}
                )
            self.unreadable = why
            return None
        self.unreadable = None
        return answer
