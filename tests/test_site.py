"""`langnghe site`: every lesson executed into an HTML page with its charts, a generated contents page and
navigation, every link resolving inside the site, nothing loaded from the internet, readable on a phone."""

from __future__ import annotations

import os
import subprocess
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

import sitetools
from coursetools import BIN, ROOT
from langnghe import site
from langnghe.course import module_text

pytestmark = pytest.mark.xdist_group(sitetools.GROUP)

PLACEHOLDER = "No description has been provided for this image"
# Attributes through which a page loads something (an <a href> is only followed when the reader clicks).
LOADS = {"img": "src", "script": "src", "link": "href", "iframe": "src", "source": "src", "video": "src",
         "audio": "src", "embed": "src", "object": "data"}
PHONE = {"width": 360, "height": 740}


class Page(HTMLParser):
    """The tags of a page (name, attributes, text inside), and every id or name an anchor can point to."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict, list[str]]] = []
        self.anchors: set[str] = set()
        self._open: list[list[str]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        text: list[str] = []
        self.tags.append((tag, attrs, text))
        self.anchors.update(v for k, v in attrs.items() if k in ("id", "name") and v)
        if tag == "a":
            self._open.append(text)

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            self._open.pop()

    def handle_data(self, data):
        for text in self._open:
            text.append(data)

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a, _ in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def links(self) -> list[tuple[str, str]]:
        """(href, text) of every <a href>."""
        return [(a["href"], " ".join("".join(text).split())) for t, a, text in self.tags if t == "a" and "href" in a]


@pytest.fixture(scope="module")
def built() -> site.Built:
    return sitetools.built()


@pytest.fixture(scope="module")
def pages(built) -> dict[Path, Page]:
    return {p: Page(p.read_text(encoding="utf-8")) for p in sorted(built.output.rglob("*.html"))}


def image_count(nb) -> int:
    """Images a lesson showed when it ran: in cell outputs, and in the output areas of its calculators."""
    count = sum(len(site.image_outputs(c)) for c in nb.cells if c.cell_type == "code")
    models = nb.metadata.get("widgets", {}).get(site.WIDGET_STATE, {}).get("state", {})
    for model in models.values():
        if model.get("model_name") == "OutputModel":
            count += sum(1 for o in model["state"].get("outputs", [])
                         if any(t in o.get("data", {}) for t in site.IMAGE_TYPES))
    return count


def test_every_lesson_has_a_page(built):
    lessons = sorted((ROOT / "lessons").glob("*/*.ipynb"))
    assert [l.path for l in built.lessons] == lessons
    for lesson in built.lessons:
        assert (built.output / lesson.href).is_file(), lesson.href


def test_every_page_shows_the_charts_its_lesson_drew(built, pages):
    items, executed = sitetools.executed()
    for lesson, nb in zip(items, executed):
        images = pages[built.output / lesson.href].find("img")
        expected = image_count(nb)
        assert expected >= 1, f"{lesson.name}: bài học nào cũng có ít nhất một biểu đồ"
        assert len(images) == expected, lesson.name
        assert all(a["src"].startswith("data:image/") for a in images), lesson.name  # inside the page: offline


def test_every_image_has_real_alt_text(built, pages):
    checked = 0
    for path, page in pages.items():
        for attrs in page.find("img"):
            alt = (attrs.get("alt") or "").strip()
            assert alt and alt != PLACEHOLDER, f"{path.name}: ảnh không có văn bản thay thế"
            assert len(alt) >= 40, f"{path.name}: {alt!r}"
            checked += 1
    assert checked >= len(built.lessons)


def test_calculators_are_frozen_at_their_first_values(built, pages):
    items, executed = sitetools.executed()
    with_calculators = 0
    for lesson, nb in zip(items, executed):
        views = sum(1 for c in nb.cells if c.cell_type == "code" for o in c.outputs
                    if site.WIDGET_VIEW in o.get("data", {}))
        assert len(pages[built.output / lesson.href].find("div", **{"class": "ln-widget"})) == views, lesson.name
        text = (built.output / lesson.href).read_text(encoding="utf-8")
        assert site.WIDGET_VIEW not in text and "widget-state+json" not in text, lesson.name
        with_calculators += views > 0
    assert with_calculators >= 7  # at least one calculator per module
    # The break-even calculator (lesson 5.2) shows the price it was opened with, formatted the Vietnamese way.
    page = next(built.output / l.href for l in items if l.name.startswith("05.2"))
    text = page.read_text(encoding="utf-8")
    assert '<th scope="row">Giá bán một sản phẩm (₫)</th><td>430.000</td>' in text
    # The help for dragging and typing and the value repeated beside the slider only make sense while running.
    assert "bấm vào con số" not in text and "= 430.000 ₫" not in text


def test_every_link_and_source_resolves_inside_the_site(built, pages):
    broken = []
    for path, page in pages.items():
        for tag, attrs, _ in page.tags:
            for name in ("href", "src", "data"):
                url = attrs.get(name)
                if url is None or url.startswith("data:"):
                    continue
                parts = urlsplit(url)
                if parts.scheme in ("http", "https", "mailto") and tag == "a":
                    continue  # a citation the reader may follow when online
                if parts.scheme or parts.netloc:
                    broken.append(f"{path.name}: <{tag} {name}={url}>")
                    continue
                target = Path(os.path.normpath(path.parent / unquote(parts.path))) if parts.path else path
                if not target.is_file() or built.output not in target.parents:
                    broken.append(f"{path.name}: {url} (không có tệp)")
                elif parts.fragment and target.suffix == ".html":
                    # Browsers look for the id as written, then percent-decoded (nbconvert writes it encoded).
                    if not {parts.fragment, unquote(parts.fragment)} & pages[target].anchors:
                        broken.append(f"{path.name}: {url} (không có chỗ #{unquote(parts.fragment)})")
    assert not broken, "\n".join(broken)


def test_no_page_loads_anything_from_the_internet(built, pages):
    external = []
    for path, page in pages.items():
        for tag, attrs, _ in page.tags:
            url = attrs.get(LOADS.get(tag, ""), "")
            if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
                external.append(f"{path.name}: <{tag}> {url}")
        text = path.read_text(encoding="utf-8")
        assert "mathjax" not in text.lower() and "require.js" not in text, path.name
    for css in (built.output / site.STATIC).glob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@import" not in text and "url(http" not in text and "url(//" not in text, css.name
    assert not external, "\n".join(external)


def test_contents_page_lists_every_module_and_lesson_in_order(built, pages):
    index = pages[built.output / "index.html"]
    lesson_links = [(href, text) for href, text in index.links() if href.endswith(".html")]
    assert lesson_links == [(l.href, l.title) for l in built.lessons]
    headings = [module_text(folder)[0] for folder in sorted((ROOT / "lessons").glob("[0-9][0-9]-*"))]
    text = (built.output / "index.html").read_text(encoding="utf-8")
    positions = [text.index(f"<h2>{h}</h2>") for h in headings]
    assert positions == sorted(positions)


def test_every_lesson_page_links_to_the_previous_the_contents_and_the_next(built, pages):
    items = built.lessons
    for i, lesson in enumerate(items):
        path = built.output / lesson.href
        page = pages[path]

        def target(rel: str) -> list[Path]:
            return [(path.parent / a["href"]).resolve() for a in page.find("a", rel=rel)]

        assert len(page.find("nav")) == 2, lesson.name  # top and bottom of the page
        assert target("contents") == [(built.output / "index.html").resolve()] * 2, lesson.name
        previous = [(built.output / items[i - 1].href).resolve()] * 2 if i > 0 else []
        following = [(built.output / items[i + 1].href).resolve()] * 2 if i + 1 < len(items) else []
        assert target("prev") == previous, lesson.name
        assert target("next") == following, lesson.name
        assert page.find("title")
        assert lesson.title in path.read_text(encoding="utf-8")


def test_pages_declare_vietnamese_and_a_phone_viewport(pages):
    for path, page in pages.items():
        assert page.find("html", lang="vi"), path.name
        assert page.find("meta", name="viewport", content="width=device-width, initial-scale=1"), path.name


def test_pages_fit_a_phone_screen_and_request_nothing_but_their_own_files(built):
    from playwright.sync_api import sync_playwright

    from test_lab import CHROMIUM_ARGS

    too_wide, requested = [], set()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PHONE)
        page.on("request", lambda r: requested.add(urlsplit(r.url).scheme))
        for path in [built.output / "index.html", *(built.output / l.href for l in built.lessons)]:
            page.goto(path.as_uri())
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide.append(f"{path.name}: {width} px")
            # Body text stays at a readable size on a phone.
            size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
            assert size >= 14, f"{path.name}: {size} px"
        browser.close()
    assert not too_wide, "Trang rộng hơn màn hình điện thoại (phải cuộn ngang):\n" + "\n".join(too_wide)
    assert requested <= {"file", "data"}, requested


# --- the command, on a tiny course -------------------------------------------------------------------

def tiny_course(folder: Path, chart_source: str, after: str) -> Path:
    """A course folder with one module and one lesson that draws one chart."""
    (folder / "solutions").mkdir(parents=True)
    (folder / "nbgrader_config.py").write_text("c = get_config()\n", encoding="utf-8")
    module = folder / "lessons" / "00-thu"
    module.mkdir(parents=True)
    (module / "README.md").write_text("# Mô-đun 0. Thử\n\nMột mô-đun để thử.\n", encoding="utf-8")
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 0.1 Bài thử", id="tieu_de"),
        nbformat.v4.new_code_cell(chart_source, id="bieu_do"),
        nbformat.v4.new_markdown_cell(after, id="mo_ta"),
    ])
    nbformat.write(nb, module / "00.1-bai-thu.ipynb")
    return folder


CHART = textwrap.dedent("""\
    import matplotlib.pyplot as plt
    plt.bar(["Tháng 1", "Tháng 2"], [3, 5])
    plt.show()""")
DESCRIPTION = "*Hình: biểu đồ cột, hai cột là số đơn tháng 1 (3 đơn) và tháng 2 (5 đơn).*"


def run_site(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # the kernel's inline charts
    return subprocess.run([BIN / "langnghe", "site", "--quiet", *args], cwd=course, env=env, capture_output=True,
                          text=True, timeout=300)


def test_command_writes_the_site_into_build_site(tmp_path):
    course = tiny_course(tmp_path / "khoa", CHART, DESCRIPTION)
    done = run_site(course)
    assert done.returncode == 0, done.stderr
    page = course / "build" / "site" / "lessons" / "00-thu" / "00.1-bai-thu.html"
    text = page.read_text(encoding="utf-8")
    assert 'alt="Biểu đồ cột, hai cột là số đơn tháng 1 (3 đơn) và tháng 2 (5 đơn)."' in text
    assert "0.1 Bài thử" in (course / "build" / "site" / "index.html").read_text(encoding="utf-8")
    assert "Đã viết 1 bài" in done.stdout
    assert not list(course.glob("lessons/**/*.png"))  # the lesson ran elsewhere; the course is untouched


def test_command_refuses_a_chart_without_a_description(tmp_path):
    course = tiny_course(tmp_path / "khoa", CHART, "Biểu đồ cho thấy tháng 2 bán nhiều hơn.")
    done = run_site(course, "--output", str(tmp_path / "web"))
    assert done.returncode == 1
    assert "văn bản thay thế" in done.stderr and "00.1-bai-thu.ipynb, ô bieu_do" in done.stderr
    assert not (tmp_path / "web").exists()


def test_command_names_a_lesson_that_fails(tmp_path):
    course = tiny_course(tmp_path / "khoa", "1 / 0", DESCRIPTION)
    done = run_site(course, "--output", str(tmp_path / "web"))
    assert done.returncode == 1
    assert "lessons/00-thu/00.1-bai-thu.ipynb chạy bị lỗi" in done.stderr and "ZeroDivisionError" in done.stderr
