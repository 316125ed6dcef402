"""A loaded project in Python: :func:`load`, and :class:`Project`, whose methods give each
command's result about it and make what-ifs of it."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from carboncalc.api.commands import Baseline, Commands, enough, one_of
from carboncalc.api.results import Sweep
from carboncalc.core.sampling import DEFAULT_SAMPLES

if TYPE_CHECKING:
    from carboncalc.files.loading import LoadedProject, Source
    from carboncalc.files.overrides import Spelling


@dataclass(frozen=True)
class Project(Commands):
    """A project file, found, read and validated, with its what-ifs applied. Made by
    :func:`load`; :meth:`with_values` and :meth:`scenario` make what-ifs of it (new projects:
    this one is unchanged) from the file as read, without reading it again.

    Parameters
    ----------
    loaded
        The validated project (its ``inputs`` are what every computation reads).
    rules
        The credit rule set chosen at :func:`load`, if any.
    source
        The file as read, from which what-ifs are made.
    values
        The what-ifs given in Python, as ``FIELD=VALUE`` texts with how they were given.
    sets
        The what-ifs given as ``--set`` texts (``load(set=...)``, deprecated).
    """

    loaded: LoadedProject
    rules: str | None = None
    source: Source | None = None
    values: tuple[tuple[str, Spelling], ...] = ()
    sets: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The project's name in the project set (its file's name without ``.yaml``)."""
        return self.loaded.name

    @property
    def path(self) -> Path:
        """The project file."""
        return self.loaded.path

    @property
    def title(self) -> str:
        """The project's own name, ``name:`` in the file."""
        return self.loaded.title

    @property
    def countries(self) -> tuple[str, ...]:
        """The countries the file names."""
        return self.loaded.countries

    @property
    def area_ha(self) -> float:
        """The project area [ha]."""
        from carboncalc.core import pipeline

        return pipeline.area_ha(self.loaded.inputs)

    @property
    def inputs(self) -> Any:
        """The resolved inputs the core computes from
        (:class:`carboncalc.core.inputs.ProjectInputs`)."""
        return self.loaded.inputs

    # -- what-ifs -----------------------------------------------------------------------------

    def with_values(self, values: Mapping[str, Any] | None = None, /, **fields: Any) -> Project:
        """The project with inputs set to other values, as ``--set FIELD=VALUE`` sets them.

        Parameters
        ----------
        values
            ``{field path: value}``: a path as in the file (``"credits.buffer"``,
            ``"deforestation.baseline.rate"``), a value a number (in the file's unit) or a text
            with a unit (``"5000 ha"``, ``"0.5%/yr"``) or a range (``"20..40%"``). An uncertain
            input keeps its spread (see the What-ifs page).
        **fields
            The same, for fields at the top of the file: ``with_values(area="5000 ha")``.

        Returns
        -------
        Project
            A new project; this one is unchanged. What-ifs add up: a second call keeps the first.

        Raises
        ------
        CarboncalcError
            A field or value that does not fit, its message naming the argument:
            ``with_values: 'aera': aera: unknown field 'aera'; did you mean 'area'?``.

        Examples
        --------
        >>> p = carboncalc.load("alto-mayo")
        >>> more = p.with_values({"credits.buffer": "20%"})
        >>> more.credits(samples=200).to_dict()["totals"]["credits"]
        961582
        """
        from carboncalc.api.whatifs import spelled

        given = {**(values or {}), **fields}
        return self._remade(values=(*self.values, *spelled(given, "with_values")))

    def scenario(self, name: str) -> Project:
        """The project under one of the file's named scenarios (``scenarios:``), as
        ``--scenario`` loads it; its what-ifs kept, applied after the scenario's.

        Parameters
        ----------
        name
            A scenario the file names, such as ``"half-the-effect"``.

        Returns
        -------
        Project
            A new project; this one is unchanged.

        Examples
        --------
        >>> carboncalc.load("alto-mayo").scenario("high-buffer").loaded.scenario
        'high-buffer'
        """
        from carboncalc.files.loading import read_source, scenario_names

        source = self.source or read_source(str(self.path))
        known = scenario_names(source.document[0].data)
        if name not in known:
            import difflib

            from carboncalc.errors import ArgumentError

            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ArgumentError(f"scenario({name!r}): {self.path} names no such scenario "
                                f"(scenarios: {', '.join(known) or 'none'}){hint}")  # fmt: skip
        return self._remade(scenario=name)

    def _remade(self, **changes: Any) -> Project:
        from carboncalc.files.loading import load_project, read_source

        source = self.source or read_source(str(self.path))
        values = changes.get("values", self.values)
        loaded = load_project(str(self.path), source=source, sets=list(self.sets),
                              scenario=changes.get("scenario", self.loaded.scenario),
                              rules=self.rules, values=list(values))  # fmt: skip
        return Project(loaded, self.rules, source, tuple(values), self.sets)

    def sweep(
        self,
        field: str,
        values: Sequence[Any],
        *,
        samples: int = DEFAULT_SAMPLES,
        seed: int = 0,
    ) -> Sweep:
        """The main results as one input takes each of ``values``, as ``carboncalc sweep``
        (each step is :meth:`with_values` ``({field: value})``, from the file as read).

        Parameters
        ----------
        field
            A field path, such as ``"deforestation.baseline.rate"``.
        values
            Its values, each a number or a text with a unit (``"0.5%/yr"``).
        samples, seed
            The Monte Carlo behind each step's uncertainty deduction.

        Returns
        -------
        Sweep
            Its frame has one row per value, indexed by the value (named ``field``), with
            ``compare``'s columns.

        Examples
        --------
        >>> p = carboncalc.load("alto-mayo")
        >>> s = p.sweep("credits.buffer", ["10%", "20%"], samples=200).to_frame()
        >>> s["credits"].tolist()
        [1195275, 961582]
        """
        from carboncalc.api.whatifs import spelled, sweep

        def step(value: Any) -> LoadedProject:
            more = spelled({field: value}, "sweep")
            return self._remade(values=(*self.values, *more)).loaded

        samples = enough(samples)
        return sweep(self.loaded, field, list(values), step=step, samples=samples, seed=seed)

    def draws(
        self, samples: int = DEFAULT_SAMPLES, seed: int = 0, *, baseline: Baseline = "project"
    ) -> Any:
        """The Monte Carlo's samples behind :meth:`uncertainty`, as a pandas DataFrame.

        Parameters
        ----------
        samples, seed, baseline
            As :meth:`uncertainty`: the same streams, so the frame's percentiles (pandas'
            default, linear) are :meth:`uncertainty`'s.

        Returns
        -------
        pandas.DataFrame
            One row per draw, indexed by ``sample`` (0, 1, ...); a column per uncertain input,
            named by its field path, holding its drawn value in the unit the file gives it;
            then ``stock_tco2``, ``avoided_tco2e`` (with deforestation) and
            ``credits_exact_tco2e`` (with credit rules: after every deduction, before
            rounding). ``df.attrs["units"]`` gives each column's unit.

        Examples
        --------
        >>> d = carboncalc.load("alto-mayo").draws(samples=200)
        >>> d.shape, d.attrs["units"]["avoided_tco2e"]
        ((200, 5), 't CO2e')
        """
        from carboncalc.api.outputs import draws

        samples = enough(samples)
        one_of("baseline", baseline, ("project", "counterfactual"))
        return draws(self.loaded, samples=samples, seed=seed, baseline=baseline)

    def plot(
        self,
        kind: Literal["emissions", "credits", "sensitivity", "forest"] = "emissions",
        *,
        samples: int = DEFAULT_SAMPLES,
        seed: int = 0,
    ) -> Any:
        """A chart, as a matplotlib Figure (``pip install 'carboncalc[plot]'``).

        Parameters
        ----------
        kind
            ``"emissions"``: forest area and cumulative avoided emissions (as
            ``emissions --plot``); ``"sensitivity"``: the tornado (``sensitivity --plot``);
            ``"credits"``: credits and buffer by vintage; ``"forest"``: the forest lost under
            the baseline, the project and the counterfactual (the report's headline chart).
        samples, seed
            The Monte Carlo behind credits, sensitivity and the forest's intervals.

        Returns
        -------
        matplotlib.figure.Figure
            Shown by a notebook; ``fig.savefig("chart.png")`` writes it.

        Examples
        --------
        >>> fig = carboncalc.load("alto-mayo").plot("emissions")  # doctest: +SKIP
        """
        from carboncalc.api.outputs import plot

        samples = enough(samples)
        return plot(self.loaded, kind, samples=samples, seed=seed, base=self.base_inputs())

    def report(
        self,
        path: str | Path,
        *,
        force: bool = False,
        samples: int = DEFAULT_SAMPLES,
        seed: int = 0,
    ) -> Path:
        """Write the Markdown or HTML report, as ``carboncalc report``.

        Parameters
        ----------
        path
            ``FILE.md`` or ``FILE.html``, in a folder that exists.
        force
            Replace the file if it exists (never through a link); without it an existing
            file is an error, and is left as it was.
        samples, seed
            The Monte Carlo behind every interval in it.

        Returns
        -------
        Path
            The file written.

        Examples
        --------
        >>> carboncalc.load("alto-mayo").report("alto-mayo.html")  # doctest: +SKIP
        PosixPath('alto-mayo.html')
        """
        from carboncalc.api.outputs import report

        samples = enough(samples)
        sets = [*self.sets, *(text for text, _ in self.values)]
        return report(self.loaded, Path(path), force=force, samples=samples, seed=seed,
                      rules=self.rules, sets=sets)  # fmt: skip

    # -- in a notebook ------------------------------------------------------------------------

    def summary(self) -> list[tuple[str, str]]:
        """What a notebook shows of the project (``_repr_html_``, ``_repr_markdown_``).

        Returns
        -------
        list of (label, text)
            Its name, file, area, countries, scenario and what-ifs, and the methods that apply.

        Examples
        --------
        >>> carboncalc.load("alto-mayo").summary()[2]
        ('area', '182,000 ha')
        """
        from carboncalc.render.numbers import rounded

        inputs = self.loaded.inputs
        methods = ["stock", "equivalents", "check"]
        if inputs.has_emissions:
            methods += ["emissions", "uncertainty", "sensitivity", "draws", "sweep", "plot"]
            if inputs.credits is not None:
                methods.append("credits")
        methods += ["with_values", "scenario", "report"]
        shown = [("project", f"{self.name} ({self.title})"), ("file", str(self.path)),
                 ("area", f"{rounded(self.area_ha)} ha"),
                 ("countries", ", ".join(self.countries) or "-")]  # fmt: skip
        if self.loaded.scenario is not None:
            shown.append(("scenario", self.loaded.scenario))
        if self.loaded.overrides:
            shown.append(("what-ifs", "; ".join(o.text for o in self.loaded.overrides)))
        if self.loaded.project.scenarios:
            shown.append(("scenarios", ", ".join(self.loaded.project.scenarios)))
        shown.append(("methods", ", ".join(f".{m}()" for m in methods)))
        return shown

    def _repr_html_(self) -> str:
        import html

        rows = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
                       f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
                       for k, v in self.summary())  # fmt: skip
        return f'<div class="carboncalc"><table>{rows}</table></div>'

    def _repr_markdown_(self) -> str:
        from carboncalc.api.results import _md

        return "\n".join(f"- **{k}**: {_md(v)}" for k, v in self.summary()) + "\n"

    def __repr__(self) -> str:
        what = f", scenario {self.loaded.scenario!r}" if self.loaded.scenario else ""
        what += f", {len(self.loaded.overrides)} what-ifs" if self.loaded.overrides else ""
        return f"<carboncalc Project {self.name!r} from {self.path}{what}>"


