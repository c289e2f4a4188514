"""exercises/ is what nbgrader generates from solutions/; the start page is what the folders say."""

import shutil
import subprocess

import nbformat

from coursetools import BIN, ROOT, exercise_notebooks, lesson_notebooks
from langnghe.release import differences
from langnghe.startpage import build, is_current


def test_exercises_in_sync_with_solutions():
    assert differences(ROOT) == []


def test_release_check_names_a_hand_edited_student_version(tmp_path):
    course = tmp_path / "khoa-hoc"
    course.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "solutions", course / "solutions")
    shutil.copytree(ROOT / "exercises", course / "exercises")
    edited = sorted((course / "exercises").glob("*/*.ipynb"))[0]
    assignment = edited.parent.name
    nb = nbformat.read(edited, as_version=4)
    nb.cells[0].source += "\nSửa tay."
    nbformat.write(nb, edited)

    done = subprocess.run([BIN / "langnghe", "release", "--check", assignment], cwd=course, capture_output=True,
                          text=True)
    assert done.returncode == 1
    assert str(edited.relative_to(course)) in done.stdout


def test_start_page_is_current():
    assert is_current(ROOT), "BAT-DAU.ipynb đã cũ: chạy `langnghe start-page`"


def test_start_page_links_every_lesson_and_assignment():
    text = "\n".join(cell.source for cell in build(ROOT).cells)
    for notebook in lesson_notebooks() + exercise_notebooks():
        assert f"]({notebook.relative_to(ROOT).as_posix()})" in text, notebook.name
