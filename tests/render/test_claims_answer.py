"""The answer's "Also:" line names each further failure with its case, as the table does: a
range claim's low and high are judged apart, and "FAILS" alone would not say which end."""

from __future__ import annotations

from dataclasses import replace

import carboncalc
from carboncalc.render.tablekit import claims_answer


def test_also_names_the_case_of_a_range_claim() -> None:
    checks = carboncalc.load("los-amigos").check().report.results[0].claims
    low, high, area = checks
    assert (low.case, high.case, area.case) == ("low", "high", "central")
    failing = [replace(c, derived=c.claimed * 2, tolerance_pct=0.0) for c in (area, low, high)]
    assert {c.verdict for c in failing} == {"fails"}
    lines = claims_answer(failing)
    assert lines[1].startswith("Also: avoided-per-yr (low) FAILS (")
    assert "; avoided-per-yr (high) FAILS (" in lines[1]
    # a central claim is named alone, as before
    assert "area-acres (central)" not in " ".join(claims_answer([*failing[1:], failing[0]]))
