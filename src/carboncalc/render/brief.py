"""The report's first page: the summary in plain words, the key figures, the verdicts on the
published claims and the independent evidence; then what the figures rest on. Every sentence is
written from the results (nothing here is hand-written per project, nor computed): figures
rounded to 2-3 significant figures (:mod:`.prose`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from carboncalc.render.documentkit import Block
from carboncalc.render.inputs import InputRow, input_rows, source_text
from carboncalc.render.numbers import tonnes
from carboncalc.render.prose import (
    MEASURES,
    about,
    claim_words,
    count,
    evidence_finding,
    implied_words,
    input_words,
    interval_words,
    mass,
    mass_span,
    share,
)

if TYPE_CHECKING:
    from carboncalc.core.claims import ClaimCheck
    from carboncalc.files.loading import LoadedProject
    from carboncalc.reports.check import CheckResult
    from carboncalc.reports.credits import CreditsReport, SensitivityReport, UncertaintyReport
    from carboncalc.reports.projects import EmissionsReport, StockReport


def inputs_only(rows: list[InputRow]) -> list[InputRow]:
    """The rows that are inputs: not the claims (the verdicts show them) nor the notes."""
    return [r for r in rows if not r.field.startswith(("claim ", "note: "))]


def _where(loaded: LoadedProject) -> str:
    p = loaded.project
    place = ", ".join(p.countries) + (f", {p.region}" if p.region else "")
    if p.registry:
        place += f"; {p.registry.name} {p.registry.project_id or ''}".rstrip()
    return place


def _years(loaded: LoadedProject, claim_id: str) -> tuple[int, int] | None:
    return next((c.years for c in loaded.inputs.claims if c.id == claim_id), None)


def _against(c: ClaimCheck) -> str:
    """carboncalc's figure against the published one: "carboncalc finds 1.08 Mt CO2e, 83 %
    less"."""
    derived = c.derived_as_published
    diff = c.difference_pct
    if derived is None:
        return f"carboncalc cannot recompute it ({c.how})"
    text = f"carboncalc finds {about(derived)} {c.published_unit}"
    if diff is None or diff == 0:
        return text
    return text + f", {share(diff)} {'less' if diff < 0 else 'more'}"


def _failing(check: CheckResult) -> list[ClaimCheck]:
    """Each failing claim once (its first failing case), in file order."""
    seen: dict[str, ClaimCheck] = {}
    for c in check.claims:
        if c.verdict != "holds":
            seen.setdefault(c.claim_id, c)
    return list(seen.values())


def _evidence_source(loaded: LoadedProject) -> str:
    """Where the counterfactual comes from, in short: the evidence set's study, or the file's
    source."""
    d = loaded.inputs.deforestation
    if d is not None and d.counterfactual_source is not None:
        # "0.0844 %/yr in matched controls, from carboncalc's evidence set for registry id 944:
        # Guizar-Coutino et al. 2022, matched controls, https://...; drawn in the Monte Carlo
        # ...": the study and its address
        first = d.counterfactual_source.split("; ")[0]
        return first.split(": ", 1)[-1]
    row = next((r for r in input_rows(loaded.project)
                if r.field.startswith("deforestation.counterfactual.")), None)  # fmt: skip
    if row is None:  # observed forest loss in matched forests
        return "the project file's counterfactual"
    text = f"the project file's counterfactual rate, {row.value} {row.unit}"
    if row.source_id in loaded.project.sources:
        text += f" ({source_text(loaded.project, row.source_id)})"
    return text + (", an assumption" if row.assumption else "")


def lead(
    loaded: LoadedProject,
    emissions: EmissionsReport | None,
    credits: CreditsReport | None,
    uncertainty: UncertaintyReport | None,
    check: CheckResult,
    stock: StockReport,
) -> Block:
    """The summary: a paragraph a reader can quote, from the results."""
    rows = inputs_only(input_rows(loaded.project))
    assumed = sum(r.assumption for r in rows)
    said = [f"carboncalc recomputed {loaded.title} ({_where(loaded)}) from the {len(rows)} "
            f"inputs of its project file, "
            f"{'all' if assumed == len(rows) else assumed or 'none'} of them "
            "assumptions."]  # fmt: skip
    mc = uncertainty.monte_carlo if uncertainty is not None else None
    if emissions is not None:
        res = emissions.result
        text = (f"It finds avoided emissions of {mass(res.avoided_emissions_tco2e)} over "
                f"{res.first_year}-{res.last_year}")  # fmt: skip
        spread = mc.avoided_tco2e if mc is not None else None
        if spread is not None and spread.p5 != spread.p95:
            shown = mass_span(spread.p5, spread.p95, res.avoided_emissions_tco2e)
            text += f" (90 % interval {shown})"
        if credits is not None:
            text += (f", or {count(credits.waterfall.credits)} credits under the "
                     f"{credits.rule_set.label} rules as carboncalc applies them")  # fmt: skip
            spread = mc.credits_exact_tco2e if mc is not None else None
            if spread is not None and spread.p5 != spread.p95:
                text += f" (90 % interval {count(spread.p5, 2)} to {count(spread.p95, 2)})"
        said.append(text + ".")
        said += _revenue(credits)
    else:
        said.append(f"It finds a carbon stock of {mass(stock.stock.stock_tco2, 'CO2')} over "
                    f"{about(stock.stock.area_ha)} ha; the file gives no deforestation rates, "
                    "so no avoided emissions.")  # fmt: skip
    said += _claims_said(loaded, check)
    said += _evidence_said(loaded, credits, check)
    return Block("lead", " ".join(said))


