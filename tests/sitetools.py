"""The lessons executed once per test process, shared by test_alt_text.py and test_site.py.

Both modules are in the xdist group "site", so one worker runs them and executes the 27 lessons once.
"""

from __future__ import annotations

import atexit
import copy
import functools
import shutil
import tempfile
from pathlib import Path

from coursetools import ROOT
from langnghe import site

GROUP = "site"


@functools.cache
def _executed():
    items = site.lessons(ROOT)
    try:
        return items, site.execute(items, ROOT), None
    except site.SiteError as err:  # kept, so the second module reports it without running everything again
        return items, None, err


def executed() -> tuple[list[site.Lesson], list]:
    """Every lesson and its notebook run top to bottom, with outputs and widget state (a fresh copy each call)."""
    items, notebooks, error = _executed()
    if error is not None:
        raise error
    return items, copy.deepcopy(notebooks)


@functools.cache
def _built():
    output = Path(tempfile.mkdtemp(prefix="langnghe-site-test-"))
    atexit.register(shutil.rmtree, output, True)
    _, notebooks = executed()
    return site.build(ROOT, output / "site", executed=notebooks)


def built() -> site.Built:
    """The site, written from the executed lessons into a temporary folder."""
    return _built()
