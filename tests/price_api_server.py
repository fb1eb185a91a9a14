"""A loopback HTTP server that replays recorded-shape API pages, for the price refreshers' tests."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class Replay:
    """Serve ``routes``: (method, path) -> list of (status, headers, body) answered in turn (the last repeats).

    A ``Date`` in headers replaces the server's own (an answer dated like a recorded one).

    Bodies are text with ``{base}`` replaced by the server's own URL (for next-page links).
    Every request is recorded in ``requests`` as (method, path?query, json body or None).
    """

    def __init__(self, routes: dict[tuple[str, str], list[tuple[int, dict, str]]]):
        self.routes = {k: list(v) for k, v in routes.items()}
        self.requests: list[tuple[str, str, object]] = []
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                replay.requests.append((method, self.path, body))
                key = (method, urlsplit(self.path).path)
                answers = replay.routes.get(key)
                if not answers:
                    self.send_response(404)
                    self.end_headers()
                    return
                status, headers, text = answers.pop(0) if len(answers) > 1 else answers[0]
                data = text.replace("{base}", replay.base).encode()
                if "Date" in headers:
                    # Answer with the recorded day instead of the server's own clock.
                    self.log_request(status)
                    self.send_response_only(status)
                    self.send_header("Server", self.version_string())
                else:
                    self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):  # noqa: N802
                self._answer("GET")

            def do_POST(self):  # noqa: N802
                self._answer("POST")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Replay":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
