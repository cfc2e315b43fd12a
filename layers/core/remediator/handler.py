"""Builds a family's Lambda handler: Powertools context, metrics and tracing around Engine.handle."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.logging import correlation_paths

from remediator.observability import count, logger, metrics, metrics_enabled, tracer, tracing_enabled

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def build_handler(family: str) -> Handler:
    """The engine is built on the first event (settings from the environment), then kept for the container."""
    engines: list[Any] = []

    def handle(event: dict[str, Any], context: Any) -> dict[str, Any]:
        if not engines:
            from remediator.engine import Engine
            from remediator.settings import Settings

            engines.append(Engine.from_settings(Settings.from_env(), family=family))
        from remediator.sweep import is_sweep_message, judge_batch

        engine = engines[0]
        if isinstance(event, dict) and "Records" in event:  # the family's sweep queue
            return _sweep_batch(engine, event["Records"])
        if is_sweep_message(event):  # a sweep message redriven from the DLQ
            decisions = judge_batch(engine, event)
        else:
            count("Events")
            decisions = engine.handle(event, context)
        return {"decisions": [d.model_dump(mode="json") for d in decisions]}

    traced = tracer().capture_lambda_handler(handle) if tracing_enabled() else handle
    handler = metrics.log_metrics(traced, capture_cold_start_metric=True) if metrics_enabled() else traced
    return logger.inject_lambda_context(correlation_id_path=correlation_paths.EVENT_BRIDGE, clear_state=True)(
        handler
    )


def _sweep_batch(engine: Any, records: list[dict[str, Any]]) -> dict[str, Any]:
    """SQS partial batch response: a message that raised is reported, so SQS retries only that one."""
    import json

    from remediator.sweep import judge_batch

    failures = []
    for record in records:
        try:
            decisions = judge_batch(engine, json.loads(record["body"]))
            count("SweptResources", value=len({d.resource for d in decisions}))
        except Exception:  # noqa: BLE001 - reported per message; the rest of the batch stands
            logger.exception("sweep batch failed", extra={"messageId": record.get("messageId")})
            failures.append({"itemIdentifier": record.get("messageId")})
    return {"batchItemFailures": failures}
