"""Slack, locally: a stand-in that takes what the stack posts to Slack (response_url replies, the Web API's
views.open), the interactions endpoint served on 127.0.0.1 as its Lambda function URL serves it, and a
signed interaction payload as Slack sends one. The demo and the tests use these; the stack never does."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class SlackStandIn:
    """Records every POST (path, parsed body); answers the Web API ({"ok": true}) and response URLs ("ok")."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body: Any = json.loads(raw)
                except json.JSONDecodeError:
                    body = dict(urllib.parse.parse_qsl(raw.decode()))
                outer.posts.append((self.path, body))
                api = self.path.startswith("/api/")
                reply = json.dumps({"ok": True}).encode() if api else b"ok"
                self.send_response(200)
                self.send_header("Content-Type", "application/json" if api else "text/plain")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.api_url = f"{self.base}/api/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def response_url(self, n: int = 1) -> str:
        return f"{self.base}/actions/T0LOCAL/{n}/response"

    def replies(self) -> list[Any]:
        return [body for path, body in self.posts if path.startswith("/actions/")]

    def api_calls(self, method: str) -> list[Any]:
        return [body for path, body in self.posts if path == f"/api/{method}"]

    def close(self) -> None:
        self.server.shutdown()


class Endpoint:
    """The interactions function's handler behind a local HTTP endpoint, passed each POST as a Lambda function
    URL passes it (lower-case headers, the body as text)."""

    def __init__(self, handler: Callable[[dict[str, Any], Any], dict[str, Any]], context: Any) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                event = {
                    "version": "2.0",
                    "rawPath": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": raw.decode(),
                    "isBase64Encoded": False,
                    "requestContext": {"http": {"method": "POST", "path": self.path}},
                }
                answer = handler(event, context)
                body = str(answer.get("body") or "").encode()
                self.send_response(int(answer["statusCode"]))
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


def post_signed(
    url: str, secret: str, payload: dict[str, Any], timestamp: int | None = None
) -> tuple[int, str, dict[str, str]]:
    """POST `payload` as Slack does (form-encoded `payload=<json>`, signed with `secret`); the status, the body
    and the headers sent (so a test can send the same request again)."""
    from remediator.approvals.signature import sign

    body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": sign(secret, stamp, body),
    }
    return (*post(url, body, headers), headers)


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    import urllib.error

    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"{url} is not the local endpoint")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - loopback http
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:  # noqa: S310 - loopback http, checked above
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def click(action: str, user: str, ledger: dict[str, str], response_url: str) -> dict[str, Any]:
    """A block_actions payload: `user` clicked Approve or Reject on the alert whose ledger key is `ledger`."""
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower()},
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        "response_url": response_url,
        "actions": [
            {
                "type": "button",
                "block_id": "approval",
                "action_id": action,
                "value": json.dumps({"pk": ledger["pk"], "sk": ledger["sk"]}),
            }
        ],
    }


def reject_submission(user: str, metadata: str, reason: str, days: int) -> dict[str, Any]:
    """A view_submission payload: the rejection form sent back with a reason and a number of days."""
    return {
        "type": "view_submission",
        "user": {"id": user, "username": user.lower()},
        "view": {
            "callback_id": "reject",
            "private_metadata": metadata,
            "state": {
                "values": {
                    "reason": {"text": {"type": "plain_text_input", "value": reason}},
                    "days": {"choice": {"type": "static_select", "selected_option": {"value": str(days)}}},
                }
            },
        },
    }
