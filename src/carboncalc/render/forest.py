"""The report's headline picture: the forest lost under the baseline, the project and the
counterfactual, year by year, with their 90 % intervals; an SVG where matplotlib is installed,
a text chart otherwise (and always in Markdown)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from carboncalc.render.charts import line_chart
from carboncalc.render.numbers import tonnes
from carboncalc.render.prose import about

if TYPE_CHECKING:
    from carboncalc.render.documentkit import Block
    from carboncalc.reports.forest import ForestReport

# each path's words in the text, its glyph and its name in the text chart's legend
WORDS = {
    "baseline": ("baseline (without the project)", "b", "baseline"),
    "project": ("with the project", "p", "project"),
    "counterfactual": (
        "at the rate of matched forests outside the project",
        "c",
        "matched forests",
    ),
}


def _words(name: str) -> tuple[str, str, str]:
    """A path's words in the text, its glyph and its name in the text chart's legend."""
    return WORDS.get(name, (name, "?", name))


def forest_section(report: ForestReport, *, charts: bool) -> list[Block]:
    from carboncalc.render.documentkit import Block, chart_block, svg_of
    from carboncalc.render.plot import forest_plot

    f = report.forest
    first, last = f.years[0], f.years[-1] - 1  # the last point is the last year's end
    ends = []
    for p in f.paths:
        words = _words(p.name)[0]
        text = f"{words}: {tonnes(p.cleared_ha[-1])} ha"
        if p.p5_ha is not None and p.p95_ha is not None:
            low, high = p.p5_ha[-1], p.p95_ha[-1]
            text += f" (90 % interval {about(low)} to {about(high)}"
            if not low <= p.cleared_ha[-1] <= high:
                text += "; the central figure lies outside it, as an input's central value lies "
                text += "near an end of its range"
            text += ")"
        ends.append(text)
    band = (f" Shaded: the 90 % interval of carboncalc's Monte Carlo ({f.samples:,} samples, "
            f"seed {f.seed}) of the uncertain inputs the hectares rest on.") if any(
        p.p5_ha is not None for p in f.paths) else ""  # fmt: skip
    out = [Block("h2", f"The forest lost, {first}-{last}"),
           Block("p", f"Forest cleared since the start of {first} out of {tonnes(f.start_ha)} ha, "
                      f"by the end of {last}: " + "; ".join(ends) + "." + band)]  # fmt: skip
    if charts:
        series = [(_words(p.name)[2], _words(p.name)[1], list(p.cleared_ha)) for p in f.paths]
        text = line_chart(f"Forest cleared since {first}, ha (the axis starts at 0)",
                          list(f.years), series)  # fmt: skip
        svg = svg_of(forest_plot, f, f"{report.loaded.title}: forest cleared since {first}")
        out.append(chart_block(text, svg))
    return out
