"""A seed project as a copy without its claims' `expect:` blocks: the seed files record the
claims carboncalc finds to fail, so that `carboncalc check` over them passes; a test about a
failing claim checks this copy, whose claims fail as plainly as before."""

from __future__ import annotations

from pathlib import Path

PROJECTS = Path(__file__).parents[1] / "projects"


def strip_expect(text: str) -> str:
    """The file's text with each claim's ``expect:`` block (and everything indented under it)
    taken out; found by hand in the text, not by carboncalc's reader."""
    out: list[str] = []
    skipping: int | None = None  # the indent of the `expect:` key being removed
    for line in text.splitlines(keepends=True):
        indent = len(line) - len(line.lstrip(" "))
        if skipping is not None:
            if line.strip() and indent <= skipping:
                skipping = None
            else:
                continue
        if line.lstrip(" ").startswith("expect:"):
            skipping = indent
            continue
        out.append(line)
    return "".join(out)


def without_expect(name: str, folder: Path) -> Path:
    """``projects/NAME.yaml`` copied into ``folder`` without its `expect:` blocks."""
    text = (PROJECTS / f"{name}.yaml").read_text(encoding="utf-8")
    stripped = strip_expect(text)
    assert stripped != text or "expect:" not in text
    path = folder / f"{name}.yaml"
    path.write_text(stripped, encoding="utf-8")
    return path
