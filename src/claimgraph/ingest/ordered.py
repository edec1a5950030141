"""Jobs in a thread pool behind an ordered window: the jobs among a stream of steps run concurrently,
the other steps pass through, and everything comes out in input order. A slow job holds the head of
the line while up to ``WINDOW_PER_WORKER`` results a worker wait behind it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

# How many results may wait ahead of the one the consumer needs, per worker: enough to keep
# every worker busy while one slow host holds the head of the line.
WINDOW_PER_WORKER = 4
_Job = TypeVar("_Job")
_Item = TypeVar("_Item")


def in_order(steps: Iterable[_Item], job_type: type[_Job], run: Callable[[_Job], object],
             concurrency: int) -> Iterator[_Item | object]:
    """``run`` each ``job_type`` step in a pool of ``concurrency`` threads, pass the rest through; results
    in input order."""
    window = max(1, concurrency) * WINDOW_PER_WORKER
    pending: deque[Future[object] | object] = deque()
    with ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="claimgraph-fetch") as pool:
        try:
            for step in steps:
                pending.append(pool.submit(run, step) if isinstance(step, job_type) else step)
                while len(pending) > window or (pending and not isinstance(pending[0], Future)):
                    yield _resolved(pending.popleft())
            while pending:
                yield _resolved(pending.popleft())
        finally:
            for item in pending:
                if isinstance(item, Future):
                    item.cancel()


def _resolved(item: Future[object] | object) -> object:
    return item.result() if isinstance(item, Future) else item
