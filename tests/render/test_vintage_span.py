"""The credits' answer names the span of its vintages once, whatever kind they are."""

from __future__ import annotations

from carboncalc.render.credits import vintage_span


def test_the_span_of_years_periods_and_one_vintage() -> None:
    assert vintage_span(["2008", "2009", "2027"]) == "2008-2027"
    assert vintage_span(["2012-06-15 to 2014-06-14"]) == "2012-06-15 to 2014-06-14"
    periods = ["2008-01-01 to 2012-06-14", "2012-06-15 to 2014-06-14"]
    assert vintage_span(periods) == "2008-01-01 to 2014-06-14"
    assert vintage_span(["2030"]) == "2030" and vintage_span([]) == "no vintage"
