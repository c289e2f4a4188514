"""Các hàm kiểm tra bài làm, dùng trong ô "Thử ngay" của bài học và trong ô kiểm tra của bài tập.

Mỗi hàm báo lỗi (AssertionError) kèm một gợi ý tiếng Việt nói điều gì chưa đúng (kiểu giá trị,
độ lớn, cột còn thiếu), không bao giờ nói đáp án. Trong ô chấm điểm, lỗi đó làm câu hỏi chưa
đạt và lời gợi ý hiện ra; trong ô "Thử ngay", ``with thu_ngay():`` in lời gợi ý thay cho lỗi.

Maintainer note: the judge imports these for the tests of every assignment (langnghe.judge).
"""

from __future__ import annotations

import contextlib
import inspect
import math
import numbers

from .fmt import so

_TYPE_NAMES = {
    "bool": "giá trị đúng/sai (bool)",
    "int": "số nguyên (int)",
    "float": "số thực (float)",
    "str": "chuỗi chữ (str)",
    "list": "danh sách (list)",
    "tuple": "bộ giá trị (tuple)",
    "dict": "từ điển (dict)",
    "NoneType": "None — không có giá trị (nếu là kết quả của một hàm: có thể hàm quên `return`)",
    "DataFrame": "bảng (DataFrame)",
    "Series": "cột dữ liệu (Series)",
    "function": "hàm (function)",
    "ellipsis": "dấu ... (bạn chưa thay dấu ... bằng câu trả lời của mình)",
}


def ten_kieu(gia_tri) -> str:
    """Tên kiểu của một giá trị, bằng tiếng Việt, để đưa vào lời gợi ý: ten_kieu(3.5) -> 'số thực (float)'."""
    name = type(gia_tri).__name__
    return _TYPE_NAMES.get(name, name)


def la_so(gia_tri) -> bool:
    """Đúng khi `gia_tri` là một con số thật sự (của Python, numpy hay pandas): không phải True/False,
    không phải NaN (ô trống)."""
    if isinstance(gia_tri, bool) or not isinstance(gia_tri, numbers.Real):
        return False
    return not math.isnan(float(gia_tri))


def kiem_tra_so(gia_tri, ten: str, thap: float | None = None, cao: float | None = None,
                so_nguyen: bool = False) -> None:
    """Kiểm tra `gia_tri` là một con số (số nguyên nếu `so_nguyen=True`) nằm trong khoảng hợp lý
    từ `thap` đến `cao`; `ten` là tên biến, để lời gợi ý gọi đúng tên.

    Khoảng này rộng, chỉ để bắt lỗi to (gõ 1.250 thay vì 1250, nhầm đơn vị), không phải đáp án.
    Ví dụ: kiem_tra_so(doanh_thu, "doanh_thu", thap=1_000_000, cao=1_000_000_000)
    """
    if isinstance(gia_tri, str):
        raise AssertionError(
            f"`{ten}` phải là một con số, nhưng đang là {ten_kieu(gia_tri)}: {gia_tri!r}. "
            "Hãy bỏ dấu ngoặc kép; viết số liền, không có dấu chấm ngăn cách (ví dụ 1250000)."
        )
    if not isinstance(gia_tri, numbers.Real) or isinstance(gia_tri, bool):
        raise AssertionError(f"`{ten}` phải là một con số, nhưng đang là {ten_kieu(gia_tri)}.")
    if math.isnan(float(gia_tri)):
        raise AssertionError(
            f"`{ten}` đang là NaN (không phải số): thường do phép tính trên ô trống "
            "hoặc chia 0 cho 0. Hãy kiểm tra dữ liệu đầu vào của phép tính."
        )
    if so_nguyen and float(gia_tri) != int(gia_tri):
        raise AssertionError(
            f"`{ten}` phải là số nguyên (ví dụ số đơn, số sản phẩm), nhưng đang là {gia_tri}. "
            "Nếu đề bài yêu cầu làm tròn lên, dùng math.ceil()."
        )
    if thap is not None and gia_tri < thap:
        raise AssertionError(f"`{ten}` = {gia_tri} có vẻ quá nhỏ. " + _magnitude_hint(gia_tri, thap, cao))
    if cao is not None and gia_tri > cao:
        raise AssertionError(f"`{ten}` = {gia_tri} có vẻ quá lớn. " + _magnitude_hint(gia_tri, thap, cao))


