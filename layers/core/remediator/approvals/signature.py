"""Slack's request signature: every interaction is signed with the app's signing secret, and is refused unless
the signature is Slack's and fresh (https://api.slack.com/authentication/verifying-requests-from-slack):

    X-Slack-Signature = "v0=" + hex(HMAC-SHA256(signing secret, "v0:" + X-Slack-Request-Timestamp + ":" + body))

and the timestamp within five minutes of now, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

MAX_AGE_SECONDS = 300  # Slack's advice: older than five minutes is a replay


class SignatureError(ValueError):
    """The request is not Slack's, or not fresh; the message says which, in one line."""


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    return "v0=" + digest.hexdigest()


def verify(secret: str, headers: Mapping[str, str], body: bytes, now: float) -> str:
    """The request's signature when Slack signed `body` within five minutes of `now`; SignatureError otherwise.
    `headers` with lower-case names (as a Lambda function URL passes them)."""
    timestamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    if not timestamp or not signature:
        raise SignatureError("not signed by Slack (no X-Slack-Signature or X-Slack-Request-Timestamp)")
    if not timestamp.isdigit():
        raise SignatureError("X-Slack-Request-Timestamp is not a number of seconds")
    if abs(now - int(timestamp)) > MAX_AGE_SECONDS:
        raise SignatureError(
            "X-Slack-Request-Timestamp is more than five minutes from now (a replay, or a clock off)"
        )
    if not hmac.compare_digest(sign(secret, timestamp, body), signature):
        raise SignatureError("X-Slack-Signature does not match the body (not Slack's signing secret)")
    return signature
