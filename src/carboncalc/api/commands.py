"""The commands about one project, as methods of :class:`carboncalc.api.project.Project`: each
runs the command's code, so that a figure here is the command's figure."""

from __future__ import annotations

from numbers import Integral, Real
from typing import TYPE_CHECKING, Any, Literal

from carboncalc.api.results import Result
from carboncalc.core.sampling import DEFAULT_SAMPLES

if TYPE_CHECKING:
    from carboncalc.files.loading import LoadedProject

Baseline = Literal["project", "counterfactual"]


class Commands:
    """``stock``, ``emissions``, ``equivalents``, ``credits``, ``uncertainty``,
    ``sensitivity`` and ``check`` of a loaded project (``self.loaded``)."""

    loaded: LoadedProject
    rules: str | None

    def base_inputs(self) -> Any:
        """For a what-if, the same file without its what-ifs, whose deduction the credits are
        compared with.

        Returns
        -------
        ProjectInputs or None
            None when nothing was overridden.

        Examples
        --------
        >>> p = carboncalc.load("alto-mayo")
        >>> p.base_inputs() is None, p.with_values({"credits.buffer": 30}).base_inputs() is None
        (True, False)
        """
        base = self.loaded.base_case(self.rules)
        return base.inputs if base is not None else None

    def stock(self) -> Result:
        """The carbon stock, pool by pool, as ``carboncalc stock``.

        Returns
        -------
        Result
            Its frame is indexed by ``pool`` (a ``total`` row last).

        Examples
        --------
        >>> round(carboncalc.load("alto-mayo").stock().to_dict()["total"]["stock_tco2"])
        45698664
        """
        from carboncalc.files.factor_editions import factors_for
        from carboncalc.reports.projects import stock_report

        table, edition = factors_for(None, self.loaded.path, self.loaded.inputs.equivalents_factors)
        return Result(stock_report(self.loaded, table=table, factors_version=edition))

    def emissions(
        self,
        *,
        case: Literal["low", "central", "high"] = "central",
        first: int | None = None,
        last: int | None = None,
    ) -> Result:
        """Avoided emissions year by year, as ``carboncalc emissions``.

        Parameters
        ----------
        case
            Every input at its ``"low"``, ``"central"`` or ``"high"`` value (``--case``).
        first, last
            The years shown (``--from``, ``--to``); the totals are over the whole period.

        Returns
        -------
        Result
            Its frame is indexed by ``year``.

        Examples
        --------
        >>> carboncalc.load("alto-mayo").emissions(first=2008, last=2010).to_frame().index.tolist()
        [2008, 2009, 2010]
        """
        from carboncalc.reports.projects import emissions_report

        one_of("case", case, ("low", "central", "high"))

        return Result(emissions_report(self.loaded, first=first, last=last, case=case))

    def equivalents(self) -> Result:
        """Avoided emissions as everyday equivalents (cars, gasoline), as
        ``carboncalc equivalents``.

        Returns
        -------
        Result
            Its frame is indexed by ``basis`` and ``equivalent``.

        Examples
        --------
        >>> header, rows = carboncalc.load("alto-mayo").equivalents().rows()
        >>> rows[0][4]
        'passenger_vehicles_per_yr'
        """
        from carboncalc.files.factor_editions import factors_for
        from carboncalc.reports.projects import equivalents_report

        table, edition = factors_for(None, self.loaded.path, self.loaded.inputs.equivalents_factors)
        return Result(equivalents_report(self.loaded, table=table, edition=edition))

    def credits(
        self,
        *,
        baseline: Baseline = "project",
        samples: int = DEFAULT_SAMPLES,
        seed: int = 0,
        vintages: Literal["projection", "calendar", "monitoring"] = "projection",
        ledger: bool = False,
    ) -> Result:
        """Credits after each deduction, vintage by vintage, as ``carboncalc credits`` (under the
        rule set chosen at :func:`load`, else the file's).

        Parameters
        ----------
        baseline
            ``"project"``: against the file's baseline; ``"counterfactual"``: the credits the
            counterfactual rate supports.
        samples, seed
            The Monte Carlo behind the uncertainty deduction (at least 100 samples).
        vintages
            Vintages by ``"projection"`` year, ``"calendar"`` year or ``"monitoring"`` period.
        ledger
            Also the registry's ledger (issuances, cancellations), where the file has one.

        Returns
        -------
        Result
            Its frame is indexed by ``vintage``; ``.report.waterfall`` holds the totals.

        Examples
        --------
        >>> carboncalc.load("alto-mayo").credits(samples=200).to_dict()["totals"]["credits"]
        611047
        """
        from carboncalc.reports.credits import credits_report

        samples = enough(samples)
        one_of("baseline", baseline, ("project", "counterfactual"))
        one_of("vintages", vintages, ("projection", "calendar", "monitoring"))
        report = credits_report(self.loaded, baseline=baseline, samples=samples, seed=seed,
                                vintages=vintages, ledger=ledger,
                                base=self.base_inputs())  # fmt: skip
        return Result(report)

    def uncertainty(
        self, samples: int = DEFAULT_SAMPLES, seed: int = 0, *, baseline: Baseline = "project"
    ) -> Result:
        """A Monte Carlo of stock, avoided emissions and credits, as ``carboncalc uncertainty``;
        :meth:`draws` gives its samples.

        Parameters
        ----------
        samples, seed
            Draws (at least 100) and the seed: the same seed gives the same figures.
        baseline
            Avoided emissions against the file's baseline, or the ``"counterfactual"``.

        Returns
        -------
        Result
            Its frame is indexed by ``quantity`` (mean, median, p5, p95, half_width_pct).

        Examples
        --------
        >>> u = carboncalc.load("alto-mayo").uncertainty(samples=200).to_frame()
        >>> bool(u.loc["avoided_tco2e", "p5"] < u.loc["avoided_tco2e", "p95"])
        True
        """
        from carboncalc.reports.credits import uncertainty_report

        samples = enough(samples)
        one_of("baseline", baseline, ("project", "counterfactual"))
        return Result(
            uncertainty_report(self.loaded, samples=samples, seed=seed, baseline=baseline)
        )

    def sensitivity(
        self, *, pct: float | None = None, samples: int = DEFAULT_SAMPLES, seed: int = 0
    ) -> Result:
        """Each input at its low and high value, ranked by its effect (a tornado), as
        ``carboncalc sensitivity``.

        Parameters
        ----------
        pct
            Every input at its central value -/+ ``pct`` % in place of its range.
        samples, seed
            The Monte Carlo behind the base case's uncertainty deduction.

        Returns
        -------
        Result
            Its frame is indexed by ``input`` (a field path), largest swing first.

        Examples
        --------
        >>> s = carboncalc.load("alto-mayo").sensitivity(samples=200).to_frame()
        >>> s.index[0]
        'carbon.pools.above_ground'
        """
        from carboncalc.reports.credits import sensitivity_report

        samples = enough(samples)
        pct = within("pct", pct, 0, 100)
        return Result(sensitivity_report(self.loaded, pct=pct, samples=samples, seed=seed))

    def check(self) -> Result:
        """Every published claim recomputed, as ``carboncalc check``.

        Returns
        -------
        Result
            Its frame is indexed by ``project`` and ``claim``; ``verdict`` holds, fails or
            unchecked.

        Examples
        --------
        >>> carboncalc.load("alto-mayo").check().to_dict()["summary"]["fails"]
        3
        """
        from carboncalc.files.factor_editions import load_factor_table
        from carboncalc.reports.check import check_report, check_result

        return Result(check_report([check_result(self.loaded, table=load_factor_table())]))


