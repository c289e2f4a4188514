"""`langnghe start-page`: the course's start page, BAT-DAU.ipynb, generated from the folders.

Module titles and descriptions come from lessons/NN-slug/README.md, lesson titles from
each notebook's first heading, assignments from exercises/ with their points; nothing
is typed twice, so a new lesson appears by being added to its folder.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import nbformat

from .course import RELEASE, assignments, module_text, modules
from .fmt import diem
from .nbmeta import first_heading, total_points

START_PAGE = "BAT-DAU.ipynb"

INTRO = """# Khóa học dữ liệu cho cơ sở làng nghề

Chào mừng anh chị đến với khóa học! Mỗi bài học là một notebook: đọc phần chữ, rồi bấm vào ô lệnh \
và nhấn **Shift + Enter** để chạy. Các ô **✍️ Thử ngay** là chỗ để anh chị tự làm và nhận gợi ý; \
**bài tập** cuối mỗi mô-đun được chấm điểm tự động.

Nếu chưa từng dùng Jupyter, hãy bắt đầu từ **Mô-đun 0**. Mở bài bằng cách bấm vào tên bài bên dưới.

*Trang này được tạo tự động từ các thư mục của khóa học (`langnghe start-page`): đừng sửa tay.*"""


def _link(text: str, path: Path) -> str:
    return f"[{text}]({quote(path.as_posix())})"


def build(root: Path) -> nbformat.NotebookNode:
    """The start page notebook, from the course's folders."""
    cells = [nbformat.v4.new_markdown_cell(INTRO, id="gioi_thieu")]
    exercises = {name[2:4]: name for name in assignments(root)}
    for folder in modules(root):
        title, description = module_text(folder)
        lines = [f"## {title}", ""]
        if description:
            lines += [description, ""]
        lines.append("**Bài học**")
        lines.append("")
        for lesson in sorted(folder.glob("*.ipynb")):
            heading = first_heading(nbformat.read(lesson, as_version=4)) or lesson.stem
            lines.append(f"- {_link(heading, lesson.relative_to(root))}")
        assignment = exercises.get(folder.name[:2])
        if assignment:
            lines += ["", "**Bài tập**", ""]
            for notebook in sorted((root / RELEASE / assignment).glob("*.ipynb")):
                nb = nbformat.read(notebook, as_version=4)
                auto, manual = total_points(nb)
                heading = first_heading(nb) or assignment
                score = f"{diem(auto)} điểm chấm tự động" + (f" + {diem(manual)} điểm giảng viên chấm" if manual else "")
                lines.append(f"- {_link(heading, notebook.relative_to(root))} ({score})")
        cells.append(nbformat.v4.new_markdown_cell("\n".join(lines), id=f"mo_dun_{folder.name[:2]}"))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
        "language_info": {"name": "python"},
    }
    return nb


def render(root: Path) -> str:
    return nbformat.writes(build(root)) + "\n"


def write(root: Path) -> Path:
    path = root / START_PAGE
    path.write_text(render(root), encoding="utf-8")
    return path


def is_current(root: Path) -> bool:
    path = root / START_PAGE
    return path.is_file() and path.read_text(encoding="utf-8") == render(root)
