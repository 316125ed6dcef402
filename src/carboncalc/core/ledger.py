"""A registry's issuance record checked against the computed credits, vintage by vintage.

Notes
-----
For each vintage year v of the record: active_v = issued_v - retired_v - cancelled_v (the
record itself must add up: the file is refused otherwise). Against the computed credits of the
same calendar-year vintage C_v (against the file's baseline, or the counterfactual):

    excess_v = max(issued_v - C_v, 0)       credits issued that the computation does not support

The record holds when no vintage has an excess. Credits of one vintage are interchangeable, so
each retirement of the vintage carries the vintage's share beyond what is supported:

    beyond_(v, b) = retired_(v, b) x excess_v / issued_v     retired on behalf of beneficiary b

Excess issuance is not a loss on the ground: the standards name their own route for it, which
the rule set states (VCS: compensation by the project, the excess credits cancelled or
replaced; the Kariba REDD+ project's excess was handled so in 2025). Two scales are shown
beside it: the excess as a share of B, the buffer the project deposited against its own
baseline up to the record's last vintage, and where the rule set's buffer is pooled and the
file gives the pool's size P on a day (credits.ledger.pool_size), as a share of P: what the
excess would take of the pool were it set against it. In 2023 Verra stated that all the credits
the Kariba project had issued were far less than the total buffer pool.

A ledger from a registry's export (:func:`ledger_from_transactions`): the rows of one vintage
span (first and last day) are summed first, issued, retired and cancelled, and by beneficiary;
then each sum goes to the calendar years the span covers, split by days with the largest
remainders (a span within one year stays whole;
:func:`carboncalc.core.vintages.split_credits_by_days`), so that small blocks do not all land
in the year with the larger share. Retired and cancelled credits together are split within the
credits issued each year, retired within those; each beneficiary's credits are split keeping
both their total and each year's retired credits
(:func:`carboncalc.core.vintages.split_named_by_days`), and a beneficiary with no credit in a
year has no entry there. issued_v, retired_v and cancelled_v are the sums over spans.

References
----------
Verra (2023), Statement by Verra on today's South Pole Kariba announcement and reporting on the
buffer pool. Verra (2025), Verra acts on Kariba project, cancels excess credits.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from carboncalc.core.credits import Waterfall
from carboncalc.core.inputs import LedgerLine, LedgerPool, RegistryTransaction, RuleSet
from carboncalc.errors import Problem, ProjectFileError


@dataclass(frozen=True)
class LedgerRow:
    line: LedgerLine
    computed: int | None  # credits computed for the vintage; None when outside the period

    @property
    def excess(self) -> int:
        """Credits issued beyond those computed (all of them, for a vintage not computed)."""
        return max(self.line.issued - (self.computed or 0), 0)

    @property
    def beyond_by(self) -> tuple[tuple[str, float], ...]:
        """Each named beneficiary's retired credits beyond what is supported: the vintage's
        share, retired x excess / issued (see the module notes)."""
        if not self.excess:
            return ()
        share = self.excess / self.line.issued
        return tuple((who, retired * share) for who, retired in self.line.retired_by)


@dataclass(frozen=True)
class LedgerCheck:
    rows: tuple[LedgerRow, ...]
    buffer_balance_tco2e: float  # deposited against the file's baseline, to the last vintage
    buffer_account: str = "project"  # the rule set's: "project" or "pooled"
    excess_route: tuple[str, str] | None = None  # the rule set's route for excess, and source
    pool: LedgerPool | None = None  # a pooled account's size on a day, where the file gives it

    @property
    def issued(self) -> int:
        return sum(r.line.issued for r in self.rows)

    @property
    def retired(self) -> int:
        return sum(r.line.retired for r in self.rows)

    @property
    def computed(self) -> int:
        return sum(r.computed or 0 for r in self.rows)

    @property
    def excess(self) -> int:
        return sum(r.excess for r in self.rows)

    @property
    def holds(self) -> bool:
        return self.excess == 0

    @property
    def buffer_share_needed(self) -> float | None:
        """Excess credits as a share of the project's own buffer deposits; None without any."""
        if self.buffer_balance_tco2e <= 0:
            return None
        return self.excess / self.buffer_balance_tco2e

    @property
    def pool_share_needed(self) -> float | None:
        """Excess credits as a share of the pooled buffer's size; None where the buffer is not
        pooled or the file gives no size."""
        if self.buffer_account != "pooled" or self.pool is None:
            return None
        return self.excess / self.pool.credits


