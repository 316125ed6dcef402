"""Number formats of the tables and documents (the rounding rule is stated in render/numbers.py
and the README)."""

from __future__ import annotations

import pytest

from carboncalc.render import numbers as render


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1234567.5, "1,234,568"), (2.5, "2"), (3.5, "4"), (-3.6e-15, "0"), (-0.4, "0"), (-2.0, "-2")],
)
def test_tonnes_round_half_even_and_no_negative_zero(value: float, expected: str) -> None:
    assert render.tonnes(value) == expected


def test_dec() -> None:
    assert render.dec(-0.001) == "0.00"
    assert render.dec(86.5505) == "86.55"
    assert render.dec(None) == "-"
