"""Slack's interactions endpoint: Approve and Reject on fixes waiting in mode approve (remediator.approvals)."""

from remediator.approvals.handler import build_approvals_handler

handler = build_approvals_handler()
