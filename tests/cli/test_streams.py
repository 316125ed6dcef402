"""The process edge, run as a real process: signals, broken pipes, full, closed and ASCII-only
streams, and no command at all. Each ends with a meaningful status and never a traceback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

CARBONCALC = [sys.executable, "-m", "carboncalc"]


def run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    if "stdout" not in kwargs:
        kwargs.setdefault("capture_output", True)
    return subprocess.run([*CARBONCALC, *args], timeout=120, **kwargs)  # type: ignore[call-overload,no-any-return]


def test_no_command_is_a_usage_error_on_stderr() -> None:
    result = run([])
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"carboncalc: name a command" in result.stderr


def test_a_full_stdout_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        result = run(["stock", "alto-mayo"], stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 2
    assert result.stderr == b"carboncalc: cannot write the output: No space left on device\n"


def test_a_closed_stdout_is_one_line() -> None:
    result = subprocess.run(
        [*CARBONCALC, "emissions", "alto-mayo", "-f", "csv"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr == b"carboncalc: standard output is closed; nothing can be written\n"


@pytest.mark.parametrize("fmt", ["csv", "table"])
def test_a_reader_that_goes_away_ends_it_by_sigpipe_quietly(fmt: str) -> None:
    """As `carboncalc emissions ... | head -1` does: the shell sees 141 (128 + SIGPIPE). For a
    table too, though rich would exit 1. The pipe is shrunk to one page where the system allows
    it (Linux), so that the output (200 years: 17 KB as a table, 31 KB as CSV) cannot all fit
    in it before the reader goes: with the default 64 KB pipe, a busy machine let carboncalc
    finish first now and then, and the test failed for a reason that was not carboncalc's."""
    import fcntl

    args = ["emissions", "alto-mayo", "-f", fmt, "--set", "period.length_yr=200"]
    read_end, write_end = os.pipe()
    if hasattr(fcntl, "F_SETPIPE_SZ"):
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    with subprocess.Popen([*CARBONCALC, *args], stdout=write_end, stderr=subprocess.PIPE) as proc:
        os.close(write_end)
        with os.fdopen(read_end, "rb") as reader:
            reader.readline()
        assert proc.stderr is not None
        err = proc.stderr.read()
        assert proc.wait(timeout=120) == -signal.SIGPIPE
    assert err == b""


def test_ctrl_c_ends_it_by_sigint_without_a_traceback() -> None:
    """So that `for p in ...; do carboncalc ...; done` stops at Ctrl-C, as shells expect."""
    with subprocess.Popen(
        [*CARBONCALC, "uncertainty", "alto-mayo", "--samples", "1000000", "-f", "json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    ) as proc:
        time.sleep(2.0)  # into the Monte Carlo (a run of a million samples takes many seconds)
        proc.send_signal(signal.SIGINT)
        assert proc.stderr is not None
        err = proc.stderr.read()
        assert proc.wait(timeout=120) == -signal.SIGINT
    assert b"Traceback" not in err


@pytest.mark.parametrize("args", [["show", "alto-mayo", "-f", "json"], ["schema"]])
def test_json_on_an_ascii_stdout_is_valid_json(args: list[str]) -> None:
    result = run(args, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("ascii")
    if args[0] == "show":
        assert json.loads(text)["project"] == "alto-mayo"
        assert "\\u00ed" in text  # San Martín comes through as a JSON escape


@pytest.mark.parametrize("args", [["stock", "alto-mayo"], ["check"], ["--help"]])
def test_tables_on_an_ascii_stdout_are_escaped_not_a_traceback(args: list[str]) -> None:
    result = run(args, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode in (0, 1)
    assert b"Traceback" not in result.stderr
    result.stdout.decode("ascii")


def test_a_set_value_that_is_not_utf8_is_escaped(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 arrive as lone surrogates; they are shown as escapes."""
    name = b"name=\xff\xfe".decode("utf-8", "surrogateescape")
    result = run(["show", "alto-mayo", "--set", name])
    assert result.returncode == 0, result.stderr
    assert b"\\udcff\\udcfe" in result.stdout
    result = run(["stock", "alto-mayo", "--set", "area=" + name[5:]])
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr


def test_ctrl_c_while_carboncalc_is_still_loading_ends_it_quietly() -> None:
    """Ctrl-C in the first tens of milliseconds, while the command line's modules were still
    being imported, printed a KeyboardInterrupt traceback. The import is made slow here (an
    import hook that waits before carboncalc.cli loads), so that the signal surely lands in it."""
    script = (
        "import sys, time\n"
        "class Slow:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'carboncalc.cli':\n"
        "            sys.stderr.write('loading\\n'); sys.stderr.flush(); time.sleep(30)\n"
        "        return None\n"
        "sys.meta_path.insert(0, Slow())\n"
        "sys.argv = ['carboncalc', 'stock', 'alto-mayo']\n"
        "from carboncalc.__main__ import run\n"
        "run()\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    ) as proc:
        assert proc.stderr is not None
        assert proc.stderr.readline() == b"loading\n"  # inside the import now
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == -signal.SIGINT
        assert proc.stderr.read() == b""
