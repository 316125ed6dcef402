"""Worker processes for commands whose items are independent (``sweep``'s steps).

Each worker is forked from carboncalc, computes one share of the items and sends its results
back through a pipe of its own; no lock or queue is shared, so a worker that is killed
cannot leave the others, or carboncalc, waiting. The workers end with carboncalc and print
nothing of their own:

- Ctrl-C (SIGINT, sent to the terminal's whole process group), SIGTERM (``timeout`` and a
  cancelled CI job send it to the group too) and a hang-up (SIGHUP) are ignored by the
  workers: carboncalc receives them as well, kills its workers, and ends by the signal as it
  would have without them (130, 143, 129 for a shell);
- a worker whose parent is gone, even by SIGKILL, is killed at once (Linux's parent-death
  signal), rather than computing its share for no one.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar

from carboncalc.errors import CarboncalcError

T = TypeVar("T")

_ENDING = (signal.SIGTERM, signal.SIGHUP)  # kill the workers, then end by the signal
_HELD = {signal.SIGINT, *_ENDING}  # held back while forking: a worker sets its own first
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def in_parallel(fn: Callable[[Any], T], items: list[Any], *, jobs: int | None) -> list[T]:
    """``[fn(x) for x in items]``, in order. With more than one job (default: one per
    processor) on Linux, the items are shared among worker processes forked from this one, so
    ``fn`` and what it reads need not be sent to them; else one after another. Either way the
    results are the same, and so is the error raised: the first item's, in order. Anything
    ``fn`` writes to stderr itself may come in another order."""
    n = min(jobs or os.cpu_count() or 1, len(items))
    if n <= 1 or not sys.platform.startswith("linux"):
        return [fn(x) for x in items]
    size = -(-len(items) // n)
    shares = [items[i : i + size] for i in range(0, len(items), size)]
    sys.stdout.flush()  # what is buffered here is written once, not once more by each worker
    sys.stderr.flush()
    with _ending_by_signals():
        outcomes = _run_workers(fn, shares)
    done: list[Any] = [outcome for share in outcomes for outcome in share]
    for outcome in done:
        if isinstance(outcome, _Failed):
            raise outcome.error
    return done


def _run_workers(fn: Callable[[Any], Any], shares: list[list[Any]]) -> list[list[Any]]:
    """Each share's outcomes, from one worker each; on the way out, however it is left (an
    error, Ctrl-C, SIGTERM), no worker remains."""
    workers: dict[int, int] = {}  # pid -> the read end of its pipe, in the shares' order
    parent = os.getpid()
    try:
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
        try:
            for share in shares:
                read, write = os.pipe()
                pid = os.fork()
                if pid == 0:
                    _work(fn, share, write, parent, [read, *workers.values()], mask)
                os.close(write)
                workers[pid] = read
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        return [_collect(pid, read) for pid, read in workers.items()]
    finally:
        _kill(workers)


def _collect(pid: int, read: int) -> list[Any]:
    import pickle

    with os.fdopen(read, "rb", closefd=False) as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        raise CarboncalcError(
            f"a worker process ended without its results ({_how_ended(status)}); "
            "try again with --jobs 1"
        )
    ok, value = pickle.loads(data)
    if not ok:
        raise value  # not carboncalc's own error: a bug, shown as such
    return list(value)


def _how_ended(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def _kill(workers: dict[int, int]) -> None:
    """Kill and reap the workers still there, and close their pipes."""
    for pid in workers:
        with suppress(ProcessLookupError, ChildProcessError):
            if os.waitpid(pid, os.WNOHANG) == (0, 0):
                os.kill(pid, signal.SIGKILL)
    for pid, read in workers.items():
        with suppress(ChildProcessError):
            os.waitpid(pid, 0)
        with suppress(OSError):
            os.close(read)


def _work(
    fn: Callable[[Any], Any],
    share: list[Any],
    write: int,
    parent: int,
    others: list[int],
    mask: set[int | signal.Signals],
) -> NoReturn:
    """In a worker: the share's outcomes, pickled to the pipe, then the end, whatever happens
    (never back into the caller's code, never a traceback)."""
    import pickle

    code = 1
    try:
        _started(parent, others, mask)
        try:
            data = pickle.dumps((True, [_run_task(fn, x) for x in share]))
        except Exception as exc:  # a bug: sent back with where it happened
            import traceback

            exc.add_note("".join(traceback.format_exception(exc)).rstrip())
            try:
                data = pickle.dumps((False, exc))
            except Exception:
                data = pickle.dumps((False, RuntimeError(f"in a worker process: {exc!r}")))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        code = 0
    finally:
        os._exit(code)


def _started(parent: int, others: list[int], mask: set[int | signal.Signals]) -> None:
    """First thing in each worker, with the signals still held back: SIGINT, SIGTERM and
    SIGHUP are for carboncalc, which kills its workers; and the worker ends with carboncalc.
    The pipes of the workers forked before it are closed."""
    for signum in _HELD:
        signal.signal(signum, signal.SIG_IGN)
    _end_with_parent()
    if os.getppid() != parent:  # carboncalc ended before the worker could ask to end with it
        os._exit(1)
    for fd in others:
        os.close(fd)
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _end_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent ends, however it ends."""
    import ctypes

    # without prctl, a worker still ends when it has sent its share's results
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


class _Ended(BaseException):
    """SIGTERM or SIGHUP arrived while workers ran."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _ending_by_signals() -> Iterator[None]:
    """While the workers run, SIGTERM and SIGHUP (unless ignored, as under nohup) raise
    :class:`_Ended`, so that the workers are killed on the way out; then the signal takes the
    course it would have taken without them: at its default, the end of carboncalc."""
    previous: dict[int, Any] = {s: signal.getsignal(s) for s in _ENDING}
    ours = {s: h for s, h in previous.items() if h not in (signal.SIG_IGN, None)}
    try:
        for signum in ours:
            signal.signal(signum, _on_ending)
        yield
    except _Ended as ended:
        _end_by(ended.signum, ours[ended.signum])
    finally:
        for signum, handler in ours.items():
            signal.signal(signum, handler)


def _on_ending(signum: int, frame: Any) -> None:
    raise _Ended(signum)


def _end_by(signum: int, handler: Any) -> NoReturn:
    signal.signal(signum, handler)
    os.kill(os.getpid(), signum)
    raise SystemExit(128 + signum)  # a handler of the caller's own let the process go on


@dataclass(frozen=True)
class _Failed:
    error: CarboncalcError


def _run_task(fn: Callable[[Any], Any], item: Any) -> Any:
    """One item in a worker process; an error comes back as a value, so that the caller
    raises the one of the first item that failed, as a loop would."""
    try:
        return fn(item)
    except CarboncalcError as exc:
        return _Failed(exc)
