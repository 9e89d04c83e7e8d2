"""Parse one file in a child process with a time limit and a memory cap, and check the size limits.

Parsers have looped forever on crafted files (pypdf) and a small DOCX can inflate to gigabytes
(a zip bomb). Every format, our own text and Markdown code included, is parsed in a forked
child that is killed at the time limit and cannot grow past the memory cap, so one hostile
file costs its own entry in the summary, never the ingest.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
from dataclasses import dataclass
from typing import Any

from ingest.documents import LimitExceeded, ParseError
from ingest.parsers import Parsed, parse

MB = 1024 * 1024


@dataclass(frozen=True)
class FileLimits:
    """Per-file limits of the ingest (defaults as in settings.py)."""

    max_bytes: int = 25 * MB
    max_chunks: int = 5000
    memory_mb: int = 2048
    timeout_s: float = 60.0
    chunk_size: int = 400
    chunk_overlap: int = 80

    @classmethod
    def from_settings(cls, settings: Any, **overrides: Any) -> "FileLimits":
        values = dict(
            max_bytes=settings.file_max_bytes, max_chunks=settings.file_max_chunks, memory_mb=settings.parse_memory_mb,
            timeout_s=settings.parse_timeout_s, chunk_size=settings.chunk_size, chunk_overlap=settings.chunk_overlap,
        )
        values.update(overrides)
        return cls(**values)

    def check_size(self, size: int) -> None:
        if size > self.max_bytes:
            raise LimitExceeded(f"file too large: {_mb(size)}, the limit is {_mb(self.max_bytes)} (BOLIG_FILE_MAX_BYTES)")

    def check_chunks(self, parsed: Parsed) -> None:
        """Estimate the chunks from the text length, before anything is embedded."""
        step = max(1, self.chunk_size - min(self.chunk_overlap, self.chunk_size // 2))
        estimate = sum(len(section.text) // step + 1 for section in parsed.sections)
        if estimate > self.max_chunks:
            raise LimitExceeded(
                f"too much text: about {estimate} chunks, the limit is {self.max_chunks} per file (BOLIG_FILE_MAX_CHUNKS)"
            )


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB"


def _limit_memory(megabytes: int) -> None:
    """Cap the child's address space: what the fork inherited, plus ``megabytes`` for the parse.

    A forked child already maps everything the parent loaded (models, libraries), so an absolute
    cap could be below what it starts with and fail every parse; the cap is on what it adds.
    """
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            inherited = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        inherited = 0
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = inherited + megabytes * MB
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _parse_in_child(connection: Any, data: bytes, kind: str, memory_mb: int) -> None:
    try:
        _limit_memory(memory_mb)
        connection.send(("ok", parse(data, kind)))
    except ParseError as error:
        connection.send(("error", str(error)))
    except MemoryError:
        connection.send(("limit", f"parsing needed more than {memory_mb} MB of memory and was stopped (BOLIG_PARSE_MEMORY_MB)"))
    except Exception as error:  # report, never crash the parent
        connection.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        connection.close()


def parse_limited(data: bytes, kind: str, limits: FileLimits) -> Parsed:
    """Parse in a forked child, killed after ``limits.timeout_s``, its memory capped; check the size limits."""
    limits.check_size(len(data))
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_parse_in_child, args=(sender, data, kind, limits.memory_mb), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(limits.timeout_s):
            raise LimitExceeded(f"parsing took longer than {limits.timeout_s:g} s and was stopped (BOLIG_PARSE_TIMEOUT_S)")
        status, payload = receiver.recv()
    except EOFError as error:
        child.join(1)
        raise ParseError(_crash_reason(child.exitcode, limits.memory_mb)) from error
    finally:
        if child.is_alive():
            child.kill()
        child.join(1)
        receiver.close()
    if status == "limit":
        raise LimitExceeded(payload)
    if status == "error":
        raise ParseError(payload)
    limits.check_chunks(payload)
    return payload


def _crash_reason(exitcode: int | None, memory_mb: int) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else str(-exitcode)
        # C code that cannot allocate under the memory cap often aborts or segfaults instead of raising.
        return f"the parser crashed ({name}; it may have hit the {memory_mb} MB memory cap)"
    return "the parser crashed"
