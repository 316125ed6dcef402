"""A draft (a file with placeholders from `carboncalc new`) does not pass: check fails naming each
placeholder with its line, every command that prints figures says so once on stderr, and the
report carries a DRAFT mark on every page and lists the placeholders. The lines expected are
found in the file's text by hand (tests/drafts.py)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from drafts import WRITTEN, expected, fill_all
from typer.testing import CliRunner

from carboncalc.cli import app
from carboncalc.files.placeholders import MESSAGE
from carboncalc.render.contracts import output_schema
from carboncalc.render.schemakit import problems

runner = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"})
VALID = Path(__file__).parents[1] / "data" / "valid"
WARNING = "warning: a draft: "


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new project's file, as `carboncalc new` writes it, in a folder of its own."""
    folder = tmp_path / "projects"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    assert run("new", "draft-x", "-q") == (0, "", "")
    return folder / "draft-x.yaml"


def written(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_check_names_each_placeholder_with_its_line_and_fails(draft: Path) -> None:
    code, out, err = run("check", str(draft))
    text = draft.read_text(encoding="utf-8")
    named = [line for line in out.splitlines() if line.startswith(f"{draft}:")]
    assert named == [f"{draft}:{n}: {field}: {MESSAGE}" for field, n in expected(text).items()]
    assert code == 1
    assert out.splitlines()[-1] == "0 hold, 0 fail, 0 unchecked, 8 placeholders in 1 draft file " \
        "(exit 1)"  # fmt: skip
    assert WARNING not in err  # check lists them; it does not warn besides


def test_check_passes_once_each_is_replaced(draft: Path) -> None:
    text = draft.read_text(encoding="utf-8")
    done = written(draft.with_name("done.yaml"), fill_all(text))
    code, out, _ = run("check", str(done))
    assert (code, out.splitlines()[-1]) == (0, "0 hold, 0 fail, 0 unchecked (exit 0)")
    left = written(draft.with_name("left.yaml"), fill_all(text, but=("credits.buffer",)))
    code, out, _ = run("check", str(left))
    line = expected(fill_all(text, but=("credits.buffer",)), {"credits.buffer"})["credits.buffer"]
    assert code == 1 and f"{left}:{line}: credits.buffer: {MESSAGE}" in out.splitlines()
    assert out.count(MESSAGE) == 1


def test_a_folder_check_counts_them_in_every_format(draft: Path) -> None:
    """A new file (8), one with 3 left and a valid test file (none) in one folder: 11 placeholders
    in 2 draft files, exit 1; an invalid file beside them makes it exit 2."""
    folder = draft.parent
    text = draft.read_text(encoding="utf-8")
    three = ("area", "period", "credits.buffer")
    some = written(folder / "some.yaml", fill_all(text, but=three))
    shutil.copy(VALID / "base.yaml", folder / "base.yaml")
    code, out, _ = run("check", str(folder), "-f", "json")
    document = json.loads(out)
    assert code == 1 and document["exit_code"] == 1
    assert not problems(document, output_schema("check"))
    assert document["summary"] == {"holds": 0, "fails": 0, "unchecked": 0, "expected_fails": 0,
                                   "unexpected_holds": 0, "invalid_files": 0,
                                   "placeholders": 11, "draft_files": 2}  # fmt: skip
    by_file = {r["file"]: {p["field"]: p["line"] for p in r["placeholders"]}
               for r in document["projects"]}  # fmt: skip
    left = expected(some.read_text(encoding="utf-8"), set(three))
    assert by_file == {str(folder / "base.yaml"): {}, str(draft): expected(text), str(some): left}
    code, out, _ = run("check", str(folder), "-f", "csv")
    marked = list(csv.DictReader(io.StringIO(out)))
    assert code == 1 and {"verdict", "field", "line"} <= set(marked[0])
    assert [(r["project"], r["verdict"], r["field"], int(r["line"])) for r in marked
            if r["project"] == "some"] == [
        ("some", "placeholder", field, n) for field, n in left.items()
    ]  # fmt: skip
    assert len(marked) == 11
    code, out, _ = run("check", str(folder))
    assert code == 1 and out.splitlines()[-1].endswith("11 placeholders in 2 draft files (exit 1)")
    (folder / "broken.yaml").write_text("name: broken\n", encoding="utf-8")
    code, out, _ = run("check", str(folder), "-f", "json")
    assert code == 2 and json.loads(out)["summary"]["placeholders"] == 11


@pytest.mark.parametrize(
    "args",
    [["stock"], ["emissions"], ["show"], ["credits", "--samples", "100"],
     ["compare", "--scenarios", "--samples", "100"],
     ["sweep", "X", "deforestation.baseline.rate", "0.5%/yr", "1%/yr", "--steps", "3",
      "--samples", "100"]],
    ids=lambda args: args[0],
)  # fmt: skip
def test_a_command_on_a_draft_warns_once(args: list[str], draft: Path) -> None:
    command, *rest = args
    rest = [str(draft) if a == "X" else a for a in rest]
    target = [] if "X" in args else [str(draft)]
    code, out, err = run(command, *target, *rest)
    assert code == 0 and out
    said = [line for line in err.splitlines() if WARNING in line]
    assert said == [f"{draft}: {WARNING}8 values are still placeholders from carboncalc new "
                    "(countries.0, sources.example-source, area and 5 more), so the figures are "
                    "not the project's; carboncalc check lists each with its line"]  # fmt: skip
    done = written(draft.with_name("done.yaml"), fill_all(draft.read_text(encoding="utf-8")))
    code, _, err = run(command, *([] if "X" in args else [str(done)]),
                       *[str(done) if a == str(draft) else a for a in rest])  # fmt: skip
    assert code == 0 and WARNING not in err


def test_list_warns_of_each_draft(draft: Path) -> None:
    shutil.copy(VALID / "base.yaml", draft.parent / "base.yaml")
    code, out, err = run("list", "--projects-dir", str(draft.parent), "-f", "json")
    assert code == 0 and len(json.loads(out)["projects"]) == 2
    assert [line.split(": ")[0] for line in err.splitlines() if WARNING in line] == [str(draft)]


def report(project: Path, suffix: str) -> str:
    out = project.with_suffix(suffix)
    code, _, err = run("report", str(project), "-o", str(out), "--samples", "100", "--force")
    assert code == 0, err
    return out.read_text(encoding="utf-8")


def test_the_report_is_marked_a_draft_iff_placeholders_remain(draft: Path) -> None:
    text = draft.read_text(encoding="utf-8")
    md = report(draft, ".md")
    assert md.splitlines()[0].startswith("**DRAFT: 8 values are still placeholders")
    rows = [f"| {field} | {n} |" for field, n in expected(text).items()]
    assert [line for line in md.splitlines() if line in rows] == rows
    html = report(draft, ".html")
    assert html.count('<div class="draft-mark" aria-hidden="true">DRAFT</div>') == 1
    assert "<title>DRAFT: Draft x</title>" in html
    assert ".draft-mark{position:fixed;" in html
    assert all(f"<td>{field}</td>" in html for field in WRITTEN)
    one = written(draft.with_name("one.yaml"), fill_all(text, but=("period",)))
    assert "**DRAFT: 1 value is still a placeholder" in report(one, ".md")
    done = written(draft.with_name("done.yaml"), fill_all(text))
    for suffix in (".md", ".html"):
        assert "DRAFT" not in report(done, suffix)
        assert "draft-mark" not in report(done, suffix)


def chromium() -> str | None:
    return next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)  # fmt: skip


