"""The cache of resolved project files (carboncalc.files.cache): a hit gives what a full load gives,
and anything stale, damaged, edited or unsafe is a miss, never a wrong figure or a failure."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

import pytest

from carboncalc.files import cache
from carboncalc.files.loading import load_project
from carboncalc.files.projects import package_projects_dir

VALID = sorted((Path(__file__).parents[1] / "data" / "valid").glob("*.yaml"))
SEEDS = sorted(package_projects_dir().glob("*.yaml"))


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CARBONCALC_CACHE", "1")
    monkeypatch.setenv("CARBONCALC_CACHE_DIR", str(folder))
    cache._folder.cache_clear()
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/*.json"))


def copy_of(path: Path, tmp_path: Path) -> Path:
    target = tmp_path / path.name
    target.write_bytes(path.read_bytes())
    return target


@pytest.mark.parametrize("path", [*SEEDS, *VALID], ids=lambda p: p.name)
def test_inputs_come_back_equal_from_json(path: Path) -> None:
    """Every input and its provenance comes back equal and of the same types (repr shows an
    enum or a subclass where a plain value was): the file is cached, not refused."""
    loaded = load_project(str(path))
    for obj in (loaded.inputs, loaded.provenance):
        back = cache.loads(json.dumps(cache.encode(obj)))
        assert back == obj
        assert repr(back) == repr(obj)


class _Kind(StrEnum):
    a = "a"


class _Pair(NamedTuple):
    x: int
    y: int


@dataclasses.dataclass(frozen=True)
class Value:  # the name of an input class, not the class
    path: str
    value: float | None


@pytest.mark.parametrize(
    "obj",
    [_Kind.a, _Pair(1, 2), dt.datetime(2020, 1, 1), [1.0], {"a": 1}, Value("area", 1.0),
     Path("/"), (1, [2])],
    ids=["enum", "namedtuple", "datetime", "list", "dict", "foreign class", "path",
         "list in tuple"],
)  # fmt: skip
def test_what_would_not_come_back_the_same_is_refused(obj: object) -> None:
    """encode takes only the exact types that JSON gives back as they were; anything else
    raises, and store keeps nothing for that file."""
    with pytest.raises(TypeError):
        cache.encode(obj)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_a_hit_gives_what_a_full_load_gives(path: Path, cache_dir: Path) -> None:
    full = load_project(str(path))
    cold = load_project(str(path), cache=True)
    assert len(entries(cache_dir)) == 1
    warm = load_project(str(path), cache=True)
    assert warm.validated is None  # it came from the cache
    for loaded in (cold, warm):
        assert (loaded.inputs, loaded.title, loaded.countries) == (
            full.inputs,
            full.title,
            full.countries,
        )
    assert warm.project == full.project  # validated again on first use


def test_a_changed_file_is_a_miss(cache_dir: Path, tmp_path: Path) -> None:
    path = copy_of(SEEDS[0], tmp_path)
    before = load_project(str(path), cache=True)
    text = path.read_text(encoding="utf-8")
    assert "value: 182000" in text
    path.write_text(text.replace("value: 182000", "value: 364000", 1), encoding="utf-8")
    os.utime(path, ns=(0, 0))  # the same time as ever: the key is the bytes, not the time
    after = load_project(str(path), cache=True)
    assert after.validated is not None  # not from the cache
    assert after.inputs.area.central == 364000 != before.inputs.area.central
    assert len(entries(cache_dir)) == 2


def test_a_changed_observation_file_is_a_miss(cache_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    base = (Path(__file__).parents[1] / "data" / "valid" / "base.yaml").read_text("utf-8")
    assert "deforestation:\n  baseline:\n" in base, "the test needs base.yaml's layout"
    path.write_text(base, encoding="utf-8")
    loaded = load_project(str(path))
    first = loaded.inputs.first_year
    assert first is not None
    # the project's own clearing comes from the file; the rest of the period is projected
    text = base.replace(
        "  project:\n",
        "  project:\n    observed: {file: loss.csv, source: src}\n",
        1,
    )
    path.write_text(text, encoding="utf-8")
    (tmp_path / "loss.csv").write_text(
        f"year,cleared_ha\n{first},10\n{first + 1},20\n", encoding="utf-8"
    )
    cold = load_project(str(path), cache=True)
    assert load_project(str(path), cache=True).validated is None
    (tmp_path / "loss.csv").write_text(
        f"year,cleared_ha\n{first},30\n{first + 1},20\n", encoding="utf-8"
    )
    changed = load_project(str(path), cache=True)
    assert changed.validated is not None
    assert changed.inputs != cold.inputs


def test_an_edited_entry_is_a_miss(cache_dir: Path, tmp_path: Path) -> None:
    path = copy_of(SEEDS[0], tmp_path)
    truth = load_project(str(path)).inputs
    load_project(str(path), cache=True)
    (entry,) = entries(cache_dir)
    header, _, text = entry.read_bytes().partition(b"\n")
    body = json.loads(text)
    area = body["inputs"]["area"]
    area["value"] = area["value"] * 10  # a tenfold area, under the old digest
    entry.write_bytes(header + b"\n" + json.dumps(body).encode())
    again = load_project(str(path), cache=True)
    assert again.validated is not None
    assert again.inputs == truth


DAMAGE = [b"", b"{", b"[]", b"carboncalc-cache 1 00\n{}", b'{"body": {"inputs": {"@": "os"}}}']


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_entry_is_a_miss(damage: bytes, cache_dir: Path, tmp_path: Path) -> None:
    path = copy_of(SEEDS[0], tmp_path)
    load_project(str(path), cache=True)
    (entry,) = entries(cache_dir)
    entry.write_bytes(damage)
    again = load_project(str(path), cache=True)
    assert again.validated is not None
    assert again.inputs == load_project(str(path)).inputs


def test_decode_builds_only_input_classes() -> None:
    with pytest.raises(KeyError):
        cache.decode({"@": "Path", "args": ["/"]})
    with pytest.raises(KeyError):
        cache.loads('{"@": "Path", "args": ["/"]}')


def test_a_file_encode_refuses_loads_and_is_not_kept(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(obj: object) -> object:
        raise TypeError("cannot cache it")

    monkeypatch.setattr(cache, "encode", refuse)
    loaded = load_project(str(SEEDS[0]), cache=True)
    assert loaded.inputs == load_project(str(SEEDS[0])).inputs
    assert not entries(cache_dir)


def test_a_rebuilt_input_is_the_object_init_builds() -> None:
    """Objects rebuilt without __init__ hold the same fields, compare and hash alike, and stay
    frozen; a node that does not fit its class goes through __init__ and is refused."""
    import dataclasses

    from carboncalc.core.inputs import Value

    built = Value(path="area", value=1.5, low=1.0, high=2.0)
    rebuilt = cache.loads(json.dumps(cache.encode(built)))
    assert type(rebuilt) is Value and vars(rebuilt) == vars(built)
    assert rebuilt == built and hash(rebuilt) == hash(built) and repr(rebuilt) == repr(built)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rebuilt.value = 2.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        cache.loads('{"@": "Value", "path": "area", "value": 1, "bogus": 2}')
    with pytest.raises(TypeError):
        cache.loads('{"@": "Value", "value": 1}')
    assert cache.loads('{"@": "Value", "path": "area", "value": 1}') == Value("area", 1)


def test_an_entry_with_a_right_digest_for_another_file_is_a_miss(
    cache_dir: Path, tmp_path: Path
) -> None:
    """An entry copied under another file's key (its digest intact) names the wrong key."""
    one, other = copy_of(SEEDS[0], tmp_path), copy_of(SEEDS[1], tmp_path)
    load_project(str(one), cache=True)
    load_project(str(other), cache=True)
    first, second = entries(cache_dir)
    first.write_bytes(second.read_bytes())
    for path in (one, other):
        assert load_project(str(path), cache=True).inputs == load_project(str(path)).inputs


