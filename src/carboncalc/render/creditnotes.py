"""The credits' buffer account and ledger check in words: what ``credits`` prints under its
waterfall and the report says beside it (figures from the core's results, nothing computed
here but their wording)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from carboncalc.render.numbers import tonnes

if TYPE_CHECKING:
    from carboncalc.core.credits import Waterfall
    from carboncalc.core.ledger import LedgerCheck
    from carboncalc.reports.credits import CreditsReport


NAMED_SHOWN = 10  # beneficiaries named in the ledger's verdict; JSON lists them all


def ledger_verdict(report: CreditsReport) -> str:
    """What the ledger check found, in words."""
    check = report.ledger
    assert check is not None
    # the computed credits come from the file's own baseline (or its counterfactual), not
    # from independent evidence: said so
    against = "the counterfactual" if report.baseline == "counterfactual" else (
        "the file's baseline")  # fmt: skip
    if check.holds:
        return (
            f"The ledger HOLDS: {check.issued:,} credits issued, none beyond the "
            f"{check.computed:,} carboncalc computes from {against}."
        )
    rate = "counterfactual rate" if report.baseline == "counterfactual" else "baseline"
    text = (
        f"The ledger FAILS: {check.excess:,} of the {check.issued:,} credits issued are beyond "
        f"what carboncalc computes from {against}, a computation from the project file's own "
        f"figures (its {rate} as the file states it), not independent evidence."
    )
    if check.excess_route is not None:  # the route the standard names, first
        rule, source = check.excess_route
        route = {"compensation": "compensation by the project: the excess credits cancelled, "
                 "or replaced with other credits",
                 "uncertainty_buffer": "the uncertainty buffer, for reductions found "
                 "overestimated"}.get(rule, rule)  # fmt: skip
        text += f" The standard's route for excess issuance is {route} [{source}]."
    text += " " + _excess_scale(check)
    named = [(row.line.vintage, who, credits) for row in check.rows
             for who, credits in row.beyond_by]  # fmt: skip
    for vintage, who, credits in named[:NAMED_SHOWN]:
        text += (
            f" {credits:,.0f} credits of vintage {vintage}, retired by {who}, are beyond what "
            f"carboncalc computes from {against}."
        )
    if named:
        text += (" Each beneficiary's figure is their share of the vintage's excess: the "
                 "credits they retired x the excess / the credits issued.")  # fmt: skip
    if len(named) > NAMED_SHOWN:
        text += (f" And {len(named) - NAMED_SHOWN:,} more retirements by beneficiary: "
                 "--format json lists every one (ledger.vintages[].beyond_by).")  # fmt: skip
    return text


def eligible_note(w: Waterfall) -> str | None:
    """Why total eligible (and net) reductions can be above total gross: a negative vintage has
    no eligible reductions; its loss is settled in the buffer account, not in the columns."""
    eligible, gross = w.total("eligible_tco2e"), w.total("gross_tco2e")
    if tonnes(eligible) == tonnes(gross) or eligible < gross:
        return None
    negative = math.fsum(v.gross_tco2e for v in w.vintages if v.gross_tco2e < 0)
    return (f"Total eligible, {tonnes(eligible)} t, is above total gross, {tonnes(gross)} t: "
            f"the negative vintages ({tonnes(negative)} t in all) have no eligible reductions "
            "and take nothing from the columns above; their losses are made good by later "
            "vintages or settled in the buffer account (below).")  # fmt: skip


def _excess_scale(check: LedgerCheck) -> str:
    """One sentence sizing the excess, for scale only: against the pooled buffer where the rule
    set's buffer is pooled (the pool's size where the file gives it, else the project's own
    deposits in it), against the project's buffer otherwise."""
    pool, pool_share = check.pool, check.pool_share_needed
    pooled = check.buffer_account == "pooled"
    scale = "For scale only (the pool is not the route): " if pooled else "For scale: "
    if pool is not None and pool_share is not None:
        cited = pool.source or "no source"
        return (f"{scale}they would take {pool_share * 100:.3g} % of the pooled buffer, "
                f"{pool.credits:,} credits on {pool.as_of} [{cited}].")  # fmt: skip
    share = check.buffer_share_needed
    if share is None:
        return f"{scale}the project deposited no buffer."
    own = "its own deposits in the pooled buffer" if pooled else "its buffer"
    more = " (more than it holds)" if share > 1 else ""
    text = (f"{scale}they are {share * 100:.1f} % of the {tonnes(check.buffer_balance_tco2e)} t "
            f"the project held in {own} by the ledger's last vintage{more}.")  # fmt: skip
    if pooled:
        text += " Give credits.ledger.pool_size to state them against the whole pool."
    return text


def account_notes(w: Waterfall) -> list[str]:
    """What the buffer account and the carrying forward of negative vintages did, in words."""
    notes = []
    if not any(v.reversal_tco2e or v.shortfall_tco2e for v in w.vintages):
        notes.append(
            f"Buffer account: {tonnes(w.buffer_balance_tco2e)} t deposited; no loss after "
            "issuance, so no buffer credit was cancelled."
        )
    carried = [v for v in w.vintages if v.carried_tco2e > 0]
    if carried:
        years = f"{carried[0].year}" if len(carried) == 1 else (
            f"{carried[0].year}-{carried[-1].year}")  # fmt: skip
        notes.append(
            f"Negative avoided emissions in {years} were carried forward: later vintages "
            "first make good the shortfall, and only what lies above it earns credits."
        )
    lost = [v for v in w.vintages if v.reversal_tco2e > 0]
    if lost:
        years = f"{lost[0].year}" if len(lost) == 1 else f"{lost[0].year}-{lost[-1].year}"
        notes.append(
            f"Loss after issuance in {years}: {tonnes(w.total('reversal_tco2e'))} t already "
            f"credited were lost; {tonnes(w.total('buffer_cancelled_tco2e'))} t of buffer "
            "credits were cancelled for it."
        )
    if w.unbacked_credits:
        notes.append(
            f"{tonnes(w.unbacked_tco2e)} t of the loss exceed the project's buffer balance and "
            f"were not made good: {w.unbacked_credits:,} of the {w.issued:,} credits issued are "
            "no longer backed by the project's tonnes (its rule set's buffer is the project's "
            f"own), so the project's credits are {w.credits:,}."
        )
    if w.pool_covered_tco2e > 0:
        on_pool = w.on_pool_credits
        rest = (f"the loss is not made good by the end: {on_pool:,} credits rest on the "
                "pooled buffer (other projects' deposits): the project's own tonnes back "
                f"{w.issued - on_pool:,} of the {w.issued:,} credits issued." if on_pool
                else "later vintages made the loss good, so the project's own tonnes back all "
                f"{w.issued:,} credits issued.")  # fmt: skip
        notes.append(
            f"{tonnes(w.pool_covered_tco2e)} t of the loss exceed the project's buffer balance; "
            f"the pooled buffer covered them (shown, not subtracted), and {rest}"
        )
    if w.shortfall_tco2e > 0:
        notes.append(
            f"At the end, {tonnes(w.shortfall_tco2e)} t remain to be made good before any "
            "new credit."
        )
    return notes
