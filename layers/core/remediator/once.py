"""Idempotency: the same (event, rule, resource) does its work once, however often EventBridge delivers the
event (at-least-once) or a redrive sends it again. Powertools idempotency over the stack's state table: a
delivery still in progress elsewhere raises (Lambda retries it later), a finished one returns the kept
decision without acting, alerting or writing the ledger again; a step that raised leaves no record, so the
retry runs it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from remediator.models import Decision

if TYPE_CHECKING:
    from remediator.aws import ClientFactory

KEPT_SECONDS = 24 * 3600  # longer than EventBridge's retries (MaximumEventAgeInSeconds) last


class Once:
    def __init__(self, clients: ClientFactory, table: str, kept_seconds: int = KEPT_SECONDS) -> None:
        from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, IdempotencyConfig
        from aws_lambda_powertools.utilities.idempotency.serialization.pydantic import PydanticSerializer

        self._store = DynamoDBPersistenceLayer(
            table_name=table, key_attr="pk", expiry_attr="expires_at", boto3_client=clients.client("dynamodb")
        )
        self._config = IdempotencyConfig(expires_after_seconds=kept_seconds, raise_on_no_idempotency_key=True)
        self._serializer = PydanticSerializer(Decision)

    def register(self, lambda_context: Any) -> None:
        """With Lambda's context, a record left in progress by a crashed invocation expires with it."""
        self._config.register_lambda_context(lambda_context)

    def run(self, step: str, key: dict[str, str], work: Callable[[], Decision]) -> Decision:
        from aws_lambda_powertools.utilities.idempotency import idempotent_function

        def once(key: dict[str, str]) -> Decision:
            return work()

        guarded = idempotent_function(
            once,
            data_keyword_argument="key",
            persistence_store=self._store,
            config=self._config,
            output_serializer=self._serializer,
            key_prefix=f"once.{step}",
        )
        done: Decision = guarded(key=key)
        return done
