"""The table kit: the console and the pieces of rich tables for people; the only module that
imports rich at module level.

A result module draws its tables in one function that imports this kit inside itself, so that
JSON and CSV output never load rich. Numbers are right-aligned and never cut: a table narrower
than its numbers lets its lines run long. Text from project files passes through a console that
escapes control characters and takes no markup from it (see :func:`make_console`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from rich import box
from rich.console import Console as Console  # named for the result modules' type hints
from rich.table import Table

from carboncalc.printable import printable
from carboncalc.render import terminal
from carboncalc.render.numbers import beside, rounded, share, sig

if TYPE_CHECKING:
    from carboncalc.core.claims import ClaimCheck
    from carboncalc.core.inputs import Provenance
    from carboncalc.files.loading import LoadedProject
    from carboncalc.files.quantities import Cited


def make_console() -> Console:
    """A console that shows text as it is: no markup, emoji codes or highlighting taken from
    it, and control characters escaped (a project file's "\\e[2J" must not clear the screen)."""

    class SafeConsole(Console):
        def render_str(self, text: str, **kwargs: Any) -> Any:
            return super().render_str(printable(text), **kwargs)

        def on_broken_pipe(self) -> None:
            # rich would exit 1 here; the command line ends by SIGPIPE instead, as it does for
            # JSON and CSV, so that `carboncalc stock X | head -1` behaves like other tools
            self.quiet = True
            raise BrokenPipeError

    return SafeConsole(highlight=False, markup=False, emoji=False, _environ=terminal.environ())


def make_table(
    title: str | None, columns: Sequence[tuple[str, str]], caption: str | None = None
) -> Table:
    """A table: "r" numeric columns (right-aligned) and "k" identifiers (left) never wrap or
    truncate; "l" text columns wrap to fit."""
    table = Table(
        title=title,
        caption=caption,
        title_justify="left",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    for name, kind in columns:
        if kind in ("r", "k"):
            justify: Literal["left", "right"] = "right" if kind == "r" else "left"
            table.add_column(name, justify=justify, no_wrap=True, overflow="fold")
        else:
            table.add_column(name, overflow="fold")
    return table


def print_table(console: Console, table: Table) -> None:
    """Print a table whose numeric columns are at least as wide as their widest cell."""
    for column in table.columns:
        if column.no_wrap:
            cells = [str(c) for c in column.cells] + [str(column.header)]
            column.min_width = max(len(line) for c in cells for line in c.split("\n"))
    # Never crop digits: in a terminal narrower than the table, let lines run long.
    needed = console.measure(table).minimum
    console.print(table, width=max(console.width, needed), crop=False)


def citation(obj: Cited) -> str:
    """Short citation: the source id, and whether the value is an assumption."""
    return ", ".join(x for x in (obj.source, "ASSUMPTION" if obj.assumption else None) if x)


def indented(text: str, indent: int, console: Console) -> str:
    """Text wrapped to the console, every line indented (continuation lines two more)."""
    import textwrap

    return textwrap.fill(
        text,
        width=max(console.width, 40),
        initial_indent=" " * indent,
        subsequent_indent=" " * (indent + 2),
        break_on_hyphens=False,
    )


def shortened(text: str, width: int) -> str:
    """Text on one line of at most ``width`` characters: cut at a word, ending in "..." where
    cut; an ASSUMPTION that the cut would lose is kept at the end."""
    import textwrap

    one = " ".join(text.split())
    if len(one) <= width:
        return one
    mark = " [ASSUMPTION]" if "ASSUMPTION" in one else ""
    return textwrap.shorten(one, width=max(width - len(mark), 10), placeholder=" ...") + mark


def plain(
    console: Console, text: str, style: str | None = None, *, soft_wrap: bool = False
) -> None:
    """Print text as it is: no markup, so "[source-id]" stays visible; with ``soft_wrap``,
    lines are not broken at the terminal's width (text to copy, such as YAML)."""
    console.print(text, markup=False, highlight=False, style=style, soft_wrap=soft_wrap)


def print_header(console: Console, loaded: LoadedProject) -> None:
    """The project's name, countries and file on one line (cut where long), so that the answer
    below it starts on the second line."""
    from carboncalc.files.projects import display_path

    width = max(console.width, 40)
    where = f" ({', '.join(loaded.countries)}) - {display_path(loaded.path)}"
    title = shortened(loaded.title, max(width - len(where), 20))  # the file's name kept whole
    plain(console, title + where, style="bold")


def print_sources(console: Console, provenance: Provenance, ids: set[str | None]) -> None:
    lines = [f"  {sid}: {text}" for sid, text in provenance.sources if sid in ids]
    if lines:
        plain(console, "Sources:\n" + "\n".join(lines))


def overrides_caption(loaded: LoadedProject) -> str | None:
    if not loaded.overrides:
        return None
    sets = ", ".join(o.text + (f" ({o.how})" if o.how else "") for o in loaded.overrides)
    what = f"Scenario {loaded.scenario}" if loaded.scenario else "What-if"
    return f"{what}: {sets} (file unchanged)"


def claims_table(provenance: Provenance | None, checks: Sequence[ClaimCheck],
                 title: str | None) -> Table:  # fmt: skip
    """Each claim as published (with its qualifier, "over", "some"), carboncalc's figure in the
    same unit with its 90 % interval in brackets, the difference against the claim's tolerance,
    and the verdict."""
    table = make_table(
        title,
        [("claim", "k"), ("published", "r"), ("carboncalc", "r"), ("diff. ±tol.", "r"),
         ("", "k")],
        caption="carboncalc: from the file's inputs, in the claim's unit (its 90 % interval in "
        "brackets); diff.: from the published figure, ± the claim's tolerance (%); then the "
        "verdict, HOLDS or FAILS.",
    )  # fmt: skip
    for c in checks:
        qualifier = provenance.qualifier(c.claim_id) if provenance is not None else None
        derived = c.derived_as_published
        shown = "-" if derived is None else beside(derived, c.claimed_as_published)
        if c.interval is not None:
            low, high = (x / c.scale for x in c.interval)
            shown += f" ({rounded(low)}-{rounded(high)})"
        table.add_row(
            c.claim_id + ("" if c.case == "central" else f" {c.case}"),
            (qualifier + " " if qualifier else "") + f"{sig(c.claimed_as_published)} "
            f"{c.published_unit}", shown,
            f"{share(c.difference_pct)} ±{rounded(c.tolerance_pct, 2)}",
            c.verdict.upper(), style=None if c.verdict == "holds" else "bold",
        )  # fmt: skip
    return table


def print_claim_notes(console: Console, checks: Sequence[ClaimCheck]) -> None:
    """How carboncalc obtained each claim's figure, one wrapped line per claim and case."""
    notes = dict.fromkeys(f"{c.claim_id} ({c.case}): {c.how}" for c in checks)
    plain(console, "\n".join(indented(note, 2, console) for note in notes))


def header_line(loaded: LoadedProject) -> str:
    from carboncalc.files.projects import display_path

    return f"{loaded.title} ({', '.join(loaded.countries)}) - {display_path(loaded.path)}"


# the verdict words as answers print them (HOLDS, FAIL, ...), each in its colour where colour is on
VERDICT_STYLES = {"HOLD": "bold green", "FAIL": "bold red", "UNCHECKED": "bold yellow"}


def claim_sentence(c: ClaimCheck, *, reason: bool = True) -> str:
    """One claim's verdict as a reader asks it: what was published, carboncalc's figure, by how
    much it differs against the tolerance, whether the published figure lies within carboncalc's
    90 % interval and, for a claim that fails, what it would take to be true; for one that
    fails as its file expects, with ``reason``, why it is expected."""
    name = c.claim_id + ("" if c.case == "central" else f" ({c.case})")
    derived = c.derived_as_published
    if derived is None:
        return f"{name} UNCHECKED: {c.how}"
    unit = c.published_unit
    said = " (expected)" if c.expected else " (expected to fail)" if c.unexpected_pass else ""
    text = (f"{name} {c.verdict.upper()}{said}: published {sig(c.claimed_as_published)} {unit}, "
            f"carboncalc {beside(derived, c.claimed_as_published)} {unit} "
            f"({share(c.difference_pct)}; tolerance "
            f"±{rounded(c.tolerance_pct, 2)} %)")  # fmt: skip
    if c.interval is not None:
        low, high = (x / c.scale for x in c.interval)
        where = "within" if c.within_interval else "outside"
        text += f", {where} carboncalc's 90 % interval {rounded(low)}-{rounded(high)} {unit}"
    needed = [i for i in c.implied if i.kind == "needed"]
    projected = [i for i in c.implied if i.kind == "projected"]
    if c.verdict == "fails" and needed:
        need = f"{rounded(needed[0].value)} {needed[0].unit}"
        text += (f"; it would take a density of {need}" if c.measure == "stock"
                 else f"; it would take {need} of {needed[0].what}")  # fmt: skip
        if projected:
            text += f" where carboncalc has {rounded(projected[0].value)}"
    if c.expected and reason:
        why = (c.expect_reason or "").strip()
        return f"{text}. Expected to fail: {why}" + ("" if why.endswith(".") else ".")
    if c.unexpected_pass:
        return f"{text}. The file expects it to fail: remove `expect` from the claim."
    return text + "."


def claims_answer(checks: Sequence[ClaimCheck], *, reasons: bool = False) -> list[str]:
    """The claims in the answer: the first that fails (in the file's order, the order its
    author put them in, as the report's summary takes them), in a sentence; the others that fail
    in a few words; where none fails, each that holds in a sentence. A failure its file
    expects comes after those it does not, and says it is expected; a claim expected to fail
    that holds is among the failures; with ``reasons``, the first says why it is expected."""
    failing = [c for c in checks if c.verdict != "holds" or c.unexpected_pass]
    if not failing:
        return [claim_sentence(c, reason=reasons) for c in checks]
    failing.sort(key=lambda c: c.expected)  # stable: the file's order within each
    lines = [claim_sentence(failing[0], reason=reasons)]
    if len(failing) > 1:
        lines.append("Also: " + "; ".join(
            f"{c.claim_id}{'' if c.case == 'central' else f' ({c.case})'} "
            f"{c.verdict.upper()} ({share(c.difference_pct)}"
            + (", expected" if c.expected else ", expected to fail" if c.unexpected_pass
               else "") + ")" for c in failing[1:]
        ) + ".")  # fmt: skip
    return lines


def print_answer(console: Console, lines: Sequence[str]) -> None:
    """A command's answer, first: the lines wrapped to the console, the first in bold; a word
    HOLDS, FAILS or UNCHECKED in colour where colour is on."""
    from rich.text import Text

    for i, line in enumerate(lines):
        text = Text(printable(indented(line, 0, console)), style="bold" if i == 0 else "")
        for word, style in VERDICT_STYLES.items():
            text.highlight_regex(rf"\b{word}S?\b", style=style)
        console.print(text, highlight=False)
