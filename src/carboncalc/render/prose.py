"""Figures in sentences: rounded to the digits their inputs support, in Mt or Gt where that
reads better, and inputs and claims named in words; for the report's summary, verdicts and
what its figures rest on. Tables keep their own formats (:mod:`.numbers`); JSON and CSV keep
the unrounded values."""

from __future__ import annotations

from typing import TYPE_CHECKING

from carboncalc.render.numbers import mass as mass
from carboncalc.render.numbers import rounded, scale, sig

if TYPE_CHECKING:
    from carboncalc.core.claims import ClaimCheck, Implied
    from carboncalc.core.sampling import Summary


# a figure to 3 significant figures (2,336,905 -> 2,340,000; 1.0784 -> 1.08), as every answer
# line and table of carboncalc rounds it: one rule, in :mod:`.numbers`
about = rounded


# t, Mt and Gt, and a mass in them: one rule for every answer line, table and sentence
_scale = scale


def mass_span(low: float, high: float, like: float, substance: str = "CO2e") -> str:
    """An interval in the prefix of the figure it belongs to, to 3 significant figures, as the
    terminal gives it: "1.10 to 3.58 Mt CO2e"."""
    size, prefix = _scale(max(abs(like), abs(low), abs(high)))
    return f"{about(low / size)} to {about(high / size)} {prefix} {substance}".rstrip()


def count(n: float, digits: int = 3) -> str:
    """A count of credits, vehicles or dollars: 581,716 -> "582,000"; 1,367,809 -> "1.37
    million"; 5.1e9 -> "5.1 billion"."""
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(n) >= size:
            return f"{about(n / size, digits)} {word}"
    return about(n, digits)


def share(pct: float) -> str:
    """A share in %, to 2 significant figures: 82.62 -> "83 %"; 0.81 -> "0.81 %"."""
    return f"{about(abs(pct), 2)} %"


# Each input's name in words, by its field path in the project file (as --set takes it).
_INPUTS = {
    "area": "project area",
    "forest_area": "forest at the start",
    "deforestation.baseline.rate": "baseline deforestation rate",
    "deforestation.project.rate": "deforestation rate with the project",
    "deforestation.project.reduction": "the project's cut in deforestation",
    "deforestation.counterfactual.rate": "deforestation rate in matched forests outside",
    "deforestation.residual_carbon": "carbon left on cleared land",
    "deforestation.burning.burned": "share of the cleared biomass burned",
    "credits.buffer": "buffer for non-permanence risk",
    "credits.leakage": "leakage deduction",
    "credits.uncertainty": "uncertainty deduction",
    "credits.price": "carbon price",
    "credits.discount_rate": "discount rate",
}
_SCENARIOS = {"baseline": "baseline", "project": "project", "counterfactual": "matched forests'"}
_POOLS = {"above_ground": "above-ground", "below_ground": "below-ground", "dead_wood": "dead wood",
          "litter": "litter", "soil": "soil", "all_pools": "all pools'"}  # fmt: skip


def input_words(path: str) -> str:
    """An input's name in words: "carbon.pools.above_ground" -> "above-ground carbon density";
    "deforestation.baseline.rates.1" -> "baseline deforestation rate, period 2". A path this
    does not know is given with its dots and underscores as spaces."""
    if path in _INPUTS:
        return _INPUTS[path]
    parts = path.split(".")
    if parts[:2] == ["carbon", "pools"] and len(parts) >= 3:
        pool = _POOLS.get(parts[2], parts[2].replace("_", " "))
        if len(parts) == 3:
            return f"{pool} carbon density"
        if parts[3] == "carbon_fraction":
            return f"carbon fraction of {pool} biomass"
        if parts[3] == "root_to_shoot":
            return "root-to-shoot ratio (below- to above-ground)"
    if parts[0] == "deforestation" and len(parts) >= 3 and parts[1] in _SCENARIOS:
        whose = _SCENARIOS[parts[1]]
        if parts[2] == "rates" and len(parts) == 4 and parts[3].isdigit():
            return f"{whose} deforestation rate, period {int(parts[3]) + 1}"
        if parts[2] == "observed":
            return f"{whose} observed forest loss (its scale)"
    if parts[0] == "fossil_reserves" and len(parts) == 2:
        return f"fossil reserve {int(parts[1]) + 1}" if parts[1].isdigit() else path
    return path.replace(".", " ").replace("_", " ")


# What each measure of a claim is, in words
MEASURES = {
    "avoided_emissions": "avoided emissions",
    "avoided_emissions_per_yr": "avoided emissions a year",
    "stock": "carbon stock",
    "area": "area",
    "vehicles_per_yr": "cars off the road",
}


