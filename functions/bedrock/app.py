"""Bedrock family: model invocation logging and model customization (fine-tuning) job calls land here."""

from remediator.handler import build_handler

handler = build_handler("bedrock")
