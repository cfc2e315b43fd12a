"""Notifier: every alert published to the topic, posted to Slack (webhook URL from Secrets Manager)."""

from remediator.notify.handler import build_notifier_handler

handler = build_notifier_handler()
