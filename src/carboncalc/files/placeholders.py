"""Placeholders: the values ``carboncalc new`` writes for the user to replace.

A placeholder is marked in the file itself, so that nothing has to guess from a value or its
note: ``placeholder: true`` beside a value (any value that cites a source or is an assumption),
on a source or on the period; and the country code ``XX``, which ISO 3166-1 leaves to users and
no country has. The mark stays while the user edits the value's other fields (its note, unit,
range) and goes when they delete it, having given the real value and its source; an override
(``--set``, a scenario) of the value drops it too, as it drops the value's source and note.

While a placeholder remains, ``check`` fails (exit 1) naming each with its line, every command
that prints figures says so once on stderr, and a report is marked DRAFT on every page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from carboncalc.errors import Problem

if TYPE_CHECKING:
    from carboncalc.files.yamlio import Document, Loc

KEY = "placeholder"
COUNTRY = "XX"  # ISO 3166-1 user-assigned: no country's code
MESSAGE = "still a placeholder from carboncalc new: give the real value and its source"


def placeholder_field() -> Any:
    """The ``placeholder`` flag of a value, a source or the period, as the schema shows it
    (pydantic is imported here, not with the module: a load from the cache needs no schema)."""
    from pydantic import Field

    return Field(
        default=None,  # not `false`: a value's data (`show -f json`) says nothing of it
        description="Written by `carboncalc new` beside a value that is not the project's yet: "
        "`carboncalc check` fails (exit 1) and reports are marked DRAFT while any remains. "
        "Give the real value and its source, then delete this line.",
    )


@dataclass(frozen=True)
class Placeholder:
    """One placeholder: the field it is at (``carbon.pools.above_ground``), the file and the
    line the field starts on."""

    field: str
    path: str
    line: int | None

    def __str__(self) -> str:
        """``file:line: field: still a placeholder from carboncalc new: ...``"""
        return str(Problem(MESSAGE, self.path, self.line, field=self.field))


def find_placeholders(doc: Document) -> tuple[Placeholder, ...]:
    """Every placeholder of a valid project's data (after any override), in the file's order."""
    from carboncalc.files.yamlio import dotted

    found = []
    for loc in _marked(doc.data, ()):
        if loc in doc.marks:  # where the file writes it (an override of a field inside it, a
            found.append(Placeholder(dotted(loc), doc.path, doc.marks[loc][0]))  # note, kept it)
        else:
            where = doc.locate(loc)
            found.append(Placeholder(dotted(loc), where.path or doc.path, where.line))
    return tuple(found)


def _marked(node: Any, loc: Loc) -> Iterator[Loc]:
    """The places under ``node`` that are placeholders (the schema allows the mark only where
    it means one, and a project nests a few levels: no stack to fear)."""
    if isinstance(node, dict):
        if node.get(KEY) is True:
            yield loc
        for key, child in node.items():
            yield from _marked(child, (*loc, key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            if loc == ("countries",) and child == COUNTRY:
                yield (*loc, i)
            yield from _marked(child, (*loc, i))
