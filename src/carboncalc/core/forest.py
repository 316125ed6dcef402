"""The forest lost year by year under the baseline, the project and the counterfactual, each
with its 90 % interval where an input it rests on is uncertain: the report's headline picture.

Notes
-----
The forest cleared since the start of the accounting period, 0 at the start and then at each
projection year's end the sum of the hectares cleared up to it, from
:func:`carboncalc.core.pipeline.emissions`: the baseline's and the project's rows, and the
counterfactual's (the baseline's rows against the counterfactual rate: what the project would
have lost at the rate of the matched forests outside it).

The 90 % interval draws the uncertain inputs the hectares rest on (the area, the forest at the
start and the deforestation rates and observations; not the carbon densities, the residual
carbon or burning, which move tonnes, not hectares) from the same streams as
:func:`carboncalc.core.uncertainty.run` (the seed and each input's path), so that a sample's
forest is the forest of the same sample there, and takes the 5th and 95th percentiles of each
year's forest over the samples. A path none of whose inputs is uncertain has no interval.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

from carboncalc.core import pipeline
from carboncalc.core.inputs import CaseLike, ProjectInputs
from carboncalc.core.uncertainty import COUNTERFACTUAL, draw, percentile

# the inputs that move hectares: the rest of `deforestation` moves tonnes only
NOT_HECTARES = ("deforestation.residual_carbon", "deforestation.burning")


@dataclass(frozen=True)
class ForestPath:
    """One path of the forest lost [ha]: 0 at the start, then the sum cleared to each year's
    end."""

    name: str  # "baseline", "project" or "counterfactual"
    cleared_ha: tuple[float, ...]
    p5_ha: tuple[float, ...] | None = None  # the 90 % interval, where the path has one
    p95_ha: tuple[float, ...] | None = None


@dataclass(frozen=True)
class ForestPaths:
    years: tuple[int, ...]  # the first year's start, then each year's end as the next year
    start_ha: float  # the forest at the start
    paths: tuple[ForestPath, ...]
    samples: int
    seed: int
    drawn: tuple[str, ...]  # the uncertain inputs drawn for the intervals


def _moves_hectares(path: str) -> bool:
    return path in ("area", "forest_area") or (
        path.startswith("deforestation.") and not path.startswith(NOT_HECTARES)
    )


def _path(inputs: ProjectInputs, case: CaseLike, counterfactual: bool) -> list[list[float]]:
    """The baseline's (or counterfactual's) and the project's forest lost at ``case``."""
    rows = pipeline.emissions(inputs, case, counterfactual=counterfactual).rows
    return [list(accumulate((r.baseline_cleared_ha for r in rows), initial=0.0)),
            list(accumulate((r.project_cleared_ha for r in rows), initial=0.0))]  # fmt: skip


def _spread(columns: list[list[float]]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    ordered = [sorted(c) for c in columns]
    return (tuple(percentile(c, 0.05) for c in ordered),
            tuple(percentile(c, 0.95) for c in ordered))  # fmt: skip


def forest_paths(inputs: ProjectInputs, *, samples: int, seed: int) -> ForestPaths:
    """The baseline's, the project's and (where the file or the evidence set gives one) the
    counterfactual's forest, year by year, with their 90 % intervals (see the module notes)."""
    d = inputs.deforestation
    with_counterfactual = d is not None and d.counterfactual is not None
    baseline, project = _path(inputs, "central", False)
    central = {"baseline": baseline, "project": project}
    if with_counterfactual:
        central["counterfactual"] = _path(inputs, "central", True)[0]
    drawn = [q for q in inputs.uncertain() if _moves_hectares(q.path)]
    own = [q for q in drawn if not q.path.startswith(COUNTERFACTUAL)]
    columns: dict[str, list[list[float]]] = {name: [[] for _ in path]
                                             for name, path in central.items()}  # fmt: skip
    spread_of = {"baseline": bool(own), "project": bool(own),
                 "counterfactual": bool(drawn)}  # fmt: skip
    if drawn:
        streams = [(q, random.Random(f"{seed}:{q.path}")) for q in drawn]
        for _ in range(samples):
            draws = {q.path: draw(q, rng) for q, rng in streams}
            sampled = {}
            if own:
                sampled = dict(zip(("baseline", "project"), _path(inputs, draws, False),
                                   strict=True))  # fmt: skip
            if with_counterfactual:
                sampled["counterfactual"] = _path(inputs, draws, True)[0]
            for name, path in sampled.items():
                for column, value in zip(columns[name], path, strict=True):
                    column.append(value)
    paths = []
    for name, path in central.items():
        low, high = _spread(columns[name]) if spread_of[name] else (None, None)
        if low == high:  # every sample the same (a project rate of 0): no interval
            low = high = None
        paths.append(ForestPath(name, tuple(path), low, high))
    assert inputs.first_year is not None
    years = tuple(range(inputs.first_year, inputs.first_year + len(baseline)))
    return ForestPaths(
        years, pipeline.forest_ha(inputs), tuple(paths), samples, seed, tuple(q.path for q in drawn)
    )
