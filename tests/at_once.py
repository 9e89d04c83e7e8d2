"""Running one worker several times at once, in threads or in processes, for the tests of concurrent
writers and of limits shared by processes."""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections.abc import Callable, Sequence
from typing import Any


def run_at_once(target: Callable[..., None], args: Sequence[tuple], *, processes: bool, timeout_s: float) -> list[Any]:
    """Call ``target(*a, barrier, results)`` once for each ``a`` in ``args``, each in its own thread or,
    with ``processes``, its own spawned process (not fork: the test process may hold threads and
    connections). ``barrier`` holds them until all have started; each must put exactly one value on
    ``results``. Fails unless every worker ends (a process with exit code 0) within ``timeout_s``;
    returns the values, in the order they were put."""
    if processes:
        context = multiprocessing.get_context("spawn")
        barrier, results = context.Barrier(len(args)), context.Queue()
        workers = [context.Process(target=target, args=(*a, barrier, results)) for a in args]
    else:
        barrier, results = threading.Barrier(len(args)), queue.Queue()
        workers = [threading.Thread(target=target, args=(*a, barrier, results)) for a in args]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=timeout_s)
        assert not worker.is_alive(), f"a worker still ran after {timeout_s} s"
        assert not processes or worker.exitcode == 0
    return [results.get(timeout=5) for _ in workers]
