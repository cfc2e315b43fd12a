"""CloudTrail family: trail API calls, Config and Security Hub trail checks, GuardDuty, and the status schedule."""

from remediator.handler import build_handler

handler = build_handler("cloudtrail")
