"""The calculators in JupyterLab as a trainee sees them: every label whole, and a value typed into a slider's number.

`test_may_tinh` checks the widgets' settings against measured text; this runs them in Chromium (1280 px wide, file
browser open, as a trainee first meets a lesson) with the values the lessons pass.
"""

from __future__ import annotations

import os
import shutil

import nbformat
import pytest

from coursetools import ROOT
from test_lab import CHROMIUM_ARGS, TOKEN, lab, wait_for_kernel  # noqa: F401  (lab: pytest fixture)

pytestmark = pytest.mark.xdist_group("jupyterlab_server")

CELLS = [
    "from langnghe import tai_du_lieu\nfrom langnghe.may_tinh import *",
    'may_tinh_tien_ve(gia_ban=450000, gia_von=198000, san="Shopee")',
    "kham_pha_mau_ma(gia_ban=129000, han_muc_chi_phi=45000)",
    'may_ve_khuon_hop(dai_mm=400, rong_mm=300, cao_mm=300, ma_giay="3C-1", khoi_luong_kg=12, so_tang=6)',
    'may_kiem_tra_nuoc_thai(thong_so="cod", cot="B", luu_luong_nguon=48, luu_luong_xa=500, ket_qua=150)',
    "may_tinh_hoa_von(gia_ban=430000, bien_phi=273862, chi_phi_co_dinh=16000000, san_luong_du_kien=130)",
    'ke_hoach_tien_mat(162704800, [50e6] * 12, 0.55, 0, {}, {"Chi": [45e6] * 12}, muc_toi_thieu=30_000_000)',
    "may_tinh_mua_chung()",
    'nuoc = tai_du_lieu("nuoc_thai_cum")\n'
    'nuoc["cod_kg_ngay"] = nuoc["luu_luong_m3_ngay"] * nuoc["cod_mg_l"] / 1000\n'
    'co_so = nuoc.groupby("ten_co_so")[["luu_luong_m3_ngay", "cod_kg_ngay"]].mean()\n'
    'may_tinh_chia_chi_phi(co_so, tai_du_lieu("chi_phi_tram_xu_ly"))',
]
SLIDERS = 4 + 1 + 3 + 4 + 4 + 11 + 1  # every IntSlider and SelectionSlider the cells above show

CUT = """() => [...document.querySelectorAll(
    '.jp-OutputArea-output :is(.widget-label, .widget-label-basic, button, input[type=date], .widget-readout)')]
  .filter(el => el.scrollWidth > el.clientWidth + 0.5)
  .map(el => el.textContent || el.value)"""


@pytest.fixture
def calculators_notebook():
    folder = ROOT / "build" / f"kiem-thu-may-tinh-{os.getpid()}"  # build/ is ignored by git
    folder.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "may_tinh.ipynb")
    yield (folder / "may_tinh.ipynb").relative_to(ROOT)
    shutil.rmtree(folder, ignore_errors=True)


def test_every_label_is_whole_and_a_price_typed_into_the_number_is_taken(lab, calculators_notebook):  # noqa: F811
    from playwright.sync_api import sync_playwright

    port, _, _ = lab
    workspace = f"kiem-thu-may-tinh-{os.getpid()}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"http://127.0.0.1:{port}/lab/workspaces/{workspace}/tree/{calculators_notebook.as_posix()}"
                  f"?token={TOKEN}")
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        wait_for_kernel(page, f"http://127.0.0.1:{port}", calculators_notebook.as_posix())
        page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text="Chạy").click()
        page.locator('li[data-command="runmenu:run-all"]').click()
        page.wait_for_function(f"document.querySelectorAll('.jp-Notebook .widget-hslider').length >= {SLIDERS}",
                               timeout=120_000)
        page.wait_for_timeout(1_000)  # the last outputs settle
        cut = page.evaluate(CUT)

        price = page.locator(".jp-Notebook .widget-hslider", has_text="Giá bán một sản phẩm (₫)").first
        track = price.locator(".slider-container").bounding_box()["width"]
        cost = page.locator(".jp-Notebook .widget-hslider", has_text="Giá vốn một sản phẩm (₫)").first
        shown_at_start = cost.locator(".widget-readout").text_content()
        row = cost.locator("xpath=..")

        def type_into_readout(text: str) -> tuple[str, str]:
            cost.locator(".widget-readout").click()
            page.keyboard.press("Control+A")
            page.keyboard.type(text)
            page.keyboard.press("Enter")
            page.wait_for_function("([el, t]) => !el.textContent.includes(t)", arg=[row.element_handle(), "= 198.000"],
                                   timeout=10_000)
            return cost.locator(".widget-readout").text_content(), row.text_content()

        typed = type_into_readout("250000")
        page.request.delete(f"http://127.0.0.1:{port}/lab/api/workspaces/{workspace}?token={TOKEN}")
        browser.close()
    assert not cut, cut
    assert (2_000_000 - 20_000) / track <= 5_000, track
    assert shown_at_start == "198000"  # the lesson's cost, not rounded to a step
    assert typed[0] == "250000" and "= 250.000 ₫" in typed[1], typed
