"""What the browser test and the screenshot script share: Debian's Chromium, a free loopback port,
and waiting (bounded) for a local Streamlit server to answer its health check."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_streamlit(url: str, process: subprocess.Popen, limit_s: float) -> str | None:
    """Poll the health endpoint 4 times a second for at most ``limit_s``; None when up, else why not."""
    for _ in range(int(limit_s * 4)):
        if process.poll() is not None:
            return f"streamlit exited with {process.returncode}"
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return None
        except OSError:
            pass
        time.sleep(0.25)
    return f"streamlit did not answer within {limit_s:.0f} s"


def stop(process: subprocess.Popen) -> None:
    """Terminate a server, and kill it if it has not gone within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
