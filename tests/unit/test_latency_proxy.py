"""The benchmarks' network round trip (benchmarks/latency.py): it passes requests and replies on unchanged,
adds its delay to each, and lets two requests wait at once, as two calls to AWS overlap."""

from __future__ import annotations

import importlib.util
import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DELAY = 0.2


def _latency() -> Any:
    spec = importlib.util.spec_from_file_location("latency", ROOT / "benchmarks" / "latency.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


class Echo(BaseHTTPRequestHandler):
    """The upstream: answers with what it received, and a header and status of its own."""

    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        payload = json.dumps(
            {
                "method": self.command,
                "path": self.path,
                "body": body.decode(),
                "auth": self.headers["Authorization"],
            }
        ).encode()
        self.send_response(201 if self.command == "POST" else 200)
        self.send_header("x-amz-request-id", "abc")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def proxied() -> Iterator[str]:
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    proxy, url = _latency().start(f"http://127.0.0.1:{upstream.server_address[1]}", DELAY)
    yield url
    proxy.shutdown()
    upstream.shutdown()


def _call(url: str, body: bytes | None = None) -> tuple[int, dict[str, Any], str, float]:
    started = time.perf_counter()
    request = urllib.request.Request(url, data=body, headers={"Authorization": "AWS4-HMAC-SHA256 x"})
    with urllib.request.urlopen(request, timeout=10) as reply:
        return (
            reply.status,
            json.loads(reply.read()),
            reply.headers["x-amz-request-id"],
            time.perf_counter() - started,
        )


def test_a_request_and_its_reply_pass_unchanged_after_the_delay(proxied: str) -> None:
    status, seen, request_id, took = _call(f"{proxied}/2015-03-31/functions?Marker=a%2Fb", b"Action=ListKeys")
    assert (status, request_id) == (201, "abc")
    assert seen == {
        "method": "POST",
        "path": "/2015-03-31/functions?Marker=a%2Fb",
        "body": "Action=ListKeys",
        "auth": "AWS4-HMAC-SHA256 x",
    }
    assert took >= DELAY


def test_two_requests_wait_at_once(proxied: str) -> None:
    took: list[float] = []
    started = time.perf_counter()
    threads = [threading.Thread(target=lambda: took.append(_call(proxied)[3])) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(took) == 2 and min(took) >= DELAY
    assert time.perf_counter() - started < 2 * DELAY  # side by side, not one after the other