def load(
    project: str | Path,
    *,
    values: Mapping[str, Any] | None = None,
    scenario: str | None = None,
    rules: str | None = None,
    projects_dir: str | Path | None = None,
    set: list[str] | None = None,
) -> Project:
    """A project by name (from the project set) or by path, found and validated as the command
    line does.

    Parameters
    ----------
    project
        A name such as ``"alto-mayo"`` (looked for in ``projects_dir``, else
        ``$CARBONCALC_PROJECTS_DIR``, else ``./projects``) or a path to a ``.yaml`` file.
    values
        What-ifs, ``{field path: value}``, as :meth:`Project.with_values` takes them.
    scenario
        One of the file's named scenarios.
    rules
        A credit rule set in place of the file's: ``"vcs"``, ``"fcpf"``, ...
    projects_dir
        The folder of projects to find a name in.
    set
        Deprecated: what-ifs as ``--set`` texts (``["credits.buffer=20%"]``); use ``values``.

    Returns
    -------
    Project

    Raises
    ------
    CarboncalcError
        No such project, or a file or what-if that is not valid: each problem with its place.

    Examples
    --------
    >>> p = carboncalc.load("alto-mayo", values={"credits.buffer": "20%"}, rules="fcpf")
    >>> p.name, p.rules
    ('alto-mayo', 'fcpf')
    """
    from carboncalc.api.whatifs import spelled
    from carboncalc.files.loading import load_project, read_source
    from carboncalc.files.validation import check_rules_option

    if rules is not None:
        check_rules_option(rules, f"rules={rules!r}")
    if set is not None:
        warnings.warn("load(set=[...]) is deprecated: use load(values={field: value})",
                      DeprecationWarning, stacklevel=2)  # fmt: skip
    folder = Path(projects_dir) if projects_dir is not None else None
    given = tuple(spelled(values or {}, "values"))
    source = read_source(str(project), folder)
    loaded = load_project(str(project), source=source, sets=set, scenario=scenario,
                          rules=rules, values=list(given))  # fmt: skip
    return Project(loaded, rules, source, given, tuple(set or ()))
