"""What-if overrides: ``--set FIELD=VALUE`` changes the project data before validation.

The file on disk is never touched. An override of a value with a unit replaces the value and marks
it as an assumption, so every output shows that it is no longer the source's.

What-ifs keep spread: ``FIELD=VALUE`` on an uncertain input (a low-high range, or an sd) moves its
central value and keeps its spread, so that the Monte Carlo uncertainty, and the uncertainty
deduction that follows from it, change only as far as the input itself does:

- a percentage (unit ``%``: buffer, leakage, reduction, a fixed uncertainty deduction) is
  *shifted*: its range or sd moves by the same number of percentage points; a range that would
  pass 0 or 100 % is cut there (and the what-if's note says so);
- any other quantity (area, density, stock, rate, ratio) is *scaled*: its range or sd is
  multiplied by new central / old central, so its relative spread is kept and it stays positive
  (in any unit, since a ratio has none). A central value of 0 is shifted.

``FIELD=LOW..HIGH`` sets a new range (uniform, centre the midpoint), and ``FIELD=X..X`` a fixed
value with no spread.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from carboncalc.errors import Problem, ProjectFileError, UnitError
from carboncalc.files import model, quantities
from carboncalc.files.yamlio import AmbiguousScalar, resolve_scalar
from carboncalc.units import parse_number_unit

# A path segment: a name (letters, digits, _ and -, as in scenario and source ids), an item
# number, or any key in double or single quotes (for keys holding a dot: sources."ipcc.2006").
_SEGMENT = re.compile(r"""([A-Za-z0-9_-]+)|"([^"]+)"|'([^']+)'""")


def _known_units() -> dict[str, str]:
    units: set[str] = {"%"}
    for alias in (
        quantities.AreaUnit,
        quantities.DensityUnit,
        quantities.StockUnit,
        quantities.RateUnit,
        quantities.FossilUnit,
    ):
        units.update(typing.get_args(alias))
    for allowed in model.CLAIM_UNITS.values():
        units.update(allowed)
    table = {u.replace(" ", "").lower(): u for u in units}
    table.update({"acres": "acre", "km²": "km2", "hectares": "ha", "%/year": "%/yr"})
    return table


KNOWN_UNITS = _known_units()


@dataclass(frozen=True)
class Override:
    """One applied ``--set``."""

    text: str
    path: tuple[str | int, ...]
    value: Any
    unit: str | None
    how: str | None = None  # what became of the input's spread ("spread kept: scaled by 0.41")
    created: tuple[str | int, ...] | None = None  # the outermost mapping the override added

    @property
    def origin(self) -> tuple[str | int, ...]:
        """Where the override's effect begins: a problem at or under it is the override's."""
        return self.created if self.created is not None else self.path

    @property
    def field(self) -> str:
        return ".".join(str(p) for p in self.path)


@dataclass(frozen=True)
class Spelling:
    """How the caller gave an override, so that what is said about it speaks the caller's
    language: on the command line ``--set area=5ha`` (the default), in a project file a
    scenario's line (``at``), from Python a function's argument (``caller``, such as
    ``with_values``, whose problems read ``with_values: 'area': ...``)."""

    caller: str | None = None  # a Python function's name; None: the command line's --set
    at: str | None = None  # where a scenario's override is written, for its problems

    def label(self, text: str) -> str:
        """What a problem with the override ``text`` (FIELD=VALUE) is reported at."""
        if self.at is not None:
            return self.at
        if self.caller is not None:
            return f"{self.caller}: {_key(text)!r}"
        return f"--set {text}"

    def malformed(self, text: str) -> Problem:
        """The problem of a FIELD=VALUE that is not one."""
        if self.caller is None:
            return Problem(f"expected FIELD=VALUE such as area=400000acre, got {text!r}",
                           path=self.label(text))  # fmt: skip
        key, _, value = text.partition("=")
        message = (f"expected a value, such as '5000 ha' or 20, got {value!r}"
                   if _field_path(f"{key}=")[0] else
                   "expected a field path such as 'area' or 'credits.buffer'")  # fmt: skip
        return Problem(message, path=f"{self.caller}: {key!r}")

    def note(self, text: str) -> str:
        """The note a value set by the override carries, in every output."""
        return f"what-if: {text}" if self.caller is not None else f"what-if: --set {text}"


