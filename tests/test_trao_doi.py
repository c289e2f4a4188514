"""The panel's class exchange in a child process (langnghe.trao_doi): nbgrader's own list, fetch and
submit, on a real file exchange in a temporary folder, as a trainee's server runs them."""

from __future__ import annotations

import asyncio
import shutil
import sys

import pytest

from coursetools import ROOT
from langnghe import trao_doi

COURSE = "langnghe"
ASSIGNMENT = "bt00-lam-quen"


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A trainee's home with nbgrader's configuration naming a file exchange where bt00 is released
    (the layout nbgrader's release_assignment writes)."""
    exchange = tmp_path / "trao-doi"
    outbound = exchange / COURSE / "outbound" / ASSIGNMENT
    outbound.mkdir(parents=True)
    shutil.copy(ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", outbound)
    (exchange / COURSE / "inbound").mkdir()
    (exchange / COURSE / "inbound").chmod(0o2733)
    (exchange / COURSE / "feedback").mkdir()
    (exchange / COURSE / "feedback").chmod(0o2711)
    home = tmp_path / "nha"
    home.mkdir()
    (home / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.Exchange.root = {str(exchange)!r}\nc.CourseDirectory.course_id = {COURSE!r}\n",
        encoding="utf-8")
    # nbgrader also keeps a copy of each submission in the user's Jupyter data folder: this one's.
    for variable, folder in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_CONFIG_PATH", "config"),
                             ("JUPYTER_DATA_DIR", "data"), ("HOME", "nha")]:
        monkeypatch.setenv(variable, str(tmp_path / folder))
    return home, exchange


def test_lists_fetches_and_submits_through_nbgrader(home):
    root, exchange = home
    listed = asyncio.run(trao_doi.run("list", COURSE, None, root))
    assert listed["success"], listed
    assert [(a["assignment_id"], a["status"]) for a in listed["value"]] == [(ASSIGNMENT, "released")]

    fetched = asyncio.run(trao_doi.run("fetch", COURSE, ASSIGNMENT, root))
    assert fetched["success"], fetched
    assert (root / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
    assert {a["status"] for a in fetched["value"] if a["assignment_id"] == ASSIGNMENT} == {"fetched"}

    submitted = asyncio.run(trao_doi.run("submit", COURSE, ASSIGNMENT, root))
    assert submitted["success"], submitted
    inbound = [p.name for p in (exchange / COURSE / "inbound").iterdir()]
    assert len(inbound) == 1 and f"+{ASSIGNMENT}+" in inbound[0]
    mine = [a for a in submitted["value"] if a["status"] == "submitted"]
    assert mine and mine[0]["submissions"][0]["timestamp"]


def test_a_failure_is_a_vietnamese_answer_not_a_crash(home):
    root, exchange = home
    shutil.rmtree(exchange)  # the exchange is gone (a hub misconfigured, a disk not mounted)
    answer = asyncio.run(trao_doi.run("fetch", COURSE, ASSIGNMENT, root))
    assert answer["success"] is False
    assert answer["value"] == trao_doi.FAILED and "exchange directory does not exist" in answer["log"]


def test_the_server_never_imports_nbgrader_for_it():
    """The point of the child: the server's process stays without nbgrader."""
    import subprocess

    code = "import sys, langnghe.trao_doi; print('nbgrader' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_asks_only_for_what_nbgrader_does():
    with pytest.raises(ValueError):
        asyncio.run(trao_doi.run("collect", COURSE, ASSIGNMENT, ROOT))
    with pytest.raises(ValueError):
        asyncio.run(trao_doi.run("fetch", COURSE, None, ROOT))
