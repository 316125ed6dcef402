"""Pictures as files (PNG or SVG), the image side of the renderer. matplotlib is an optional
extra (``pip install 'carboncalc[plot]'``), imported only here and only when a plot is asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from carboncalc.errors import CarboncalcError
from carboncalc.printable import printable

if TYPE_CHECKING:
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
    rows = report.result.rows
    years = [r.year for r in rows]
    fig, (area, avoided) = plt.subplots(2, 1, figsize=(8, 6.5), sharex=True)
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
    _save(plt, fig, path)


def credits_plot(report: CreditsReport, path: Path, title: str) -> None:
    """Credits by vintage, with the buffer deposit stacked on them."""
    plt = _pyplot(path)
    vintages = report.waterfall.vintages
    names = [v.name for v in vintages]
    fig, ax = plt.subplots(figsize=(8, 3.6))
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
    _save(plt, fig, path)


def tornado_plot(report: Tornado, path: Path, title: str) -> None:
    """Avoided emissions at each input's low and high value, around the base."""
    plt = _pyplot(path)
    # largest at the top; an input that moves only credits (the buffer) has no bar here
    swings = [s for s in reversed(report.swings) if s.avoided_swing_tco2e]
    fig, ax = plt.subplots(figsize=(10, 1.6 + 0.45 * max(len(swings), 1)))
    base = report.base_avoided_tco2e
    for i, s in enumerate(swings):
        ax.barh(i, s.avoided_low_tco2e - base, left=base, color="tab:blue", label=None)
        ax.barh(i, s.avoided_high_tco2e - base, left=base, color="tab:orange", label=None)
    ax.set_yticks(range(len(swings)), [s.input for s in swings])
    ax.axvline(base, color="black", linewidth=1)
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel("avoided emissions, t CO2e (blue: input low; orange: input high)")
    ax.set_title(_title(title), fontsize=11)
    _save(plt, fig, path)


def _title(text: str) -> str:
    """A title drawn as written: control characters escaped, and ``$`` not read as the start
    of matplotlib's mathtext (a project named "$\\frac" would otherwise fail to draw)."""
    return printable(text, one_line=True).replace("$", r"\$")
