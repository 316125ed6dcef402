"""The text charts: each series marked, the tornado's bars either side of the base."""

from __future__ import annotations

from carboncalc.render.charts import line_chart, tornado_chart


def test_line_chart_marks_each_series() -> None:
    chart = line_chart("t", [2000, 2001, 2002], [("a", "a", [0, 1, 2]), ("b", "b", [2, 1, 0])],
                       width=30, height=3)  # fmt: skip
    top, middle, bottom = (row.split("|", 1)[1] for row in chart.splitlines()[1:4])
    assert top.startswith("b") and top.endswith("a")  # b falls from top-left, a rises to top-right
    assert middle.strip() == "%"  # both meet in the middle year
    assert bottom.startswith("a") and bottom.endswith("b")
    assert chart.splitlines()[5].rstrip().endswith("2002")


def test_tornado_chart_bars_either_side_of_the_base() -> None:
    chart = tornado_chart("t", 100.0, [("up", 90.0, 140.0), ("down", 120.0, 60.0)], width=60)
    up, down = chart.splitlines()[1:]
    assert up.index("|") - up.count("<") == up.index("<")  # the low side sits left of the axis
    assert down.count("<") > up.count("<")  # 40 below the base, against 10
