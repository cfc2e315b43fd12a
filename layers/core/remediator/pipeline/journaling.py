"""The fix journal as the engine reads it: one page per resource and trigger, the rule's entry, kept decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from remediator.models import Decision, Resource, TriggerKind
from remediator.observability import count, logger
from remediator.pipeline.common import (
    Unit,
    is_transient,
)
from remediator.rules.base import RuleContext

if TYPE_CHECKING:
    from remediator.journal import Entry, Page

from remediator.pipeline.parking import Parking


class Journaling(Parking):
    def _kept(self, unit: Unit, done: Decision) -> bool:
        return self.settings.idempotency and done.event_id == unit.trigger.event_id

    def _may_have_begun(self, unit: Unit) -> bool:
        """Could a fix of this rule be open on the resource (begun by an attempt whose reply was lost)?"""
        return (
            self.journal is not None
            and unit.rule.auto_fix
            and unit.trigger.kind is not TriggerKind.SCHEDULE  # a sweep reads no journal for what complies
        )

    def _entry(self, unit: Unit) -> Entry | None:
        """The rule's entry in the resource's fix journal: read once per resource and trigger."""
        if self.journal is None:
            return None
        page = self._page(unit.ctx, unit.resource)
        return page[unit.rule.id] if page is not None else None

    def _page(self, ctx: RuleContext, resource: Resource) -> Page | None:
        from botocore.exceptions import ClientError

        if ctx.journal_page is None and self.journal is not None:
            try:
                ctx.journal_page = self.journal.read(resource.arn)
            except ClientError as exc:
                if is_transient(exc):
                    raise
                from remediator.journal import Page

                why = self._failure(exc)
                logger.warning("fix journal unreadable", extra={"reason": why})
                count("JournalFailures")
                ctx.journal_page = Page()  # judged without it: violations are still fixed
                # an open fix it holds would go unrecorded: the redrive reads it again
                self._parked.append(f"the fix journal could not be read ({why})")
        return ctx.journal_page
