"""Worker processes for commands whose items are independent (``sweep``'s steps)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from carboncalc.errors import CarboncalcError

T = TypeVar("T")

_TASK: Callable[[Any], Any] | None = None  # what in_parallel's worker processes run


def in_parallel(fn: Callable[[Any], T], items: list[Any], *, jobs: int | None) -> list[T]:
    """``[fn(x) for x in items]``, in order. With more than one job (default: one per
    processor) on Linux, the items are shared among worker processes forked from this one, so
    ``fn`` and what it reads need not be sent to them; else one after another. Either way the
    results are the same, and so is the error raised: the first item's, in order. Anything
    ``fn`` writes to stderr itself may come in another order."""
    import multiprocessing

    n = min(jobs or os.cpu_count() or 1, len(items))
    if n <= 1 or not sys.platform.startswith("linux"):
        return [fn(x) for x in items]
    global _TASK
    _TASK = fn
    try:
        with multiprocessing.get_context("fork").Pool(n) as pool:
            done = pool.map(_run_task, items, chunksize=-(-len(items) // n))
    finally:
        _TASK = None
    for outcome in done:
        if isinstance(outcome, _Failed):
            raise outcome.error
    return done


@dataclass(frozen=True)
class _Failed:
    error: CarboncalcError


def _run_task(item: Any) -> Any:
    """One item in a worker process; an error comes back as a value, so that the caller
    raises the one of the first item that failed, as a loop would."""
    assert _TASK is not None
    try:
        return _TASK(item)
    except CarboncalcError as exc:
        return _Failed(exc)
