"""The cache's folder (carboncalc.files.cachedir) and what an entry depends on: carboncalc touches
only what it made and marked, refuses a folder that holds anything else, and reads the files an
entry depends on as safely as project files. Each case was a way to lose or leak a file."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from carboncalc.files import cache, cachedir
from carboncalc.files.loading import load_project
from carboncalc.files.projects import package_projects_dir

SEED = package_projects_dir() / "alto-mayo.yaml"
BASE = Path(__file__).parents[1] / "data" / "valid" / "base.yaml"


def carboncalc(
    *args: str, cwd: Path, timeout: float = 60, **env: str
) -> subprocess.CompletedProcess[str]:
    """The real command, with the cache on and only the environment given changed."""
    environ = {**os.environ, "CARBONCALC_CACHE": "1", **env}
    return subprocess.run([sys.executable, "-m", "carboncalc", *args], cwd=cwd, env=environ,
                          capture_output=True, text=True, timeout=timeout)  # fmt: skip


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` with its bytes (None for a folder)."""
    return {str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes()
            for p in sorted(folder.rglob("*"))}  # fmt: skip


def user_folder(path: Path) -> dict[str, bytes | None]:
    (path / "photos").mkdir(parents=True)
    (path / "photos" / "a.jpg").write_bytes(b"\xff\xd8 a photo")
    (path / ".git").mkdir()
    (path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (path / "0123456789abcdef0123456789abcdef").mkdir()  # named like a cache folder
    (path / "0123456789abcdef0123456789abcdef" / "notes.txt").write_text("mine")
    return tree(path)


@pytest.mark.parametrize(
    "name", ["key", ".tmp-notes.json", ".carboncalc-tmp-notes", "CACHEDIR.TAG", "carboncalc-cache"]
)
def test_a_file_named_as_carboncalcs_own_does_not_make_a_folder_carboncalcs(
    name: str, tmp_path: Path
) -> None:
    """A user's `key` (64 letters), `.tmp-*.json` or marks of other content made the folder
    carboncalc's: marked, and the user's `key` the cache's secret."""
    root = tmp_path / "mine"
    root.mkdir(mode=0o700)
    (root / name).write_bytes(b"A" * 64)
    before = tree(root)
    run = carboncalc(
        "stock", "alto-mayo", "-f", "json", cwd=tmp_path, CARBONCALC_CACHE_DIR=str(root)
    )
    assert run.returncode == 0
    (line,) = run.stderr.splitlines()
    assert "not carboncalc's" in line
    assert tree(root) == before


def test_a_folder_others_can_write_to_is_refused_in_one_line(tmp_path: Path) -> None:
    root = tmp_path / "shared"
    root.mkdir()
    root.chmod(0o775)
    run = carboncalc(
        "stock", "alto-mayo", "-f", "json", cwd=tmp_path, CARBONCALC_CACHE_DIR=str(root)
    )
    assert run.returncode == 0
    (line,) = run.stderr.splitlines()
    assert "is not a private folder" in line and "the cache is off" in line
    assert list(root.iterdir()) == []


def test_a_root_claimed_by_another_carboncalc_meanwhile_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two carboncalcs on a new root: the second saw it unmarked, then listed it after the
    first had claimed it and made its entries folder, and refused it as not carboncalc's."""
    root = tmp_path / "cache"
    monkeypatch.setenv("CARBONCALC_CACHE", "1")
    monkeypatch.setenv("CARBONCALC_CACHE_DIR", str(root))
    cache._folder.cache_clear()
    load_project(str(SEED), cache=True)  # the first carboncalc: root marked, entries made
    real = cachedir._is_ours
    answers = iter([False])  # the second saw the root before the first had marked it
    monkeypatch.setattr(cachedir, "_is_ours", lambda top: next(answers, None) or real(top))
    assert cachedir._claim(root) is True
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("variable", ["CARBONCALC_CACHE_DIR", "XDG_CACHE_HOME"])
def test_a_folder_that_is_not_carboncalcs_is_left_as_it_is(variable: str, tmp_path: Path) -> None:
    """`CARBONCALC_CACHE_DIR=w` with w/photos and w/.git, and `XDG_CACHE_HOME=$HOME` beside a
    clone called carboncalc, used to be emptied. Now: one line on stderr, the same figures, and
    not a byte changed."""
    home = tmp_path / "home"
    target = home / "w" if variable == "CARBONCALC_CACHE_DIR" else home / "carboncalc"
    before = user_folder(target)
    value = str(target) if variable == "CARBONCALC_CACHE_DIR" else str(home)
    off = carboncalc("stock", "alto-mayo", "-f", "json", cwd=tmp_path, CARBONCALC_CACHE="0")
    run = carboncalc("stock", "alto-mayo", "-f", "json", cwd=tmp_path, **{variable: value})
    assert run.returncode == 0
    assert run.stdout == off.stdout
    (line,) = run.stderr.splitlines()
    assert "not carboncalc's" in line and "cache is off" in line
    assert tree(target) == before


def test_the_current_folder_as_cache_deletes_nothing(tmp_path: Path) -> None:
    """`CARBONCALC_CACHE_DIR=. carboncalc check` inside a repository deleted .git, projects and
    src."""
    repo = tmp_path / "repo"
    (repo / "projects").mkdir(parents=True)
    (repo / "projects" / "p.yaml").write_bytes(BASE.read_bytes())
    (repo / "src").mkdir()
    (repo / "src" / "x.py").write_text("print(1)\n")
    (repo / ".git").mkdir()
    before = tree(repo)
    run = carboncalc("check", cwd=repo, CARBONCALC_CACHE_DIR=".")
    assert run.returncode in (0, 1), run.stderr
    assert tree(repo) == before


def test_a_new_or_empty_folder_is_marked_as_carboncalcs(tmp_path: Path) -> None:
    for root in (tmp_path / "new" / "deeper", tmp_path / "empty"):
        if root.name == "empty":
            root.mkdir()
        run = carboncalc("stock", "alto-mayo", "-f", "json", cwd=tmp_path,
                         CARBONCALC_CACHE_DIR=str(root))  # fmt: skip
        assert run.returncode == 0 and run.stderr == ""
        tag = (root / "CACHEDIR.TAG").read_bytes()
        assert tag.startswith(b"Signature: 8a477f597d28d172789f06886806bc55")  # the spec's
        (folder,) = (p for p in root.iterdir() if p.is_dir())
        # two entries: the parsed project, and the Monte Carlo of its stock's interval
        assert len(list(folder.glob("*.json"))) == 2
        assert (folder / "carboncalc-entries").is_file()


def test_only_marked_folders_of_entries_are_cleaned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside carboncalc's own root, a folder of another fingerprint goes only if it carries the
    mark and holds nothing but entries."""
    root = tmp_path / "cache"
    monkeypatch.setenv("CARBONCALC_CACHE", "1")
    monkeypatch.setenv("CARBONCALC_CACHE_DIR", str(root))
    cache._folder.cache_clear()
    load_project(str(SEED), cache=True)
    (current,) = (p for p in root.iterdir() if p.is_dir())
    kept_unmarked = root / ("a" * 32)
    kept_unmarked.mkdir()
    (kept_unmarked / ("b" * 64 + ".json")).write_text("{}")
    kept_extra = root / ("c" * 32)
    kept_extra.mkdir()
    (kept_extra / "carboncalc-entries").write_text("x")
    (kept_extra / "thesis.tex").write_text("mine")
    kept_link = root / ("d" * 32)
    kept_link.symlink_to(tmp_path)
    (root / "notes.txt").write_text("mine")
    survivors = tree(tmp_path / "cache")
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "f" * 64)
    cache._folder.cache_clear()
    load_project(str(SEED), cache=True)
    assert not current.exists()  # the older carboncalc's entries, marked: cleaned
    after = tree(root)
    for name, content in survivors.items():
        if not name.startswith(current.name):
            assert after[name] == content
    assert kept_link.is_symlink()


def test_an_older_carboncalcs_cache_is_adopted_and_cleaned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A root made before the marks (32-hex folders of entries only) is carboncalc's: it is
    marked, its old entries removed, and no line is printed."""
    root = tmp_path / "cache"
    old = root / ("e" * 32)
    old.mkdir(parents=True)
    (old / ("1" * 64 + ".json")).write_text("carboncalc-cache 3 00\n{}")
    monkeypatch.setenv("CARBONCALC_CACHE", "1")
    monkeypatch.setenv("CARBONCALC_CACHE_DIR", str(root))
    cache._folder.cache_clear()
    load_project(str(SEED), cache=True)
    assert (root / "CACHEDIR.TAG").is_file()
    assert not old.exists()
    assert len(list(root.glob("*/*.json"))) == 1


def test_a_relative_xdg_cache_home_is_ignored(tmp_path: Path) -> None:
    """The XDG Base Directory Specification: a relative path is invalid and ignored."""
    home = tmp_path / "home"
    work = tmp_path / "work"
    work.mkdir()
    run = carboncalc("stock", "alto-mayo", "-f", "json", cwd=work, HOME=str(home),
                     XDG_CACHE_HOME="relative/cache")  # fmt: skip
    assert run.returncode == 0
    assert list(work.iterdir()) == []
    assert (home / ".cache" / "carboncalc" / "CACHEDIR.TAG").is_file()


def test_no_absolute_root_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CARBONCALC_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "rel")
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # no home to be found
    assert cachedir.root() is None


