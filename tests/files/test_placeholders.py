"""Placeholders: `carboncalc new` marks every value it makes up, and the loader lists each with its
file, line and field, whether the file was read now or comes from the cache.

The expected lines are found in the file's text by hand (the line that starts each field), not by
carboncalc's YAML reader (tests/drafts.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from drafts import WRITTEN, expected, fill, line_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carboncalc.files.loading import load_project
from carboncalc.files.placeholders import MESSAGE
from carboncalc.files.projects import evidence_project_text, new_project_file

SEEDS = sorted((Path(__file__).parents[2] / "projects").glob("*.yaml"))
VALID = sorted((Path(__file__).parents[1] / "data" / "valid").glob("*.yaml"))


def found(path: Path, **options: object) -> dict[str, int | None]:
    """Each placeholder of the file at ``path`` with its line (and the file named as given)."""
    loaded = load_project(str(path), **options)  # type: ignore[arg-type]
    assert all(p.path == str(path) for p in loaded.placeholders)
    return {p.field: p.line for p in loaded.placeholders}


def test_new_marks_each_of_its_eight_placeholders_at_its_line(tmp_path: Path) -> None:
    path = new_project_file(str(tmp_path / "draft.yaml"))
    text = path.read_text(encoding="utf-8")
    assert found(path) == expected(text)
    assert list(found(path)) == list(WRITTEN)  # in the file's order
    loaded = load_project(str(path))
    area = loaded.placeholders[2]
    assert str(area) == f"{path}:{line_of(text, 'area:')}: area: {MESSAGE}"


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(st.sampled_from(sorted(WRITTEN))))
def test_filling_some_leaves_exactly_the_others(tmp_path: Path, filled: set[str]) -> None:
    """Whichever placeholders are replaced, the others remain, each at its (moved) line."""
    text = new_project_file(str(tmp_path / "draft.yaml")).read_text(encoding="utf-8")
    for field in filled:
        text = fill(text, field)
    path = tmp_path / "edited.yaml"
    path.write_text(text, encoding="utf-8")
    assert found(path) == expected(text, set(WRITTEN) - filled)
    path.unlink()
    (tmp_path / "draft.yaml").unlink()


def test_the_mark_survives_edits_of_the_value_and_its_note(tmp_path: Path) -> None:
    """Editing a placeholder's value and note leaves it a placeholder (until the mark goes); the
    figures use the edited value: 2,500 ha at 100 t C/ha is 250,000 t C."""
    path = new_project_file(str(tmp_path / "draft.yaml"))
    text = path.read_text(encoding="utf-8")
    text = text.replace("  value: 1000\n", "  value: 2500\n", 1)
    text = text.replace("note: placeholder - replace with the published area and its source",
                        "note: from the management plan, page to be found")  # fmt: skip
    path.write_text(text, encoding="utf-8")
    assert "area" in found(path)
    from carboncalc.core import pipeline

    assert pipeline.stock(load_project(str(path)).inputs).stock_tc == pytest.approx(250_000)


def test_the_list_survives_the_cache(tmp_path: Path, cache_dir: Path) -> None:
    path = new_project_file(str(tmp_path / "draft.yaml"))
    cold = load_project(str(path), cache=True)
    warm = load_project(str(path), cache=True)
    assert warm.validated is None  # from the cache
    assert warm.placeholders == cold.placeholders and len(warm.placeholders) == len(WRITTEN)
    filled = fill(path.read_text(encoding="utf-8"), "area")
    path.write_text(filled, encoding="utf-8")  # new bytes: a miss, read again
    assert found(path, cache=True) == expected(filled, set(WRITTEN) - {"area"})
    assert load_project(str(path), cache=True).validated is None
    assert found(path, cache=True) == expected(filled, set(WRITTEN) - {"area"})


def test_the_cache_names_the_file_as_this_load_does(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = new_project_file(str(tmp_path / "draft.yaml"))
    load_project(str(path), cache=True)
    monkeypatch.chdir(tmp_path)
    warm = load_project("draft.yaml", cache=True)
    assert warm.validated is None
    assert {p.path for p in warm.placeholders} == {"draft.yaml"}


def test_an_override_of_a_placeholder_is_none(tmp_path: Path) -> None:
    """A what-if's value is the user's: --set or a scenario removes that placeholder only."""
    path = new_project_file(str(tmp_path / "draft.yaml"))
    everything = set(WRITTEN)
    assert set(found(path, sets=["area=5000ha"])) == everything - {"area"}
    assert set(found(path, sets=["credits.buffer.value=15"])) == everything - {"credits.buffer"}
    lower = found(path, scenario="lower-effect")  # the template's own: reduction=25%
    assert set(lower) == everything - {"deforestation.project.reduction"}
    assert set(found(path, sets=["credits.buffer.note=checked"])) == everything


def test_new_from_evidence_leaves_the_buffer_alone_a_placeholder(tmp_path: Path) -> None:
    text = evidence_project_text("1067")
    path = tmp_path / "vcs-1067.yaml"
    path.write_text(text, encoding="utf-8")
    assert found(path) == {"credits.buffer": line_of(text, "credits:", "  buffer:")}


@pytest.mark.parametrize("path", SEEDS + VALID, ids=lambda p: p.name)
def test_seeds_and_valid_test_files_have_none(path: Path) -> None:
    assert found(path) == {}
