"""EBS family: encryption by default, public snapshots and unencrypted volumes (the stores behind training data)."""

from remediator.handler import build_handler

handler = build_handler("ebs")
