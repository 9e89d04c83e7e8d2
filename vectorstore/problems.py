"""Index problems a person can fix, each with its one message and the command that fixes it."""

from __future__ import annotations

from pathlib import Path


def ingest_command(index_dir: Path, rebuild: bool = False) -> str:
    """The command that (re)builds the index in ``index_dir``; every hint in the product uses this one."""
    return f"python -m ingest {'--rebuild ' if rebuild else ''}--index {index_dir}"


class IndexProblem(Exception):
    """Base of index problems that a user can fix; the message says how."""

    def __init__(self, problem: str, index_dir: Path, rebuild: bool = False) -> None:
        self.problem = problem
        self.command = ingest_command(index_dir, rebuild)
        verb = "Rebuild it with" if rebuild else "Run the ingest first"
        super().__init__(f"{problem} {verb}: {self.command}")


class IndexMissingError(IndexProblem):
    """No usable index yet: it was never built, or it is empty."""

    def __init__(self, problem: str, index_dir: Path) -> None:
        super().__init__(problem, index_dir, rebuild=False)


class IndexMismatchError(IndexProblem):
    """The index was built with other embeddings than this run can use: searching it would silently go wrong."""

    def __init__(self, problem: str, index_dir: Path) -> None:
        super().__init__(problem, index_dir, rebuild=True)
