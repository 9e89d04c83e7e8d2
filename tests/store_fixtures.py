"""Fixtures of the shared-store tests: a real PostgreSQL server (Debian's package, started in a
temporary folder on 127.0.0.1), and a ``store`` fixture parametrized over SQLite and PostgreSQL.
Import the fixtures you use.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from web.store import Store, metadata

PG_MISSING = "PostgreSQL is not installed (apt-get install postgresql; .ci/run does): no initdb under /usr/lib/postgresql/*/bin"


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root: as root, run them as Debian's postgres user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A URL of a fresh PostgreSQL server for this test session; skipped where PostgreSQL is missing."""
    bindir = postgres_bin()
    if bindir is None:
        pytest.skip(PG_MISSING)
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: cannot start PostgreSQL as the postgres user")
    folder = Path(tempfile.mkdtemp(prefix="bolig-pg-"))  # not pytest's tmp: that is private to root
    data, log = folder / "data", folder / "server.log"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    folder.chmod(0o700)
    port = _free_port()
    run = dict(check=True, capture_output=True, text=True, timeout=120)
    try:
        subprocess.run(_as_server_user([
            str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C",
            "--no-sync",
        ]), **run)
        # fsync off: a test server's durability does not matter; its speed does on 2 shared cores.
        options = f"-h 127.0.0.1 -p {port} -k {folder} -F -c max_connections=50"
        subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]), **run)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        output = getattr(error, "stderr", "") or ""
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start: {error}\n{output}\n{log.read_text() if log.exists() else ''}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


def empty_postgres_store(url: str, **options: int) -> Store:
    """A store on the session's server with every table emptied: each test starts from nothing."""
    store = Store(url, **options)
    with store.write() as connection:
        names = ", ".join(table.name for table in metadata.sorted_tables)
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY"))
    return store


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path) -> Store:
    """An empty store on each database (the PostgreSQL case is skipped where it is not installed)."""
    if request.param == "sqlite":
        return Store.sqlite(tmp_path / "data")
    return empty_postgres_store(request.getfixturevalue("postgres_url"))
