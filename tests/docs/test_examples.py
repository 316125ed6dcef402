"""The documentation's examples are run, so that they cannot drift from what carboncalc prints
(issue 25).

README.md and every docs/*.md page are read for two kinds of fenced block:

- ```console: lines `$ carboncalc ...` (a line ending in a backslash goes on to the next), each
  followed by what it prints, stdout and stderr as a terminal shows them. Each command runs in
  bash (so `| cut -d, -f2,5` works as typed), in a folder of the page's own that holds a copy of
  the seed projects as `projects/` (as a clone's root does) and of `tests/data/valid`, with
  COLUMNS=80, NO_COLOR and a cache of the tests' own; the commands of one page run in order in
  the same folder.
- ```python with `>>>` lines (and `...` continuations): run as doctest runs them, in the same
  kind of folder, each followed by what it prints or the value's repr.

The output is compared exactly, line ends aside. After an intended change of what carboncalc
prints, refresh the pages in place, review the diff, and commit it:
    CARBONCALC_UPDATE_DOCS=1 pytest tests/docs
Every line of every fenced block fits 80 columns, and every `carboncalc` command in a console
or sh block, run or not, parses against its own command's arguments and options.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from difflib import unified_diff
from importlib.metadata import version
from pathlib import Path

import pytest
import typer
from packaging.version import Version

from carboncalc.cli import app

ROOT = Path(__file__).parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
UPDATE = bool(os.environ.get("CARBONCALC_UPDATE_DOCS"))
FENCE = re.compile(r"^(\s*)```(\S*)\s*$")
# As in tests/cli/test_snapshots.py: before this release rich pads some table columns by one
# more space, and so wraps some lines elsewhere; there, outputs are compared word by word.
TABLES_BY = Version("14.3.0")
RULES = re.compile(r"([\u2500-\u257f])\1+")
REDIRECT = re.compile(r"\s\d?>>?(?:&\d|\s*[^\s;|&]+)")  # > file, 2>/dev/null, 2>&1


@dataclass
class Example:
    """One command (or Python statement) and what it prints, as lines of the page."""

    source: list[str]  # as on the page: `$ ...` and its continuations, or `>>> ...`/`... `
    want: list[str]
    line: int  # the page's line number (1-based) of the first source line


@dataclass
class Block:
    lang: str
    first: int  # index in the page's lines of the block's first line inside the fence
    lines: list[str]
    examples: list[Example] = field(default_factory=list)


def blocks(text: str) -> Iterator[Block]:
    """The fenced blocks of a Markdown page, in order."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        opened = FENCE.match(lines[i])
        if not opened:
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == "```")
        yield Block(opened.group(2), i + 1, lines[i + 1 : end])
        i = end + 1


def console_examples(block: Block) -> list[Example]:
    """`$ command` lines, a backslash at the end going on to the next line, and their output."""
    out: list[Example] = []
    continued = False
    for n, text in enumerate(block.lines):
        if text.startswith("$ ") and not continued:
            out.append(Example([text], [], block.first + n + 1))
        elif continued:
            out[-1].source.append(text)
        elif out:
            out[-1].want.append(text)
        else:
            raise AssertionError(f"line {block.first + n + 1}: a console block starts with '$ '")
        continued = text.endswith("\\") and not out[-1].want
    return out


def python_examples(block: Block) -> list[Example]:
    """doctest's reading: `>>>` starts a statement, `...` goes on with it, and what follows up
    to a blank line or the next `>>>` is what it prints."""
    out: list[Example] = []
    in_want = False
    for n, text in enumerate(block.lines):
        if text.startswith(">>>"):
            out.append(Example([text], [], block.first + n + 1))
            in_want = True
        elif text.startswith("...") and out and not out[-1].want and in_want:
            out[-1].source.append(text)
        elif in_want and text.strip():
            out[-1].want.append(text)
        else:
            in_want = False
    return out


def page_blocks(page: Path) -> list[Block]:
    found = []
    for block in blocks(page.read_text(encoding="utf-8")):
        if block.lang == "console":
            block.examples = console_examples(block)
        elif block.lang == "python" and any(t.startswith(">>>") for t in block.lines):
            block.examples = python_examples(block)
        found.append(block)
    return found


def normal(lines: list[str]) -> list[str]:
    """Lines without trailing spaces (rich pads table lines to their width), and no blank lines
    at the end."""
    out = [line.rstrip() for line in lines]
    while out and not out[-1]:
        out.pop()
    return out


def squeezed(lines: list[str]) -> list[str]:
    return sorted(RULES.sub(r"\1", "\n".join(lines)).split())