def test_off_means_nothing_is_read_or_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for value in ("0", "off", "NO", "false"):
        monkeypatch.setenv("CARBONCALC_CACHE", value)
        monkeypatch.setenv("CARBONCALC_CACHE_DIR", str(tmp_path / "cache"))
        cache._folder.cache_clear()
        assert load_project(str(SEEDS[0]), cache=True).validated is not None
        assert not (tmp_path / "cache").exists()


def test_a_what_if_bypasses_the_cache(cache_dir: Path) -> None:
    loaded = load_project(str(SEEDS[0]), sets=["area=200000ha"], cache=True)
    assert loaded.inputs.area.central == 200000
    assert not cache_dir.exists() or not entries(cache_dir)


def test_the_folder_is_private_and_entries_written_whole(cache_dir: Path) -> None:
    load_project(str(SEEDS[0]), cache=True)
    for folder in (cache_dir, *(p for p in cache_dir.iterdir() if p.is_dir())):
        assert folder.stat().st_mode & 0o777 == 0o700
    assert (cache_dir / "key").stat().st_mode & 0o777 == 0o600
    (entry,) = entries(cache_dir)
    assert entry.stat().st_mode & 0o777 == 0o600
    assert not list(cache_dir.glob("*/.tmp-*")), "a temporary file was left"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_is_not_used(cache_dir: Path) -> None:
    cache_dir.mkdir()
    cache_dir.chmod(0o777)
    loaded = load_project(str(SEEDS[0]), cache=True)
    assert loaded.validated is not None
    assert not entries(cache_dir)


