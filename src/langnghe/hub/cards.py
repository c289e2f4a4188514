"""`langnghe hub the`: login cards to print and hand out, and the same list as CSV.

An A4 PDF, eight cards a page (cut along the grey lines): the person's full name, username
and one-time code, the hub's address with a QR code of it, and one line on what to do the
first time. Drawn with matplotlib in the course's fonts (DejaVu Sans has every Vietnamese
letter; the code in Noto Mono when installed); the QR code comes from segno. Only people
whose code is still unused get a card: the others already chose their password.
"""

from __future__ import annotations

import csv
import textwrap
from pathlib import Path

from .auth import LoginCodes, show_code
from .workshop import Workshop

A4 = (210, 297)  # mm
COLUMNS, ROWS = 2, 4
MARGIN = 10  # mm around the page
CARD_W, CARD_H = (A4[0] - 2 * MARGIN) / COLUMNS, (A4[1] - 2 * MARGIN) / ROWS
FIRST_TIME = "Lần đầu: mở địa chỉ trên (hoặc quét mã QR), gõ tên đăng nhập và mã một lần, rồi tự chọn mật khẩu mới."


def _code_font():
    from matplotlib import font_manager

    try:
        return font_manager.FontProperties(fname=font_manager.findfont("Noto Mono", fallback_to_default=False))
    except ValueError:
        return font_manager.FontProperties(family="DejaVu Sans Mono")


def _draw_card(fig, column: int, row: int, person, code: str, url: str, qr) -> None:
    import numpy as np

    x0 = (MARGIN + column * CARD_W) / A4[0]
    y0 = 1 - (MARGIN + (row + 1) * CARD_H) / A4[1]
    w, h = CARD_W / A4[0], CARD_H / A4[1]
    frame = fig.add_axes([x0, y0, w, h])
    frame.set_xlim(0, CARD_W)
    frame.set_ylim(0, CARD_H)
    frame.set_xticks([])
    frame.set_yticks([])
    for side in frame.spines.values():
        side.set_edgecolor("#bbbbbb")
        side.set_linestyle((0, (2, 2)))
    text = dict(transform=frame.transData, va="top", ha="left")
    grey = "#555555"
    frame.text(4, CARD_H - 4, "Khóa học làng nghề · thẻ đăng nhập", fontsize=7.5, color=grey, **text)
    role = " (giảng viên)" if person.is_instructor else ""
    frame.text(4, CARD_H - 9, person.full_name + role, fontsize=11.5, fontweight="bold", **text)
    frame.text(4, CARD_H - 18, "Tên đăng nhập", fontsize=7.5, color=grey, **text)
    frame.text(4, CARD_H - 22, person.username, fontsize=13, fontproperties=_code_font(), **text)
    frame.text(4, CARD_H - 30, "Mã một lần", fontsize=7.5, color=grey, **text)
    frame.text(4, CARD_H - 34, show_code(code), fontsize=15, fontproperties=_code_font(), fontweight="bold",
               **text)
    frame.text(4, CARD_H - 43, url, fontsize=8, fontproperties=_code_font(), **text)
    frame.text(4, CARD_H - 49, "\n".join(textwrap.wrap(FIRST_TIME, 62)), fontsize=7, linespacing=1.3, **text)
    frame.text(4, 3, "Từ lần sau: tên đăng nhập và mật khẩu của bạn. Giữ thẻ cho riêng mình.",
               fontsize=6.5, color=grey, transform=frame.transData, va="bottom", ha="left")
    size = 25  # mm
    qr_axes = fig.add_axes([x0 + (CARD_W - size - 4) / A4[0], y0 + (CARD_H - size - 16) / A4[1],
                            size / A4[0], size / A4[1]])
    qr_axes.imshow(1 - np.array(qr.matrix, dtype=float), cmap="gray", interpolation="nearest", vmin=0, vmax=1)
    qr_axes.set_axis_off()


def write_cards(ws: Workshop, out_dir: Path | None = None) -> tuple[Path, Path, int]:
    """(PDF, CSV, number of cards) for everyone whose one-time code is still unused."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import segno
    from matplotlib.backends.backend_pdf import PdfPages

    from .. import bieu_do  # noqa: F401 - the course's fonts

    out_dir = Path(out_dir) if out_dir else ws.root
    out_dir.mkdir(parents=True, exist_ok=True)
    codes = LoginCodes(ws.codes_file).pending()
    people = [p for p in ws.people() if p.may_log_in and p.username in codes]
    pdf_path, csv_path = out_dir / "the-dang-nhap.pdf", out_dir / "the-dang-nhap.csv"
    qr = segno.make(ws.url, error="m")
    per_page = COLUMNS * ROWS
    with PdfPages(pdf_path, metadata={"Title": "Thẻ đăng nhập khóa học làng nghề"}) as pdf:
        for start in range(0, max(len(people), 1), per_page):
            fig = plt.figure(figsize=(A4[0] / 25.4, A4[1] / 25.4))
            for i, person in enumerate(people[start:start + per_page]):
                _draw_card(fig, i % COLUMNS, i // COLUMNS, person, codes[person.username], ws.url, qr)
            if not people:
                fig.text(0.5, 0.5, "Mọi người đã đăng nhập lần đầu: không còn thẻ nào để in.", ha="center")
            pdf.savefig(fig)
            plt.close(fig)
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as f:  # with a BOM, for Excel
        writer = csv.writer(f)
        writer.writerow(["ho_ten", "vai_tro", "ten_dang_nhap", "ma_mot_lan", "dia_chi"])
        for person in people:
            writer.writerow([person.full_name, "giảng viên" if person.is_instructor else "học viên",
                             person.username, show_code(codes[person.username]), ws.url])
    for path in (pdf_path, csv_path):
        path.chmod(0o600)  # the codes open accounts: for the instructor's eyes only
    return pdf_path, csv_path, len(people)
