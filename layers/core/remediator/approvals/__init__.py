"""A person in the loop: fixes in mode approve wait for an approver's answer in Slack (remediator.approvals)."""
