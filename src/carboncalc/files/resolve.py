"""From a validated project file to the core's plain inputs: the one bridge between the two.

This is the only module that reads both the schema (:mod:`carboncalc.files.model`) and builds the
core's objects (:mod:`carboncalc.core.inputs`). It runs once per load. Defaults that come from
reference tables (the pooled leakage of a methodology, the conservativeness table) are filled
in here, so no computation reads a file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from carboncalc.core.inputs import (
    Band,
    BurningInputs,
    ClaimInputs,
    CreditInputs,
    Deduction,
    DeforestationInputs,
    FossilInputs,
    LedgerLine,
    LedgerPool,
    Observation,
    Period,
    PoolInputs,
    ProjectInputs,
    Provenance,
    RateInputs,
    ScenarioInputs,
    Value,
    constant,
)
from carboncalc.units import AREA_HA, PERCENT

if TYPE_CHECKING:
    from carboncalc.files.model import (
        Baseline,
        Credits,
        Deforestation,
        PoolSize,
        Project,
        ProjectScenario,
    )
    from carboncalc.files.quantities import Cited, Pool, Ranged, Rate

# The sections whose inputs feed stock, emissions and credits (claims are outputs, not inputs).
INPUT_SECTIONS = ("area", "forest_area", "carbon", "deforestation", "credits")


def resolve(project: Project, *, rules: str | None = None) -> ProjectInputs:
    """The project's inputs as plain values, with reference defaults filled in. ``rules`` names
    a credit rule set in place of the file's (``credits.rules``) or the default."""
    from carboncalc.files.schema import walk

    models = walk(project)  # once: both the values and the assumptions read it
    values = _values(models)
    period = project.period
    deforestation = (
        _deforestation(project.deforestation, values, evidence_id(project))
        if project.deforestation is not None
        else None
    )
    return ProjectInputs(
        area=values["area"],
        area_unit=project.area.unit,
        forest_area=values.get("forest_area"),
        forest_area_unit=project.forest_area.unit if project.forest_area is not None else None,
        pools=tuple(
            _pool(name, pool, f"carbon.pools.{name}", values)
            for name, pool in project.carbon.pools.items()
        ),
        deforestation=deforestation,
        first_year=period.first_year if period is not None else None,
        years=period.length_yr if period is not None else None,
        start=period.start if period is not None else None,
        credits=(
            _credits(project.credits, project.methodology, values, rules)
            if project.credits is not None
            else None
        ),
        claims=tuple(
            ClaimInputs(
                id=c.id,
                measure=c.measure,
                figure=value(c, f"claims.{i}"),
                unit=c.unit,
                pool=c.pool,
                years=(c.years.first, c.years.last) if c.years is not None else None,
                basis=c.basis,
                factors=c.factors,
                over_yr=c.over_yr,
                tolerance_pct=c.tolerance_pct,
                expect_verdict=c.expect.verdict if c.expect is not None else None,
                expect_reason=c.expect.reason if c.expect is not None else None,
            )
            for i, c in enumerate(project.claims)
        ),
        fossil=tuple(
            FossilInputs(
                kind=r.kind,
                quantity=value(r, f"fossil_reserves.{i}"),
                unit=r.unit,
                description=r.description,
                factor_tco2_per_unit=r.factor_tco2_per_unit,
            )
            for i, r in enumerate(project.fossil_reserves)
        ),
        values=(*values.values(), *_from_evidence(deforestation)),
        assumed=_assumed(models),
        equivalents_factors=project.equivalents.factors if project.equivalents else None,
    )


def _from_evidence(d: DeforestationInputs | None) -> tuple[Value, ...]:
    """The counterfactual rate the evidence set gives, where it has a range: an input the file
    does not hold, which the Monte Carlo draws."""
    if d is None or d.counterfactual is None or d.counterfactual_source is None:
        return ()
    return tuple(r.rate for r in d.counterfactual.rates if r.rate.has_range)


def value(q: Ranged, path: str) -> Value:
    return Value(
        path=path, value=q.value, low=q.low, high=q.high, sd=q.sd, distribution=q.distribution
    )


