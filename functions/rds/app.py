"""RDS family: databases open to the internet, unencrypted storage, public snapshots."""

from remediator.handler import build_handler

handler = build_handler("rds")