def _magnitude_hint(value, low, high) -> str:
    """Say how far off the value is, and the usual causes of that size of mistake."""
    reasonable = _range_text(low, high)
    if value < 0 and (low is None or low >= 0):
        return f"Kết quả hợp lý không âm ({reasonable}). Kiểm tra dấu của phép trừ."
    target = low if (low is not None and value < low) else high
    if value == 0 or target in (None, 0):
        return f"Kết quả hợp lý: {reasonable}."
    ratio = abs(target / value) if value < target else abs(value / target)
    # How far off, measured from the middle of the plausible range (on a log scale), not from its
    # edge: 240.0 typed for 240.000 against 50.000–1.000.000 is 1000 times off, not 100.
    middle = math.sqrt(low * high) if low and high and low > 0 and high > 0 else target
    factor = abs(middle / value) if value < middle else abs(value / middle)
    hint = f"Kết quả hợp lý: {reasonable}."
    if ratio >= 8 and value < target:
        hint += (
            f" Giá trị của bạn nhỏ hơn khoảng {_power_of_ten(factor)} lần: trong Python, dấu chấm là "
            "dấu thập phân (1.250 là một phẩy hai lăm), nên hãy viết 1250 chứ không viết 1.250; "
            "hoặc kiểm tra đơn vị (nghìn đồng hay đồng, kg hay g)."
        )
    elif ratio >= 8:
        hint += (
            f" Giá trị của bạn lớn hơn khoảng {_power_of_ten(factor)} lần: kiểm tra đơn vị "
            "(phần trăm hay tỷ lệ: 5% là 0.05; g hay kg; đồng hay nghìn đồng)."
        )
    elif ratio >= 1.5:
        hint += " Kiểm tra lại công thức: có khoản nào bị cộng thừa, trừ thiếu, hoặc nhân nhầm?"
    return hint


def _power_of_ten(ratio: float) -> str:
    return so(10 ** round(math.log10(ratio)))


def _range_text(low, high) -> str:
    def fmt(x):
        return so(x) if float(x).is_integer() else str(x)  # as the trainee types it: 0.05
    if low is not None and high is not None:
        return f"trong khoảng {fmt(low)} đến {fmt(high)}"
    if low is not None:
        return f"từ {fmt(low)} trở lên"
    return f"không quá {fmt(high)}"


def kiem_tra_chuoi(gia_tri, ten: str, mot_trong=None) -> None:
    """Kiểm tra `gia_tri` là một chuỗi chữ, và (nếu có `mot_trong`) là một trong các giá trị đó.

    Ví dụ: kiem_tra_chuoi(san_tot_nhat, "san_tot_nhat", mot_trong=["Shopee", "TikTok Shop", "Lazada"])
    """
    if not isinstance(gia_tri, str):
        raise AssertionError(
            f"`{ten}` phải là một chuỗi chữ đặt trong dấu ngoặc kép (ví dụ \"Bát Tràng\"), "
            f"nhưng đang là {ten_kieu(gia_tri)}."
        )
    if mot_trong is not None and gia_tri not in mot_trong:
        options = ", ".join(repr(x) for x in mot_trong)
        raise AssertionError(
            f"`{ten}` = {gia_tri!r} không nằm trong các giá trị có thể: {options}. "
            "Kiểm tra chính tả, chữ hoa chữ thường và dấu."
        )


def kiem_tra_bang(gia_tri, ten: str, cot=(), so_dong: int | None = None) -> None:
    """Kiểm tra `gia_tri` là một bảng (DataFrame) có đủ các cột `cot` (và đúng `so_dong` dòng, nếu có).

    Ví dụ: kiem_tra_bang(bang_lai, "bang_lai", cot=["san", "lai"], so_dong=3)
    """
    import pandas as pd

    if not isinstance(gia_tri, pd.DataFrame):
        hint = ""
        if isinstance(gia_tri, pd.Series):
            hint = " Nếu bạn cần một bảng, thêm .reset_index() hoặc .to_frame()."
        raise AssertionError(f"`{ten}` phải là một bảng (DataFrame), nhưng đang là {ten_kieu(gia_tri)}.{hint}")
    missing = [c for c in cot if c not in gia_tri.columns]
    if missing:
        raise AssertionError(
            f"Bảng `{ten}` thiếu cột: {', '.join(missing)}. Các cột hiện có: {', '.join(map(str, gia_tri.columns))}."
        )
    if so_dong is not None and len(gia_tri) != so_dong:
        raise AssertionError(f"Bảng `{ten}` cần có {so_dong} dòng, nhưng đang có {len(gia_tri)} dòng.")


