"""Pictures as files (PNG or SVG), the image side of the renderer. matplotlib is an optional
extra (``pip install 'carboncalc[plot]'``), imported only here and only when a plot is asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from carboncalc.errors import CarboncalcError
from carboncalc.printable import printable
from carboncalc.render.numbers import sig

if TYPE_CHECKING:
    from collections.abc import Mapping

    from carboncalc.core.forest import ForestPaths
    from carboncalc.core.sensitivity import Tornado
    from carboncalc.reports.credits import CreditsReport
    from carboncalc.reports.projects import EmissionsReport

FORMATS = (".png", ".svg")


def _pyplot(path: Path) -> Any:
    if path.suffix.lower() not in FORMATS:
        raise CarboncalcError(f"--plot writes .png or .svg files, not {path.name!r}")
    if not path.parent.is_dir():
        raise CarboncalcError(f"--plot: no folder {str(path.parent)!r}")
    try:
        import matplotlib
    except ImportError:
        raise CarboncalcError("--plot needs matplotlib: pip install 'carboncalc[plot]'") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def figure_maker() -> Any:
    """``subplots(nrows, ncols, figsize=..., ...) -> (figure, axes)`` for a figure of its own,
    outside pyplot (no backend chosen, nothing kept open): what a notebook gets from carboncalc's
    Python API, which shows it or saves it with ``savefig``."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError(
            "plot() needs matplotlib: pip install 'carboncalc[plot]' (or matplotlib)"
        ) from None

    def subplots(*args: Any, figsize: tuple[float, float], **kwargs: Any) -> tuple[Any, Any]:
        fig = Figure(figsize=figsize)
        return fig, fig.subplots(*args, **kwargs)

    return subplots


def _save(plt: Any, fig: Any, path: Path) -> None:
    """Draw to memory, then write through writing.write_bytes: never through a link, onto a
    FIFO or a device, nor leaving half a picture. An existing picture is replaced (a what-if
    loop redraws it), and stderr says so."""
    import io
    import sys

    from carboncalc.files.writing import write_bytes

    fig.tight_layout()
    # No creation date in the file: the same inputs give the same bytes.
    kind = path.suffix.lower().lstrip(".")
    metadata = {"Date": None} if kind == "svg" else {"Software": None}
    # SVG ids (clip paths, markers) from a salt of the picture's own titles, not a random one,
    # so the same inputs give the same bytes, and pictures in one report differ in ids
    import matplotlib

    titles = [text for ax in fig.axes for text in (ax.get_title(), ax.get_ylabel())]
    matplotlib.rcParams["svg.hashsalt"] = "carboncalc:" + "|".join(titles)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=kind, metadata=metadata)
    plt.close(fig)
    if write_bytes(path, buffer.getvalue(), replace=True, if_exists=""):
        sys.stderr.write(f"replaced {printable(str(path), one_line=True)}\n")


def emissions_plot(report: EmissionsReport, path: Path, title: str) -> None:
    """Forest area and cumulative avoided emissions, baseline against project."""
    plt = _pyplot(path)
    _save(plt, emissions_figure(report, title, plt.subplots), path)


def emissions_figure(report: EmissionsReport, title: str, subplots: Any) -> Any:
    """The figure of :func:`emissions_plot`; ``subplots``: pyplot's, or :func:`figure_maker`'s."""
    rows = report.result.rows
    years = [r.year for r in rows]
    fig, (area, avoided) = subplots(2, 1, figsize=(8, 6.5), sharex=True)
    area.plot(years, [r.baseline_forest_ha for r in rows], "o-", label="baseline")
    area.plot(years, [r.project_forest_ha for r in rows], "s--", label="project")
    area.set_ylabel("forest at year end, ha")
    area.set_title(_title(title))
    area.legend()
    avoided.plot(years, report.result.cumulative_avoided_tco2e(), "^-", color="tab:green")
    avoided.set_ylabel("cumulative avoided, t CO2e")
    avoided.set_xlabel("projection year (starting in)")
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    for axis in (area, avoided):
        axis.grid(alpha=0.3)
        axis.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    avoided.xaxis.set_major_locator(MaxNLocator(integer=True))
    return fig


def credits_plot(report: CreditsReport, path: Path, title: str) -> None:
    """Credits by vintage, with the buffer deposit stacked on them."""
    plt = _pyplot(path)
    _save(plt, credits_figure(report, title, plt.subplots), path)


def credits_figure(report: CreditsReport, title: str, subplots: Any) -> Any:
    """The figure of :func:`credits_plot`; ``subplots``: pyplot's, or :func:`figure_maker`'s."""
    vintages = report.waterfall.vintages
    names = [v.name for v in vintages]
    fig, ax = subplots(figsize=(8, 3.6))
    credits = [v.credits for v in vintages]
    ax.bar(names, credits, color="tab:green", label="credits")
    ax.bar(names, [v.buffer_tco2e for v in vintages], bottom=credits, color="tab:gray",
           label="buffer")  # fmt: skip
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel("t CO2e")
    ax.set_title(_title(title), fontsize=11)
    ax.tick_params(axis="x", labelrotation=90 if len(names) > 12 else 0)
    ax.legend()
    ax.grid(alpha=0.3, axis="y")
    return fig


