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
            return _sweep_batch(engine, event, context)
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


def _sweep_batch(engine: Any, event: dict[str, Any], context: Any) -> dict[str, Any]:
    """SQS partial batch response (Powertools' batch utility): a message that raised is reported, so SQS
    retries only that one; a batch that failed whole is reported too, not raised (the same retry)."""
    import json

    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    from remediator.sweep import judge_batch

    def judge(record: Any) -> None:
        try:
            decisions = judge_batch(engine, json.loads(record.body))
        except Exception:
            logger.exception("sweep batch failed", extra={"messageId": record.message_id})
            raise  # the processor reports it in batchItemFailures
        count("SweptResources", value=len({d.resource for d in decisions}))

    if not event["Records"]:  # SQS never sends an empty batch; the utility refuses one
        return {"batchItemFailures": []}
    processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
    return dict(
        process_partial_response(event=event, record_handler=judge, processor=processor, context=context)
    )
