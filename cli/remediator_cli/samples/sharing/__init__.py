"""What the sharing family's sample cases share: the ARNs of the secrets and queues its findings name."""

from __future__ import annotations

from remediator_cli.samples.shapes import ACCOUNT, REGION


def secret_arn(name: str) -> str:
    """A sample secret's ARN: its name and the six characters AWS adds (the world rewrites them to its own)."""
    return f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{name}-Q7zK2p"


def queue_arn(name: str) -> str:
    return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"
