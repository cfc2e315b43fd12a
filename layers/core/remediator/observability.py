"""The one Logger, Metrics and Tracer of the process (Powertools), created once and imported everywhere.

Logs go to stderr so that a CLI's stdout carries decisions only; Lambda captures both streams.
"""

from __future__ import annotations

import logging
import sys

from aws_lambda_powertools import Logger, Metrics, Tracer

SERVICE = "compliance-remediator"
NAMESPACE = "ComplianceRemediator"

logger = Logger(service=SERVICE, logger_handler=logging.StreamHandler(sys.stderr))
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)
tracer = Tracer(service=SERVICE)