def kiem_tra_cot(gia_tri, ten: str, do_dai: int | None = None) -> None:
    """Kiểm tra `gia_tri` là một cột dữ liệu (Series, ví dụ kết quả của .groupby) có `do_dai` giá trị."""
    import pandas as pd

    if not isinstance(gia_tri, pd.Series):
        raise AssertionError(
            f"`{ten}` phải là một cột dữ liệu (Series), ví dụ kết quả của .groupby(...)[\"cot\"].sum(), "
            f"nhưng đang là {ten_kieu(gia_tri)}."
        )
    if do_dai is not None and len(gia_tri) != do_dai:
        raise AssertionError(f"`{ten}` cần có {do_dai} giá trị, nhưng đang có {len(gia_tri)}.")


def kiem_tra_danh_sach(gia_tri, ten: str, do_dai: int | None = None) -> None:
    """Kiểm tra `gia_tri` là một danh sách (list, ví dụ các mã sản phẩm) có `do_dai` phần tử."""
    if not isinstance(gia_tri, list):
        hint = ""
        if hasattr(gia_tri, "tolist"):
            hint = " Thêm .tolist() (hoặc dùng list(...)) để đổi thành danh sách."
        raise AssertionError(f"`{ten}` phải là một danh sách (list), nhưng đang là {ten_kieu(gia_tri)}.{hint}")
    if do_dai is not None and len(gia_tri) != do_dai:
        raise AssertionError(f"`{ten}` cần có {do_dai} phần tử, nhưng đang có {len(gia_tri)}.")


def kiem_tra_ham(gia_tri, ten: str, so_tham_so: int | None = None) -> None:
    """Kiểm tra `gia_tri` là một hàm (viết bằng def) nhận đúng `so_tham_so` tham số (nếu có)."""
    if not callable(gia_tri):
        raise AssertionError(
            f"`{ten}` phải là một hàm (viết bằng def {ten}(...):), nhưng đang là {ten_kieu(gia_tri)}."
        )
    if so_tham_so is not None:
        params = [
            p for p in inspect.signature(gia_tri).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        if len(params) != so_tham_so:
            raise AssertionError(
                f"Hàm `{ten}` cần nhận {so_tham_so} tham số, nhưng đang nhận {len(params)}. "
                "Xem lại dòng def và đề bài."
            )


def xap_xi(gia_tri, dung, sai_so: float = 1e-6, sai_so_tuyet_doi: float = 0.5) -> bool:
    """Đúng khi hai con số gần bằng nhau: lệch không quá `sai_so` (tương đối) hoặc
    `sai_so_tuyet_doi` (mặc định 0,5, tức nửa đồng). xap_xi(1250000.3, 1250000) -> True."""
    if not la_so(gia_tri):
        return False
    return math.isclose(float(gia_tri), float(dung), rel_tol=sai_so, abs_tol=sai_so_tuyet_doi)


@contextlib.contextmanager
def thu_ngay():
    """Dùng trong ô "Thử ngay" (không chấm điểm): nếu chưa đúng thì in lời gợi ý thay cho lỗi đỏ,
    nếu đạt thì in lời khen.

        with thu_ngay():
            kiem_tra_so(doanh_thu, "doanh_thu", thap=1_000_000)
    """
    try:
        yield
    except AssertionError as err:
        print(f"💡 Gợi ý: {err}")
    except NameError as err:
        print(
            f"💡 Gợi ý: {_name_of(err)} chưa có. Hãy viết nó trong ô phía trên rồi bấm Shift+Enter "
            "để chạy ô đó trước, sau đó chạy lại ô này."
        )
    except NotImplementedError:
        print("💡 Gợi ý: bạn chưa làm phần này. Thay dòng raise NotImplementedError() bằng code của bạn.")
    else:
        print("✅ Đúng hướng rồi! Các kiểm tra cơ bản đều đạt.")


def _name_of(err: NameError) -> str:
    name = getattr(err, "name", None)
    return f"Tên `{name}`" if name else "Một tên bạn dùng"
