"""Loading datasets by name from wherever a notebook is opened, with correct dtypes."""

import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from langnghe import danh_sach_du_lieu, tai_du_lieu
from langnghe.data import KhongTimThayDuLieu, thu_muc_du_lieu

from coursetools import ROOT


def test_orders_have_dates_as_dates_and_money_as_integers():
    orders = tai_du_lieu("don_hang")
    assert pd.api.types.is_datetime64_any_dtype(orders["ngay_dat"])
    assert pd.api.types.is_integer_dtype(orders["don_gia"])
    assert len(orders) > 1000


def test_every_listed_dataset_loads():
    for name in danh_sach_du_lieu():
        assert len(tai_du_lieu(name)) > 0, name


def test_names_typed_with_diacritics_or_extension_are_accepted():
    assert tai_du_lieu("Đơn hàng").equals(tai_du_lieu("don_hang"))
    assert len(tai_du_lieu("san_pham.csv")) > 0


def test_wrong_name_lists_available_datasets_and_suggests():
    with pytest.raises(KhongTimThayDuLieu) as err:
        tai_du_lieu("don_hangg")
    message = str(err.value)
    assert "Không có bộ dữ liệu tên" in message
    assert 'Có phải bạn muốn "don_hang"' in message
    for name in danh_sach_du_lieu():
        assert name in message


def test_non_text_name_explained():
    with pytest.raises(KhongTimThayDuLieu, match="chuỗi chữ"):
        tai_du_lieu(3)


@pytest.mark.parametrize("folder", ["lessons", "exercises"])
def test_found_from_course_folders(folder):
    start = ROOT / folder
    assert thu_muc_du_lieu(start) == ROOT / "datasets"


def test_found_in_trainee_home_on_hub(tmp_path, monkeypatch):
    # On the hub the lessons and datasets are copied to ~/langnghe; nbgrader fetches
    # assignments into ~/<assignment>/, outside that folder.
    home = tmp_path / "home" / "hoc-vien-01"
    shutil.copytree(ROOT / "datasets", home / "langnghe" / "datasets")
    assignment = home / "bt01-ban-hang-truc-tuyen"
    assignment.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("LANGNGHE_DU_LIEU", raising=False)
    assert thu_muc_du_lieu(assignment) == home / "langnghe" / "datasets"


def test_found_in_self_study_folder(tmp_path):
    course = tmp_path / "langnghe-tu-hoc"
    shutil.copytree(ROOT / "datasets", course / "datasets")
    lesson_dir = course / "lessons" / "01-ban-hang-truc-tuyen"
    lesson_dir.mkdir(parents=True)
    assert thu_muc_du_lieu(lesson_dir) == course / "datasets"


def test_loader_works_in_a_kernel_started_in_a_lesson_folder():
    code = "from langnghe import tai_du_lieu; print(tai_du_lieu('truy_cap')['ngay'].dtype)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "lessons", capture_output=True, text=True,
                          env={**os.environ, "HOME": "/nonexistent"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith("datetime64")
