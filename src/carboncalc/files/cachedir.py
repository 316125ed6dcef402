"""The cache's folder: where it is, marked as carboncalc's own, and cleaned only of what
carboncalc made there.

Layout of the root (``$CARBONCALC_CACHE_DIR``, else ``$XDG_CACHE_HOME/carboncalc``, else
``~/.cache/carboncalc``)::

    CACHEDIR.TAG        the Cache Directory Tagging Specification's tag (Bryan Ford,
                        https://bford.info/cachedir/): backup tools skip the folder
    carboncalc-cache    this layout's name and version: what makes the folder carboncalc's
    key                 32 random bytes, private: the key of the entries' HMAC
    <32 hex digits>/    the entries of one code fingerprint
        carboncalc-entries   the folder's mark (the full fingerprint)
        <64 hex digits>.json one entry each

Rules, each of which a test holds:

- A root is used only if it is private (a real folder, this user's, that nobody else can write
  to) and carboncalc's (it has both marks, each as carboncalc writes it), empty or new, or holds
  only folders of an older carboncalc's cache (32-hex-digit folders of entries, each beginning
  as every entry does, and nothing else), which it then marks. Any other folder is refused: one
  line on stderr, and the cache is off for the run. Nothing in a refused folder is changed or
  deleted, and no file of it is read but the ones named as carboncalc's marks and entries.
- When a new fingerprint's folder is made, an older one is removed only if it carries the mark
  and holds nothing but entries (regular files, by name); its files are removed one by one, never
  a tree. Anything else (a link, a subfolder, a file of another name) leaves it as it is.
- A relative ``XDG_CACHE_HOME`` is ignored, as the XDG Base Directory Specification says; a
  relative ``CARBONCALC_CACHE_DIR`` is taken from the folder carboncalc started in.
- Two carboncalcs may claim a new root at once: marks are written aside and linked into place
  whole, and a root found marked after it was listed is taken as claimed by the other.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import stat
import sys
import time
from pathlib import Path

LAYOUT = b"carboncalc cache layout 1\n"
TAG = (
    b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# This file is a cache directory tag created by carboncalc.\n"
    b"# For information about cache directory tags see https://bford.info/cachedir/\n"
)
TAG_NAME, LAYOUT_NAME, KEY_NAME, MARK_NAME = (
    "CACHEDIR.TAG", "carboncalc-cache", "key", "carboncalc-entries"
)  # fmt: skip
_FINGERPRINT = re.compile(r"^[0-9a-f]{32}$")
_ENTRY = re.compile(r"^([0-9a-f]{64}|\.tmp-[A-Za-z0-9_]+)\.json$")
_KEY_BYTES = 32
_TEMPORARY = ".carboncalc-tmp-"  # a file being written in the root, before it is linked
_ENTRY_START = b"carboncalc-cache "  # how every entry of every version begins


def root() -> Path | None:
    """The cache's root folder, or None where no absolute one can be found."""
    chosen = os.environ.get("CARBONCALC_CACHE_DIR")
    if chosen:
        return Path(os.path.abspath(chosen))
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, empty or relative: the specification's default
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "carboncalc" if os.path.isabs(base) else None


def entries_folder(fingerprint: str) -> tuple[Path, bytes] | None:
    """The folder of this fingerprint's entries and the key of their HMAC, making and marking
    them where needed; None where the cache cannot be used safely."""
    top = root()
    if top is None:
        return None
    folder = top / fingerprint[:32]
    if not (_is_ours(top) and _marked(folder)):
        if not _claim(top):
            return None
        if not _marked(folder):
            _clean(top, keep=folder.name)
            folder.mkdir(mode=0o700, exist_ok=True)
            if _private(folder):
                _write_new(folder / MARK_NAME, fingerprint.encode("ascii") + b"\n")
    if not (_private(top) and _private(folder) and _marked(folder)):
        return None
    key = _key(top)
    return (folder, key) if key is not None else None


def _claim(top: Path, *, again: bool = True) -> bool:
    """Make ``top`` carboncalc's if it is new, empty or an older carboncalc's cache; False (with
    one line on stderr) for a folder that holds anything else or is not private."""
    if not os.path.lexists(top):
        try:
            top.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            return False
    if not _private(top):
        _refuse(top, "is not a private folder (a link, a file, or others can write to it)")
        return False
    if _is_ours(top):
        return True
    try:
        names = os.listdir(top)
    except OSError:
        _refuse(top, "cannot be read")
        return False
    legacy, others = [], []
    for name in names:
        if _own_mark(top, name):
            continue  # a mark another carboncalc has just made
        if _FINGERPRINT.match(name) and _only_entries(top / name, set(), legacy=True):
            legacy.append(top / name)
        else:
            others.append(name)
    if others:
        if _is_ours(top):  # another carboncalc claimed it meanwhile: its files are here now
            return True
        if again and all(name.startswith(_TEMPORARY) for name in others):
            time.sleep(0.05)  # another carboncalc is writing a mark: look once more
            return _claim(top, again=False)
        _refuse(top, "holds files that are not carboncalc's")
        return False
    for folder in legacy:  # an older carboncalc's entries: marked now, so they can be cleaned
        _write_new(folder / MARK_NAME, b"legacy\n")
    _write_new(top / TAG_NAME, TAG)
    _write_new(top / LAYOUT_NAME, LAYOUT)
    return _is_ours(top)


