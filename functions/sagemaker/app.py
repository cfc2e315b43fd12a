"""SageMaker family: notebook instance calls, their Config rules and Security Hub controls land here."""

from remediator.handler import build_handler

handler = build_handler("sagemaker")