def tornado_plot(
    report: Tornado, path: Path, title: str, units: Mapping[str, str] | None = None
) -> None:
    """Avoided emissions at each input's low and high value, around the base: each input named
    in words with its low and high value (in ``units``, by field path, where given), and the
    result written at each end of its bar."""
    plt = _pyplot(path)
    _save(plt, tornado_figure(report, title, plt.subplots, units), path)


def tornado_figure(
    report: Tornado, title: str, subplots: Any, units: Mapping[str, str] | None = None
) -> Any:
    """The figure of :func:`tornado_plot`; ``subplots``: pyplot's, or :func:`figure_maker`'s."""
    from carboncalc.render.prose import input_words, mass, mass_like

    # largest at the top; an input that moves only credits (the buffer), or moves avoided
    # emissions by rounding alone (an area under a stock given for the whole area), has no bar
    base = report.base_avoided_tco2e
    swings = [s for s in reversed(report.swings)
              if s.avoided_swing_tco2e > 1e-9 * max(abs(base), 1.0)]  # fmt: skip
    fig, ax = subplots(figsize=(9, 1.5 + 0.55 * max(len(swings), 1)))
    largest = max((abs(v) for s in swings for v in (s.avoided_low_tco2e, s.avoided_high_tco2e)),
                  default=base)  # fmt: skip
    for i, s in enumerate(swings):
        ax.barh(i, s.avoided_low_tco2e - base, left=base, color="tab:blue")
        ax.barh(i, s.avoided_high_tco2e - base, left=base, color="tab:orange")
        for value in (s.avoided_low_tco2e, s.avoided_high_tco2e):
            right = value >= base
            ax.annotate(mass_like(value, largest), (value, i), xytext=(4 if right else -4, 0),
                        textcoords="offset points", va="center", fontsize=9,
                        ha="left" if right else "right")  # fmt: skip
    unit = (units or {}).get
    labels = [f"{input_words(s.input)}\n{sig(s.low_value)} (blue) to {sig(s.high_value)} (orange)"
              f" {unit(s.input, '')}".rstrip() for s in swings]  # fmt: skip
    ax.set_yticks(range(len(swings)), labels, fontsize=9)
    ax.axvline(base, color="black", linewidth=1)
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ends = [base, *(v for s in swings for v in (s.avoided_low_tco2e, s.avoided_high_tco2e))]
    pad = 0.4 * (max(ends) - min(ends)) or 0.1 * abs(base) or 1.0  # room for the figures
    ax.set_xlim(min(ends) - pad, max(ends) + pad)
    ax.set_xlabel(f"avoided emissions, t CO2e (the others central: {mass(base)})")
    ax.set_title(_title(title), fontsize=11)
    return fig


# The headline picture's paths: name in the legend, colour, line style
_PATHS = {
    "baseline": ("baseline (without the project)", "tab:red", "--"),
    "project": ("with the project", "tab:green", "-"),
    "counterfactual": ("at the rate of matched forests outside", "tab:blue", "-"),
}


def forest_plot(report: ForestPaths, path: Path, title: str) -> None:
    """The forest lost since the start under the baseline, the project and the counterfactual,
    each with its 90 % interval where it has one, from zero; each path's last figure written at
    its end."""
    plt = _pyplot(path)
    _save(plt, forest_figure(report, title, plt.subplots), path)


def forest_figure(report: ForestPaths, title: str, subplots: Any) -> Any:
    """The figure of :func:`forest_plot`; ``subplots``: pyplot's, or :func:`figure_maker`'s."""
    fig, ax = subplots(figsize=(8, 3.8))
    years = report.years
    ends = []
    for p in report.paths:
        label, colour, style = _PATHS.get(p.name, (p.name, "tab:gray", "-"))
        ax.plot(years, p.cleared_ha, style, color=colour, linewidth=2, label=label)
        if p.p5_ha is not None and p.p95_ha is not None:
            ax.fill_between(years, p.p5_ha, p.p95_ha, color=colour, alpha=0.18, linewidth=0,
                            label=f"90 % interval, {label.split(' (')[0]}")  # fmt: skip
        ends.append((p.cleared_ha[-1], colour))
    top = max(max(p.p95_ha or p.cleared_ha) for p in report.paths)
    # the last figures at the right-hand end, moved apart where they would overlap
    placed: list[float] = []
    for value, colour in sorted(ends):
        y = max([value, *(q + 0.06 * top for q in placed)])
        placed.append(y)
        ax.annotate(f"{value:,.0f} ha", (years[-1], value), xytext=(years[-1] + 0.4, y),
                    color=colour, fontsize=9, va="center", annotation_clip=False)  # fmt: skip
    ax.set_ylim(0, top * 1.08 or 1)
    ax.set_xlim(years[0], years[-1])
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(f"forest cleared since {years[0]}, ha")
    ax.set_title(_title(title), fontsize=11)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9, loc="upper left", frameon=False)
    fig.subplots_adjust(right=0.84)
    return fig


def _title(text: str) -> str:
    """A title drawn as written: control characters escaped, and ``$`` not read as the start
    of matplotlib's mathtext (a project named "$\\frac" would otherwise fail to draw)."""
    return printable(text, one_line=True).replace("$", r"\$")