def claim_words(c: ClaimCheck, years: tuple[int, int] | None = None) -> str:
    """What a claim says, in words: "6.2 Mt CO2e of avoided emissions over 2008-2016"."""
    figure = f"{sig(c.claimed_as_published)} {c.published_unit}"
    span = ("" if not years else f" over {years[0]}-{years[1]}" if years[0] != years[1]
            else f" in {years[0]}")  # fmt: skip
    if c.measure in ("avoided_emissions", "avoided_emissions_per_yr"):
        return f"{figure} of avoided emissions{span}"
    if c.measure == "stock":
        return f"a carbon stock of {figure}"
    if c.measure == "area":
        return f"an area of {figure}"
    if c.measure == "vehicles_per_yr":
        return f"{sig(c.claimed_as_published)} cars off the road for a year"
    return f"{figure} ({c.measure.replace('_', ' ')})"


def mass_like(t: float, like: float, substance: str = "CO2e") -> str:
    """A mass in the prefix of another it is shown beside: 966,995 beside 3.7e6 -> "0.967 Mt
    CO2e"."""
    size, prefix = _scale(max(abs(like), abs(t)))
    return f"{about(t / size)} {prefix} {substance}".rstrip()


def mass_pair(low: float, high: float, substance: str = "CO2e") -> str:
    """Two masses in the prefix of the larger, to 3 significant figures: "0.967 to 3.71 Mt
    CO2e"; one where they are the same."""
    size, prefix = _scale(max(abs(low), abs(high)))
    if about(low / size) == about(high / size):
        return f"{about(low / size)} {prefix} {substance} at both".rstrip()
    return f"{about(low / size)} to {about(high / size)} {prefix} {substance}".rstrip()


def implied_words(c: ClaimCheck) -> str | None:
    """What a claim would take to be true, from what it implies (:mod:`carboncalc.core.claims`):
    for avoided emissions, the clearing avoided each year against carboncalc's projection; for a
    stock, the density behind it; otherwise each figure it implies. None where it implies none."""

    def first(start: str) -> Implied | None:
        return next((i for i in c.implied if i.what.startswith(start)), None)

    needs, has = first("avoided clearing at "), first("avoided clearing in ")
    if needs is not None and has is not None:
        return (f"about {about(needs.value)} {needs.unit} of avoided clearing, where carboncalc's "
                f"projection has {about(has.value)}")  # fmt: skip
    density, area = first("density behind the claim"), first("area at carboncalc's density")
    if density is not None:
        text = f"a density of {about(density.value)} {density.unit}"
        return text + (f", or {about(area.value)} {area.unit} at carboncalc's density"
                       if area is not None else "")  # fmt: skip
    shown = [f"{i.what} {sig(i.value)} {i.unit}" for i in c.implied if i.what != "years spanned"]
    return "; ".join(shown) or None


def interval_words(c: ClaimCheck) -> str | None:
    """Whether the published figure lies within carboncalc's 90 % interval, where one was run:
    "within carboncalc's 90 % interval 3.4-7.9 Mt CO2e"."""
    if c.interval is None:
        return None
    low, high = (x / c.scale for x in c.interval)
    where = "within" if c.within_interval else "outside"
    return (f"{where} carboncalc's 90 % interval {about(low)}-{about(high)} "
            f"{c.published_unit}")  # fmt: skip


def evidence_finding(avoided: float, baseline: float, spread: Summary | None) -> str:
    """What the counterfactual says of the claimed baseline, with the 90 % interval of its
    avoided emissions where its rate is uncertain: the central figure alone can sit at one end
    of that interval, and a verdict on it alone would say more than the evidence does."""
    said = f"the project avoided {mass(avoided)}"
    if spread is None:
        if avoided <= 0:
            return said + ": it supports none of the claimed avoided emissions"
        return said + (f", where the claimed baseline gives {mass(baseline)}: "
                       f"{baseline / avoided:,.1f} times as much")  # fmt: skip
    span = mass_span(spread.p5, spread.p95, avoided)
    if spread.p95 <= 0:
        return said + f" (90 % interval {span}): none is supported across the interval"
    if avoided <= 0:
        most = spread.p95 / baseline * 100 if baseline > 0 else None
        share_of = (f": at most {about(most, 2)} % of the {mass(baseline)} the claimed baseline "
                    "gives," if most is not None else ",")  # fmt: skip
        where = ", the end of its range" if avoided < spread.p5 else ""
        return (
            f"{said} at the counterfactual's given rate{where}; over the rate's range, 90 % "
            f"interval {span}, median {mass(spread.median)}{share_of} so the project may have "
            "avoided a little, or nothing"
        )
    return said + (f" (90 % interval {span}), where the claimed baseline gives "
                   f"{mass(baseline)}: {baseline / avoided:,.1f} times as much")  # fmt: skip
