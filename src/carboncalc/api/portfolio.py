"""Results about many projects, or none: a portfolio side by side (``compare``), the independent
evidence (``evidence``), rates from observed areas (``rates``) and a difference in differences
(``did``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from carboncalc.api.results import Portfolio, Result
from carboncalc.core.sampling import DEFAULT_SAMPLES
from carboncalc.errors import CarboncalcError

if TYPE_CHECKING:
    from carboncalc.core.evidence import Density


def compare(
    projects: Sequence[str | Path] | None = None,
    *,
    rules: str | None = None,
    values: Mapping[str, Any] | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    projects_dir: str | Path | None = None,
    errors: Literal["row", "raise"] = "row",
) -> Portfolio:
    """Projects side by side, as ``carboncalc compare``: one tidy portfolio frame.

    Parameters
    ----------
    projects
        Names, paths or folders (a folder is a portfolio of its files); None: every project in
        the project set.
    rules
        A credit rule set for every project, in place of each file's.
    values
        What-ifs for every project, ``{field path: value}`` (see ``Project.with_values``).
    samples, seed
        The Monte Carlo behind each project's uncertainty deduction.
    projects_dir
        The folder of projects to find names in.
    errors
        ``"row"``: a project that does not load or compute is a row whose ``error`` column
        holds its problems; ``"raise"``: its CarboncalcError is raised.

    Returns
    -------
    Portfolio
        ``to_frame()``: one row per project, indexed by ``project``, ``compare``'s columns
        (the total row left out); ``to_dict()``: ``compare``'s JSON (with its total);
        ``.errors``: ``(project, message)`` of each that failed.

    Examples
    --------
    >>> frame = carboncalc.compare(["alto-mayo", "los-amigos"], samples=200).to_frame()
    >>> frame.index.tolist(), int(frame.loc["alto-mayo", "credits"])
    (['alto-mayo', 'los-amigos'], 611047)
    """
    from carboncalc.api.commands import enough, one_of
    from carboncalc.api.whatifs import spelled
    from carboncalc.files.factor_editions import load_factor_table
    from carboncalc.files.loading import load_project
    from carboncalc.files.projects import expand
    from carboncalc.files.validation import check_rules_option
    from carboncalc.reports.compare import compare_report, compare_row

    samples = enough(samples)
    one_of("errors", errors, ("row", "raise"))
    if rules is not None:
        check_rules_option(rules, f"rules={rules!r}")
    folder = Path(projects_dir) if projects_dir is not None else None
    given = spelled(values or {}, "values")
    table = load_factor_table()
    rows, failed = [], []
    for ref in expand([str(p) for p in projects or []], folder):
        try:
            loaded = load_project(ref, projects_dir=folder, rules=rules, values=given)
            rows.append(compare_row(loaded, loaded.name, table=table, samples=samples, seed=seed))
        except CarboncalcError as exc:
            if errors == "raise":
                raise
            failed.append((Path(ref).stem if ref.endswith(".yaml") else ref, str(exc)))
    report = compare_report("compare", rows, portfolio=True)
    return Portfolio(report, errors=tuple(failed))


def evidence(
    ids: Sequence[str] | None = None,
    *,
    country: str | None = None,
    evaluation: str | None = None,
    projects_dir: str | Path | None = None,
) -> Result:
    """What independent evaluations found for REDD+ projects, ranked, as ``carboncalc
    evidence``.

    Parameters
    ----------
    ids
        Registry ids such as ``"944"``; None: every project of the evidence set.
    country
        Only projects in a country: ``"PE"``, ``"PER"`` or ``"Peru"``.
    evaluation
        Which evaluation (default: the first listed).
    projects_dir
        The project set whose files give their own carbon density.

    Returns
    -------
    Result
        Its frame is indexed by ``id`` (the registry id), in rank order.

    Examples
    --------
    >>> carboncalc.evidence(country="PE").to_frame().index.tolist()[:2]
    ['1067', '985']
    """
    from carboncalc.files.factors import load_evidence
    from carboncalc.reports.evidence import evidence_report

    found = load_evidence()
    folder = Path(projects_dir) if projects_dir is not None else None
    report = evidence_report(found, list(ids or []), country=country, evaluation=evaluation,
                             own_densities=own_densities(found.projects, folder))  # fmt: skip
    return Result(report)


def own_densities(known: Any, projects_dir: Path | None) -> dict[str, Density]:
    """The carbon density of each project in the project set whose file names a registry id
    of the evidence set: its own stock over its pools, t CO2 per hectare. A file that does not
    load is skipped here (`carboncalc check` reports it)."""
    from carboncalc.core import pipeline
    from carboncalc.core.evidence import Density
    from carboncalc.files.loading import load_project
    from carboncalc.files.projects import display_path, list_project_files

    own = {}
    for _, path in list_project_files(projects_dir):
        try:
            loaded = load_project(str(path), cache=True)
        except CarboncalcError:
            continue
        rid = loaded.registry_id
        if rid is not None and rid in known and rid not in own:
            stock = pipeline.stock(loaded.inputs)
            how = f"its own stock over its pools, {display_path(loaded.path)}"
            own[rid] = Density(stock.density_tco2_per_ha, how, assumed=False)
    return own


def rates(*points: str) -> Result:
    """Deforestation rates between observed areas (Puyravaud 2003), as ``carboncalc rates``.

    Parameters
    ----------
    *points
        Areas at a year or a day: ``"500000ha@2010"``, ``"1500km2@2010-06-30"``.

    Returns
    -------
    Result
        Its frame is indexed by ``from`` and ``to``: FAO's q, Puyravaud's r, the linear rate
        and the area per year between each pair (and over the whole series).

    Examples
    --------
    >>> r = carboncalc.rates("500000ha@2010", "420000ha@2020").to_frame(index=False)
    >>> round(float(r.loc[0, "puyravaud_r"]), 5)
    -0.01744
    """
    from carboncalc.reports.rates import rates_report

    return Result(rates_report(list(points)))


def did(
    project: tuple[float, float],
    control: tuple[float, float],
    *,
    unit: Literal["%/yr", "fraction"] = "%/yr",
    area_ha: float | None = None,
    years: float | None = None,
) -> Result:
    """Difference in differences of before/after deforestation rates, as ``carboncalc did``:
    (project after - project before) - (control after - control before).

    Parameters
    ----------
    project, control
        (before, after) rates of the project and of its controls.
    unit
        ``"%/yr"`` or ``"fraction"`` (per year), for all four rates.
    area_ha, years
        Together: the forest the difference implies, DiD x area x years [ha].

    Returns
    -------
    Result

    Examples
    --------
    >>> round(carboncalc.did((0.2017, 0.1024), (0.2314, 0.1548)).to_dict()["did"], 4)
    -0.0227
    """
    from carboncalc.core.rates import DifferenceInDifferences
    from carboncalc.reports.rates import DidReport

    if unit not in ("%/yr", "fraction"):
        raise CarboncalcError(f"did(unit=...): '%/yr' or 'fraction', not {unit!r}")
    if (area_ha is None) != (years is None):
        raise CarboncalcError("did(): give area_ha and years together, for the forest implied")
    if area_ha is not None and not 0 < area_ha < 1e15:
        raise CarboncalcError(f"did(area_ha=...): an area above 0, not {area_ha!r}")
    numbers = (*project, *control)
    if len(numbers) != 4 or not all(0 <= r < 1e6 for r in numbers):
        raise CarboncalcError("did(): two (before, after) pairs of finite rates, not negative")
    return Result(DidReport(DifferenceInDifferences(*numbers), unit, area_ha, years))