def check_ledger(
    lines: Sequence[LedgerLine],
    supported: Waterfall,
    deposited: Waterfall,
    *,
    rules: RuleSet | None = None,
    pool: LedgerPool | None = None,
) -> LedgerCheck:
    """Each vintage of the record against the credits ``supported`` in its calendar year, with
    the buffer ``deposited`` against the file's baseline (both by calendar year), the rule
    set's buffer account and route for excess, and the pool's size where given."""
    computed = {v.year: v.credits for v in supported.vintages}
    rows = tuple(LedgerRow(line, computed.get(line.vintage)) for line in lines)
    last = max(line.vintage for line in lines)
    balance = [v.buffer_balance_tco2e for v in deposited.vintages if v.year <= last]
    return LedgerCheck(
        rows,
        balance[-1] if balance else 0.0,
        buffer_account=rules.buffer_account if rules is not None else "project",
        excess_route=rules.excess_route if rules is not None else None,
        pool=pool,
    )


def ledger_from_transactions(rows: Sequence[RegistryTransaction]) -> tuple[LedgerLine, ...]:
    """A registry export's rows as a ledger by calendar-year vintage (see the module notes):
    vintages in order, beneficiaries by credits retired (most first, then by name). A vintage
    whose retired and cancelled credits are more than those issued is a problem, each named."""
    from carboncalc.core.vintages import split_credits_by_days, split_named_by_days

    spans: dict[tuple[dt.date, dt.date], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    named_spans: dict[tuple[dt.date, dt.date], dict[str, int]] = defaultdict(
        lambda: defaultdict(int))  # fmt: skip
    for row in rows:  # summed by vintage span first: small blocks are not rounded one by one
        span = (row.vintage_start, row.vintage_end)
        if row.issued:
            spans[span]["issuance"] += row.quantity
        if row.kind != "issuance":
            spans[span][row.kind] += row.quantity
            if row.kind == "retirement" and row.beneficiary:
                named_spans[span][row.beneficiary] += row.quantity
    totals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    named: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for span in sorted(spans):
        s = spans[span]
        issued_y = split_credits_by_days(s["issuance"], *span)
        left_y = split_credits_by_days(s["retirement"] + s["cancellation"], *span, caps=issued_y)
        retired_y = split_credits_by_days(s["retirement"], *span, caps=left_y)
        for year in issued_y:
            totals[year]["issued"] += issued_y[year]
            totals[year]["retirement"] += retired_y[year]
            totals[year]["cancellation"] += left_y[year] - retired_y[year]
        for year, by_who in split_named_by_days(named_spans[span], retired_y, *span).items():
            for who, credits in by_who.items():
                named[year][who] += credits
    lines, problems = [], []
    for year in sorted(totals):
        t = totals[year]
        issued, retired, cancelled = t["issued"], t["retirement"], t["cancellation"]
        if retired + cancelled > issued:
            message = (
                f"vintage {year}: {retired:,} retired and {cancelled:,} cancelled are more than "
                f"the {issued:,} issued in the file: is the issuance of that vintage missing?"
            )
            problems.append(Problem(message))
            continue
        by = sorted(named[year].items(), key=lambda item: (-item[1], item[0]))
        lines.append(LedgerLine(year, issued, retired, cancelled, tuple(by)))
    if problems:
        raise ProjectFileError(problems)
    return tuple(lines)
