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


def tracing_enabled() -> bool:
    """Inside Lambda (LAMBDA_TASK_ROOT set) unless POWERTOOLS_TRACE_DISABLED says otherwise."""
    disabled = os.environ.get("POWERTOOLS_TRACE_DISABLED", "false").lower() in ("1", "true", "yes", "on")
    return not disabled and "LAMBDA_TASK_ROOT" in os.environ


@cache
def tracer() -> Tracer:
    from aws_lambda_powertools import Tracer

    return Tracer(service=SERVICE)