COMMAND_LINE = Spelling()


def _key(text: str) -> str:
    """The FIELD of a FIELD=VALUE text (all of it where there is no ``=``)."""
    path, end = _field_path(text)
    return text[:end].strip() if path else text.partition("=")[0]


def canonical_unit(unit: str) -> str:
    """``"tC/ha"`` -> ``"t C/ha"``; an unknown unit is returned unchanged for validation."""
    return KNOWN_UNITS.get(unit.replace(" ", "").lower(), unit)


def parse(text: str, spelling: Spelling = COMMAND_LINE) -> tuple[tuple[str | int, ...], str]:
    """``"area=400000acre"`` -> ``(("area",), "400000acre")``; ``scenarios.high-buffer.set.0``
    and ``sources."ipcc.2006".year`` address keys with ``-`` and ``.``."""
    path, end = _field_path(text)
    value = text[end + 1 :].strip() if path else ""
    if not path or not value:
        raise ProjectFileError([spelling.malformed(text)])
    return path, value


def _field_path(text: str) -> tuple[tuple[str | int, ...], int]:
    """The segments of FIELD and the index of the ``=`` after it; () where FIELD is malformed."""
    segments: list[str | int] = []
    pos = len(text) - len(text.lstrip())
    while True:
        match = _SEGMENT.match(text, pos)
        if not match:
            return (), -1
        name, double, single = match.groups()
        if name is not None:
            segments.append(int(name) if name.isdigit() else name)
        else:
            segments.append(double if double is not None else single)
        pos = match.end()
        if text.startswith(".", pos):
            pos += 1
            continue
        end = pos + len(text[pos:]) - len(text[pos:].lstrip())
        return (tuple(segments), end) if text.startswith("=", end) else ((), -1)


# Fields that are alternatives to each other: setting one removes the other.
ALTERNATIVES: dict[tuple[str | int, ...], str] = {
    ("deforestation", "project", "rate"): "reduction",
    ("deforestation", "project", "reduction"): "rate",
}
# Keys of a quantity that describe the value being replaced, so an override drops them (a
# placeholder's mark too: the what-if's value is no placeholder).
_REPLACED = ("value", "low", "high", "source", "note", "root_to_shoot", "from_areas",
             "placeholder")  # fmt: skip


def _is_quantity(node: Any) -> bool:
    return isinstance(node, dict) and ("unit" in node or "value" in node or "low" in node)


