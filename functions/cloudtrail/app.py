"""CloudTrail family, the watchers: trail API calls, Config and Security Hub trail checks, GuardDuty, the status
schedule, and the calls that switch AWS Config, GuardDuty, Security Hub or Macie off."""

from remediator.handler import build_handler

handler = build_handler("cloudtrail")
