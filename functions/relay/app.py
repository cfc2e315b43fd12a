"""Alert relay: the ledger's stream in, each decision's alert published (the transactional outbox)."""

from remediator.relay import build_relay_handler

handler = build_relay_handler()
