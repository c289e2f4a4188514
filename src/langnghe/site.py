"""`langnghe site`: a static HTML copy of every lesson, executed, with a contents page and navigation.

Lessons run in parallel kernels (nbclient) in a scratch folder, so the course folders are not
touched. Calculators (ipywidgets) are frozen into their first state: the values of their controls
and what their output areas showed. Every image gets as alt text the `*Hình: ...*` sentence the
lesson writes right after the cell that draws it. nbconvert writes the pages with a template that
loads nothing from the internet; titles and navigation come from the folders, never typed twice.
"""

from __future__ import annotations

import asyncio
import html
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import nbformat

from .course import LESSONS, module_text, modules
from .errors import EXIT_FOUND_PROBLEMS, CourseError
from .fmt import so
from .may_tinh._chung import CHI_KHI_CHAY
from .nbmeta import first_heading

DEFAULT_OUTPUT = Path("build") / "site"
TEMPLATES = Path(__file__).parent / "templates" / "site"
STATIC = "_static"
DATASETS = "datasets"

TITLE = "Khóa học dữ liệu cho cơ sở làng nghề"
INTRO = (
    "Bản đọc của các bài học: đã chạy sẵn, có đủ bảng và biểu đồ, đọc được trên điện thoại và không cần mạng. "
    "Để tự chạy các ô lệnh, dùng máy tính tương tác và làm bài tập, hãy mở khóa học trong JupyterLab "
    "(lệnh langnghe lab)."
)
NOTE = "Trang được tạo tự động từ notebook của khóa học (langnghe site): đừng sửa tay."
WIDGET_NOTE = (
    "Máy tính tương tác. Trang này chỉ ghi lại kết quả với các giá trị ban đầu dưới đây; "
    "mở bài trong JupyterLab để tự thay đổi."
)

IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# `*Hình: ...*` or `*Hình (trong máy tính): ...*`, a paragraph of its own.
FIGURE = re.compile(r"^\*Hình(?: \([^)\n]*\))?:\s*(.+?)\*$", re.S)
# Relative links to another notebook become links to its page.
NOTEBOOK_LINK = re.compile(r"(\]\()(?![a-z][a-z0-9+.-]*:|#|/)([^)\s]+?)\.ipynb([#)\s])")


class SiteError(CourseError):
    """A lesson that cannot be published (message in Vietnamese, naming the lesson and cell)."""

    exit_code = EXIT_FOUND_PROBLEMS


@dataclass
class Lesson:
    path: Path  # the notebook
    module: str  # module title, from its README
    title: str  # the lesson's first `# ` heading
    href: str  # the page, relative to the site's root

    @property
    def name(self) -> str:
        return self.path.stem


@dataclass
class Built:
    """What `build` made: the pages, the executed notebooks, and how long it took."""

    output: Path
    lessons: list[Lesson]
    notebooks: dict[str, nbformat.NotebookNode] = field(default_factory=dict)  # by lesson href
    seconds: float = 0.0

    @property
    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.output.rglob("*") if p.is_file())


