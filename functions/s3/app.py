"""S3 family: CloudTrail, Config, GuardDuty, Macie and Security Hub events about buckets land here."""

from remediator.handler import build_handler

handler = build_handler("s3")