def _revenue(credits: CreditsReport | None) -> list[str]:
    if credits is None or not credits.revenue:
        return []
    r = next((r for r in credits.revenue if r.case == "central"), credits.revenue[0])
    text = (f"At {r.price_usd_per_tco2e:g} USD per credit they would earn "
            f"{count(r.revenue_usd)} USD")  # fmt: skip
    rate = credits.loaded.inputs.credits
    if r.present_value_usd is not None and rate is not None and rate.discount_rate_pct:
        text += (f", {count(r.present_value_usd)} USD in present value at "
                 f"{rate.discount_rate_pct.central:g} %/yr")  # fmt: skip
    return [text + "."]


def _claims_said(loaded: LoadedProject, check: CheckResult) -> list[str]:
    ids = list(dict.fromkeys(c.claim_id for c in check.claims))
    if not ids:
        return ["The file states no published claims to check."]
    failing = _failing(check)
    if not failing:
        every = "Its one published claim holds" if len(ids) == 1 else (
            "Both published claims hold" if len(ids) == 2 else
            f"All {len(ids)} published claims hold")  # fmt: skip
        return [f"{every}: carboncalc's figures are within their published precision."]
    c = failing[0]
    claim = claim_words(c, _years(loaded, c.claim_id))
    said: list[str] = []
    if len(ids) == 1:
        text = f"Its one published claim, {claim}, fails: {_against(c)}"
    elif len(failing) == 1:
        text = (f"1 of its {len(ids)} published claims fails ({c.claim_id}): {claim}; "
                f"{_against(c)}")  # fmt: skip
    else:
        names = ", ".join(x.claim_id for x in failing)
        said = [f"{len(failing)} of its {len(ids)} published claims fail ({names})."]
        text = f"The first, {claim}, fails: {_against(c)}"
    needs = implied_words(c) if c.measure != "vehicles_per_yr" else None
    if needs:
        text += f"; to be true it would take {needs}"
    where = interval_words(c)
    if where:
        text += f"; it lies {where}"
    return [*said, text + "."]


def _evidence_said(
    loaded: LoadedProject, credits: CreditsReport | None, check: CheckResult, *, cited: bool = True
) -> list[str]:
    cf = check.counterfactual
    if cf is None:
        return []
    text = "Against independent evidence" + (f" ({_evidence_source(loaded)})" if cited else "")
    if credits is not None and credits.same_baseline:
        return [text + ", which is the file's own baseline: there is no over-crediting test."]
    text += (f", over {cf.first_year}-{cf.last_year} " + evidence_finding(
        cf.counterfactual_avoided_tco2e, cf.baseline_avoided_tco2e, cf.interval))  # fmt: skip
    if credits is not None and credits.supported is not None and credits.claimed is not None:
        supported, claimed = credits.supported.credits, credits.claimed.credits
        deduction = credits.supported.uncertainty_fraction
        taken = " (its uncertainty deduction is 100 %)" if deduction >= 1 else ""
        text += (f". Under the rules it supports none of the {count(claimed)} credits{taken}"
                 if not supported else
                 f". Under the rules it supports {count(supported)} of the {count(claimed)} "
                 "credits")  # fmt: skip
    return [text + "."]


