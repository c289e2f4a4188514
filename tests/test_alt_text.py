"""Every image in a lesson has a text alternative (COURSE.md: "Every image has alt text").

Charts: the markdown cell right after the cell that draws them holds one `*Hình: ...*` paragraph per image
(`langnghe site` turns it into the image's alt attribute). Markdown images: `![text](file)` with text.
"""

from __future__ import annotations

import re

import nbformat
import pytest

import sitetools
from coursetools import lesson_notebooks, rel
from langnghe import site

pytestmark = pytest.mark.xdist_group(sitetools.GROUP)

MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")
HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.I)
HTML_ALT = re.compile(r"""\balt\s*=\s*(["'])(.*?)\1""", re.I | re.S)
# Code that draws with matplotlib in the cell itself; calculators and helpers that draw are caught by running.
DRAWS = re.compile(r"\bplt\.(show|subplots|figure)\(")
# Shorter than this, a description cannot say what the chart shows.
SHORTEST = 40


def read(path):
    return nbformat.read(path, as_version=4)


@pytest.mark.parametrize("path", lesson_notebooks(), ids=rel)
def test_markdown_images_have_alt_text(path):
    missing = []
    for cell in read(path).cells:
        if cell.cell_type != "markdown":
            continue
        for alt, src in MARKDOWN_IMAGE.findall(cell.source):
            if not alt.strip():
                missing.append(f"{cell.id}: ![]({src})")
        for tag in HTML_IMAGE.findall(cell.source):
            alt = HTML_ALT.search(tag)
            if not alt or not alt.group(2).strip():
                missing.append(f"{cell.id}: {tag}")
    assert not missing, "Ảnh trong ô chữ thiếu văn bản thay thế:\n" + "\n".join(missing)


@pytest.mark.parametrize("path", lesson_notebooks(), ids=rel)
def test_cells_that_draw_are_followed_by_a_description(path):
    nb = read(path)
    missing = [cell.id for index, cell in enumerate(nb.cells)
               if cell.cell_type == "code" and DRAWS.search(cell.source) and not site.figure_descriptions(nb, index)]
    assert not missing, f"Ô vẽ biểu đồ mà ô chữ ngay sau không có câu *Hình: ...*: {missing}"


@pytest.mark.parametrize("path", lesson_notebooks(), ids=rel)
def test_descriptions_sit_right_after_a_code_cell_and_say_something(path):
    nb = read(path)
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or not re.search(r"^\*Hình\b", cell.source, re.M):
            continue
        if index == 0 or nb.cells[index - 1].cell_type != "code":
            problems.append(f"{cell.id}: câu *Hình* không đứng ngay sau ô lệnh vẽ hình (nên không gắn được vào hình)")
            continue
        for text in site.figure_descriptions(nb, index - 1):
            if len(text) < SHORTEST:
                problems.append(f"{cell.id}: mô tả quá ngắn ({text!r})")
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def executed():
    return sitetools.executed()


def test_every_image_a_lesson_shows_has_its_description(executed):
    items, notebooks = executed
    problems = []
    for lesson, nb in zip(items, notebooks):
        site.freeze_widgets(nb)  # a calculator's chart is an image too
        problems += site.apply_alt_text(nb, rel(lesson.path))
    assert not problems, "\n".join(problems)


def test_alt_text_is_the_description_written_after_the_chart(executed):
    """Each image output gets its own description, in order, as alt metadata (what the page template reads)."""
    items, notebooks = executed
    lesson_index = next(i for i, l in enumerate(items) if l.name.startswith("02.3"))  # four charts, one per cell
    nb = notebooks[lesson_index]
    site.freeze_widgets(nb)
    assert site.apply_alt_text(nb, "02.3") == []
    seen = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            for output, text in zip(site.image_outputs(cell), site.figure_descriptions(nb, index)):
                assert output.metadata["image/png"]["alt"] == text
                assert "*" not in text and text[0].isupper()
                seen += 1
    assert seen >= 4