def _values(models: list[tuple[tuple[str | int, ...], Any]]) -> dict[str, Value]:
    """Every input of the computing sections that has a value, by path, in file order."""
    from carboncalc.files.quantities import Ranged

    found = {}
    for loc, obj in models:
        given = isinstance(obj, Ranged) and (obj.value is not None or obj.low is not None)
        if loc and loc[0] in INPUT_SECTIONS and given:
            path = ".".join(map(str, loc))
            found[path] = value(obj, path)
    return found


def _pool(name: str, pool: Pool, path: str, values: dict[str, Value]) -> PoolInputs:
    years, remaining, source = 1, 0.0, None
    release = pool.release
    if release == "default":
        from carboncalc.files.factors import DecayTable, load_reference

        table = load_reference("decay", DecayTable).pools
        if name not in table:
            from carboncalc.errors import Problem, ProjectFileError

            known = ", ".join(sorted(table))
            raise ProjectFileError([Problem(
                f"carboncalc has no default release for {name!r} (it has: {known}): give "
                "`years` and `remaining`", field=f"{path}.release",
            )])  # fmt: skip
        found = table[name]
        years, remaining = found.years, found.remaining
        source = found.source + ("; ASSUMPTION" if found.assumption else "")
    elif release is not None:
        years, remaining = release.years, release.remaining
        source = f"project file [{release.source or 'assumption'}]"
    return PoolInputs(
        name=name,
        unit=pool.unit,
        amount=values.get(path),
        carbon_fraction=values.get(f"{path}.carbon_fraction"),
        root_to_shoot=values.get(f"{path}.root_to_shoot"),
        release_years=years,
        release_remaining_fraction=remaining,
        release_source=source,
    )


def _rate(rate: Rate, path: str, values: dict[str, Value]) -> RateInputs:
    years = getattr(rate, "years", None)
    return RateInputs(
        rate=values[path],
        unit=rate.unit,
        basis=rate.basis,
        first_year=years.first if years is not None else None,
        last_year=years.last if years is not None else None,
    )


def _scenario(s: Baseline | ProjectScenario, path: str, values: dict[str, Value]) -> ScenarioInputs:
    """One scenario's rates (one, or by period) and observations, as plain values."""
    if s.rate is not None:
        rates: tuple[RateInputs, ...] = (_rate(s.rate, f"{path}.rate", values),)
    else:
        rates = tuple(_rate(r, f"{path}.rates.{i}", values) for i, r in enumerate(s.rates or []))
    observed: tuple[Observation, ...] = ()
    if s.observed is not None:
        per_ha = AREA_HA[s.observed.unit]
        observed = tuple(
            Observation(year, s.observed.measure, area * per_ha)
            for year, area in s.observed.by_year.items()
        )
        scale = values.get(f"{path}.observed.scale")
        return ScenarioInputs(rates, observed, scale)
    return ScenarioInputs(rates, observed)


# The registries whose ids the evidence set uses, as a file's `registry.name` may name them.
VCS_NAMES = ("vcs", "verra", "verified carbon standard")
PLAN_VIVO_NAMES = ("plan vivo",)


def evidence_id(project: Project) -> str | None:
    """The project's id in the evidence set: its VCS number, or PL... for Plan Vivo; None for
    another registry (a Gold Standard 944 is not VCS 944) or a file that names none."""
    registry = project.registry
    if registry is None or registry.project_id is None:
        return None
    name, pid = registry.name.casefold(), registry.project_id.strip()
    names = PLAN_VIVO_NAMES if pid.upper().startswith("PL") else VCS_NAMES
    return pid if any(n in name for n in names) else None


COUNTERFACTUAL_RATE = "deforestation.counterfactual.rate"