def _own_mark(top: Path, name: str) -> bool:
    """True for one of the root's two marks, as carboncalc writes them (a file of that name
    with other content is not carboncalc's)."""
    expected = {TAG_NAME: TAG, LAYOUT_NAME: LAYOUT}.get(name)
    return expected is not None and _small_file(top / name) == expected


def _valid_key(found: bytes | None) -> bool:
    return found is not None and len(found) == 2 * _KEY_BYTES and found.isalnum()


def _is_ours(top: Path) -> bool:
    return _small_file(top / TAG_NAME) == TAG and _small_file(top / LAYOUT_NAME) == LAYOUT


def _marked(folder: Path) -> bool:
    return _small_file(folder / MARK_NAME) is not None


def _clean(top: Path, keep: str) -> None:
    """Remove the folders of other fingerprints that carry the mark and hold only entries."""
    try:
        names = os.listdir(top)
    except OSError:
        return
    for name in names:
        folder = top / name
        if name == keep or not _FINGERPRINT.match(name) or not _marked(folder):
            continue
        if not _only_entries(folder, {MARK_NAME}):
            continue
        try:
            for child in os.listdir(folder):
                os.unlink(folder / child)
            os.rmdir(folder)
        except OSError:
            continue  # another carboncalc is cleaning it too, or it changed meanwhile


def _only_entries(folder: Path, also: set[str], *, legacy: bool = False) -> bool:
    """True for a real folder (not a link) whose every child is a regular file named as an
    entry (or in ``also``); with ``legacy``, each entry must also begin as carboncalc wrote
    every entry (``carboncalc-cache``), so that a look-alike folder of someone else's is not
    taken for an older carboncalc's."""
    try:
        if not _real_dir(folder):
            return False
        for entry in os.scandir(folder):
            if not entry.is_file(follow_symlinks=False):
                return False
            if entry.name not in also and not _ENTRY.match(entry.name):
                return False
            if legacy and not _begins_as_entry(Path(entry.path)):
                return False
    except OSError:
        return False
    return True


def _begins_as_entry(path: Path) -> bool:
    return _small_file(path, first=len(_ENTRY_START)) == _ENTRY_START


def _key(top: Path) -> bytes | None:
    """The HMAC key kept in the root, made on first use."""
    path = top / KEY_NAME
    found = _small_file(path)
    if found is None:
        _write_new(path, os.urandom(_KEY_BYTES).hex().encode("ascii"))
        found = _small_file(path)
    return found if _valid_key(found) else None


def _write_new(path: Path, data: bytes) -> None:
    """Make a small private file that does not exist yet, whole or not at all (written aside,
    then linked into place, so that another carboncalc never sees it half written); an
    existing one is left as it is."""
    import tempfile

    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=_TEMPORARY)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.link(temporary, path)
    except OSError:
        pass  # it exists already (another carboncalc made it), or the disk refused
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _small_file(path: Path, *, first: int | None = None) -> bytes | None:
    """A regular file's bytes if it is at most 4 KB (or, with ``first``, its first bytes,
    whatever its size); None for anything else (a link, a FIFO, a folder, a missing file).
    Never blocks."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (first is None and info.st_size > 4096):
            return None
        return os.read(fd, first or 4097)
    except OSError:
        return None
    finally:
        os.close(fd)


def _real_dir(folder: Path) -> bool:
    return os.path.isdir(folder) and not os.path.islink(folder)


def _private(folder: Path) -> bool:
    """True for a real directory that only its owner, this user, can write to."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    if not _real_dir(folder):
        return False
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return owner_ok and not info.st_mode & 0o022


@functools.cache
def _refuse(top: Path, why: str) -> None:
    """One line on stderr, once per run."""
    from carboncalc.printable import printable

    where = printable(str(top), one_line=True)
    sys.stderr.write(
        f"carboncalc: the cache folder {where} {why}; the cache is off "
        "(set CARBONCALC_CACHE_DIR to a new or empty folder)\n"
    )