# --- what an entry depends on ----------------------------------------------------------------


def observed_project(folder: Path, csv_text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = BASE.read_text("utf-8").replace(
        "  project:\n", "  project:\n    observed: {file: loss.csv, source: src}\n", 1
    )
    (folder / "p.yaml").write_text(text, encoding="utf-8")
    (folder / "loss.csv").write_text(csv_text, encoding="utf-8")
    return folder / "p.yaml"


def cleared(run: subprocess.CompletedProcess[str], year: int) -> float:
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)["years"]
    (row,) = (r for r in rows if r["year"] == year)
    return float(row["project_cleared_ha"])


def test_an_edited_observation_file_is_read_from_any_folder(tmp_path: Path) -> None:
    """An entry named its CSV relative to the first run's folder: run from elsewhere after an
    edit, the old figure (2.5 ha) came back where the file said 9.5."""
    project = observed_project(tmp_path / "proj", "year,cleared_ha\n2010,2.5\n")
    cache_root = str(tmp_path / "cache")
    first = carboncalc("emissions", "proj/p.yaml", "-f", "json", cwd=tmp_path,
                       CARBONCALC_CACHE_DIR=cache_root)  # fmt: skip
    assert cleared(first, 2010) == 2.5
    (project.parent / "loss.csv").write_text("year,cleared_ha\n2010,9.5\n", encoding="utf-8")
    again = carboncalc("emissions", "p.yaml", "-f", "json", cwd=project.parent,
                       CARBONCALC_CACHE_DIR=cache_root)  # fmt: skip
    assert cleared(again, 2010) == 9.5