def printed_pages(html: Path) -> list[str]:
    """The text of each page of ``html`` printed by headless Chromium (pdftotext's raw order:
    the rotated mark is one line)."""
    pdf = html.with_suffix(".pdf")
    subprocess.run([str(chromium()), "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri()],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    (count,) = [int(line.split()[1]) for line in info.stdout.splitlines()
                if line.startswith("Pages:")]  # fmt: skip
    return [subprocess.run(["pdftotext", "-raw", "-f", str(i), "-l", str(i), str(pdf), "-"],
                           check=True, capture_output=True, text=True).stdout
            for i in range(1, count + 1)]  # fmt: skip


@pytest.mark.skipif(
    chromium() is None or not (shutil.which("pdftotext") and shutil.which("pdfinfo")),
    reason="needs Chromium and poppler's pdftotext and pdfinfo",
)
def test_every_printed_page_of_a_draft_carries_the_mark(draft: Path) -> None:
    report(draft, ".html")
    pages = printed_pages(draft.with_suffix(".html"))
    assert len(pages) >= 2  # the mark is repeated, not only on the page it is written on
    assert all("DRAFT" in page.splitlines() for page in pages)
    done = written(draft.with_name("done.yaml"), fill_all(draft.read_text(encoding="utf-8")))
    report(done, ".html")
    clean = printed_pages(done.with_suffix(".html"))
    assert len(clean) >= 2 and not any("DRAFT" in page for page in clean)
