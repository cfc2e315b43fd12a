"""The sweep starter: EventBridge Scheduler runs it; it queues every family's resources for judgement."""

from remediator.sweep import build_enumerator_handler

handler = build_enumerator_handler()