def enough(samples: int) -> int:
    """``samples`` as ``--samples`` takes it: a whole number from 100 (see
    carboncalc.core.sampling)."""
    from carboncalc.core.sampling import MIN_SAMPLES
    from carboncalc.errors import ArgumentError

    if isinstance(samples, bool) or not isinstance(samples, Integral) or samples < MIN_SAMPLES:
        raise ArgumentError(
            f"samples={samples!r}: expected a whole number of at least {MIN_SAMPLES}, so that "
            "the 90 % interval's ends have draws beyond them"
        )
    return int(samples)  # a numpy integer from a notebook's loop, as a plain int


def one_of(argument: str, value: Any, allowed: tuple[str, ...]) -> None:
    """An argument that takes one of a few words (``case=``, ``baseline=``): else an
    :class:`~carboncalc.errors.ArgumentError` naming the argument and the words it takes."""
    from carboncalc.errors import ArgumentError

    if value not in allowed:
        words = ", ".join(repr(a) for a in allowed)
        raise ArgumentError(f"{argument}={value!r}: expected one of {words}")


def within(argument: str, value: float | None, low: float, high: float) -> float | None:
    """A number an argument takes between ``low`` and ``high`` (None: not given)."""
    from carboncalc.errors import ArgumentError

    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Real) or not low <= value <= high:
        raise ArgumentError(f"{argument}={value!r}: expected a number from {low:g} to {high:g}")
    return float(value)