class Folder:
    """The folder a page's examples run in: the seed projects as `projects/` and the valid test
    files as `tests/data/valid`, as at the root of a clone; `carboncalc` on the PATH is this
    Python's carboncalc."""

    def __init__(self, tmp: Path, cache: Path) -> None:
        self.path = tmp / "work"
        shutil.copytree(ROOT / "projects", self.path / "projects")
        shutil.copytree(ROOT / "tests" / "data" / "valid", self.path / "tests" / "data" / "valid")
        shim = tmp / "bin" / "carboncalc"
        shim.parent.mkdir(parents=True)
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m carboncalc "$@"\n')
        shim.chmod(0o755)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CARBONCALC_")}
        self.env.update(
            PATH=f"{shim.parent}{os.pathsep}{os.environ.get('PATH', '')}",
            COLUMNS="80",
            LINES="50",
            NO_COLOR="1",
            TERM="dumb",
            HOME=str(tmp),
            CARBONCALC_CACHE="1",
            CARBONCALC_CACHE_DIR=str(cache),
            PYTHONUNBUFFERED="1",  # stdout and stderr in the order they are written
            PYTHONIOENCODING="utf-8",
            PYTHONHASHSEED="0",
        )

    def run(self, example: Example) -> list[str]:
        command = "\n".join([example.source[0][2:], *example.source[1:]])
        result = subprocess.run(["bash", "-c", command], cwd=self.path, env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                timeout=300, check=False)  # fmt: skip
        return result.stdout.decode("utf-8").splitlines()


def run_python(example: Example, names: dict[str, object]) -> list[str]:
    """What doctest would see: printed text, and the repr of an expression's value."""
    source = "\n".join(line[4:] for line in example.source)
    printed = io.StringIO()
    with redirect_stdout(printed):
        exec(compile(source, f"<line {example.line}>", "single"), names)
    return printed.getvalue().splitlines()


def outcomes(
    page: Path, tmp: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[Example, list[str]]]:
    """Every example of the page with what it printed, in page order."""
    folder = Folder(tmp, cache)
    monkeypatch.chdir(folder.path)
    monkeypatch.delenv("CARBONCALC_PROJECTS_DIR", raising=False)
    names: dict[str, object] = {"__name__": "__docs__"}
    found = []
    for block in page_blocks(page):
        for example in block.examples:
            got = folder.run(example) if block.lang == "console" else run_python(example, names)
            found.append((example, got))
    return found


def rewrite(page: Path, found: list[tuple[Example, list[str]]]) -> None:
    """The page with each example's output replaced by what it printed."""
    lines = page.read_text(encoding="utf-8").splitlines()
    for example, got in reversed(found):
        start = example.line - 1 + len(example.source)
        kept = len(example.want) - len(normal(example.want))  # blank lines before the next
        lines[start : start + len(example.want)] = normal(got) + [""] * kept
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")


