"""A trainee's home on the hub: the lessons, datasets and start page under ~/langnghe/.

Files are copied only where they are missing, so a trainee's edits are never overwritten; a
lesson they deleted comes back, fresh, on the next start.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..course import KEYS
from ..lab import install_user_settings
from .workshop import CLASS_KEYS, TRAINEE_CONTENT

FOLDER = "langnghe"


def _copy_missing(src: Path, dest: Path, added: list[Path], names: list[str] | None = None) -> None:
    if src.is_dir():
        if not dest.exists():
            dest.mkdir()
            added.append(dest)
        if dest.is_dir() and not dest.is_symlink():
            for child in sorted(src.iterdir()):
                if (names and child.name not in names) or child.name.startswith(".") or child.name == "__pycache__":
                    continue
                _copy_missing(child, dest / child.name, added)
    elif not dest.exists() and not dest.is_symlink():
        shutil.copyfile(src, dest)
        added.append(dest)


def _replace_keys(keys: Path, dest: Path) -> list[Path]:
    """The released assignments' keys (visible tests only), fresh every start: they are the course's,
    not her work, and change when an assignment is given again. Her check (the panel's Kiểm tra on a
    fetched ~/btNN-.../btNN-....ipynb) finds them in ~/.kiem-tra, as a self-study bundle's."""
    if not keys.is_dir():
        return []
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(keys, dest)
    return [dest, *dest.rglob("*")]


def fill_home(course: Path, home: Path, owner: tuple[int, int] | None = None) -> list[Path]:
    """Put what is missing of the course into `home`/langnghe; returns the paths added."""
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    added: list[Path] = []
    _copy_missing(Path(course), home / FOLDER, added, names=TRAINEE_CONTENT)
    keys = _replace_keys(Path(course) / CLASS_KEYS, home / KEYS)
    jupyter = home / ".jupyter"
    install_user_settings(jupyter / "lab" / "user-settings")
    if owner:  # the hub writes as root; the files are the trainee's
        for path in [*added, *keys, jupyter, *jupyter.rglob("*")]:
            if path.lstat().st_uid != owner[0]:
                os.lchown(path, *owner)
    return added
