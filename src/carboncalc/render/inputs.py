"""A project's inputs as written, one row per value, for ``show`` and the report."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from carboncalc.render.numbers import sig

if TYPE_CHECKING:
    from carboncalc.files.model import Project


class InputRow(NamedTuple):
    field: str  # dotted path, as --set takes it; "claim ID" or "note: TEXT" for those
    value: str
    unit: str
    source_id: str
    source: str  # the source's publisher, title and year
    assumption: bool
    note: str


def input_rows(p: Project) -> list[InputRow]:
    """Every input value (and published fact) with its unit and source, in file order."""
    from carboncalc.files.deforestation import OwnEmissionFactors
    from carboncalc.files.model import Burning, Note, Observed
    from carboncalc.files.quantities import Ranged, Release
    from carboncalc.files.schema import walk

    rows = []
    for loc, obj in walk(p):
        if not loc or loc[0] == "sources":
            continue
        if getattr(obj, "release", None) == "default":
            field = ".".join(map(str, (*loc, "release")))
            decay = "carboncalc's decay table, after VM0015"
            rows.append(InputRow(field, "default", "", "", decay, True,
                                 "as carboncalc's table gives it for this pool"))  # fmt: skip
        if isinstance(obj, Ranged) and getattr(obj, "root_to_shoot", None) is None:
            is_claim = loc[0] == "claims" and len(loc) == 2
            field = f"claim {p.claims[int(loc[1])].id}" if is_claim else ".".join(map(str, loc))
            value = sig(obj.value) if obj.value is not None else ""
            if obj.low is not None and obj.high is not None:
                value = (value + " " if value else "") + f"[{sig(obj.low)}-{sig(obj.high)}]"
            unit = str(getattr(obj, "unit", None) or "")
            basis = getattr(obj, "basis", None)
            if unit == "%/yr" and basis:
                unit += f" of {basis} forest"
            note = obj.note or ""
            found = getattr(obj, "from_areas", None)
            if found is not None:
                note = (f"from {sig(found.first.area)} {found.unit} ({found.first.year}) to "
                        f"{sig(found.last.area)} {found.unit} ({found.last.year})"
                        + (f"; {note}" if note else ""))  # fmt: skip
        elif isinstance(obj, Observed):
            field = ".".join(map(str, loc))
            years = sorted(obj.by_year)
            value = f"{len(years)} years, {years[0]}-{years[-1]}"
            unit = f"{obj.unit} {'cleared' if obj.measure == 'cleared' else 'of forest left'}"
            note = (f"from {obj.file}; " if obj.file else "") + (obj.note or "")
        elif isinstance(obj, Release):
            field, value, unit = ".".join(map(str, loc)), f"{obj.years}", "years"
            note = f"{obj.remaining:.0%} remains" + (f"; {obj.note}" if obj.note else "")
        elif isinstance(obj, Burning):
            field = ".".join(map(str, loc))
            table = obj.emission_factors
            factors = table if isinstance(table, str) else "default" if table is None else "own"
            value = f"{obj.combustion_factor:g}"
            unit = f"combustion factor, GWPs {obj.gwp}, emission factors {factors}"
            note = obj.note or ""
        elif isinstance(obj, OwnEmissionFactors):
            field = ".".join(map(str, loc))
            value = f"CH4 {obj.ch4_g_per_kg_dm:g}, N2O {obj.n2o_g_per_kg_dm:g}"
            unit, note = "g per kg dry matter burned", obj.note or ""
        elif isinstance(obj, Note):
            field, note = f"note: {obj.text}", ""
            value = sig(obj.value) if obj.value is not None else ""
            unit = obj.unit or ""
        else:
            continue
        source = source_text(p, obj.source) if obj.source else ""
        rows.append(InputRow(field, value, unit, obj.source or "", source, obj.assumption, note))
    return rows


def source_text(project: Project, source_id: str) -> str:
    src = project.sources[source_id]
    text = f"{src.publisher + ': ' if src.publisher else ''}{src.title}"
    return text + (f" ({src.year})" if src.year else "")
