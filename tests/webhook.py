"""A real HTTP server on 127.0.0.1 standing in for a Slack incoming webhook (tests only)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Webhook:
    """A local webhook: records every POST and answers from a script of (status, headers) replies."""

    def __init__(self) -> None:
        self.posts: list[dict] = []
        self.replies: list[tuple[int, dict]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.posts.append(json.loads(body))
                status, headers = outer.replies.pop(0) if outer.replies else (200, {})
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(b"ok" if status == 200 else b"error")

            def log_message(self, *_):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/services/T000/B000/SECRET-TOKEN-123"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