def lessons(root: Path) -> list[Lesson]:
    """Every lesson in course order, with its module title and its page's path."""
    found = []
    for folder in modules(root):
        module_title, _ = module_text(folder)
        for path in sorted(folder.glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            href = f"{LESSONS}/{folder.name}/{path.stem}.html"
            found.append(Lesson(path, module_title, first_heading(nb) or path.stem, href))
    return found


# --- alt text ---------------------------------------------------------------------------------

def _plain(markdown: str) -> str:
    """A description's markdown as plain text for an alt attribute."""
    text = re.sub(r"\*\*|__|`", "", markdown)
    text = re.sub(r"(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w)", "", text)
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def figure_descriptions(nb, index: int) -> list[str]:
    """The `*Hình: ...*` paragraphs of the markdown cell right after code cell `index`, as plain text."""
    if index + 1 >= len(nb.cells) or nb.cells[index + 1].cell_type != "markdown":
        return []
    paragraphs = re.split(r"\n\s*\n", nb.cells[index + 1].source.strip())
    found = []
    for paragraph in paragraphs:
        match = FIGURE.match(paragraph.strip())
        if match:
            found.append(_plain(match.group(1)))
    return found


def image_outputs(cell) -> list:
    """The outputs of a code cell that show an image (one per output, whatever its formats)."""
    return [o for o in cell.get("outputs", []) if any(t in o.get("data", {}) for t in IMAGE_TYPES)]


def apply_alt_text(nb, label: str) -> list[str]:
    """Put each image's description in its output metadata; return what is missing, in Vietnamese."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        images = image_outputs(cell)
        if not images:
            continue
        descriptions = figure_descriptions(nb, index)
        if len(descriptions) < len(images):
            problems.append(
                f"{label}, ô {cell.get('id', index)}: ô vẽ {len(images)} hình nhưng ô chữ ngay sau nó chỉ có "
                f"{len(descriptions)} câu mô tả *Hình: ...* (văn bản thay thế cho người không nhìn thấy hình)."
            )
            continue
        for output, description in zip(images, descriptions):
            meta = output.setdefault("metadata", {})
            for kind in IMAGE_TYPES:
                if kind in output["data"]:
                    meta.setdefault(kind, {})["alt"] = description
    return problems


# --- calculators frozen into their first state ---------------------------------------------------

def _number(value, readout_format: str | None) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int):
        return so(value)
    if isinstance(value, float):
        digits = re.search(r"\.(\d+)", readout_format or "")
        places = int(digits.group(1)) if digits else 2
        return so(value, places, gon=not digits)
    return str(value)


def _control_value(state: dict) -> str | None:
    """A control's current value as Vietnamese text; None for things without a value (buttons)."""
    if "_options_labels" in state:
        labels, index = state["_options_labels"], state.get("index")
        if isinstance(index, list):
            return ", ".join(labels[i] for i in index) or "(chưa chọn)"
        return labels[index] if index is not None else "(chưa chọn)"
    if "value" not in state:
        return None
    value = state["value"]
    if isinstance(value, dict) and {"year", "month", "date"} <= set(value):
        return f"{value['date']:02d}/{value['month'] + 1:02d}/{value['year']}"  # JS months count from 0
    if isinstance(value, list):
        return " – ".join(_number(v, state.get("readout_format")) for v in value)
    if value is None:
        return "(trống)"
    return _number(value, state.get("readout_format"))


def _freeze_widget(model_id: str, models: dict) -> list:
    """Static outputs for a widget view: a table of its controls' values, then what its Output areas show."""
    rows: list[str] = []
    outputs: list = []

    def walk(mid: str) -> None:
        model = models.get(mid)
        if model is None:
            return
        name, state = model.get("model_name", ""), model.get("state", {})
        if CHI_KHI_CHAY in state.get("_dom_classes", []):  # help for dragging and typing: nothing to do on a page
            return
        if name == "OutputModel":
            outputs.extend(nbformat.from_dict(o) for o in state.get("outputs", []))
        elif name in ("HTMLModel", "HTMLMathModel"):
            if state.get("value"):
                rows.append(f"<tr><td colspan='2'>{state['value']}</td></tr>")
        elif name == "LabelModel":
            if state.get("value"):
                rows.append(f"<tr><td colspan='2'>{html.escape(state['value'])}</td></tr>")
        elif name != "ButtonModel":
            value = _control_value(state)
            if value is not None:
                label = html.escape(state.get("description") or state.get("tooltip") or "")
                rows.append(f"<tr><th scope='row'>{label}</th><td>{html.escape(value)}</td></tr>")
        for child in state.get("children", []):
            walk(str(child).removeprefix("IPY_MODEL_"))

    walk(model_id)
    table = f"<table>{''.join(rows)}</table>" if rows else ""
    frozen = f"<div class='ln-widget'><p class='ln-widget-note'>{WIDGET_NOTE}</p>{table}</div>"
    note = nbformat.v4.new_output("display_data", data={"text/html": frozen, "text/plain": WIDGET_NOTE})
    return [note, *outputs]


def freeze_widgets(nb) -> None:
    """Replace every widget view with static outputs from the saved widget state."""
    state = nb.metadata.pop("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        new = []
        for output in cell.outputs:
            view = output.get("data", {}).get(WIDGET_VIEW)
            new.extend(_freeze_widget(view["model_id"], state) if view else [output])
        cell.outputs = new


# --- execution ---------------------------------------------------------------------------------

def default_workers() -> int:
    """One kernel per CPU this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


async def _execute_one(lesson: Lesson, root: Path, scratch: Path, gate: asyncio.Semaphore,
                       report: Callable[[str], None]):
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    async with gate:
        started = time.perf_counter()
        nb = nbformat.read(lesson.path, as_version=4)
        # Each lesson runs in its own copy of its folder: files it writes (PDF, Excel) stay out of the course.
        workdir = scratch / lesson.path.parent.name / lesson.name
        workdir.mkdir(parents=True)
        # IPC sockets (POSIX): no TCP ports to race for, nothing on the network. The path must be absolute:
        # a relative one is resolved in the kernel's working folder, not ours, and the kernel never answers.
        if os.name == "posix":
            km = AsyncKernelManager(kernel_name="python3", transport="ipc",
                                    ip=str(scratch / f"kernel-{lesson.name.split('-')[0]}"))
        else:
            km = AsyncKernelManager(kernel_name="python3")
        client = NotebookClient(nb, km=km, timeout=120, startup_timeout=180, store_widget_state=True,
                                resources={"metadata": {"path": str(workdir)}})
        env = {**os.environ, "LANGNGHE_DU_LIEU": str(root / "datasets")}
        try:
            await client.async_execute(env=env)
        except (CellExecutionError, CellTimeoutError) as err:
            raise SiteError(f"Bài {lesson.path.relative_to(root)} chạy bị lỗi:\n{err}") from err
        report(f"Đã chạy {lesson.name} ({so(time.perf_counter() - started, 1)} giây)")
        return nb


async def _execute_all(items: list[Lesson], root: Path, workers: int, report) -> list:
    gate = asyncio.Semaphore(workers)
    with tempfile.TemporaryDirectory(prefix="langnghe-site-") as scratch:
        return await asyncio.gather(*(_execute_one(l, root, Path(scratch), gate, report) for l in items),
                                    return_exceptions=True)


def execute(items: list[Lesson], root: Path, workers: int | None = None,
            report: Callable[[str], None] = lambda _: None) -> list[nbformat.NotebookNode]:
    """Run every lesson top to bottom, `workers` kernels at a time; SiteError names every failure."""
    results = asyncio.run(_execute_all(items, root, workers or default_workers(), report))
    failures = [str(r) for r in results if isinstance(r, BaseException)]
    if failures:
        raise SiteError("\n\n".join(failures))
    return results


# --- pages ---------------------------------------------------------------------------------------

def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab", template_file=str(TEMPLATES / "lesson.html.j2"),
                        exclude_input_prompt=True, exclude_output_prompt=True, language_code="vi")


def _relative(href: str, page: str) -> str:
    """`href` (from the site root) as seen from `page` (also from the site root)."""
    return Path(os.path.relpath(href, Path(page).parent)).as_posix()


def _link_notebooks(nb) -> None:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = NOTEBOOK_LINK.sub(r"\1\2.html\3", cell.source)


def render_lesson(exporter, nb, items: list[Lesson], index: int) -> str:
    lesson = items[index]

    def neighbour(i: int):
        if 0 <= i < len(items):
            return {"href": _relative(items[i].href, lesson.href), "title": items[i].title}
        return None

    nb.metadata["title"] = lesson.title
    resources = {
        "metadata": {"name": lesson.title},
        "site": {
            "title": f"{lesson.title} · {TITLE}",
            "module": lesson.module,
            "static": _relative(STATIC, lesson.href),
            "note": NOTE,
            "nav": {"prev": neighbour(index - 1), "next": neighbour(index + 1),
                    "contents": _relative("index.html", lesson.href)},
        },
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def _jupyter_css(exporter) -> str:
    """JupyterLab's notebook CSS (light theme) and nbconvert's code colours, written once for every page."""
    from jupyterlab_pygments import JupyterStyle
    from pygments.formatters import HtmlFormatter

    env = exporter.environment
    parts = [env.loader.get_source(env, name)[0] for name in ("static/index.css", "static/theme-light.css")]
    parts.append(HtmlFormatter(style=JupyterStyle).get_style_defs(".highlight"))
    return "\n".join(parts)


def _datasets(root: Path, output: Path) -> list[dict]:
    """Copy the CSV files beside the site; their titles come from datapackage.json."""
    source = root / DATASETS
    descriptor = source / "datapackage.json"
    if not descriptor.is_file():
        return []
    target = output / DATASETS
    target.mkdir(parents=True, exist_ok=True)
    listed = []
    for resource in json.loads(descriptor.read_text(encoding="utf-8")).get("resources", []):
        path = source / resource["path"]
        if path.is_file():
            shutil.copy2(path, target / path.name)
            listed.append({"href": f"{DATASETS}/{path.name}", "file": path.name,
                           "title": resource.get("title", "")})
    return listed


def render_contents(root: Path, items: list[Lesson], datasets: list[dict]) -> str:
    import jinja2
    import mistune
    from markupsafe import Markup

    groups = []
    for folder in modules(root):
        title, description = module_text(folder)
        mine = [l for l in items if l.path.parent == folder]
        if mine:
            groups.append({"slug": folder.name, "title": title,
                           "description_html": Markup(mistune.html(description)) if description else "",
                           "lessons": mine})
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    return env.get_template("contents.html.j2").render(title=TITLE, intro=INTRO, note=NOTE, modules=groups,
                                                        datasets=datasets)


def build(root: Path, output: Path | None = None, workers: int | None = None,
          report: Callable[[str], None] | None = None,
          executed: list[nbformat.NotebookNode] | None = None) -> Built:
    """Execute every lesson and write the site into `output` (default build/site/), replacing what was there.

    `executed`: the lessons already run, as `execute` returns them (changed in place), to publish them without
    running them again.
    """
    started = time.perf_counter()
    report = report or (lambda _: None)
    output = (root / DEFAULT_OUTPUT) if output is None else Path(output)
    items = lessons(root)
    if not items:
        raise SiteError(f"Không có bài học nào trong {root / LESSONS}.")
    notebooks = execute(items, root, workers, report) if executed is None else executed

    problems = []
    for lesson, nb in zip(items, notebooks):
        freeze_widgets(nb)
        problems += apply_alt_text(nb, str(lesson.path.relative_to(root)))
        _link_notebooks(nb)
    if problems:
        raise SiteError("Có hình chưa có văn bản thay thế:\n" + "\n".join(problems))

    if output.exists():
        shutil.rmtree(output)
    (output / STATIC).mkdir(parents=True)
    exporter = _exporter()
    (output / STATIC / "jupyter.css").write_text(_jupyter_css(exporter), encoding="utf-8")
    shutil.copy2(TEMPLATES / "site.css", output / STATIC / "site.css")
    for index, (lesson, nb) in enumerate(zip(items, notebooks)):
        page = output / lesson.href
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(render_lesson(exporter, nb, items, index), encoding="utf-8")
    datasets = _datasets(root, output)
    (output / "index.html").write_text(render_contents(root, items, datasets), encoding="utf-8")
    return Built(output, items, {l.href: nb for l, nb in zip(items, notebooks)}, time.perf_counter() - started)