def apply(
    data: dict[str, Any], texts: list[str], spelling: Spelling = COMMAND_LINE
) -> list[Override]:
    """Apply every ``--set`` to the raw project data, in order; return what was applied.
    ``spelling``: how the caller gave them, which their problems and notes say."""
    applied = []
    for text in texts:
        path, raw = parse(text, spelling)
        label = spelling.label(text)
        parent: Any = data
        created: tuple[str | int, ...] | None = None
        for i, key in enumerate(path[:-1]):
            child = parent.get(key) if isinstance(parent, dict) else None
            if isinstance(parent, list) and isinstance(key, int) and key < len(parent):
                child = parent[key]
            if child is None and isinstance(parent, dict):
                child = parent[key] = {}
                created = created or path[: i + 1]
            if not isinstance(child, dict | list):
                where = ".".join(str(p) for p in path[: i + 1])
                if isinstance(parent, list):
                    message = f"no item {key} in {where.rpartition('.')[0]} ({len(parent)} items)"
                else:
                    message = f"{where} holds no fields to set: it is {child!r}"
                raise ProjectFileError([Problem(message, path=label)])
            parent = child
        key = path[-1]
        if isinstance(parent, list):
            if not (isinstance(key, int) and key < len(parent)):
                raise ProjectFileError(
                    [Problem(f"no item {key} ({len(parent)} items)", path=label)]
                )
            current = parent[key]
        else:
            current = parent.get(key)
        if ".." in raw and _is_quantity(current):
            quantity = _ranged(current, raw, text, path, spelling)
            if isinstance(parent, dict) and path in ALTERNATIVES:
                parent.pop(ALTERNATIVES[path], None)
            parent[key] = quantity
            ranged = "a new range" if "low" in quantity else "a fixed value"
            applied.append(
                Override(text, path, quantity.get("value"), quantity.get("unit"), ranged, created)
            )
            continue
        try:
            number, unit = parse_number_unit(raw)
        except UnitError:
            if _is_quantity(current):
                raise ProjectFileError(
                    [
                        Problem(
                            f"expected a number with an optional unit, such as 400000acre "
                            f"or 0.75%/yr, got {raw!r}",
                            path=label,
                        )
                    ]
                ) from None
            number, unit = None, None
        known_unit = unit is not None and canonical_unit(unit) in KNOWN_UNITS.values()
        if number is not None and (_is_quantity(current) or known_unit):
            unit = canonical_unit(unit) if unit is not None else None
            if (
                unit is not None
                and _is_quantity(current)
                and "unit" not in current
                and not (unit == "%" and _is_percent(path))
            ):
                raise ProjectFileError(
                    [
                        Problem(
                            f"{'.'.join(map(str, path))} takes a plain number with no unit "
                            f"(a fraction such as 0.47, or a ratio), got {raw!r}",
                            path=label,
                        )
                    ]
                )
            base = current if isinstance(current, dict) else {}
            quantity = {k: v for k, v in base.items() if k not in _REPLACED}
            if unit is not None and not unit.startswith("t dm"):
                quantity.pop("carbon_fraction", None)
            if isinstance(parent, dict) and path in ALTERNATIVES:
                parent.pop(ALTERNATIVES[path], None)
            kept = _kept_spread(base, number, unit, text)
            how = kept.get("how")
            quantity.update(kept)
            quantity.update(value=number, assumption=True, note=spelling.note(text)
                            + (f" ({kept['how']})" if kept else ""))  # fmt: skip
            quantity.pop("how", None)
            if unit is not None:
                quantity["unit"] = unit
            parent[key] = quantity
            applied.append(Override(text, path, number, unit, how, created))
            continue
        try:
            value = resolve_scalar(raw)
        except AmbiguousScalar as exc:
            raise ProjectFileError([Problem(str(exc), path=label)]) from None
        parent[key] = value
        if isinstance(parent, dict) and _number(value) is not None and _cited(path[:-1]):
            parent.pop("placeholder", None)  # a number of it is the what-if's
            _what_if_of_parent(parent, spelling.note(text))
        applied.append(Override(text, path, value, None, None, created))
    return applied


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's annotation admits, through unions, Annotated and lists."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def _cited(path: tuple[str | int, ...]) -> bool:
    """True where the mapping at ``path`` is a cited value (it takes `assumption` and `note`)."""
    nodes: list[type[BaseModel]] = [model.Project]
    for key in path:
        if isinstance(key, int):
            continue
        nodes = [m for node in nodes if key in node.model_fields
                 for m in _models(node.model_fields[key].annotation)]  # fmt: skip
    return any(issubclass(node, quantities.Cited) for node in nodes)


def _what_if_of_parent(parent: dict[str, Any], what_if: str) -> None:
    """A number cited by the mapping it is in (a combustion factor, an emission factor): the
    mapping's source no longer covers it, so the mapping becomes the what-if, its note naming
    the source (and the note) its other values keep."""
    old = parent.get("note")
    earlier = isinstance(old, str) and old.startswith("what-if:")
    if "source" not in parent and not earlier:
        return
    source = parent.pop("source", None)
    if isinstance(source, str):
        what_if += f" (its other values: source {source}" + (f"; {old}" if old else "") + ")"
    parent.update(assumption=True, note=f"{old}; {what_if}" if earlier else what_if)