def test_entries_of_other_code_are_removed(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_project(str(SEEDS[0]), cache=True)
    (old,) = (p for p in cache_dir.iterdir() if p.is_dir())
    cache._folder.cache_clear()
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "f" * 64)
    load_project(str(SEEDS[0]), cache=True)
    assert [p.name for p in cache_dir.iterdir() if p.is_dir()] == ["f" * 32]
    assert not old.exists()


def test_the_code_fingerprint_reads_every_code_and_data_file(tmp_path: Path) -> None:
    """Any change to a .py or .yaml file at any depth of the package, or to a file's name,
    changes the fingerprint; compiled bytecode and other files do not."""
    import shutil

    import carboncalc

    package = tmp_path / "carboncalc"
    shutil.copytree(Path(carboncalc.__file__).parent, package)
    expected = {p.relative_to(package).as_posix() for p in package.rglob("*")
                if p.suffix in (".py", ".yaml") and "__pycache__" not in p.parts}  # fmt: skip
    assert {rel for rel, _ in cache._own_files(str(package), "")} == expected
    assert "cli/figures.py" in expected and "files/factors/evidence.yaml" in expected
    before = cache.files_fingerprint(package)
    (package / "__pycache__").mkdir(exist_ok=True)
    (package / "__pycache__" / "x.py").write_text("ignored")
    (package / "notes.txt").write_text("ignored")
    assert cache.files_fingerprint(package) == before
    deep = package / "files" / "factors" / "evidence.yaml"
    deep.write_bytes(deep.read_bytes() + b"\n")
    changed = cache.files_fingerprint(package)
    assert changed != before
    deep.rename(deep.with_name("evidence2.yaml"))
    assert cache.files_fingerprint(package) not in (before, changed)


def test_a_warm_stock_json_imports_no_parser_and_no_schema(tmp_path: Path) -> None:
    """`stock --format json` on a cached file reads no YAML and builds no pydantic model: the
    start-up cost that benchmarks/startup.py measures."""
    loaded = _modules_of(["stock", "alto-mayo", "-f", "json"], tmp_path)
    unused = {"yaml", "carboncalc.files.model", "carboncalc.files.quantities",
              "carboncalc.files.factors", "carboncalc.files.resolve",
              "carboncalc.files.observations", "carboncalc.render.tablekit",
              "carboncalc.core.sensitivity", "carboncalc.api", "carboncalc.reports.credits",
              "carboncalc.core.uncertainty", "carboncalc.reports.rates", "carboncalc.core.evidence",
              "carboncalc.render.credits", "carboncalc.render.uncertainty",
              "carboncalc.render.evidence", "carboncalc.render.documentkit",
              "carboncalc.core.credits", "carboncalc.core.vintages",
              "carboncalc.core.revenue"}  # fmt: skip
    assert not loaded & unused, loaded & unused


@pytest.mark.parametrize("args", [["stock", "alto-mayo"], ["emissions", "alto-mayo"],
                                  ["credits", "alto-mayo", "--samples", "100"]])  # fmt: skip
def test_a_warm_table_builds_no_schema(args: list[str], tmp_path: Path) -> None:
    """Tables take their sources and citations from the cached provenance, not the schema."""
    loaded = _modules_of(args, tmp_path)
    assert not loaded & {"yaml", "carboncalc.files.model", "carboncalc.files.quantities"}


def _modules_of(args: list[str], cache_dir: Path) -> set[str]:
    """The yaml and carboncalc modules a second run of a command imports (the first fills the
    cache)."""
    env = {**os.environ, "CARBONCALC_CACHE": "1", "CARBONCALC_CACHE_DIR": str(cache_dir)}
    script = (
        "import sys\n"
        f"sys.argv = ['carboncalc', *{args!r}]\n"
        "from carboncalc.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('yaml', 'carboncalc')))\n"
        "sys.stderr.write(' '.join(loaded))\n"
    )
    for _ in range(2):  # fill the cache, then read it
        run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                             text=True, check=True)  # fmt: skip
    assert run.stdout.strip()
    return set(run.stderr.split())
