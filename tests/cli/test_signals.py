"""A parallel sweep's workers, run as real processes: Ctrl-C, SIGTERM, SIGHUP and SIGKILL to
carboncalc end its workers too, carboncalc ends by the signal, and nothing prints a traceback.

Each run is a session of its own (its own process group, as a terminal's job is), so that a
signal to the group reaches carboncalc and its workers and nothing else. Every wait is
bounded, and whatever a test leaves is killed with its group."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not Path("/proc/self/task").is_dir(),
    reason="sweep's worker processes are Linux-only, and these tests find them in /proc",
)

CARBONCALC = [sys.executable, "-m", "carboncalc"]
SWEEP = ["sweep", "alto-mayo", "deforestation.baseline.rate", "0.5%/yr", "1.5%/yr"]
# minutes of Monte Carlo on two workers: it is still running when the signal comes
LONG = [*SWEEP, "--steps", "40", "--samples", "20000", "--jobs", "2", "-f", "csv"]
WAIT = 60.0  # seconds, at most, for anything to happen on a loaded machine


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with suppress(OSError):  # the task or the process ended meanwhile
            found |= {int(p) for p in task.read_text().split()}
    return found


def started(pid: int) -> str | None:
    """The process's start time (to tell it from a later one given its pid), or None once it
    is gone or a zombie, which runs nothing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] in ("Z", "X") else fields[19]


@pytest.fixture
def sweep() -> Iterator[tuple[subprocess.Popen[bytes], dict[int, str]]]:
    """A long parallel sweep, once both its workers exist: the process and its workers (pid
    and start time)."""
    proc = subprocess.Popen(
        [*CARBONCALC, *LONG],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + WAIT
        while len(found := children(proc.pid)) < 2:
            assert proc.poll() is None, proc.communicate(timeout=WAIT)[1].decode()
            assert time.monotonic() < deadline, "no worker processes started"
            time.sleep(0.05)
        workers = {pid: when for pid in found if (when := started(pid)) is not None}
        yield proc, workers
    finally:
        with_group_killed(proc)


def with_group_killed(proc: subprocess.Popen[bytes]) -> None:
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=WAIT)
    if proc.stderr is not None:
        proc.stderr.close()


def remaining(workers: dict[int, str]) -> set[int]:
    """The workers still running after a bounded wait."""
    deadline = time.monotonic() + WAIT
    while left := {pid for pid, when in workers.items() if started(pid) == when}:
        if time.monotonic() > deadline:
            return left
        time.sleep(0.05)
    return set()


@pytest.mark.parametrize(
    ("signum", "group"),
    [
        (signal.SIGINT, True),  # Ctrl-C: the terminal signals the whole job
        (signal.SIGINT, False),
        (signal.SIGTERM, False),  # kill
        (signal.SIGTERM, True),  # timeout, a cancelled CI job
        (signal.SIGHUP, False),
        (signal.SIGHUP, True),  # the terminal is closed
    ],
    ids=lambda v: v.name if isinstance(v, signal.Signals) else ("group" if v else "parent"),
)
def test_a_signal_ends_carboncalc_and_its_workers_quietly(
    sweep: tuple[subprocess.Popen[bytes], dict[int, str]], signum: signal.Signals, group: bool
) -> None:
    """carboncalc ends by the signal, as the shell expects (130, 143, 129), and takes its
    workers with it; no process prints a traceback."""
    proc, workers = sweep
    assert len(workers) == 2
    if group:
        os.killpg(proc.pid, signum)
    else:
        proc.send_signal(signum)
    _, err = proc.communicate(timeout=WAIT)  # also waits for every holder of stderr
    assert proc.returncode == -signum, err.decode()
    assert not remaining(workers)
    assert b"Traceback" not in err, err.decode()
    assert err == b"", err.decode()


def test_workers_end_with_a_killed_carboncalc(
    sweep: tuple[subprocess.Popen[bytes], dict[int, str]],
) -> None:
    """SIGKILL leaves carboncalc no say: its workers are killed with it, not left to compute
    their share for no one."""
    proc, workers = sweep
    proc.kill()
    assert proc.wait(timeout=WAIT) == -signal.SIGKILL
    assert not remaining(workers)
    assert proc.stderr is not None
    assert b"Traceback" not in proc.stderr.read()


def test_a_killed_worker_is_one_line_not_a_hang(
    sweep: tuple[subprocess.Popen[bytes], dict[int, str]],
) -> None:
    proc, workers = sweep
    os.kill(min(workers), signal.SIGKILL)
    _, err = proc.communicate(timeout=WAIT)
    assert proc.returncode == 2
    assert err == (
        b"carboncalc: a worker process ended without its results (killed by SIGKILL); "
        b"try again with --jobs 1\n"
    )
    assert not remaining(workers)


def test_under_nohup_a_hang_up_changes_nothing() -> None:
    """With SIGHUP ignored, as nohup leaves it, the sweep goes on to its usual output."""
    args = [*SWEEP, "--steps", "4", "--samples", "5000", "-f", "csv"]
    expected = subprocess.run(
        [*CARBONCALC, *args, "--jobs", "1"], capture_output=True, timeout=WAIT * 2
    )
    assert expected.returncode == 0, expected.stderr.decode()
    proc = subprocess.Popen(
        [*CARBONCALC, *args, "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),
    )
    try:
        deadline = time.monotonic() + WAIT
        while len(children(proc.pid)) < 2 and proc.poll() is None:
            assert time.monotonic() < deadline, "no worker processes started"
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGHUP)
        out, err = proc.communicate(timeout=WAIT * 2)
    finally:
        with_group_killed(proc)
    assert proc.returncode == 0, err.decode()
    assert (out, err) == (expected.stdout, expected.stderr)
