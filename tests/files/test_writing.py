"""Files carboncalc writes: never a partial file, never over an existing one without --force,
never through a link or onto a FIFO or device."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carboncalc.cli import app
from carboncalc.files import writing

runner = CliRunner()
REPORT = ["report", "los-amigos", "--samples", "100", "-o"]


def test_a_report_does_not_replace_a_file_without_force(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    out.write_text("my notes\n", encoding="utf-8")
    result = runner.invoke(app, [*REPORT, str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"{out}: the file exists; --force replaces it\n"
    assert out.read_text(encoding="utf-8") == "my notes\n"
    result = runner.invoke(app, [*REPORT, str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out} (replaced the file that was there)\n"
    assert out.read_text(encoding="utf-8").startswith("# Los Amigos")


def test_a_failed_write_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a full disk `report -o old.md` truncated the old file and left a partial report."""
    out = tmp_path / "r.md"
    out.write_text("the report I sent last week\n", encoding="utf-8")

    def half_then_full(fd: int, data: bytes) -> None:
        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writing, "_write_all", half_then_full)
    result = runner.invoke(app, [*REPORT, str(out), "--force"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{out}: cannot write: No space left on device (the old file is unchanged)\n"
    )
    assert out.read_text(encoding="utf-8") == "the report I sent last week\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]  # no temporary file left


@pytest.mark.parametrize("kind", ["link", "fifo", "folder"])
def test_a_report_is_not_written_through_a_link_or_onto_a_non_regular_file(
    tmp_path: Path, kind: str
) -> None:
    out = tmp_path / "r.md"
    target = tmp_path / "elsewhere.md"
    target.write_text("keep\n", encoding="utf-8")
    if kind == "link":
        out.symlink_to(target)
    elif kind == "fifo":
        os.mkfifo(out)
    else:
        out.mkdir()
    done = threading.Event()
    result: list[object] = []

    def run() -> None:  # a FIFO opened for writing would block: run where a hang shows
        result.append(runner.invoke(app, [*REPORT, str(out), "--force"]))
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(timeout=60), "report -o hung"
    (invoked,) = result
    assert invoked.exit_code == 2  # type: ignore[attr-defined]
    expected = "is a link" if kind == "link" else "exists and is not a regular file"
    assert expected in invoked.stderr  # type: ignore[attr-defined]
    assert target.read_text(encoding="utf-8") == "keep\n"


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    assert runner.invoke(app, [*REPORT, str(out)]).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_plot_is_not_written_through_a_link_and_says_when_it_replaces(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "e.png"
    first = runner.invoke(app, ["emissions", "alto-mayo", "--plot", str(out)])
    assert first.exit_code == 0 and first.stderr == ""
    again = runner.invoke(app, ["emissions", "alto-mayo", "--plot", str(out)])
    assert again.exit_code == 0 and again.stderr == f"replaced {out}\n"
    link = tmp_path / "l.svg"
    link.symlink_to(tmp_path / "elsewhere.svg")
    refused = runner.invoke(app, ["emissions", "alto-mayo", "--plot", str(link)])
    assert refused.exit_code == 2
    assert "is a link" in refused.stderr
    assert not (tmp_path / "elsewhere.svg").exists()
