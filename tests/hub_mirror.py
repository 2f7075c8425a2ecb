"""A Hugging Face hub mirror on loopback: serves model folders under hub ids, in the hub's URL
layout, for tests of first-run downloads (HF_ENDPOINT=http://127.0.0.1:PORT).

Served: ``GET /api/models/{id}[/revision/{rev}]`` (repo info with its files and commit),
``HEAD``/``GET /{id}/resolve/{rev}/{file}`` (with ``X-Repo-Commit``, ``ETag`` and length
headers). ``delay_s`` slows every file down (so a test can watch a download in progress),
``fail`` names files that answer 500 (a broken download).

    python -m tests.hub_mirror PORT  # serves the fixture models under the default ids
"""

from __future__ import annotations

import hashlib
import http.server
import json
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

COMMIT = "0123456789abcdef0123456789abcdef01234567"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The fixture models under the ids the page and the CLI use by default.
DEFAULT_REPOS = {
    "Helsinki-NLP/opus-mt-id-en": FIXTURES / "copy-marian",
    "sshleifer/distilbart-cnn-12-6": FIXTURES / "lead-bart",
}


class Mirror(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        repos: dict[str, Path],
        *,
        delay_s: float = 0.0,
        fail: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.repos = repos
        self.delay_s = delay_s
        self.fail = fail
        self.requests: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: Mirror
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _route(self) -> None:
        path = unquote(urlsplit(self.path).path)
        self.server.requests.append(f"{self.command} {path}")
        if path.startswith("/api/models/"):
            rest = path[len("/api/models/") :]
            repo_id = rest.split("/revision/")[0].split("/tree/")[0]
            folder = self.server.repos.get(repo_id)
            if folder is None:
                return self._send(404, b'{"error": "Repository not found"}', _json_headers())
            files = sorted(f.name for f in folder.iterdir() if f.is_file())
            if "/tree/" in rest:
                tree = [
                    {
                        "type": "file",
                        "path": f,
                        "size": (folder / f).stat().st_size,
                        "oid": hashlib.sha1((folder / f).read_bytes()).hexdigest(),
                    }
                    for f in files
                ]
                return self._send(200, json.dumps(tree).encode(), _json_headers())
            info = {
                "id": repo_id,
                "modelId": repo_id,
                "sha": COMMIT,
                "private": False,
                "siblings": [{"rfilename": f, "size": (folder / f).stat().st_size} for f in files],
            }
            return self._send(200, json.dumps(info).encode(), _json_headers())
        if "/resolve/" in path:
            repo_id, _, rest = path.lstrip("/").partition("/resolve/")
            _revision, _, filename = rest.partition("/")
            folder = self.server.repos.get(repo_id)
            file = folder / filename if folder is not None else None
            if file is None or not file.is_file():
                return self._send(404, b"not found", {"X-Error-Code": "EntryNotFound"})
            if filename in self.server.fail:
                return self._send(500, b"mirror: this file fails on purpose")
            data = file.read_bytes()
            headers = {
                "X-Repo-Commit": COMMIT,
                "ETag": f'"{hashlib.sha256(data).hexdigest()}"',
                "Content-Type": "application/octet-stream",
            }
            if self.command == "GET" and self.server.delay_s:
                time.sleep(self.server.delay_s)
            return self._send(200, data, headers)
        return self._send(404, b"not found")

    do_GET = _route  # noqa: N815 - http.server's names
    do_HEAD = _route  # noqa: N815


def _json_headers() -> dict[str, str]:
    return {"Content-Type": "application/json"}


@contextmanager
def serve(
    repos: dict[str, Path] | None = None,
    *,
    delay_s: float = 0.0,
    fail: frozenset[str] = frozenset(),
) -> Iterator[Mirror]:
    mirror = Mirror(repos or DEFAULT_REPOS, delay_s=delay_s, fail=fail)
    thread = threading.Thread(target=mirror.serve_forever, daemon=True)
    thread.start()
    try:
        yield mirror
    finally:
        mirror.shutdown()
        mirror.server_close()


if __name__ == "__main__":
    with serve() as m:
        print(m.url, flush=True)
        threading.Event().wait(float(sys.argv[1]) if len(sys.argv) > 1 else 3600)
