"""Links between the documentation's pages resolve (issue 25): every relative link of README.md
and docs/*.md names a file of the repository, and its #anchor a heading of that page, as GitHub
makes anchors of headings; and every page under docs/ is reachable from the README."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"(?<!\!)\[([^\]]+)\]\(([^)\s]+)\)")
FENCED = re.compile(r"^\s*```.*?^\s*```", re.S | re.M)
CODE = re.compile(r"`[^`\n]*`")


def prose(page: Path) -> str:
    """The page without its fenced blocks and inline code, where brackets are not links."""
    return CODE.sub("", FENCED.sub("", page.read_text(encoding="utf-8")))


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: its text in lower case, without punctuation but - and _,
    spaces as hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").replace("*", "")
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = FENCED.sub("", page.read_text(encoding="utf-8"))
    seen: Counter[str] = Counter()
    found = set()
    for heading in re.findall(r"^#{1,6} +(.+?) *#*$", text, re.M):
        base = slug(heading)
        found.add(base if not seen[base] else f"{base}-{seen[base]}")
        seen[base] += 1
    return found


def links(page: Path) -> list[str]:
    return [target for _, target in LINK.findall(prose(page))]


def test_every_relative_link_resolves() -> None:
    broken = []
    for page in PAGES:
        for target in links(page):
            if re.match(r"[a-z]+:", target):  # https:, mailto:
                continue
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            if not file.is_relative_to(ROOT) or not file.exists():
                broken.append(f"{page.name}: {target}: no such file")
            elif anchor and (file.suffix != ".md" or anchor not in anchors(file)):
                broken.append(f"{page.name}: {target}: no heading #{anchor} in {file.name}")
    assert not broken, broken


def test_every_page_is_reached_from_the_readme() -> None:
    reached = {PAGES[0]}
    todo = [PAGES[0]]
    while todo:
        page = todo.pop()
        for target in links(page):
            path = target.partition("#")[0]
            file = (page.parent / path).resolve() if path else page
            if file.suffix == ".md" and file.exists() and file not in reached:
                reached.add(file)
                todo.append(file)
    assert set(PAGES) <= reached, sorted(str(p) for p in set(PAGES) - reached)


def test_the_anchor_rule_is_githubs() -> None:
    assert slug("Credits and uncertainty") == "credits-and-uncertainty"
    assert slug("Checking published claims: `carboncalc check`") == (
        "checking-published-claims-carboncalc-check"
    )
    assert slug("What-if runs: `--set`") == "what-if-runs---set"
    assert slug("Exit codes, 0 to 143") == "exit-codes-0-to-143"
