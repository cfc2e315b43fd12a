"""IAM family: policy and attachment calls (from us-east-1, where IAM's events arrive) land here."""

from remediator.handler import build_handler

handler = build_handler("iam")