def test_a_hit_keeps_the_rules_for_files_a_project_names(tmp_path: Path) -> None:
    """A warm entry re-read its CSV by its resolved path, through links: a folder of the
    project replaced by a link to an identical copy outside was read, where a load with the
    cache off refuses it."""
    folder = tmp_path / "proj"
    folder.mkdir()
    text = BASE.read_text("utf-8").replace(
        "  project:\n", "  project:\n    observed: {file: d/loss.csv, source: src}\n", 1
    )
    (folder / "p.yaml").write_text(text, encoding="utf-8")
    (folder / "d").mkdir()
    (folder / "d" / "loss.csv").write_text("year,cleared_ha\n2010,2.5\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "loss.csv").write_bytes((folder / "d" / "loss.csv").read_bytes())
    cache_root = str(tmp_path / "cache")
    first = carboncalc("stock", "proj/p.yaml", cwd=tmp_path, CARBONCALC_CACHE_DIR=cache_root)
    assert first.returncode == 0
    for child in (folder / "d").iterdir():
        child.unlink()
    (folder / "d").rmdir()
    (folder / "d").symlink_to(outside)
    off = carboncalc("stock", "proj/p.yaml", cwd=tmp_path, CARBONCALC_CACHE="0")
    run = carboncalc("stock", "proj/p.yaml", cwd=tmp_path, CARBONCALC_CACHE_DIR=cache_root)
    assert off.returncode == run.returncode == 2
    assert run.stderr == off.stderr and "a link to outside" in run.stderr


def test_an_entry_that_is_a_link_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "cache"
    monkeypatch.setenv("CARBONCALC_CACHE", "1")
    monkeypatch.setenv("CARBONCALC_CACHE_DIR", str(root))
    cache._folder.cache_clear()
    load_project(str(SEED), cache=True)
    (entry,) = root.glob("*/*.json")
    elsewhere = tmp_path / "elsewhere.json"
    entry.rename(elsewhere)  # the entry itself, valid, now behind a link
    entry.symlink_to(elsewhere)
    assert load_project(str(SEED), cache=True).validated is not None  # a miss


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("swap", ["fifo", "dev-zero"])
def test_a_dependency_swapped_for_a_fifo_or_a_device_is_refused_at_once(
    swap: str, tmp_path: Path
) -> None:
    """A warm entry re-read its CSV with a plain read: a FIFO hung forever, /dev/zero filled the
    memory. Now it is a miss, and the file is refused as when the cache is off."""
    project = observed_project(tmp_path / "proj", "year,cleared_ha\n2010,2.5\n")
    cache_root = str(tmp_path / "cache")
    assert carboncalc("stock", str(project), cwd=tmp_path,
                      CARBONCALC_CACHE_DIR=cache_root).returncode == 0  # fmt: skip
    csv = project.parent / "loss.csv"
    csv.unlink()
    if swap == "fifo":
        os.mkfifo(csv)
    else:
        csv.symlink_to("/dev/zero")
    off = carboncalc("stock", str(project), cwd=tmp_path, timeout=30, CARBONCALC_CACHE="0")
    run = carboncalc("stock", str(project), cwd=tmp_path, timeout=30,
                     CARBONCALC_CACHE_DIR=cache_root)  # fmt: skip
    assert run.returncode == off.returncode == 2
    assert run.stderr == off.stderr
    assert len(run.stderr.splitlines()) == 1


def rewrite(entry: Path, secret: bytes | None) -> None:
    """Set the entry's area to tenfold and put a fresh checksum on it: a SHA-256 as the old
    format had, or an HMAC under ``secret``."""
    import hmac

    _, _, text = entry.read_bytes().partition(b"\n")
    body = json.loads(text)
    body["inputs"]["area"]["value"] *= 10
    text = json.dumps(body).encode()
    digest = hmac.new(secret, text, hashlib.sha256) if secret else hashlib.sha256(text)
    entry.write_bytes(f"carboncalc-cache {cache.FORMAT} {digest.hexdigest()}\n".encode() + text)


@pytest.mark.parametrize(
    ("how", "hit"), [("sha256 recomputed", False), ("another cache's key", False),
                     ("the cache's own key", True)],
)  # fmt: skip
def test_a_rewritten_entry_is_used_only_under_the_caches_own_key(
    how: str, hit: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tenfold area with a fresh checksum: a miss unless made with the cache's own key (the
    last case shows that the HMAC, not something else, is what refuses the others)."""
    root = tmp_path / "cache"
    monkeypatch.setenv("CARBONCALC_CACHE", "1")
    monkeypatch.setenv("CARBONCALC_CACHE_DIR", str(root))
    cache._folder.cache_clear()
    truth = load_project(str(SEED)).inputs
    load_project(str(SEED), cache=True)
    (entry,) = root.glob("*/*.json")
    secret = {"sha256 recomputed": None, "another cache's key": b"0" * 64}.get(how)
    rewrite(entry, secret if hit is False else (root / "key").read_bytes())
    again = load_project(str(SEED), cache=True)
    assert (again.validated is None) is hit
    assert again.inputs.area.central == (10 if hit else 1) * truth.area.central
