"""A portfolio, a sweep and a chart from the seed projects, with carboncalc's Python API.

Run from the root of a clone (where projects/ is), with pandas and, for the chart, matplotlib:

    pip install '.[frames,plot]'
    python docs/examples/portfolio.py [CHART.png]

It prints the portfolio (one row per project), the credits of Alto Mayo at three baseline
deforestation rates, and writes the emissions chart to CHART.png (a temporary file without
one); without matplotlib it says so and skips the chart.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import carboncalc

SAMPLES = 1000  # the Monte Carlo behind each uncertainty deduction (the CLI's default: 10,000)


def main(chart: Path) -> None:
    # Every project of the project set side by side: a project that cannot be computed would
    # be a row with its problem in the `error` column.
    portfolio = carboncalc.compare(samples=SAMPLES).to_frame()
    columns = ["area_ha", "stock_tco2", "avoided_tco2e", "credits"]
    print("Portfolio (t CO2e; credits under each file's rules):")
    print(portfolio[columns].to_string(float_format="{:,.0f}".format))
    print(f"total avoided: {portfolio['avoided_tco2e'].sum():,.0f} t CO2e")

    # One input over three values: each step is a what-if of the file as read.
    alto_mayo = carboncalc.load("alto-mayo")
    field = "deforestation.baseline.rate"
    sweep = alto_mayo.sweep(field, ["0.3%/yr", "0.5%/yr", "0.8%/yr"], samples=SAMPLES)
    print(f"\nAlto Mayo as the {field} moves:")
    steps = sweep.to_frame()[["avoided_tco2e", "credits", "uncertainty_pct"]]
    print(steps.to_string(float_format="{:,.1f}".format))

    # The chart `carboncalc emissions alto-mayo --plot` draws, as a matplotlib Figure.
    try:
        fig = alto_mayo.plot("emissions")
    except ImportError as error:
        print(f"\nno chart: {error}")
        return
    fig.savefig(chart)
    print(f"\nwrote {chart}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as folder:
            main(Path(folder) / "alto-mayo-emissions.png")
