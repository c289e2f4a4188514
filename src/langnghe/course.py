"""Where the course's folders are, and what they hold (lessons, assignments)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import CourseNotFound

SOURCE = "solutions"
RELEASE = "exercises"
LESSONS = "lessons"
# In a self-study bundle: the tests `langnghe check` runs, in place of solutions/ (see check.Key).
KEYS = ".kiem-tra"


def find_root(start: Path | None = None) -> Path:
    """The course directory: the nearest folder upwards holding nbgrader_config.py and solutions/."""
    start = (Path.cwd() if start is None else Path(start)).resolve()
    for folder in (start, *start.parents):
        if (folder / "nbgrader_config.py").is_file() and (folder / SOURCE).is_dir():
            return folder
    repo = Path(__file__).resolve().parents[2]
    if (repo / "nbgrader_config.py").is_file():
        return repo
    raise CourseNotFound(
        "Không tìm thấy thư mục khóa học (nơi có nbgrader_config.py và solutions/). "
        "Hãy chạy lệnh từ trong thư mục khóa học."
    )


def find_course(start: Path | None = None) -> Path:
    """What a learner's verbs (check, lab) run in: the course directory, or an unzipped self-study bundle."""
    start = (Path.cwd() if start is None else Path(start)).resolve()
    for folder in (start, *start.parents):
        if (folder / KEYS).is_dir() or ((folder / "nbgrader_config.py").is_file() and (folder / SOURCE).is_dir()):
            return folder
    try:
        return find_root(start)  # the repository this package was installed from
    except FileNotFoundError:
        raise CourseNotFound(
            "Không tìm thấy thư mục khóa học (thư mục có trang BAT-DAU.ipynb và các thư mục lessons/, "
            "exercises/). Hãy chạy lệnh từ trong thư mục khóa học."
        ) from None


def assignments(root: Path) -> list[str]:
    """Assignment ids, from the instructor versions in solutions/."""
    source = root / SOURCE
    return sorted(p.name for p in source.iterdir() if p.is_dir() and p.name.startswith("bt"))


def modules(root: Path) -> list[Path]:
    """Module folders in lessons/, in order (NN-slug)."""
    folder = root / LESSONS
    return sorted(p for p in folder.iterdir() if p.is_dir() and p.name[:2].isdigit())


def tool_environment() -> dict[str, str]:
    """os.environ with this interpreter's bin/ first on PATH: nbgrader runs `alembic` by name."""
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}


def module_text(folder: Path) -> tuple[str, str]:
    """Title (first line) and description (first paragraph) of a module's README.md."""
    readme = folder / "README.md"
    if not readme.is_file():
        return folder.name, ""
    lines = readme.read_text(encoding="utf-8").strip().splitlines()
    title = lines[0].lstrip("#").strip()
    paragraph = []
    for line in lines[1:]:
        if line.strip():
            paragraph.append(line.strip())
        elif paragraph:
            break
    return title, " ".join(paragraph)
