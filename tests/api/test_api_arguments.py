"""Bad arguments from Python: a CarboncalcError (also a ValueError) naming the argument as the
caller wrote it, never a command-line option, and never a run on a value the command line
would refuse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import carboncalc
from carboncalc.errors import CarboncalcError


@pytest.fixture(scope="module")
def p() -> Any:
    return carboncalc.load("alto-mayo")


CASES: list[tuple[str, Callable[[Any], Any], str]] = [
    ("rules", lambda p: carboncalc.load("alto-mayo", rules="vsc"), "rules='vsc': no rule set"),
    ("compare rules", lambda p: carboncalc.compare(rules="x"), "rules='x': no rule set"),
    ("scenario", lambda p: p.scenario("hi-buffer"), "did you mean 'high-buffer'?"),
    ("baseline", lambda p: p.credits(baseline="nope"), "baseline='nope': expected one of"),
    ("vintages", lambda p: p.credits(vintages="yearly"), "vintages='yearly': expected"),
    ("uncertainty", lambda p: p.uncertainty(baseline="x"), "baseline='x': expected one of"),
    ("case", lambda p: p.emissions(case="mid"), "case='mid': expected one of"),
    ("pct", lambda p: p.sensitivity(pct=-5, samples=100), "pct=-5: expected a number"),
    ("samples", lambda p: p.credits(samples=5), "samples=5: expected a whole number"),
    ("samples float", lambda p: p.uncertainty(samples=150.5), "samples=150.5: expected"),
    ("draws baseline", lambda p: p.draws(samples=100, baseline="x"), "baseline='x': expected"),
    ("plot kind", lambda p: p.plot("pie"), "kind='pie': expected one of"),
    ("compare errors", lambda p: carboncalc.compare(errors="x"), "errors='x': expected one of"),
]


@pytest.mark.parametrize(("what", "call", "said"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_argument_names_itself(p: Any, what: str, call: Callable[[Any], Any],
                                     said: str) -> None:  # fmt: skip
    with pytest.raises(CarboncalcError) as raised:
        call(p)
    assert isinstance(raised.value, ValueError)
    message = str(raised.value)
    assert said in message and "--" not in message, message


def test_numpy_numbers_from_a_notebook_are_taken_as_plain_ones(p: Any) -> None:
    """A loop over np.arange or a frame's column passes numpy numbers: taken as the numbers
    they are, and the result's JSON document is plain JSON, the same as for Python's own."""
    np = pytest.importorskip("numpy")
    import json

    given = p.uncertainty(samples=np.int64(200), seed=3).to_dict()
    assert json.dumps(given) == json.dumps(p.uncertainty(samples=200, seed=3).to_dict())
    moved = p.sensitivity(pct=np.float64(10), samples=np.int64(200)).to_dict()
    assert json.dumps(moved) == json.dumps(p.sensitivity(pct=10.0, samples=200).to_dict())
