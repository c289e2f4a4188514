"""Screenshots for the guides in docs/, taken by the browser tests, never by hand.

A browser test calls ``chup_anh(page, "ten-anh")`` (the fixture below): the PNG always goes
to the test's own output folder, and also to the folder named by LANGNGHE_ANH_TAI_LIEU when
that variable is set (`make docs-screenshots` sets it to docs/hinh). So the pictures in the
guides are whatever the tests really saw, and they are refreshed by running the tests.

    from screenshots import chup_anh  # noqa: F401  (pytest fixture)

    def test_something(chup_anh):
        ...
        chup_anh(page, "bat-dau")
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

ENV_VAR = "LANGNGHE_ANH_TAI_LIEU"
ROOT = Path(__file__).resolve().parents[1]
NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Screenshots of a light UI have few colours: a 256-colour palette keeps text sharp and the
# committed PNGs around a tenth of Chromium's size.
COLOURS = 256


def _small_png(raw: bytes) -> bytes:
    from PIL import Image

    image = Image.open(io.BytesIO(raw)).convert("RGB")
    out = io.BytesIO()
    image.quantize(COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(out, "PNG", optimize=True)
    return out.getvalue()


def chup(page, ten: str, thu_muc: Path, **screenshot_options) -> Path:
    """Save a PNG of the page (or of ``element=`` a locator) as thu_muc/ten.png, and in the docs folder if asked."""
    if not NAME.match(ten):
        raise ValueError(f"tên ảnh {ten!r}: chỉ dùng chữ thường không dấu, số và dấu gạch ngang")
    element = screenshot_options.pop("element", None)
    raw = (element or page).screenshot(**screenshot_options)
    data = _small_png(raw)
    path = Path(thu_muc) / f"{ten}.png"
    path.write_bytes(data)
    docs = os.environ.get(ENV_VAR)
    if docs:
        folder = ROOT / docs  # a relative folder is taken from the repository root
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{ten}.png").write_bytes(data)
    return path


@pytest.fixture
def chup_anh(tmp_path):
    """chup_anh(page, name): a screenshot kept in tmp_path (and in $LANGNGHE_ANH_TAI_LIEU when set)."""

    def take(page, ten: str, **screenshot_options) -> Path:
        return chup(page, ten, tmp_path, **screenshot_options)

    return take
