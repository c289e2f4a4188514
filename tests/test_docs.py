"""The guides in docs/: links resolve, every lesson has instructor notes, pictures come from tests, commands exist."""

from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path

import nbformat
import pytest

from coursetools import ROOT
from langnghe.cli import parser
from langnghe.course import modules
from langnghe.nbmeta import first_heading

DOCS = ROOT / "docs"
PICTURES = DOCS / "hinh"
NOTES = DOCS / "ghi-chu-giang-day"
GUIDES = sorted(DOCS.rglob("*.md"))
# Hub screenshots the guides show, taken by the lead's hub browser test with the same chup_anh helper.
HUB_SCREENSHOT_TEST = ROOT / "tests" / "test_hub_browser.py"
HUB_SCREENSHOTS = ["hub-dang-nhap", "hub-danh-sach-bai-tap", "hub-formgrader"]

FENCE = re.compile(r"^```.*?^```", re.S | re.M)
LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.M)
COMMAND = re.compile(r"(?<![\w.-])langnghe ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?")


def prose(path: Path) -> str:
    """The Markdown without fenced code blocks (links in code are not links)."""
    return FENCE.sub("", path.read_text(encoding="utf-8"))


def links(path: Path) -> list[tuple[bool, str, str]]:
    """(is_image, text, target) of every Markdown link and image in a guide."""
    return [(bang == "!", text, target) for bang, text, target in LINK.findall(prose(path))]


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = unicodedata.normalize("NFC", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    return {slug(h) for h in HEADING.findall(prose(path))}


def is_external(target: str) -> bool:
    return re.match(r"^[a-z]+:", target) is not None


def hub_picture(target: str) -> bool:
    return Path(target).stem in HUB_SCREENSHOTS


def test_the_docs_exist_and_are_indexed():
    index = prose(DOCS / "README.md")
    for name in ["hoc-vien.md", "giang-vien.md", "doi-tuong.md", "ghi-chu-giang-day/README.md"]:
        assert (DOCS / name).is_file(), name
        assert f"]({name})" in index, f"docs/README.md không dẫn tới {name}"


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_relative_link_and_image_resolves(guide):
    broken = []
    for is_image, _, target in links(guide):
        if is_external(target) or hub_picture(target):  # hub pictures: see the hub screenshot test
            continue
        path_part, _, anchor = target.partition("#")
        dest = (guide.parent / path_part).resolve() if path_part else guide
        if not dest.exists():
            broken.append(target)
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(f"{target} (không có mục #{anchor})")
    assert not broken, f"{guide.name}: liên kết hỏng: {broken}"


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_image_has_alt_text_and_a_caption(guide):
    text = prose(guide)
    for is_image, alt, target in links(guide):
        if is_image:
            assert len(alt.split()) >= 4, f"{guide.name}: ảnh {target} thiếu mô tả thay thế (alt)"
            after = text.split(f"]({target})", 1)[1].lstrip()
            assert after.startswith("*Hình:"), f"{guide.name}: ảnh {target} thiếu dòng *Hình: ...* ngay sau"


def lessons() -> list[tuple[Path, Path]]:
    """(module folder, lesson notebook) for every lesson of the course."""
    return [(module, nb) for module in modules(ROOT) for nb in sorted(module.glob("*.ipynb"))]


@pytest.mark.parametrize("module, lesson", lessons(), ids=lambda x: x.stem if x.suffix else x.name)
def test_every_lesson_has_a_section_in_the_instructor_notes_with_its_timing(module, lesson):
    notes = NOTES / f"mo-dun-{int(module.name[:2])}.md"
    assert notes.is_file(), f"thiếu ghi chú giảng dạy {notes.relative_to(ROOT)}"
    nb = nbformat.read(lesson, as_version=4)
    title = first_heading(nb)
    timing = re.search(r"^\*\*Thời gian:\*\*.*$", nb.cells[0].source, re.M).group(0)
    sections = re.split(r"^## ", notes.read_text(encoding="utf-8"), flags=re.M)
    section = next((s for s in sections if s.splitlines()[0].strip() == title), None)
    assert section is not None, f"{notes.name} thiếu mục “## {title}” cho {lesson.name}"
    assert timing in section, f"{notes.name}, mục {title}: thời gian phải đúng như trong bài: {timing}"
    for part in ["**Ý chính.**", "**Học viên hay vấp:**", "**Hỏi cả lớp:**"]:
        assert part in section, f"{notes.name}, mục {title}: thiếu {part}"


def test_instructor_notes_have_no_section_for_a_lesson_that_does_not_exist():
    titles = {first_heading(nbformat.read(nb, as_version=4)) for _, nb in lessons()}
    for notes in sorted(NOTES.glob("mo-dun-*.md")):
        for heading in re.findall(r"^## (.+)$", notes.read_text(encoding="utf-8"), re.M):
            assert heading.strip() in titles, f"{notes.name}: mục “{heading}” không ứng với bài học nào"


def test_timing_totals_in_the_notes_index_match_the_lessons():
    index = (NOTES / "README.md").read_text(encoding="utf-8")
    for module in modules(ROOT):
        teach = practice = 0
        for nb in sorted(module.glob("*.ipynb")):
            m = re.search(r"(\d+) phút giảng · (\d+) phút thực hành", nb.read_text(encoding="utf-8"))
            teach, practice = teach + int(m.group(1)), practice + int(m.group(2))
        row = next(line for line in index.splitlines() if f"(mo-dun-{int(module.name[:2])}.md)" in line)
        assert f"| {teach} phút | {practice} phút |" in row, f"{module.name}: tổng {teach}/{practice} phút, bảng ghi: {row}"


def screenshot_sources() -> str:
    """Every test file but this one (which names the hub pictures without taking them)."""
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests").glob("*.py"))
                     if p.name != Path(__file__).name)


