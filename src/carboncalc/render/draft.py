"""The DRAFT mark of ``carboncalc report``, for a project whose file still holds placeholders
from ``carboncalc new`` (:mod:`carboncalc.files.placeholders`).

The document then opens with a ``draft`` block, which says so, and a table of the placeholders
with their lines. In Markdown the block is the first line, in bold; in HTML it is a banner and a
mark fixed on the page (:data:`DRAFT_STYLE`), which browsers draw in every screen and repeat on
every printed page. A project without placeholders has neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from carboncalc.render.documentkit import Block

if TYPE_CHECKING:
    from carboncalc.files.loading import LoadedProject

MARK = "DRAFT"

# The fixed mark: across the middle of the window on screen and of every page in print (a
# fixed element is printed on each page), light enough to read the figures through; the banner.
DRAFT_STYLE = (
    ".draft-mark{position:fixed;top:45%;left:0;right:0;text-align:center;font-size:7rem;"
    "font-weight:bold;color:rgba(190,0,0,.13);transform:rotate(-30deg);"
    "pointer-events:none;z-index:10}"
    "p.draft{border:2px solid #b00000;background:#fde8e8;padding:.5rem .8rem;font-weight:bold}"
    "@media print{.draft-mark{top:40%;font-size:6rem;color:rgba(190,0,0,.18);"
    "-webkit-print-color-adjust:exact;print-color-adjust:exact}}"
)


def draft_blocks(loaded: LoadedProject) -> list[Block]:
    """The banner and the table of placeholders, first in the document; none without any."""
    marked = loaded.placeholders
    if not marked:
        return []
    n = len(marked)
    text = (
        f"{MARK}: {n} value{'s are' if n != 1 else ' is'} still "
        f"{'placeholders' if n != 1 else 'a placeholder'} from carboncalc new, listed here with "
        f"{'their lines' if n != 1 else 'its line'} in the project file, so the figures below "
        "are not the project's. Replace "
        f"{'each' if n != 1 else 'it'} with the real value and its source, then delete the "
        "line placeholder: true beside it (for the country XX, give the real code)."
    )
    rows = tuple((p.field, "-" if p.line is None else str(p.line)) for p in marked)
    return [Block("draft", text=text), Block("table", header=("placeholder", "line"), rows=rows)]