def evidence_counterfactual(registry_id: str | None) -> tuple[ScenarioInputs, str] | None:
    """The counterfactual the bundled evidence set gives a project by its registry id: the
    matched controls' deforestation rate of the first evaluation that covers it (a fraction per
    year, as %/yr of the remaining forest), with where it comes from; None where the set does
    not cover the project. Where an evaluation gives the controls' rate over matching
    specifications, the rate is a range the Monte Carlo draws from uniformly
    (:meth:`carboncalc.core.evidence_inputs.Spread.drawn_between`)."""
    if registry_id is None:
        return None
    from carboncalc.files.factors import load_evidence

    evidence = load_evidence()
    covering = [e for e in evidence.evaluations if registry_id in e.rates]
    if not covering:
        return None
    evaluation = covering[0]
    control = evaluation.rates[registry_id].control_fraction_per_yr
    pct = control * PERCENT
    how = (
        f"{pct:.4f} %/yr in matched controls, from carboncalc's evidence set for registry "
        f"id {registry_id}: {evaluation.label}" + (f", {evaluation.url}" if evaluation.url else "")
    )
    value = constant(COUNTERFACTUAL_RATE, pct)
    spread_from = next(
        (e for e in covering if e.rates[registry_id].control_over_specifications is not None),
        None,
    )
    if spread_from is not None:
        spread = spread_from.rates[registry_id].control_over_specifications
        assert spread is not None
        low, high = spread.drawn_between(control)
        value = Value(COUNTERFACTUAL_RATE, pct, low * PERCENT, high * PERCENT, None, "uniform")
        widened = low < spread.p5_fraction_per_yr or high > spread.p95_fraction_per_yr
        how += (
            f"; drawn in the Monte Carlo uniformly from {low * PERCENT:.4f}-"
            f"{high * PERCENT:.4f} %/yr, the 5th-95th percentiles of the controls' rate over the "
            f"{spread.count} matching specification{'s' * (spread.count != 1)} that pass the "
            f"checks of {spread_from.label}" + (f", {spread_from.url}" if spread_from.url else "")
            + (f", widened to take in {pct:.4f}" if widened else "")
            + " (the uniform draw is carboncalc's reading: an assumption)"
        )  # fmt: skip
    return ScenarioInputs(rates=(RateInputs(value, "%/yr", "remaining"),)), how


def _deforestation(
    d: Deforestation, values: dict[str, Value], registry_id: str | None
) -> DeforestationInputs:
    counterfactual = d.counterfactual
    project = d.project
    has_own = project.rate is not None or project.rates is not None or project.observed
    # the file's own counterfactual, else the evidence set's for its registry id
    from_evidence = evidence_counterfactual(registry_id) if counterfactual is None else None
    return DeforestationInputs(
        baseline=_scenario(d.baseline, "deforestation.baseline", values),
        # with a reduction, this holds only the project's observed years, if any
        project_rate=_scenario(project, "deforestation.project", values) if has_own else None,
        reduction_pct=values.get("deforestation.project.reduction"),
        residual=values["deforestation.residual_carbon"],
        residual_unit=d.residual_carbon.unit,
        residual_carbon_fraction=values.get("deforestation.residual_carbon.carbon_fraction"),
        counterfactual=(
            _scenario(counterfactual, "deforestation.counterfactual", values)
            if counterfactual is not None
            else from_evidence[0]
            if from_evidence is not None
            else None
        ),
        burning=_burning(d, values) if d.burning is not None else None,
        counterfactual_source=from_evidence[1] if from_evidence is not None else None,
    )


def _burning(d: Deforestation, values: dict[str, Value]) -> BurningInputs:
    """The burning's inputs, with its emission factors from the named table the file chooses
    (factors/fire.yaml; its default where the file names none) or the file's own."""
    from carboncalc.files.factors import FireTable, load_reference

    b = d.burning
    assert b is not None
    fire = load_reference("fire", FireTable)
    gwp = fire.gwp.sets[b.gwp]
    chosen = b.emission_factors
    if chosen is None or isinstance(chosen, str):
        name = chosen or fire.emission_factors.default
        table = fire.emission_factors.tables[name]
        ch4, n2o = table.g_per_kg_dm["ch4"], table.g_per_kg_dm["n2o"]
        origin = (
            f"table {name}" + (" (the default)" if chosen is None else "")
            + f": {table.label} [{table.source}" + (f"; {table.note}" if table.note else "")
            + ("; ASSUMPTION" if table.assumption else "") + "]"
        )  # fmt: skip
    else:
        name, ch4, n2o = "own", chosen.ch4_g_per_kg_dm, chosen.n2o_g_per_kg_dm
        origin = (
            "the file's own: " + _cited("project file", chosen)
            if chosen.source is not None
            else f"ASSUMPTION: {chosen.note}"
        ) + ("; ASSUMPTION" if chosen.assumption and chosen.source is not None else "")
    how = (
        f"CH4 {ch4:g} and N2O {n2o:g} g per kg of dry matter burned, {origin}; "
        f"GWPs CH4 {gwp.ch4:g}, N2O {gwp.n2o:g} [{gwp.label}]"
    )
    return BurningInputs(
        burned_pct=values["deforestation.burning.burned"],
        combustion_factor=b.combustion_factor,
        ch4_g_per_kg=ch4,
        n2o_g_per_kg=n2o,
        gwp_ch4=gwp.ch4,
        gwp_n2o=gwp.n2o,
        carbon_fraction=fire.carbon_fraction.value,
        how=how,
        emission_factors=name,
        gwp_edition=b.gwp,
    )


