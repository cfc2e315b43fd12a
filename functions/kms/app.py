"""KMS family: key API calls, the Config rotation rule and Security Hub KMS.4 land here."""

from remediator.handler import build_handler

handler = build_handler("kms")
