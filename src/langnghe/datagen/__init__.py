"""Generator of the course's synthetic datasets, one submodule per course module.

    python -m langnghe.datagen [OUT_DIR]      # default: the repository's datasets/ folder

Everything is drawn from numpy generators with fixed seeds and written with fixed
formatting, so the CSV files are identical byte for byte on every run. The numbers
are synthetic, calibrated on public figures; datasets/README.md and
datasets/datapackage.json describe what each file means and what it is calibrated on.
"""

from __future__ import annotations

from pathlib import Path

from . import ban_hang_truc_tuyen
from . import quan_ly
from . import thiet_ke_san_pham
from . import san_xuat_sach_hon
from . import lien_ket
from . import bao_bi_dong_goi

THU_MUC_MAC_DINH = Path(__file__).resolve().parents[3] / "datasets"

# Each entry writes its module's CSV files with its own fixed seeds: adding a module's
# datasets never changes another module's files.
MO_DUN = [ban_hang_truc_tuyen, quan_ly, thiet_ke_san_pham, san_xuat_sach_hon, lien_ket, bao_bi_dong_goi]


def generate(out_dir: Path) -> list[Path]:
    """Write every dataset of the course into out_dir; return their paths."""
    paths = []
    for module in MO_DUN:
        paths += module.generate(Path(out_dir))
    return paths


__all__ = ["THU_MUC_MAC_DINH", "MO_DUN", "generate"]
