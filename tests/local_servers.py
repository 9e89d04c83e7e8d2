"""A server process for one test or module: started on a free port of 127.0.0.1, waited for (bounded)
until its health check answers, and stopped afterwards."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

from scripts.local_server import free_port, stop


@contextmanager
def local_server(
    command: list[str], *, name: str, health_path: str, log_path: Path, env: Mapping[str, str] | None = None,
    limit_s: float = 30.0,
) -> Iterator[int]:
    """Run ``command --host 127.0.0.1 --port PORT`` (loopback only), its output in ``log_path``, and yield
    PORT once ``http://127.0.0.1:PORT{health_path}`` answers; the test fails when the server exits first
    or does not answer within ``limit_s``. The server is stopped (killed if it lingers) on the way out."""
    port = free_port()
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env,
        )
        try:
            deadline = time.monotonic() + limit_s
            while True:
                if server.poll() is not None:
                    pytest.fail(f"{name} exited with {server.returncode}: {log_path.read_text()}")
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{health_path}", timeout=1):
                        break
                except OSError:
                    if time.monotonic() >= deadline:
                        pytest.fail(f"{name} did not answer {health_path} within {limit_s:.0f} s: {log_path.read_text()}")
                    time.sleep(0.25)
            yield port
        finally:
            stop(server)