def _credits(
    rules: Credits, methodology: str | None, values: dict[str, Value], rule_set: str | None
) -> CreditInputs:
    from carboncalc.files.factors import (
        ConservativenessTable,
        LeakageTable,
        load_reference,
        load_rule_set,
    )

    if rules.leakage is not None:
        leakage = Deduction(values["credits.leakage"], _cited("project file", rules.leakage))
    else:
        table = load_reference("leakage", LeakageTable)
        if methodology is not None and methodology in table.pooled_pct:
            pooled, pool = table.pooled_pct[methodology], methodology
        else:
            pooled, pool = table.all_pct, "all methodologies"
        source = table.source
        leakage = Deduction(
            constant("credits.leakage", pooled),
            f"pooled default for {pool} [{source.title}, {source.year}, {source.note}]",
        )
    uncertainty = None
    if rules.uncertainty is not None:
        uncertainty = Deduction(
            values["credits.uncertainty"], _cited("project file", rules.uncertainty)
        )
    conservativeness = load_reference("conservativeness", ConservativenessTable)
    return CreditInputs(
        leakage=leakage,
        uncertainty=uncertainty,
        buffer=Deduction(values["credits.buffer"], _cited("project file", rules.buffer)),
        bands=tuple(Band(b.up_to_pct, b.deduction_pct) for b in conservativeness.bands),
        bands_title=conservativeness.source.title,
        rules=load_rule_set(rule_set or rules.rules, methodology),
        price_usd_per_tco2e=values.get("credits.price"),
        discount_rate_pct=values.get("credits.discount_rate"),
        monitoring_periods=tuple(
            Period(p.start, p.end, f"{p.start} to {p.end}") for p in rules.monitoring_periods
        ),
        ledger=tuple(
            LedgerLine(
                e.vintage,
                e.issued,
                e.retired,
                e.cancelled,
                tuple((r.beneficiary, r.retired) for r in e.retired_by),
            )
            for e in (rules.ledger.entries if rules.ledger is not None else [])
        ),
        ledger_source=rules.ledger.source if rules.ledger is not None else None,
        ledger_pool=_ledger_pool(rules.ledger.pool_size if rules.ledger is not None else None),
    )


def _ledger_pool(size: PoolSize | None) -> LedgerPool | None:
    if size is None:
        return None
    return LedgerPool(size.credits, size.as_of, size.source)


def _cited(origin: str, q: Cited) -> str:
    return origin + (f" [{q.source}]" if q.source else " [assumption]")


def provenance(project: Project) -> Provenance:
    """Where the file's values come from, as plain data for the tables."""
    from carboncalc.files.quantities import Cited
    from carboncalc.files.schema import walk

    def text(s: Any) -> str:  # "publisher: title (year)"
        return f"{s.publisher + ': ' if s.publisher else ''}{s.title}" + (
            f" ({s.year})" if s.year else ""
        )

    return Provenance(
        cited=tuple(
            (".".join(map(str, loc)), obj.source, obj.assumption)
            for loc, obj in walk(project)
            if loc and isinstance(obj, Cited)
        ),
        sources=tuple((sid, text(s)) for sid, s in project.sources.items()),
        qualifiers=tuple((c.id, c.qualifier) for c in project.claims if c.qualifier),
    )


def _assumed(models: list[tuple[tuple[str | int, ...], Any]]) -> tuple[str, ...]:
    """Field paths of every input marked as an assumption, in file order."""
    from carboncalc.files.quantities import Cited

    return tuple(
        ".".join(map(str, loc))
        for loc, obj in models
        if loc and isinstance(obj, Cited) and obj.assumption
    )
