"""Fault injection into real boto3 clients talking to moto: a botocore event hook makes chosen calls fail.

`Faults.after_retries` hooks `before-call`: the call fails as it would once botocore's own retries are spent
(the engine sees the error). The kind "lost" lets the call reach moto and land, then raises botocore's
ReadTimeoutError from `after-call`: a reply lost after the write (the engine can't know it landed).
`Faults.on_the_wire` hooks `before-send`: the HTTP response itself is the error,
so botocore's retry handler (adaptive mode) sees it and retries, as it would against AWS.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ReadTimeoutError

# (HTTP status, error code) per kind of fault; "timeout" raises botocore's ReadTimeoutError instead.
KINDS = {
    "throttle": (400, "Throttling"),
    "slowdown": (503, "SlowDown"),
    "server": (500, "InternalError"),
    "denied": (403, "AccessDenied"),
    # what KMS answers GetKeyRotationStatus for a key rotation can't apply to (asymmetric, HMAC, imported)
    "unsupported": (400, "UnsupportedOperationException"),
    # what KMS answers EnableKeyRotation for a disabled key or one pending deletion (KMS's key state table)
    "kms-invalid-state": (400, "KMSInvalidStateException"),
    "denied-exception": (403, "AccessDeniedException"),  # the JSON services' spelling (Macie, Security Hub)
    # what GetMacieSession answers where Macie is off (the same code as a missing permission, another message)
    "macie-off": (403, "AccessDeniedException"),
    # what Glue answers an UpdateJob it can't take (a security configuration it can't use, say)
    "glue-invalid-input": (400, "InvalidInputException"),
    # DynamoDB cancels a transaction that meets another on one of its items (CancellationReasons says which)
    "transaction-conflict": (400, "TransactionCanceledException"),
}


# marked in the request's context: the reply of that call, not another's, is lost
LOSE_REPLY = "faults-lose-reply"


class _Http:
    def __init__(self, status: int) -> None:
        self.status_code = status
        self.headers: dict[str, str] = {}


def bucket_of(request: dict[str, str]) -> str:
    """The bucket a request went to (S3's virtual-hosted address: https://BUCKET.s3.amazonaws.com/...)."""
    return request["url"].split("://", 1)[-1].split(".s3.", 1)[0]


@dataclass
class Faults:
    """Decide per call whether it fails, and how. `choose(service, operation, request)` returns a kind or
    None; `request` holds the request as sent: its "url" and its "body"."""

    choose: Callable[[str, str, dict[str, Any]], str | None]
    injected: Counter[str] = field(default_factory=Counter)
    injected_on: Counter[str] = field(default_factory=Counter)
    passed: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    def session(self) -> boto3.Session:
        session = boto3.Session()
        session.events.register("before-call.*.*", self._before_call)
        session.events.register("after-call.*.*", self._after_call)
        return session

    def _before_call(self, model: Any, params: dict[str, Any], context: dict[str, Any], **_: Any) -> Any:
        service = model.service_model.service_name
        params = {"url": params.get("url", ""), "body": str(params.get("body", ""))}  # the request as sent
        kind = self.choose(service, model.name, params)
        if kind is None or kind == "lost":
            self.passed.append((service, model.name, params))  # it reaches moto (and lands)
            if kind is None:
                return None
        self.injected[kind] += 1
        self.injected_on[service] += 1
        if kind == "lost":
            context[LOSE_REPLY] = True  # this call's own (two calls may overlap on two threads)
            return None
        if kind == "timeout":
            raise ReadTimeoutError(endpoint_url=f"https://{service}.amazonaws.com")
        status, code = KINDS[kind]
        message = f"injected {kind}"
        if kind == "macie-off":
            message = "Macie is not enabled."
        elif code.startswith("AccessDenied"):
            message = f"User: arn:aws:sts::123456789012:assumed-role/remediator/x is not authorized to perform: {service}:{model.name}"
        parsed = {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": status}}
        if kind == "transaction-conflict":
            parsed["CancellationReasons"] = [{"Code": "TransactionConflict",
                                              "Message": "Transaction is ongoing for the item"}]  # fmt: skip
        return _Http(status), parsed

    def _after_call(self, model: Any, context: dict[str, Any], **_: Any) -> None:
        if context.pop(LOSE_REPLY, False):
            raise ReadTimeoutError(endpoint_url=f"https://{model.service_model.service_name}.amazonaws.com")


def random_faults(
    seed: int, rate: float, kinds: tuple[str, ...], only: Callable[[str, str, dict[str, Any]], bool]
):
    rng = random.Random(seed)

    def choose(service: str, operation: str, params: dict[str, Any]) -> str | None:
        if only(service, operation, params) and rng.random() < rate:
            return rng.choice(kinds)
        return None

    return Faults(choose)


class WireThrottle:
    """The first `times` sends of one operation get an HTTP 503 SlowDown; botocore retries them."""

    def __init__(self, operation: str, times: int) -> None:
        self.operation = operation
        self.left = times
        self.sent = 0

    def session(self) -> boto3.Session:
        session = boto3.Session()
        session.events.register(f"before-send.s3.{self.operation}", self._before_send)
        return session

    def _before_send(self, request: Any, **_: Any) -> Any:
        self.sent += 1
        if self.left <= 0:
            return None
        self.left -= 1
        body = b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
        return AWSResponse(request.url, 503, {"Content-Type": "application/xml"}, _Raw(body))


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: Any) -> Any:
        yield self.body
