"""Sharing family: Secrets Manager secrets and SQS queues shared with anyone or outside the organization."""

from remediator.handler import build_handler

handler = build_handler("sharing")