def test_every_picture_is_used_by_a_guide_and_taken_by_a_test():
    used = {Path(target).name for guide in GUIDES for is_image, _, target in links(guide) if is_image}
    tests = screenshot_sources()
    pictures = sorted(PICTURES.glob("*.png"))
    assert pictures, "docs/hinh/ chưa có ảnh: chạy make docs-screenshots"
    for png in pictures:
        assert png.name in used, f"ảnh {png.name} không được tài liệu nào dùng"
        assert f'"{png.stem}"' in tests, f"ảnh {png.name} không do phép thử nào chụp (chup_anh(page, \"{png.stem}\"))"
        assert png.stat().st_size < 200_000, f"ảnh {png.name} quá lớn ({png.stat().st_size} byte)"


def test_only_pictures_from_docs_hinh_are_shown():
    for guide in GUIDES:
        for is_image, _, target in links(guide):
            if is_image:
                assert (guide.parent / target).resolve().parent == PICTURES, f"{guide.name}: ảnh {target} không ở docs/hinh/"


@pytest.mark.parametrize("name", HUB_SCREENSHOTS)
def test_hub_screenshots_are_shown_and_taken_by_the_hub_browser_test(name):
    used = {Path(target).stem for guide in GUIDES for is_image, _, target in links(guide) if is_image}
    assert name in used, f"tài liệu chưa dùng ảnh {name}.png"
    if not HUB_SCREENSHOT_TEST.is_file():
        pytest.skip(f"{HUB_SCREENSHOT_TEST.name} chưa có: ảnh {name}.png sẽ do phép thử đó chụp")
    assert f'"{name}"' in HUB_SCREENSHOT_TEST.read_text(encoding="utf-8"), \
        f"{HUB_SCREENSHOT_TEST.name} chưa chụp {name} (chup_anh(page, \"{name}\"))"
    assert (PICTURES / f"{name}.png").is_file(), f"chưa có docs/hinh/{name}.png: chạy make docs-screenshots"


def verbs(p: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The sub-commands of a parser, as `langnghe --help` lists them."""
    action = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_the_guides_mention_exists():
    top = verbs(parser())
    hub = verbs(top["hub"])
    for guide in GUIDES:
        for verb, sub in COMMAND.findall(guide.read_text(encoding="utf-8")):
            assert verb in top, f"{guide.name}: không có lệnh `langnghe {verb}`"
            if verb == "hub" and sub:
                assert sub in hub, f"{guide.name}: không có lệnh `langnghe hub {sub}`"


def test_the_guides_cover_the_commands_of_their_readers():
    learner = (DOCS / "hoc-vien.md").read_text(encoding="utf-8")
    assert "langnghe check" in learner
    instructor = (DOCS / "giang-vien.md").read_text(encoding="utf-8")
    for sub in verbs(verbs(parser())["hub"]):
        assert f"langnghe hub {sub}" in instructor, f"giang-vien.md chưa nói tới `langnghe hub {sub}`"
    for verb in ["check", "grade", "feedback", "report", "release", "bundle", "site", "tham-so"]:
        assert f"langnghe {verb}" in instructor, f"giang-vien.md chưa nói tới `langnghe {verb}`"


# Messages the learner guide quotes, as the course prints them (each a piece of one string literal in src/).
QUOTED_MESSAGES = [
    "dấu ... (bạn chưa thay dấu ... bằng câu trả lời của mình)",
    "trong Python, dấu chấm là ",
    "(phần trăm hay tỷ lệ: 5% là 0.05; g hay kg; đồng hay nghìn đồng)",
    "Nếu đề bài yêu cầu làm tròn lên, dùng math.ceil().",
    "Hãy viết nó trong ô phía trên rồi bấm Shift+Enter ",
    "Không tìm thấy thư mục dữ liệu `datasets/` của khóa học.",
    "bạn chưa làm phần này. Thay dòng raise NotImplementedError() bằng code của bạn.",
    "Đạt phần kiểm tra cơ bản nhưng chưa đạt phần kiểm tra ẩn",
    "Ô kiểm tra của câu này đã bị xóa khỏi notebook.",
    "không có trong danh sách lớp. ",
    "Sai mật khẩu. Gõ lại; nếu quên mật khẩu, nhờ giảng viên cấp mã mới.",
    "Mã này chưa đúng: xem lại thẻ, hoặc nhờ giảng viên cấp mã mới.",
    "Đúng mã. Bây giờ hãy tự chọn một mật khẩu mới, ít nhất ",
    "Đăng nhập sai quá nhiều lần với tên này, hoặc từ máy này. ",
    "Tổng điểm tự động: ",
    "Đây là kết quả tự kiểm tra; điểm chính thức do giảng viên chấm sau khi bạn nộp bài.",
]


@pytest.mark.parametrize("message", QUOTED_MESSAGES)
def test_messages_quoted_in_the_learner_guide_are_the_ones_the_course_prints(message):
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "langnghe").rglob("*.py"))
    assert message in source, f"khóa học không còn in “{message}”: sửa hướng dẫn học viên cho khớp"
    assert message.strip() in (DOCS / "hoc-vien.md").read_text(encoding="utf-8")
