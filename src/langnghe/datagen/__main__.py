"""python -m langnghe.datagen [OUT_DIR]: write the course's CSV datasets."""

from __future__ import annotations

import sys
from pathlib import Path

from . import THU_MUC_MAC_DINH, generate


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        print("Cách dùng: python -m langnghe.datagen [THƯ_MỤC_ĐÍCH]  (mặc định: datasets/ của kho mã)")
        return 0 if args and args[0] in ("-h", "--help") else 2
    out_dir = Path(args[0]) if args else THU_MUC_MAC_DINH
    for p in generate(out_dir):
        print(f"Đã ghi {p} ({p.stat().st_size:,} byte)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
