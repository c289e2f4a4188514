"""Every lesson runs top to bottom without error.

The instructor versions run once each, in test_grading (through nbgrader, which must find no
error and full marks), and once in test_check (through the judge).
"""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from coursetools import lesson_notebooks, rel


@pytest.mark.parametrize("path", lesson_notebooks(), ids=rel)
def test_notebook_runs_without_error(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=60, startup_timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError, naming the cell, on the first error
