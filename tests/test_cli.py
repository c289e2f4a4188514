"""The `langnghe` command: one error convention for every verb.

A problem the person can fix is its Vietnamese message alone on stderr (never a traceback) with
exit code 2; a check that found problems exits 1.
"""

from __future__ import annotations

import subprocess

import pytest

from coursetools import BIN


def run(*args, cwd):
    return subprocess.run([BIN / "langnghe", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("verb", [["release"], ["grade", "bt00-lam-quen"], ["feedback", "bt00-lam-quen"],
                                  ["report"], ["start-page"], ["site"], ["bundle"], ["lab"]])
def test_a_verb_run_outside_a_course_says_so_in_vietnamese(verb, tmp_path, monkeypatch, capsys):
    from langnghe import cli, course

    # Outside a course folder the command falls back to the repository it runs from; an
    # installed package has none, which is what an instructor in the wrong folder meets.
    monkeypatch.setattr(course, "__file__", str(tmp_path / "site-packages" / "langnghe" / "course.py"))
    monkeypatch.chdir(tmp_path)
    assert cli.main(verb) == 2
    err = capsys.readouterr().err
    assert "Không tìm thấy thư mục khóa học" in err and "Traceback" not in err


def test_check_of_a_missing_notebook_is_a_vietnamese_message(tmp_path):
    done = run("check", str(tmp_path / "khong-co.ipynb"), cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.strip()


def test_a_wrong_assignment_name_is_a_vietnamese_message_with_the_names_there_are(tmp_path):
    from coursetools import ROOT

    done = run("release", "bt99-khong-co", cwd=ROOT)
    assert done.returncode == 2
    assert "Không có bài tập 'bt99-khong-co'" in done.stderr and "bt00-lam-quen" in done.stderr
    assert "Traceback" not in done.stderr
