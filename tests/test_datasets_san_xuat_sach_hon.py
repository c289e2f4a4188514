"""Module 4 datasets: the facts the cleaner-production lessons and bt04 rely on.

(Byte-identical regeneration, frictionless validity and resource coverage are checked for
every file by tests/test_datasets.py.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from langnghe import san_xuat_sach_hon as cp
from langnghe import tham_so

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
MINE = ["me_san_xuat_giay", "quan_trac_nuoc_thai", "phuong_an_sxsh", "nhien_lieu_lo_nung"]
INPUTS = ["phe_lieu_kg", "hoa_chat_kg"]
OUTPUTS = ["san_pham_kg", "tap_chat_kg", "xo_soi_nuoc_thai_kg", "bun_kg"]


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATASETS / f"{name}.csv", encoding="utf-8", keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def me() -> pd.DataFrame:
    d = _read("me_san_xuat_giay")
    d["thang"] = d["ngay"].str[5:7].astype(int)
    return d


@pytest.fixture(scope="module")
def mau() -> pd.DataFrame:
    return _read("quan_trac_nuoc_thai")


@pytest.fixture(scope="module")
def pa() -> pd.DataFrame:
    return _read("phuong_an_sxsh")


@pytest.fixture(scope="module")
def lo() -> pd.DataFrame:
    return _read("nhien_lieu_lo_nung")


def test_module_4_resources_are_described_synthetic_and_calibrated():
    resources = {r["name"]: r for r in json.loads((DATASETS / "datapackage.json").read_text("utf-8"))["resources"]}
    for name in MINE:
        assert resources[name]["synthetic"] is True and resources[name]["calibrated_on"], name
        assert [f["name"] for f in resources[name]["schema"]["fields"]] == list(_read(name).columns), name


# ------------------------------------------------------------------ paper batches
def test_every_batch_loses_some_material_and_closes_between_90_and_100_percent(me):
    closure = me[OUTPUTS].sum(axis=1) / me[INPUTS].sum(axis=1)
    assert closure.between(0.90, 0.995).all(), closure.describe()
    assert 0.95 <= closure.median() <= 0.98


def test_a_few_batches_need_a_second_look(me):
    closure = me[OUTPUTS].sum(axis=1) / me[INPUTS].sum(axis=1)
    assert 3 <= (closure < 0.95).sum() <= 30


def test_per_tonne_consumption_follows_the_phong_khe_benchmark(me):
    benchmark = tham_so("dinh_muc_giay_phong_khe", "2025-01-01")
    tonnes = me["san_pham_kg"].sum() / 1000
    assert me["phe_lieu_kg"].sum() / 1000 / tonnes == pytest.approx(benchmark["giay_phe_lieu_tan"], abs=0.05)
    assert me["than_kg"].sum() / tonnes == pytest.approx(benchmark["than_kg"], rel=0.05)
    water = me["nuoc_cap_m3"] / (me["san_pham_kg"] / 1000)
    assert benchmark["nuoc_m3_thap"] <= water.median() <= benchmark["nuoc_m3_cao"]
    assert water.between(benchmark["nuoc_m3_thap"] - 0.5, benchmark["nuoc_m3_cao"] + 0.5).mean() > 0.95


def test_water_balance_closes_near_95_percent(me):
    closure = (me["nuoc_thai_m3"] + me["nuoc_bay_hoi_m3"]) / me["nuoc_cap_m3"]
    assert closure.between(0.9, 1.0).all() and 0.94 <= closure.mean() <= 0.98


def test_fibre_is_the_heaviest_and_dearest_loss_of_the_year(me):
    prices = tham_so("don_gia_san_xuat_sach", "2025-06-01")
    kg = me[["tap_chat_kg", "xo_soi_nuoc_thai_kg", "bun_kg"]].sum()
    fees = {"tap_chat_kg": "phi_xu_ly_tap_chat_dong_kg", "xo_soi_nuoc_thai_kg": "phi_xu_ly_xo_soi_dong_kg",
            "bun_kg": "phi_xu_ly_bun_dong_kg"}
    cost = pd.Series({c: kg[c] * (prices["giay_phe_lieu_dong_kg"] + prices[fees[c]]) for c in fees})
    assert kg.idxmax() == cost.idxmax() == "xo_soi_nuoc_thai_kg"


def test_the_dirty_lot_of_march_makes_rejects_the_dearest_loss_of_the_first_quarter(me):
    prices = tham_so("don_gia_san_xuat_sach", "2025-03-31")
    share = me.groupby("thang")["tap_chat_kg"].sum() / me.groupby("thang")["phe_lieu_kg"].sum()
    assert share.idxmax() == 3 and share[3] > 1.4 * share.drop(3).max()
    q1 = me[me["thang"] <= 3]
    rejects = q1["tap_chat_kg"].sum() * (prices["giay_phe_lieu_dong_kg"] + prices["phi_xu_ly_tap_chat_dong_kg"])
    fibre = q1["xo_soi_nuoc_thai_kg"].sum() * (prices["giay_phe_lieu_dong_kg"] + prices["phi_xu_ly_xo_soi_dong_kg"])
    assert q1["xo_soi_nuoc_thai_kg"].sum() > q1["tap_chat_kg"].sum() and rejects > fibre


def test_the_boiler_uses_about_a_quarter_of_the_coal_heat(me):
    useful = me["nuoc_bay_hoi_m3"].sum() * 1000 * 2.6
    assert 0.18 <= useful / cp.nhiet_luong_mj("than", me["than_kg"].sum()) <= 0.35


# ------------------------------------------------------------------ wastewater samples
def test_each_village_has_one_sample_a_month_with_one_source_and_column(mau):
    per_village = mau.groupby("lang_nghe")
    assert (per_village["ma_mau"].nunique() == 12).all()
    for column in ["loai_nguon", "luu_luong_song_m3_s", "dung_tich_ho_m3", "cot_qcvn"]:
        assert (per_village[column].nunique(dropna=False) == 1).all(), column
    rivers = mau[mau["loai_nguon"] == "sông"]
    lakes = mau[mau["loai_nguon"] == "hồ"]
    assert rivers["luu_luong_song_m3_s"].notna().all() and rivers["dung_tich_ho_m3"].isna().all()
    assert lakes["dung_tich_ho_m3"].notna().all() and lakes["luu_luong_song_m3_s"].isna().all()


def test_every_parameter_is_in_the_limit_table(mau):
    assert set(mau["thong_so"]) <= set(tham_so("qcvn40_2011_gioi_han", "2025-06-01")["thong_so"])


def test_discharges_sit_on_the_kf_boundaries_the_lesson_discusses(mau):
    discharge = mau.drop_duplicates("ma_mau").set_index("ma_mau")["luu_luong_xa_m3_ngay"]
    khe_hung = discharge[discharge.index.str.startswith("KH")]
    assert 500 in khe_hung.values and (khe_hung > 500).any() and (khe_hung < 500).any()
    dong_ma = discharge[discharge.index.str.startswith("DM")]
    assert 50 in dong_ma.values and (dong_ma > 50).any() and (dong_ma < 50).any()
    van_lua = discharge[discharge.index.str.startswith("VL")]
    assert van_lua.between(50.01, 500).all(), "bt04 question 6 assumes Kf = 1.1 for Vân Lụa all year"


def test_some_but_not_most_samples_break_their_limit(mau):
    def limit(row):
        flow = row["luu_luong_song_m3_s"] if row["loai_nguon"] == "sông" else row["dung_tich_ho_m3"]
        return cp.cmax(row["thong_so"], row["cot_qcvn"], row["luu_luong_xa_m3_ngay"], flow, row["loai_nguon"])

    over = pd.Series([cp.vuot_gioi_han(v, limit(r)) for (_, r), v in zip(mau.iterrows(), mau["ket_qua"])], index=mau.index)
    assert 0.1 <= over.mean() <= 0.35
    by_village = over.groupby(mau["lang_nghe"]).mean()
    assert by_village.idxmax() in {"Khê Hưng", "Vân Lụa"} and by_village.idxmin() == "Gò Sành"
    trade_signature = {("Khê Hưng", "cod"), ("Vân Lụa", "mau"), ("Đông Mạ", "cr6")}
    rate = over.groupby([mau["lang_nghe"], mau["thong_so"]]).mean()
    assert all(rate[key] >= 0.4 for key in trade_signature), rate


# ------------------------------------------------------------------ options
def test_options_cover_all_eight_technique_groups_and_rank_differently_by_payback_and_npv(pa):
    assert pa["nhom_ky_thuat"].nunique() == 8
    rate = tham_so("lai_suat_chiet_khau_sxsh", "2025-06-01")["lai_suat_nam"]
    npv = pd.Series([cp.npv(rate, i, s, n) for i, s, n in zip(pa["von_dau_tu"], pa["tiet_kiem_nam"], pa["tuoi_tho_nam"])],
                    index=pa["ma_pa"])
    payback = pd.Series((pa["von_dau_tu"] / pa["tiet_kiem_nam"]).values, index=pa["ma_pa"])
    assert npv.idxmax() != payback.idxmin()
    assert (npv < 0).sum() == 1 and payback[npv < 0].iloc[0] < pa.set_index("ma_pa")["tuoi_tho_nam"][npv < 0].iloc[0]
    assert all(0 < cp.irr(i, s, n) < 10 for i, s, n in zip(pa["von_dau_tu"], pa["tiet_kiem_nam"], pa["tuoi_tho_nam"]))


# ------------------------------------------------------------------ kiln firings
def test_grades_add_up_to_the_pieces_loaded(lo):
    assert (lo["so_loai_1"] + lo["so_loai_2"] + lo["so_hong"] == lo["so_sp_vao_lo"]).all()
    assert (lo["so_hong"] >= 0).all()


def test_first_grade_yields_follow_kim_lan(lo):
    kim_lan = tham_so("gom_kim_lan_lo_nung", "2025-01-01")
    yield_1 = lo.groupby("lo")["so_loai_1"].sum() / lo.groupby("lo")["so_sp_vao_lo"].sum()
    assert kim_lan["loai_1_lo_than_thap"] <= yield_1["Lò than"] <= kim_lan["loai_1_lo_than_cao"]
    assert yield_1["Lò gas"] == pytest.approx(kim_lan["loai_1_lo_gas"], abs=0.02)


def test_gas_costs_more_fuel_money_but_emits_far_less_co2_per_good_piece(lo):
    prices = tham_so("don_gia_san_xuat_sach", "2025-06-01")
    totals = lo.groupby("lo")[["nhien_lieu_kg", "so_loai_1", "khoi_luong_moc_kg"]].sum()
    coal, gas = totals.loc["Lò than"], totals.loc["Lò gas"]
    assert gas["nhien_lieu_kg"] / gas["so_loai_1"] * prices["lpg_dong_kg"] > \
        coal["nhien_lieu_kg"] / coal["so_loai_1"] * prices["than_dong_kg"]
    co2_coal = cp.tan_co2_khi_dot("than", coal["nhien_lieu_kg"]) / coal["so_loai_1"]
    co2_gas = cp.tan_co2_khi_dot("lpg", gas["nhien_lieu_kg"]) / gas["so_loai_1"]
    assert co2_gas < 0.4 * co2_coal
    # Specific energy: roughly 20–30 MJ/kg ware in the coal kiln, 8–15 MJ/kg in the gas kiln.
    assert 20 <= cp.nhiet_luong_mj("than", coal["nhien_lieu_kg"]) / coal["khoi_luong_moc_kg"] <= 30
    assert 8 <= cp.nhiet_luong_mj("lpg", gas["nhien_lieu_kg"]) / gas["khoi_luong_moc_kg"] <= 15


def test_no_firing_during_tet(lo):
    assert not lo["ngay"].between("2025-01-20", "2025-02-09").any()