def key_figures(
    loaded: LoadedProject,
    stock: StockReport,
    emissions: EmissionsReport | None,
    credits: CreditsReport | None,
    uncertainty: UncertaintyReport | None,
    check: CheckResult,
) -> Block:
    """The key figures box: each figure with its interval, and which claims fail and why."""
    rows = [("area", f"{tonnes(stock.area_ha)} ha"
             + (f", of which {tonnes(stock.stock.area_ha)} ha forest at the start"
                if loaded.project.forest_area is not None else ""))]  # fmt: skip
    rows.append(("carbon stock", mass(stock.stock.stock_tco2, "CO2")))
    mc = uncertainty.monte_carlo if uncertainty is not None else None
    if emissions is not None:
        res = emissions.result
        spread = mc.avoided_tco2e if mc is not None else None
        rows.append((f"avoided emissions {res.first_year}-{res.last_year}",
                     mass(res.avoided_emissions_tco2e)
                     + (f" (90 % interval {mass_span(spread.p5, spread.p95, spread.mean)})"
                        if spread is not None and spread.p5 != spread.p95 else "")))  # fmt: skip
    if credits is not None:
        spread = mc.credits_exact_tco2e if mc is not None else None
        rows.append((f"credits ({credits.rule_set.name} rules)", f"{credits.waterfall.credits:,}"
                     + (f" (90 % interval {count(spread.p5, 2)} to {count(spread.p95, 2)})"
                        if spread is not None and spread.p5 != spread.p95 else "")))  # fmt: skip
        if credits.claimed is not None and credits.supported is not None:
            ratio = credits.over_crediting_ratio
            if credits.same_baseline:  # both figures come from one baseline: no test to show
                rows.append(
                    (
                        "against matched forests outside",
                        "the baseline is the counterfactual: no over-crediting test",
                    )
                )
            finding = ("the baseline is the counterfactual: no over-crediting test"
                       if credits.same_baseline
                       else f"over-crediting ratio {ratio:.1f}" if ratio is not None
                       else "the project cleared more forest than the counterfactual gives"
                       if check.counterfactual is not None
                       and check.counterfactual.counterfactual_avoided_tco2e < 0
                       and (check.counterfactual.interval is None
                            or check.counterfactual.interval.p95 <= 0)
                       else "no over-crediting ratio (none supported)"
                       if credits.claimed.credits
                       else "neither baseline gives credits")  # fmt: skip
            if not credits.same_baseline:
                rows.append(("against matched forests outside",
                             f"{credits.supported.credits:,} of {credits.claimed.credits:,} "
                             f"credits supported; {finding}"))  # fmt: skip
    if check.claims:
        rows.append(("published claims", _claims_box(loaded, check)))
    assumed = sum(r.assumption for r in inputs_only(input_rows(loaded.project)))
    if assumed:
        rows.append(
            (
                "assumptions",
                f"{assumed} input{'s are assumptions' if assumed != 1 else ' is an assumption'} "
                "(see What this rests on)",
            )
        )
    return Block("summary", header=("key figures", ""), rows=tuple(rows))


def _claims_box(loaded: LoadedProject, check: CheckResult) -> str:
    """Which claims fail and why, grouped by what they measure: "3 of 6 fail: er-2008-2016,
    er-2009-2012, er-2012-2014 (carboncalc finds 81-86 % less avoided emissions); 3 hold"."""
    ids = list(dict.fromkeys(c.claim_id for c in check.claims))
    failing = _failing(check)
    holding = [i for i in ids if i not in {c.claim_id for c in failing}]
    if not failing:
        return "the one claim holds" if len(ids) == 1 else "both hold" if len(ids) == 2 else (
            f"all {len(ids)} hold")  # fmt: skip
    groups: dict[str, list[ClaimCheck]] = {}
    for c in failing:
        groups.setdefault(c.measure, []).append(c)
    each = []
    for measure, group in groups.items():
        what = MEASURES.get(measure, measure.replace("_", " "))
        diffs = [c.difference_pct for c in group if c.difference_pct is not None]
        names = ", ".join(c.claim_id for c in group)
        if not diffs:
            each.append(f"{names} (carboncalc cannot recompute {what})")
            continue
        low, high = min(abs(d) for d in diffs), max(abs(d) for d in diffs)
        way = ("less" if all(d < 0 for d in diffs) else "more" if all(d > 0 for d in diffs)
               else "different")  # fmt: skip
        by = share(low) if share(low) == share(high) else (
            f"{about(low, 2)}-{share(high)}")  # fmt: skip
        each.append(f"{names} (carboncalc finds {by} {way} {what})")
    fail = "the one claim fails" if len(ids) == 1 else (
        f"{len(failing)} of {len(ids)} fail{'s' if len(failing) == 1 else ''}")  # fmt: skip
    text = f"{fail}: " + "; ".join(each)
    return text + (f"; {len(holding)} hold" if holding else "")


