"""The document kit: the blocks of ``carboncalc report``'s document that each result's section
is made of (the document itself and its Markdown and HTML backends: :mod:`.document`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from carboncalc.render.recordkit import Record


@dataclass(frozen=True)
class Block:
    # "h1", "h2", "h3", "p", "lead" (the summary), "table", "pre", "chart", "summary", "draft"
    kind: str
    text: str = ""  # for a chart: the text chart, which HTML shows only without an SVG
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    svg: str = ""  # a chart's picture, for HTML
    marks: tuple[str, ...] = ()  # per table row: "" or "fail" (highlighted)
    # where the document puts it: "" in the body, in the order of the sections; "methods" or
    # "appendix" after the body, in the appendices (which a printed page leaves out)
    part: str = ""


def placed(blocks: list[Block], part: str) -> list[Block]:
    """Blocks moved to a part of the document (the methods or the appendix)."""
    from dataclasses import replace

    return [replace(b, part=part) for b in blocks]


def chart_block(text: str, svg: str | None) -> Block:
    """A chart: the picture in HTML where matplotlib drew one, else (and in Markdown) text."""
    return Block("chart", text=text, svg=svg or "")


def svg_of(draw: object, *args: object, **options: object) -> str | None:
    """An inline SVG from a plot function (its arguments, the last the title; the path is put
    before the title), or None without matplotlib."""
    import tempfile

    from carboncalc.errors import CarboncalcError

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chart.svg"
        try:
            draw(*args[:-1], path, args[-1], **options)  # type: ignore[operator]
        except CarboncalcError:
            return None
        text = path.read_text(encoding="utf-8")
    return text[text.index("<svg") :]


def record_columns(
    record: Record, picks: Sequence[tuple[str, str, Callable[[Any], str]]]
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Columns of a record's rows, chosen by name, each with its label and its format: the
    document shows the same figures as JSON and CSV, rounded for reading."""
    index = {name: i for i, name in enumerate(record.header)}
    header = tuple(label for _, label, _ in picks)
    rows = tuple(tuple(show(row[index[name]]) for name, _, show in picks) for row in record.rows)
    return header, rows
