"""The committed datasets of every module: reproducible byte for byte, described and valid.

Regenerating must give the committed CSV files byte for byte, and datapackage.json must
validate with frictionless; each module's own numbers are tested in test_datasets_<slug>.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import frictionless
import pytest

from langnghe.datagen import generate

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"
DESCRIPTOR = DATASETS / "datapackage.json"
MAX_BYTES = 2 * 1024 * 1024


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("datasets")
    generate(out)
    return out


@pytest.fixture(scope="module")
def descriptor() -> dict:
    return json.loads(DESCRIPTOR.read_text(encoding="utf-8"))


# ------------------------------------------------------------------ reproducibility
def test_regenerating_gives_the_committed_csv_files_byte_for_byte(regenerated):
    committed = sorted(p.name for p in DATASETS.glob("*.csv"))
    different = [name for name in committed
                 if not (regenerated / name).is_file()
                 or (regenerated / name).read_bytes() != (DATASETS / name).read_bytes()]
    assert not different, (
        f"The committed datasets differ from a fresh run of the generator: {different}. "
        "Run `python -m langnghe.datagen` and commit the result."
    )


def test_generator_writes_exactly_the_files_the_datapackage_describes(regenerated, descriptor):
    generated = {p.name for p in regenerated.glob("*.csv")}
    committed = {p.name for p in DATASETS.glob("*.csv")}
    described = {r["path"] for r in descriptor["resources"]}
    assert generated == committed == described, (
        f"generated {sorted(generated)}, committed {sorted(committed)}, described {sorted(described)}"
    )


def test_every_dataset_file_is_under_two_megabytes():
    too_big = {p.name: p.stat().st_size for p in DATASETS.glob("*.csv") if p.stat().st_size >= MAX_BYTES}
    assert not too_big, f"files of 2 MB or more: {too_big}"


# ------------------------------------------------------------------ metadata
def test_datapackage_validates_with_frictionless():
    report = frictionless.validate(str(DESCRIPTOR))
    errors = report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.valid, "datapackage.json does not validate:\n" + "\n".join(map(str, errors[:30]))


def test_every_resource_is_flagged_synthetic_and_says_what_it_is_calibrated_on(descriptor):
    missing = [r["name"] for r in descriptor["resources"]
               if r.get("synthetic") is not True or not str(r.get("calibrated_on", "")).strip()]
    assert not missing, f"resources without synthetic: true or calibrated_on: {missing}"


def test_every_field_has_a_vietnamese_title_and_description_and_money_is_in_vnd(descriptor):
    problems = []
    for r in descriptor["resources"]:
        for f in r["schema"]["fields"]:
            if not f.get("title") or not f.get("description"):
                problems.append(f"{r['name']}.{f['name']}: title/description")
            money = f["name"].startswith(("gia", "don_gia", "voucher", "phi_", "chi_phi", "doanh_thu"))
            if money and f.get("unit") != "VND":
                problems.append(f"{r['name']}.{f['name']}: unit should be VND")
    assert not problems, problems


