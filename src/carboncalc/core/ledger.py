"""A registry's issuance record checked against the computed credits, vintage by vintage.

Notes
-----
For each vintage year v of the record: active_v = issued_v - retired_v - cancelled_v (the
record itself must add up: the file is refused otherwise). Against the computed credits of the
same calendar-year vintage C_v (against the file's baseline, or the counterfactual):

    excess_v = max(issued_v - C_v, 0)       credits issued that the computation does not support

The record holds when no vintage has an excess. Where credits were issued beyond what is
supported, the share of the project's buffer those credits would take to make good is
excess / B, where B is the buffer the project deposited against its own baseline up to the
record's last vintage (above 1, its buffer cannot cover them): the comparison made of the
Kariba REDD+ project, whose credits issued were set against what its buffer held.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from carboncalc.core.credits import Waterfall
from carboncalc.core.inputs import LedgerLine


@dataclass(frozen=True)
class LedgerRow:
    line: LedgerLine
    computed: int | None  # credits computed for the vintage; None when outside the period

    @property
    def excess(self) -> int:
        """Credits issued beyond those computed (all of them, for a vintage not computed)."""
        return max(self.line.issued - (self.computed or 0), 0)


@dataclass(frozen=True)
class LedgerCheck:
    rows: tuple[LedgerRow, ...]
    buffer_balance_tco2e: float  # deposited against the file's baseline, to the last vintage

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
        """Excess credits as a share of the computed buffer balance; None without a buffer."""
        if self.buffer_balance_tco2e <= 0:
            return None
        return self.excess / self.buffer_balance_tco2e


def check_ledger(
    lines: Sequence[LedgerLine], supported: Waterfall, deposited: Waterfall
) -> LedgerCheck:
    """Each vintage of the record against the credits ``supported`` in its calendar year, with
    the buffer ``deposited`` against the file's baseline (both by calendar year)."""
    computed = {v.year: v.credits for v in supported.vintages}
    rows = tuple(LedgerRow(line, computed.get(line.vintage)) for line in lines)
    last = max(line.vintage for line in lines)
    balance = [v.buffer_balance_tco2e for v in deposited.vintages if v.year <= last]
    return LedgerCheck(rows, balance[-1] if balance else 0.0)
