"""The Monte Carlo's size: one number of samples for every command, the report and the API;
and :class:`Summary`, what a Monte Carlo gives of a figure.

Kept apart from :mod:`carboncalc.core.uncertainty` so that the command line can show it as a
default without importing the calculation at start-up.

References
----------
Architecture for REDD+ Transactions (ART), The REDD+ Environmental Excellence Standard (TREES)
v2.0 (2021), Section 8 (uncertainty), p. 45: "Monte Carlo simulations shall use the 90%
confidence interval and a simulation n of 10,000".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from carboncalc.units import PERCENT

# Samples of a Monte Carlo unless ``--samples`` (or ``samples=``) says otherwise: ART TREES v2.0
# (2021), Section 8, p. 45 (see the module's references). One size, so that the same project
# gives the same interval and the same deduction in every command.
DEFAULT_SAMPLES: Final = 10_000

# The fewest samples a command takes: the 90 % interval's ends are the 5th and 95th
# percentiles, and 100 samples is the fewest with 5 draws beyond each; with fewer (at 1, none),
# the half-width, and the uncertainty deduction from it, can fall to 0.
MIN_SAMPLES: Final = 100


def samples_text(samples: int) -> str:
    """How a Monte Carlo's size is said beside its figures: fewer samples than the default
    10,000 give a rougher interval, and say so."""
    said = f"{samples:,} sample{'s' if samples != 1 else ''}"
    if samples < DEFAULT_SAMPLES:
        said += f", fewer than ART TREES v2.0's {DEFAULT_SAMPLES:,}: a rougher interval"
    return said


@dataclass(frozen=True)
class Summary:
    """A Monte Carlo's figure over its samples: mean, median, 5th and 95th percentiles."""

    mean: float
    median: float
    p5: float
    p95: float

    @property
    def half_width_pct(self) -> float | None:
        """Half-width of the 90 % interval as a share of the mean [%]."""
        if self.mean == 0:
            return None
        return (self.p95 - self.p5) / 2 / abs(self.mean) * PERCENT
