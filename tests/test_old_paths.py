"""Lesson copies from before the rename still run, and say in Vietnamese what to type now."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

# Every `from langnghe.<old> import <name>` in the lessons and exercises of the release before the
# course modules took their lessons' names.
OLD_IMPORTS = [
    ("charts", "truc_tien"),
    ("charts", "MAU"),
    ("widgets", "may_tinh_tien_ve"),
    ("selling", "chargeable_weight"),
    ("design", "BANG_KANO"),
    ("packaging", "mckee_bct_n"),
    ("dieline", "ve_khuon_hop"),
    ("cleaner_production", "kf"),
    ("cleaner_production", "kq"),
    ("management", "lap_ke_hoach_tien_mat"),
    ("management", "luu_ke_hoach_excel"),
    ("management", "stock_card"),
]


def test_old_imports_run_in_a_kernel_and_each_warns_in_vietnamese(tmp_path):
    cells = [nbformat.v4.new_code_cell(f"from langnghe.{module} import {name}\nprint(callable({name}) or {name} is not None)")
             for module, name in OLD_IMPORTS]
    nb = nbformat.v4.new_notebook(cells=cells)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    for (module, name), cell in zip(OLD_IMPORTS, nb.cells):
        stdout = "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")
        stderr = "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stderr")
        assert stdout.strip() == "True", (module, name, cell.outputs)
        assert stderr.startswith(f"⚠️ Tên cũ: `langnghe.{module}.{name}`"), (module, name, stderr)
        assert "ipykernel" not in stderr and ".py:" not in stderr  # no file path a trainee cannot read
        assert "hãy lấy bản bài học mới" in stderr


def test_an_old_path_leads_to_the_same_object_as_the_new_one(capsys):
    from langnghe import old_paths

    for old, (new, renamed) in old_paths.OLD_PATHS.items():
        for module, name in OLD_IMPORTS:
            if f"langnghe.{module}" != old:
                continue
            got = getattr(__import__(old, fromlist=[name]), name)
            new_module = __import__(new, fromlist=[renamed.get(name, name)])
            assert got is getattr(new_module, renamed.get(name, name))
            assert capsys.readouterr().err.count("⚠️ Tên cũ") == 1


def test_a_name_that_never_existed_is_still_an_error():
    import pytest

    with pytest.raises(ImportError):
        exec("from langnghe.selling import khong_co_ham_nay", {})


def test_every_renamed_name_in_the_table_exists_under_its_new_name():
    import importlib

    from langnghe import old_paths

    missing = [f"{new}.{name}" for new, renamed in old_paths.OLD_PATHS.values()
               for name in renamed.values() if not hasattr(importlib.import_module(new), name)]
    assert not missing, missing
