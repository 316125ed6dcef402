"""Text charts: readable without colour, within 80 columns."""

from __future__ import annotations

from collections.abc import Sequence

from carboncalc.render.numbers import tonnes


def line_chart(
    title: str,
    years: Sequence[int],
    series: Sequence[tuple[str, str, Sequence[float]]],
    *,
    width: int = 60,
    height: int = 10,
) -> str:
    """Series over years as marks on a grid (one glyph per series; '%' where they meet)."""
    values = [v for _, _, vs in series for v in vs]
    lo, hi = min(values), max(values)
    span = hi - lo or 1.0
    step = max(1, (width - 1) // max(len(years) - 1, 1))
    cols = step * (len(years) - 1) + 1  # the last year on the right edge, under its label
    grid = [[" "] * cols for _ in range(height)]
    for _, mark, vs in series:
        for i, v in enumerate(vs):
            row = height - 1 - round((v - lo) / span * (height - 1))
            cell = grid[row][i * step]
            grid[row][i * step] = mark if cell in (" ", mark) else "%"
    labels = [tonnes(hi)] + [""] * (height - 2) + [tonnes(lo)]
    pad = max(len(x) for x in labels)
    lines = [title]
    lines += [f"{label:>{pad}} |{''.join(row)}" for label, row in zip(labels, grid, strict=True)]
    lines.append(f"{'':>{pad}} +{'-' * cols}")
    last = str(years[-1])
    lines.append(f"{'':>{pad}}  {years[0]}{last:>{cols - len(str(years[0]))}}")
    legend = "   ".join(f"{mark} {name}" for name, mark, _ in series)
    lines.append(f"{'':>{pad}}  {legend}" + ("   % both" if len(series) > 1 else ""))
    return "\n".join(lines)


def tornado_chart(
    title: str, base: float, bars: Sequence[tuple[str, float, float]], *, width: int = 80
) -> str:
    """One bar per input, either side of the base value: '<' below it, '>' above it."""
    name_width = min(max((len(n) for n, _, _ in bars), default=4), 30)
    deviation = max((abs(v - base) for _, lo, hi in bars for v in (lo, hi)), default=0.0) or 1.0
    numbers = max((len(tonnes(v)) for _, lo, hi in bars for v in (lo, hi)), default=1)
    half = max((width - name_width - 2 * numbers - 6) // 2, 4)
    lines = [title]
    for name, lo, hi in bars:
        below = max(base - min(lo, hi), 0.0)
        above = max(max(lo, hi) - base, 0.0)
        left = "<" * round(below / deviation * half)
        right = ">" * round(above / deviation * half)
        low_text, high_text = tonnes(min(lo, hi)), tonnes(max(lo, hi))
        short = name if len(name) <= name_width else "…" + name[-(name_width - 1) :]
        lines.append(
            f"{short:<{name_width}} {low_text:>{numbers}} "
            f"{left:>{half}}|{right:<{half}} {high_text}"
        )
    return "\n".join(lines)


def bar_chart(title: str, bars: Sequence[tuple[str, float]], *, width: int = 60) -> str:
    """One horizontal bar per label, scaled to the largest value."""
    top = max((v for _, v in bars), default=0.0) or 1.0
    name_width = max((len(n) for n, _ in bars), default=4)
    numbers = max((len(tonnes(v)) for _, v in bars), default=1)
    room = max(width - name_width - numbers - 3, 10)
    lines = [title]
    for name, value in bars:
        bar = "#" * round(max(value, 0.0) / top * room)
        lines.append(f"{name:>{name_width}} {tonnes(value):>{numbers}} {bar}")
    return "\n".join(lines)
