"""The one Logger, Metrics and Tracer of the process (Powertools), created once and imported everywhere.

Logs go to stderr so that a CLI's stdout carries decisions only; Lambda captures both streams.
The Tracer is built on first use and only where tracing is on: importing the X-Ray SDK costs ~250 ms,
which a local run (and a function deployed with tracing off) should not pay.
"""

from __future__ import annotations

import logging
import os
import sys
from functools import cache
from typing import TYPE_CHECKING

from aws_lambda_powertools import Logger, Metrics

if TYPE_CHECKING:
    from aws_lambda_powertools import Tracer

SERVICE = "compliance-remediator"
NAMESPACE = "ComplianceRemediator"

logger = Logger(service=SERVICE, logger_handler=logging.StreamHandler(sys.stderr))
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)


def metrics_enabled() -> bool:
    from aws_lambda_powertools.metrics.functions import is_metrics_disabled

    return not is_metrics_disabled()


def count(name: str, value: int = 1, **dimensions: str) -> None:
    """One Count datapoint, flushed at once (dimensions differ between datapoints of one invocation)."""
    if not metrics_enabled():  # single_metric does not check the switch itself
        return
    from aws_lambda_powertools.metrics import MetricUnit, single_metric

    with single_metric(name=name, unit=MetricUnit.Count, value=value, namespace=NAMESPACE) as metric:
        for key, dimension in dimensions.items():
            metric.add_dimension(name=key, value=dimension)


def tracing_enabled() -> bool:
    """Inside Lambda (LAMBDA_TASK_ROOT set) unless POWERTOOLS_TRACE_DISABLED says otherwise."""
    disabled = os.environ.get("POWERTOOLS_TRACE_DISABLED", "false").lower() in ("1", "true", "yes", "on")
    return not disabled and "LAMBDA_TASK_ROOT" in os.environ


@cache
def tracer() -> Tracer:
    from aws_lambda_powertools import Tracer

    return Tracer(service=SERVICE)
