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
        count("Events")
        decisions = engines[0].handle(event, context)
        return {"decisions": [d.model_dump(mode="json") for d in decisions]}

    traced = tracer().capture_lambda_handler(handle) if tracing_enabled() else handle
    handler = metrics.log_metrics(traced, capture_cold_start_metric=True) if metrics_enabled() else traced
    return logger.inject_lambda_context(correlation_id_path=correlation_paths.EVENT_BRIDGE, clear_state=True)(
        handler
    )