def verdicts(loaded: LoadedProject, check: CheckResult, *, charts: bool) -> list[Block]:
    """Each published claim with its verdict, then for each that fails: what was published,
    where, by how much it misses, what it would take, and whether it lies within carboncalc's
    90 % interval."""
    from carboncalc.render.registry import section

    if not check.claims:
        return []
    out = [Block("h2", "The published claims"),
           Block("p", "Each figure a source published about the project, recomputed by "
                      "carboncalc from the project file's inputs; a claim fails when "
                      "carboncalc's figure differs by more than the claim's tolerance (the "
                      "precision it was published to, unless the file says otherwise)."),
           ]  # fmt: skip
    out += section(check, charts=charts)
    claims = {c.id: c for c in loaded.project.claims}
    failing = _failing(check)
    for c in failing:
        given = claims.get(c.claim_id)
        source = given.source if given is not None else None
        cited = f" ({source_text(loaded.project, source)})" if source else ""
        said = claim_words(c, _years(loaded, c.claim_id))
        if given is not None and given.quote:
            said = f'"{given.quote}"'
        text = (f"{c.claim_id} FAILS: {said}{cited}; {_against(c)} (tolerance "
                f"±{c.tolerance_pct:.2g} %).")  # fmt: skip
        needs = implied_words(c)
        if needs:
            text += f" To be true it would take {needs}."
        where = interval_words(c)
        if where:
            text += f" The published figure lies {where}."
        out.append(Block("p", text))
    resting = dict.fromkeys(a for c in failing for a in c.assumptions)
    if resting:
        whose = "carboncalc's figure rests" if len(failing) == 1 else (
            "carboncalc's figures for the claims that fail rest")  # fmt: skip
        out.append(Block("p", f"{whose} on assumed inputs: "
                              + ", ".join(input_words(a) for a in resting)
                              + " (What this rests on)."))  # fmt: skip
    held = [c for c in check.claims if c.verdict == "holds" and c.case == "central"]
    conversions = [c.claim_id for c in held if c.measure == "vehicles_per_yr"]
    others = [c.claim_id for c in held if c.measure != "vehicles_per_yr"]
    if conversions:
        out.append(Block("p", f"Hold: {', '.join(conversions)}, conversions of published tonnes "
                              "into cars off the road: they check the source's arithmetic, not "
                              "the forest." + (f" Also hold: {', '.join(others)}." if others
                                               else "")))  # fmt: skip
    return out


def evidence(
    loaded: LoadedProject, credits: CreditsReport | None, check: CheckResult
) -> list[Block]:
    """The independent evidence, where there is a counterfactual: the claimed baseline's avoided
    emissions and credits beside those the counterfactual supports, and its source."""
    cf = check.counterfactual
    if cf is None:
        return []
    d = loaded.inputs.deforestation
    full = d.counterfactual_source if d is not None else None
    source = full or _evidence_source(loaded)
    rows = [("avoided emissions", tonnes(cf.baseline_avoided_tco2e),
             tonnes(cf.counterfactual_avoided_tco2e))]  # fmt: skip
    if (
        credits is not None
        and credits.claimed is not None
        and credits.supported is not None
        and not credits.same_baseline
    ):  # one baseline: two counts would be noise, no test
        rows.append(("credits", f"{credits.claimed.credits:,}", f"{credits.supported.credits:,}"))
    finding = " ".join(_evidence_said(loaded, credits, check, cited=False))
    return [Block("h2", "Independent evidence"),
            Block("p", f"{finding} The evidence: {source}."),
            Block("table", header=(f"{cf.first_year}-{cf.last_year}", "the project's baseline",
                                   "the counterfactual"), rows=tuple(rows))]  # fmt: skip


def rests_on(
    loaded: LoadedProject, sensitivity: SensitivityReport | None, *, charts: bool
) -> list[Block]:
    """The inputs that move the answer most (the sensitivity), in words, and the assumptions
    that carry no range, which no interval here covers."""
    from carboncalc.render.registry import section

    out = [Block("h2", "What this rests on")]
    if sensitivity is not None:
        out += section(sensitivity, charts=charts)
    rows = inputs_only(input_rows(loaded.project))
    ranged = {q.path for q in loaded.inputs.values if q.has_range}
    fixed = [r for r in rows if r.assumption and r.field not in ranged]
    if fixed:
        out.append(Block("p", "Assumed, with no range, so no interval in this report covers "
                              "them: " + "; ".join(f"{input_words(r.field)} "
                              f"({r.value} {r.unit})".replace(" )", ")") for r in fixed)
                         + ". Each is carboncalc's or the file's reading, not a published value "
                           "for this project; the appendix says why each was taken."))  # fmt: skip
    return out if len(out) > 1 else []