RUN_PAGES = [p for p in PAGES if any(b.examples for b in page_blocks(p))]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for every page's commands, as a user's commands share theirs: a Monte Carlo
    that one page runs is kept for the next (the snapshot tests hold that a kept run prints
    what a fresh one does)."""
    return tmp_path_factory.mktemp("cache")


@pytest.mark.parametrize("page", RUN_PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_examples_print_what_the_page_shows(
    page: Path, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = outcomes(page, tmp_path, cache, monkeypatch)
    crashed = [e.line for e, got in found if any("Traceback (most recent" in g for g in got)]
    assert not crashed, f"{page.name}: a traceback at lines {crashed}"
    if UPDATE:
        rewrite(page, found)
        again = [e for b in page_blocks(page) for e in b.examples]
        found = [(e, got) for e, (_, got) in zip(again, found, strict=True)]
    words = Version(version("rich")) < TABLES_BY
    wrong = []
    for example, got in found:
        same = (squeezed(normal(got)) == squeezed(normal(example.want)) if words
                else normal(got) == normal(example.want))  # fmt: skip
        if not same:
            diff = unified_diff(normal(example.want), normal(got), "page", "printed", lineterm="")
            wrong.append(f"{page.name}:{example.line}: {example.source[0]}\n" + "\n".join(diff))
    assert not wrong, "\n\n".join(wrong) + "\n\nAfter an intended change: CARBONCALC_UPDATE_DOCS=1"


def test_the_documentation_has_examples_to_run() -> None:
    """The runner finds the examples (a page whose fences it misread would pass unread)."""
    readme = [e for b in page_blocks(ROOT / "README.md") for e in b.examples]
    assert readme and all(e.want for e in readme), "the README's worked example and its output"
    assert sum(len(b.examples) for p in PAGES for b in page_blocks(p)) >= 40


def test_the_parsers_read_what_the_pages_write() -> None:
    console = Block("console", 10, ["$ carboncalc did --project 1 2 \\", "    --control 3 4",
                                    "out 1", "", "out 2", "$ carboncalc list", "x"])  # fmt: skip
    examples = console_examples(console)
    assert [e.source for e in examples] == [
        ["$ carboncalc did --project 1 2 \\", "    --control 3 4"],
        ["$ carboncalc list"],
    ]
    assert [e.want for e in examples] == [["out 1", "", "out 2"], ["x"]]
    assert [e.line for e in examples] == [11, 16]
    python = Block("python", 0, [">>> for x in (1, 2):", "...     print(x)", "1", "2", "",
                                 "text", ">>> 3", "3"])  # fmt: skip
    assert [(e.source, e.want) for e in python_examples(python)] == [
        ([">>> for x in (1, 2):", "...     print(x)"], ["1", "2"]),
        ([">>> 3"], ["3"]),
    ]


def code_lines() -> Iterator[tuple[str, int, str, str]]:
    """(page, line number, block language, text) of every line inside a fence."""
    for page in PAGES:
        for block in page_blocks(page):
            for n, text in enumerate(block.lines):
                yield page.name, block.first + n + 1, block.lang, text


def test_every_code_line_fits_80_columns() -> None:
    wide = [f"{p}:{n}: {len(t)}" for p, n, _, t in code_lines() if len(t) > 80]
    assert not wide, wide


def commands() -> Iterator[tuple[str, int, list[str]]]:
    """Each `carboncalc ...` of a console or sh block, as its words, shell syntax cut off."""
    for page in PAGES:
        for block in page_blocks(page):
            if block.lang not in ("console", "sh"):
                continue
            joined: list[tuple[int, str]] = []
            for n, text in enumerate(block.lines):
                if block.lang == "console" and not text.startswith("$ ") and not (
                        joined and joined[-1][1].endswith("\\")):  # fmt: skip
                    continue
                text = text.removeprefix("$ ")
                if joined and joined[-1][1].endswith("\\"):
                    joined[-1] = (joined[-1][0], joined[-1][1][:-1] + " " + text.strip())
                else:
                    joined.append((block.first + n + 1, text))
            for line, text in joined:
                text = REDIRECT.sub(" ", text)
                lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|")
                lexer.whitespace_split = True
                part: list[str] = []
                for word in [*lexer, ";"]:
                    if set(word) <= set(";&|"):
                        while part and re.fullmatch(r"[A-Z_]+=\S*", part[0]):
                            part = part[1:]  # VARIABLE=value before the command
                        if part[:1] == ["carboncalc"] and len(part) > 1:
                            yield page.name, line, part[1:]
                        part = []
                    else:
                        part.append(word)


def test_every_command_shown_parses() -> None:
    """Run or not (observe needs rasters), a command on a page takes only the arguments and
    options its command has."""
    group = typer.main.get_command(app)
    shown = list(commands())
    assert len(shown) >= 40
    for page, line, words in shown:
        if words[0].startswith("-"):  # an option of carboncalc itself (--show-config)
            group.make_context("carboncalc", words, resilient_parsing=False)
            continue
        assert words[0] in group.commands, f"{page}:{line}: no command {words[0]}"  # type: ignore[attr-defined]
        sub = group.commands[words[0]]  # type: ignore[attr-defined]
        try:
            sub.make_context(words[0], words[1:], resilient_parsing=False)
        except Exception as error:  # click's UsageError, or --help's exit
            if not (set(words) & {"--help", "-h"}):
                raise AssertionError(f"{page}:{line}: {shlex.join(words)}: {error}") from error


def test_the_quick_start_is_what_ci_runs() -> None:
    """The README's two commands are the ones .ci/run runs in a fresh environment: the install
    (then `carboncalc stock alto-mayo` from outside the clone) and the tests."""
    quick = next(b for b in page_blocks(ROOT / "README.md") if b.lang == "sh")
    assert quick.lines == ["pip install . && carboncalc stock alto-mayo",
                           "pip install '.[test]' && pytest"]  # fmt: skip
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for step in ("pip install --quiet .\n", "carboncalc stock alto-mayo",
                 "pip install --quiet '.[test]'\n", 'suite "newest releases"\n'):  # fmt: skip
        assert step in ci, step
