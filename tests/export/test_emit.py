"""`lineage --emit`: events go through the OpenLineage client's configured transport.

A real HTTP server on 127.0.0.1 (ephemeral port, in a thread) stands in for Marquez; the
client is pointed at it with OPENLINEAGE_URL. No other network is used.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from export_support import EVENT_TIME, TASKS, invoke
from ol_validate import errors_of


class _Collector(ThreadingHTTPServer):
    """Records every POST (path, JSON body) and answers `status`."""

    def __init__(self, status: int) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.status = status
        self.posts: list[tuple[str, dict[str, Any]]] = []


class _Handler(BaseHTTPRequestHandler):
    server: _Collector

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.posts.append((self.path, json.loads(body)))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return None  # keep test output quiet


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No OpenLineage config from the machine (env, ./openlineage.yml, ~/.openlineage)."""
    for key in [k for k in os.environ if k.startswith("OPENLINEAGE")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.chdir(tmp_path)
    yield
    # The client copies OPENLINEAGE_URL into OPENLINEAGE__TRANSPORT__... variables itself.
    for key in [k for k in os.environ if k.startswith("OPENLINEAGE__")]:
        del os.environ[key]


@contextmanager
def _serve(status: int) -> Iterator[_Collector]:
    """Run a collector in a thread for the duration of the block."""
    server = _Collector(status)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def marquez(clean_env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[_Collector]:
    """A local OpenLineage HTTP endpoint answering 201, with OPENLINEAGE_URL pointing at it."""
    with _serve(201) as server:
        monkeypatch.setenv("OPENLINEAGE_URL", f"http://127.0.0.1:{server.server_port}")
        yield server


def test_emit_posts_one_valid_event_per_task(export_project: Path, marquez: _Collector) -> None:
    code, out, err = invoke("lineage", "--catalog", str(export_project), "--event-time",
                            EVENT_TIME, "--emit")
    assert (code, out) == (0, "")
    assert f"Sent {len(TASKS)} OpenLineage event(s) through the http transport." in err
    assert [path for path, _ in marquez.posts] == ["/api/v1/lineage"] * len(TASKS)
    assert [body["job"]["name"] for _, body in marquez.posts] == TASKS
    for _, body in marquez.posts:
        assert errors_of(body) == [], body["job"]["name"]
        assert body["eventTime"] == EVENT_TIME


def test_emit_with_output_also_writes_the_same_events_to_the_file(
    export_project: Path, marquez: _Collector, tmp_path: Path
) -> None:
    target = tmp_path / "events.ndjson"
    code, _, _ = invoke("lineage", "--catalog", str(export_project), "--emit", "--output",
                        str(target))
    assert code == 0
    written = [json.loads(line) for line in target.read_text().splitlines()]
    sent = [body for _, body in marquez.posts]
    assert len(written) == len(sent) == len(TASKS)
    # Facets aside (the client adds its own run/job tags on the way), the same events.
    def core(e: dict[str, Any]) -> tuple[object, ...]:
        return (e["eventTime"], e["run"]["runId"], e["job"]["name"], e["inputs"], e["outputs"])

    assert [core(e) for e in sent] == [core(e) for e in written]


def test_emit_without_a_transport_says_so_and_exits_2(
    export_project: Path, clean_env: None
) -> None:
    code, out, err = invoke("lineage", "--catalog", str(export_project), "--emit")
    assert (code, out) == (2, "")
    assert "no OpenLineage transport is configured" in err
    assert "OPENLINEAGE_URL" in err


def test_emit_rejected_by_the_server_exits_2(
    export_project: Path, clean_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _serve(400) as server:
        monkeypatch.setenv("OPENLINEAGE_URL", f"http://127.0.0.1:{server.server_port}")
        code, _, err = invoke("lineage", "--catalog", str(export_project), "--emit")
        assert code == 2
        assert "sending the event of sql/broken.sql failed" in err
        assert len(server.posts) == 1  # stops at the first failure
