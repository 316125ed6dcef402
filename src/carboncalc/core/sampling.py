"""The Monte Carlo's size: one number of samples for every command, the report and the API.

Kept apart from :mod:`carboncalc.core.uncertainty` so that the command line can show it as a
default without importing the calculation at start-up.

References
----------
Architecture for REDD+ Transactions (ART), The REDD+ Environmental Excellence Standard (TREES)
v2.0 (2021), Section 8 (uncertainty), p. 45: "Monte Carlo simulations shall use the 90%
confidence interval and a simulation n of 10,000".
"""

from __future__ import annotations

from typing import Final

# Samples of a Monte Carlo unless ``--samples`` (or ``samples=``) says otherwise: ART TREES v2.0
# (2021), Section 8, p. 45 (see the module's references). One size, so that the same project
# gives the same interval and the same deduction in every command.
DEFAULT_SAMPLES: Final = 10_000


def samples_text(samples: int) -> str:
    """How a Monte Carlo's size is said beside its figures: fewer samples than the standard's
    10,000 give a rougher interval (at 1, none at all: a deduction of 0), and say so."""
    said = f"{samples:,} sample{'s' if samples != 1 else ''}"
    if samples < DEFAULT_SAMPLES:
        said += f", fewer than the {DEFAULT_SAMPLES:,} ART TREES v2.0 requires: a rough interval"
    return said
