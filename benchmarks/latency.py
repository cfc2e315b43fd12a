"""A network round trip in front of a moto server, for the benchmarks.

A moto server answers a request in a few milliseconds of its own CPU, and answers two requests at once one after
the other (one Python process). AWS answers from another machine across a network: a call costs a round trip
(10-30 ms from a Lambda function to a regional endpoint), and two calls sent together cost one. So a figure
taken straight against moto weighs server CPU, and one taken through this proxy weighs round trips as AWS
does. The proxy waits `delay` seconds on each request, each on its own thread, then passes it on."""

from __future__ import annotations

import http.client
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}


def start(upstream: str, delay: float) -> tuple[ThreadingHTTPServer, str]:
    """A proxy to `upstream` (http://host:port) that adds `delay` seconds to each request; returns it and its URL."""
    target = urlsplit(upstream)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as botocore's pool keeps its connections to AWS
        disable_nagle_algorithm = True  # headers and body go out apart: no 40 ms wait for a delayed ACK

        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            time.sleep(delay)
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
            try:
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                connection.request(self.command, self.path, body=body, headers=headers)
                reply = connection.getresponse()
                payload = reply.read()
            finally:
                connection.close()
            self.send_response(reply.status)
            for key, value in reply.getheaders():
                if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _forward

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
