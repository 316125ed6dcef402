"""What a project gives beyond the commands' tables: the Monte Carlo's draws as a frame, a chart
as a matplotlib Figure, and the report written to a file (and how a report was made, which the
command line's ``report`` shares)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carboncalc.core.sampling import DEFAULT_SAMPLES
from carboncalc.errors import CarboncalcError

if TYPE_CHECKING:
    from carboncalc.core.inputs import ProjectInputs
    from carboncalc.core.uncertainty import MonteCarlo, MonteCarloRun, Sample
    from carboncalc.files.loading import LoadedProject
    from carboncalc.render.made import Made

OUTPUTS = ("stock_tco2", "avoided_tco2e", "credits_exact_tco2e")
KINDS = ("emissions", "credits", "sensitivity", "forest")


def draws(loaded: LoadedProject, *, samples: int, seed: int, baseline: str) -> Any:
    """The samples of the Monte Carlo ``uncertainty`` runs (the same job: inputs, deductions,
    streams), one row each: see :meth:`carboncalc.api.project.Project.draws`."""
    from carboncalc.api.results import pandas
    from carboncalc.core.uncertainty import run
    from carboncalc.render.inputs import input_rows
    from carboncalc.reports.credits import uncertainty_report

    pd = pandas()
    runs: list[tuple[MonteCarlo, list[Sample]]] = []

    def keeping(job: MonteCarloRun) -> MonteCarlo:
        kept: list[Sample] = []
        mc = run(job.inputs, samples=job.samples, seed=job.seed,
                 uncertainty_fraction=job.uncertainty_fraction, counterfactual=job.counterfactual,
                 by_vintage=job.by_vintage, kept=kept)  # fmt: skip
        runs.append((mc, kept))
        return mc

    report = uncertainty_report(loaded, samples=samples, seed=seed, baseline=baseline,
                                runner=keeping)  # fmt: skip
    kept = next(k for mc, k in runs if mc is report.monte_carlo)
    inputs = list(report.monte_carlo.inputs)
    outputs = [name for name in OUTPUTS
               if any(getattr(s, name) is not None for s in kept[:1])]  # fmt: skip
    frame = pd.DataFrame(
        [[*(s.values[i] for i in inputs), *(getattr(s, o) for o in outputs)] for s in kept],
        columns=[*inputs, *outputs],
    )
    frame.index.name = "sample"
    from carboncalc.api.results import units_of

    units = {r.field: r.unit for r in input_rows(loaded.project) if r.field in inputs and r.unit}
    frame.attrs["units"] = {**units, **units_of(outputs)}
    return frame


def plot(
    loaded: LoadedProject, kind: str, *, samples: int, seed: int, base: ProjectInputs | None
) -> Any:
    """A chart as a matplotlib Figure: see :meth:`carboncalc.api.project.Project.plot`
    (``base``: for a what-if, the inputs whose deduction its credits are compared with)."""
    from carboncalc.api.commands import one_of
    from carboncalc.render import plot as charts

    one_of("kind", kind, tuple(KINDS))
    maker = charts.figure_maker()  # says how to install matplotlib, before any work
    title = loaded.title
    if kind == "emissions":
        from carboncalc.reports.projects import emissions_report

        report = emissions_report(loaded, first=None, last=None, case="central")
        fig = charts.emissions_figure(report, f"{title}: forest and avoided emissions", maker)
    elif kind == "credits":
        from carboncalc.reports.credits import credits_report

        credits = credits_report(loaded, samples=samples, seed=seed, base=base)
        fig = charts.credits_figure(credits, f"{title}: credits and buffer by vintage", maker)
    elif kind == "sensitivity":
        from carboncalc.render.inputs import input_rows
        from carboncalc.reports.credits import sensitivity_report

        found = sensitivity_report(loaded, pct=None, samples=samples, seed=seed)
        tornado = found.tornado
        units = {r.field: r.unit for r in input_rows(loaded.project)}
        fig = charts.tornado_figure(tornado, f"{title}: sensitivity of avoided emissions",
                                    maker, units)  # fmt: skip
    else:  # the forest
        from carboncalc.reports.forest import forest_report

        if not loaded.inputs.has_emissions:
            raise CarboncalcError("plot('forest') needs deforestation rates and a period")
        forest = forest_report(loaded, samples=samples, seed=seed).forest
        fig = charts.forest_figure(forest, f"{title}: forest cleared since {forest.years[0]}",
                                   maker)  # fmt: skip
    fig.tight_layout()
    return fig


def report(
    loaded: LoadedProject,
    path: Path,
    *,
    force: bool,
    samples: int,
    seed: int,
    rules: str | None,
    sets: list[str],
) -> Path:
    """Write the report as ``carboncalc report`` does: see
    :meth:`carboncalc.api.project.Project.report` (``sets``: its what-ifs, as ``--set``
    texts, for the command that makes it again)."""
    from carboncalc.files.factor_editions import factors_for
    from carboncalc.files.writing import check_report_path, write_text
    from carboncalc.render import document
    from carboncalc.reports.projects import everything_report

    check_report_path(path, replace=force, spelled=("report(path)", "force=True"))
    suffix = path.suffix.lower()
    table, edition = factors_for(None, loaded.path, loaded.inputs.equivalents_factors)
    parts = everything_report(loaded, table=table, samples=samples, seed=seed, edition=edition)
    made = made_by(loaded, loaded.name, path, samples=samples, seed=seed, rules=rules,
                   sets=sets, scenario=loaded.scenario)  # fmt: skip
    blocks = document.blocks(loaded, **parts, made=made)
    text = document.markdown(blocks) if suffix == ".md" else document.html_page(blocks)
    write_text(path, text, replace=force, if_exists="force=True replaces it")
    return path


def made_by(
    loaded: LoadedProject,
    project: str,
    output: Path,
    *,
    samples: int,
    seed: int,
    rules: str | None,
    sets: list[str] | None,
    scenario: str | None,
) -> Made:
    """How a report is made, for its last section: the date (SOURCE_DATE_EPOCH's, where set, so
    that a build can be repeated to the byte), the command that makes it again (the project as
    typed, or its file's name where that was an absolute path; the output's name; the options
    given, a what-if as ``--set``), each input file's SHA-256."""
    import datetime as dt
    import shlex

    from carboncalc.files.projects import file_digests, named_files
    from carboncalc.render.made import Made

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    day = (dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch.isdigit()
           else dt.date.today())  # fmt: skip
    shown = loaded.path.name if Path(project).is_absolute() else project
    words = ["carboncalc", "report", shown, "-o", output.name]
    words += ["--samples", str(samples)] if samples != DEFAULT_SAMPLES else []
    words += ["--seed", str(seed)] if seed else []
    words += ["--rules", rules] if rules else []
    words += ["--scenario", scenario] if scenario else []
    for text in sets or []:
        words += ["--set", text]
    files = file_digests(loaded.path, named_files(loaded.project))
    return Made(day.isoformat(), shlex.join(words), files, samples, seed)
