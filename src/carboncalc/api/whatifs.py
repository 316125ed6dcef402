"""What-ifs from Python: ``{field: value}`` as overrides spelled as their caller wrote them, and
a sweep of one field over values, from the file as read."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from carboncalc.errors import Problem, ProjectFileError

if TYPE_CHECKING:
    from collections.abc import Callable

    from carboncalc.api.results import Sweep
    from carboncalc.files.loading import LoadedProject
    from carboncalc.files.overrides import Spelling


def spelled(values: Mapping[str, Any], caller: str) -> list[tuple[str, Spelling]]:
    """``{"area": "5000 ha"}`` -> ``[("area=5000 ha", <spelling of caller>)]``: each what-if as
    the FIELD=VALUE text the file side applies, with the Python argument its problems name.

    Parameters
    ----------
    values
        Field paths and values: numbers (in the file's unit), texts (``"5000 ha"``,
        ``"20..40%"``) or booleans.
    caller
        The argument's name in messages: ``with_values``, ``values``, ``sweep``.

    Raises
    ------
    ProjectFileError
        A key that is not text, or a value that is not a number, a text or a boolean.

    Examples
    --------
    >>> [text for text, _ in spelled({"credits.buffer": 20, "area": "5000 ha"}, "values")]
    ['credits.buffer=20', 'area=5000 ha']
    """
    from carboncalc.files.overrides import Spelling

    spelling = Spelling(caller=caller)
    out = []
    for key, value in values.items():
        if not isinstance(key, str):
            raise ProjectFileError([Problem(
                f"field paths are texts such as 'area' or 'credits.buffer', got {key!r}",
                path=caller)])  # fmt: skip
        out.append((f"{key}={_text(value, key, caller)}", spelling))
    return out


def _text(value: Any, key: str, caller: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    if isinstance(value, str):
        return value
    raise ProjectFileError([Problem(
        f"expected a number, or a text such as '5000 ha' or '20..40%', got {value!r}",
        path=f"{caller}: {key!r}")])  # fmt: skip


def sweep(
    base: LoadedProject,
    field: str,
    values: list[Any],
    *,
    step: Callable[[Any], LoadedProject],
    samples: int,
    seed: int,
) -> Sweep:
    """The rows of ``carboncalc sweep`` at each of ``values``: ``step(value)``, the project
    with the value set (from its file as read, parsed once), beside ``base``; the deduction is
    computed once where the field is a credit input (it leaves avoided emissions, and so the
    deduction, as they are)."""
    from carboncalc.api.results import Sweep
    from carboncalc.files.factor_editions import load_factor_table
    from carboncalc.reports.compare import compare_report, compare_row
    from carboncalc.reports.credits import deduction_rules

    if not values:
        raise ProjectFileError([Problem("expected one value or more", path=f"sweep: {field!r}")])
    table = load_factor_table()
    known = None
    if field.startswith("credits.") and base.inputs.credits is not None:
        known = deduction_rules(base.inputs, samples=samples, seed=seed)[1]
    rows = []
    for value in values:
        label = value if isinstance(value, str) else repr(value)
        rows.append(compare_row(step(value), label, table=table, samples=samples, seed=seed,
                                known=known))  # fmt: skip
    base_row = compare_row(base, "base", table=table, samples=samples, seed=seed, known=known)
    title = f"{base.name}: {field} at {', '.join(str(r.label) for r in rows)}"
    report = compare_report(title, rows, portfolio=False,
                            base_uncertainty_pct=base_row.uncertainty_pct)  # fmt: skip
    return Sweep(report, field=field, values=tuple(values))
