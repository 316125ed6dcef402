"""Shared by the tests of placeholders (tests/files/test_placeholders.py, tests/cli/test_drafts.py):
where `carboncalc new` puts each, found in the file's text by hand (the line that starts its
field), not by carboncalc's YAML reader; and filling one in as a user would."""

from __future__ import annotations

# Each placeholder of a new file: its field, and the lines of text leading to the line that
# starts it (each searched for after the one before).
WRITTEN = {
    "countries.0": ("countries: [XX]",),
    "sources.example-source": ("sources:", "  example-source:"),
    "area": ("area:",),
    "carbon.pools.above_ground": ("carbon:", "    above_ground:"),
    "deforestation.baseline.rate": ("deforestation:", "  baseline:", "    rate:"),
    "deforestation.project.reduction": ("deforestation:", "  project:", "    reduction:"),
    "period": ("period:",),
    "credits.buffer": ("credits:", "  buffer:"),
}


def line_of(text: str, *leads: str) -> int:
    """The 1-based number of the line that starts with the last of ``leads``, found in order."""
    lines = text.splitlines()
    at = -1
    for lead in leads:
        at = next(i for i in range(at + 1, len(lines)) if lines[i].startswith(lead))
    return at + 1


def expected(text: str, fields: set[str] | None = None) -> dict[str, int]:
    """The line of each placeholder of a new file's ``text`` (of ``fields`` only, if given)."""
    return {f: line_of(text, *leads) for f, leads in WRITTEN.items()
            if fields is None or f in fields}  # fmt: skip


def fill(text: str, field: str) -> str:
    """The file with one placeholder replaced as a user would: the country given, or the value's
    `placeholder: true` line deleted (the first after the line the field starts on)."""
    if field == "countries.0":
        return text.replace("countries: [XX]", "countries: [PE]")
    lines = text.splitlines(keepends=True)
    start = line_of(text, *WRITTEN[field])
    mark = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("placeholder:"))
    return "".join(lines[:mark] + lines[mark + 1 :])


def fill_all(text: str, but: tuple[str, ...] = ()) -> str:
    for field in WRITTEN:
        if field not in but:
            text = fill(text, field)
    return text