def _number(x: Any) -> float | None:
    return float(x) if isinstance(x, int | float) and not isinstance(x, bool) else None


def _kept_spread(
    current: dict[str, Any], number: float, unit: str | None, text: str
) -> dict[str, Any]:
    """The spread of ``current`` moved to a new central value (see the module notes): new
    ``low``/``high``/``sd`` and ``how`` they were kept; {} where there is no spread to keep."""
    low, high, sd = (_number(current.get(k)) for k in ("low", "high", "sd"))
    value = _number(current.get("value"))
    if sd is None and (low is None or high is None):
        return {}
    central = value if value is not None else (low + high) / 2  # type: ignore[operator]
    percent = (unit or current.get("unit")) == "%"
    if percent or central == 0:
        delta = number - central
        moved = {k: x + delta for k, x in (("low", low), ("high", high)) if x is not None}
        if sd is not None:
            moved["sd"] = sd
        how = f"spread kept: shifted by {delta:+g} points"
        if percent and "low" in moved and (moved["low"] < 0 or moved["high"] > 100):
            moved["low"], moved["high"] = max(moved["low"], 0.0), min(moved["high"], 100.0)
            how += f", cut to {moved['low']:g}-{moved['high']:g} %"
        return {**moved, "how": how}
    factor = number / central
    if factor < 0:  # a value below 0 is refused by validation, with its own message
        return {}
    moved = {k: x * factor for k, x in (("low", low), ("high", high), ("sd", sd)) if x is not None}
    return {**moved, "how": f"spread kept: scaled by {factor:.4g}"}


def _is_percent(path: tuple[str | int, ...]) -> bool:
    """True where the schema makes the field a percentage, whose unit a file may leave out."""
    node: Any = model.Project
    for key in path:
        fields = getattr(node, "model_fields", None)
        if not isinstance(key, str) or fields is None or key not in fields:
            return False
        annotation = fields[key].annotation
        options = typing.get_args(annotation) or (annotation,)
        node = next((t for t in options if isinstance(t, type)), None)
    return isinstance(node, type) and issubclass(node, quantities.Percent)


def _ranged(
    current: dict[str, Any],
    raw: str,
    text: str,
    path: tuple[str | int, ...],
    spelling: Spelling = COMMAND_LINE,
) -> dict[str, Any]:
    """``FIELD=LOW..HIGH``: a new uniform range; ``X..X``: a fixed value with no spread."""
    label = spelling.label(text)
    lo_text, _, hi_text = raw.partition("..")
    try:
        (lo, lo_unit), (hi, hi_unit) = parse_number_unit(lo_text), parse_number_unit(hi_text)
    except UnitError:
        raise ProjectFileError([Problem(
            f"expected LOW..HIGH with an optional unit, such as 20..40% or 60..230t dm/ha, "
            f"got {raw!r}", path=label,
        )]) from None  # fmt: skip
    units = {canonical_unit(u) for u in (lo_unit, hi_unit) if u is not None}
    if len(units) > 1:
        raise ProjectFileError([Problem(
            f"LOW and HIGH are in different units ({' and '.join(sorted(units))}): give one",
            path=label,
        )])  # fmt: skip
    unit = units.pop() if units else None
    if unit is not None and "unit" not in current and not (unit == "%" and _is_percent(path)):
        raise ProjectFileError([Problem(
            f"{text.partition('=')[0]} takes a plain number with no unit, got {raw!r}",
            path=label,
        )])  # fmt: skip
    quantity = {k: v for k, v in current.items()
                if k not in (*_REPLACED, "sd", "distribution")}  # fmt: skip
    if unit is not None:
        quantity["unit"] = unit
        if not unit.startswith("t dm"):
            quantity.pop("carbon_fraction", None)
    if lo == hi:
        quantity["value"] = lo
    else:
        quantity.update(low=lo, high=hi)
    quantity.update(assumption=True, note=spelling.note(text))
    return quantity
