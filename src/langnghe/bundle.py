"""`langnghe bundle`: the self-study download, one zip a learner unzips and opens offline.

The zip holds one folder, langnghe-tu-hoc-<version>-<date>/, laid out like the course
directory minus everything an instructor keeps: lessons/, exercises/ (student versions),
datasets/, the start page, the Vietnamese guide DOC-TRUOC.md, requirements.txt and
environment.yml, the langnghe wheel built from this tree, launch scripts for Windows and
Linux/macOS, and .kiem-tra/: per notebook the tests `langnghe check` runs (check.Key),
which take the place of solutions/. Before the zip is written, every file (wheel included)
is scanned for solution markers and hidden-test lines; the build fails if one is found.

That zip needs the internet once, for pip to fetch the packages. An offline bundle (build_offline,
`langnghe bundle --offline windows`) is made per operating system: the same files, the launcher
of that system, and in goi-cai-dat/ every wheel the course needs at the tested versions for each
Python version in wheels.PYTHONS (wheels.py), which the launcher installs with no network.
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path

from .course import KEYS, LESSONS, RELEASE, SOURCE, assignments, modules
from .errors import CourseError
from .key import Key
from .nbmeta import FOR_SELF_STUDY, HIDDEN_BEGIN, HIDDEN_END, SOLUTION_BEGIN, read_for_audience
from .startpage import START_PAGE, is_current
from .wheels import PYTHONS, TARGETS, download

DATASETS = "datasets"
WHEELS = "goi-cai-dat"
GUIDE = "DOC-TRUOC.md"
GUIDE_PAGE = "DOC-TRUOC.html"  # the same guide as a page: a double click opens it in the browser
REQUIREMENTS = "requirements.txt"
CONSTRAINTS = "constraints.txt"  # the versions the tests passed with (make lock)
ENVIRONMENT = "environment.yml"
SCRIPT_WINDOWS = "bat-dau.bat"
SCRIPT_POSIX = "bat-dau.sh"
# Inside .venv/: names the bundle whose install finished, so an interrupted install is redone.
STAMP = ".langnghe-da-cai"
TEMPLATES = Path(__file__).with_name("bundle_files")


class BundleError(CourseError):
    """The bundle cannot be built as it should be (message in Vietnamese)."""


@dataclass
class Member:
    name: str  # path inside the bundle folder, with /
    data: bytes
    executable: bool = False


def bundle_name(day: datetime.date) -> str:
    """langnghe-tu-hoc-<version>-<date>: the zip's stem and its top folder."""
    return f"langnghe-tu-hoc-{package_version('langnghe')}-{day.isoformat()}"


def tree_files(root: Path, folders: list[str]) -> list[Path]:
    """Files under the folders that git would commit (tracked or new, not ignored); else every file."""
    try:
        done = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *folders],
            cwd=root, capture_output=True, check=True)
        files = {root / name for name in done.stdout.decode("utf-8").split("\0") if name}
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: skip caches and hidden files
        files = {p for folder in folders for p in (root / folder).rglob("*")
                 if not any(part.startswith((".", "__pycache__")) or part.endswith(".egg-info") or part == "node_modules"
                            for part in p.relative_to(root).parts)}
    return sorted(p for p in files if p.is_file())


# What the wheel is built from: the package (with the extension's server config) and the extension's sources.
WHEEL_SOURCES = ["src", "labextension", "pyproject.toml", "README.md"]
# The extension as `make env` built it (git-ignored): copied with its times, the wheel's build sees it is
# newer than its sources and skips the node build; when it is missing or older, the build runs node.
BUILT_LABEXTENSION = Path("src") / "langnghe" / "labextension"


def build_wheel(root: Path, out_dir: Path) -> Path:
    """The langnghe wheel, built by pip from a copy of the package's files (the tree is not written)."""
    with tempfile.TemporaryDirectory(prefix="langnghe-wheel-") as tmp:
        source = Path(tmp) / "src"
        built = [p for p in (root / BUILT_LABEXTENSION).rglob("*") if p.is_file()]
        for path in tree_files(root, WHEEL_SOURCES) + built:
            target = source / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        # pip sets up the build backend pyproject.toml declares (from its cache or the package index).
        done = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out_dir), str(source)],
            capture_output=True, text=True)
    wheels = sorted(out_dir.glob("langnghe-*.whl"))
    if done.returncode or len(wheels) != 1:
        raise BundleError(f"Không tạo được gói wheel của langnghe bằng pip:\n{done.stdout}{done.stderr}")
    return wheels[0]


def requirements(root: Path) -> str:
    deps = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    head = ("# Các gói Python của khóa học; bat-dau.bat / bat-dau.sh cài chúng ở lần chạy đầu, cùng gói\n"
            f"# langnghe trong {WHEELS}/. Cài bằng tay: python -m pip install -r {REQUIREMENTS} {WHEELS}/langnghe-*.whl\n"
            f"# Phiên bản của mỗi gói: đúng bản đã kiểm thử, ghi trong {CONSTRAINTS}.\n"
            f"-c {CONSTRAINTS}\n")
    return head + "".join(dep + "\n" for dep in deps)


def _pip_requirements(root: Path, folder: Path) -> Path:
    """requirements.txt without its `-c` line, in folder, for pip runs given the constraints themselves."""
    path = Path(folder) / REQUIREMENTS
    path.write_text(requirements(root).replace(f"-c {CONSTRAINTS}\n", ""), encoding="utf-8")
    return path


SYSTEM_PINS_HEADER = "# Chỉ cho hệ điều hành hoặc phiên bản Python khác của bộ cài ngoại tuyến (make lock giải và ghi thêm):\n"


def add_system_pins(root: Path) -> str:
    """`make lock`'s second step, after the freeze: append what the offline bundles' other systems need
    (wheels.system_pins), so that every wheel of every bundle is at a pinned version. Returns the lines."""
    from .wheels import system_pins

    with tempfile.TemporaryDirectory(prefix="langnghe-ghim-") as tmp:
        lines = system_pins(_pip_requirements(root, Path(tmp)), root / CONSTRAINTS)
    with open(root / CONSTRAINTS, "a", encoding="utf-8") as out:
        out.write(SYSTEM_PINS_HEADER + lines)
    return lines


# In environment.yml for the source tree's `-e .` only: the learner's wheel carries the built extension.
BUILD_ONLY = {"nodejs"}


def environment(root: Path, wheel: str) -> str:
    """The repository's environment.yml for learners: the wheel instead of `-e .`, none of the extras
    (test tools, the workshop hub)."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {_name(dep) for dep in project["dependencies"]}
    extras = {_name(dep) for group in project.get("optional-dependencies", {}).values() for dep in group} - core
    lines = (root / ENVIRONMENT).read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if not line.startswith("#")]
    kept, editable = [], False
    for line in body:
        item = line.strip().removeprefix("- ").strip()
        if item == "-e .":
            kept.append(line.replace("-e .", f"./{WHEELS}/{wheel}"))
            editable = True
        elif line.strip().startswith("- ") and (_name(item) in extras or _name(item) in BUILD_ONLY):
            continue
        else:
            kept.append(line)
    if not editable:
        raise BundleError(f"{ENVIRONMENT} không còn dòng `- -e .` để thay bằng gói wheel: hãy sửa bundle.py.")
    head = ["# Môi trường conda cho bản tự học (thay cho bat-dau.bat / bat-dau.sh, nếu anh chị dùng conda).",
            "# Cài: conda env create -f environment.yml && conda activate langnghe && langnghe lab"]
    return "\n".join(head + kept) + "\n"


def _name(requirement: str) -> str:
    for stop in "<>=!~ [":
        requirement = requirement.split(stop, 1)[0]
    return requirement.strip().lower()


def _fill(template: str, values: dict[str, str]) -> str:
    import jinja2

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    try:
        return env.from_string(template).render(values)
    except jinja2.UndefinedError as err:
        raise BundleError(f"Mẫu tệp còn chỗ chưa điền: {err.message}") from None


def _guide_values(root: Path, name: str, day: datetime.date, wheel: str, target: str | None,
                  pythons: tuple[str, ...]) -> dict:
    folders = modules(root)
    lessons = sum(len(list(folder.glob("*.ipynb"))) for folder in folders)
    first = sorted((root / RELEASE).glob("bt*/*.ipynb"))[0].relative_to(root)
    return {
        "NAME": name,
        "VERSION": package_version("langnghe"),
        "DATE": f"{day.day}/{day.month}/{day.year}",
        "WHEEL": wheel,
        "WHEELS": WHEELS,
        "KEYS": KEYS,
        "STAMP": STAMP,
        "MODULES": str(len(folders)),
        "LESSONS": str(lessons),
        "EXERCISES": str(len(assignments(root))),
        "FIRST_EXERCISE": first.as_posix(),
        "FIRST_EXERCISE_WINDOWS": str(first).replace("/", "\\"),
        # An offline bundle: which system it is for and the Python versions its wheels are built for.
        "OFFLINE": target is not None,
        "TARGET": target or "",
        "TARGET_LABEL": TARGETS[target].label if target else "",
        "PYTHONS": list(pythons),
        "PYTHON_MIN": pythons[0],
        "PYTHON_MAX": pythons[-1],
        "PYTHON_NEXT": _next_minor(pythons[-1]),
    }


def _next_minor(version: str) -> str:
    major, minor = version.split(".")
    return f"{major}.{int(minor) + 1}"


def hidden_lines(keys: list[Key]) -> set[str]:
    """Distinctive lines of hidden test code: none may appear in the bundle."""
    return {line.strip() for key in keys for test in key.tests.values()
            for line in test.hidden.splitlines() if len(line.strip()) > 12}


def leaks(members: list[Member], secret_lines: set[str]) -> list[str]:
    """Files (and files inside the wheel) that hold solutions, nbgrader markers or hidden-test lines."""
    found = []
    for member in members:
        if member.name.split("/")[0] == SOURCE:
            found.append(member.name)
            continue
        inner = [(member.name, member.data)]
        if member.name.endswith(".whl"):
            with zipfile.ZipFile(io.BytesIO(member.data)) as wheel:
                inner = [(f"{member.name}!{n}", wheel.read(n)) for n in wheel.namelist()]
        for name, data in inner:
            text = data.decode("utf-8", errors="replace")
            for marker in (SOLUTION_BEGIN, HIDDEN_BEGIN, HIDDEN_END):
                if marker in text:
                    found.append(f"{name}: {marker}")
            found += [f"{name}: {line}" for line in secret_lines if line in text]
    return found


def course_members(root: Path) -> tuple[list[Member], set[str]]:
    """What a learner alone studies from: the lessons and exercises as she reads them (tu-hoc cells),
    the datasets, the start page and the keys `langnghe check` grades with; and the hidden-test lines
    none of it may contain."""
    out = [Member(p.relative_to(root).as_posix(),
                  read_for_audience(p, FOR_SELF_STUDY) if p.suffix == ".ipynb" else p.read_bytes())
           for p in tree_files(root, [LESSONS, RELEASE, DATASETS])]
    out.append(Member(START_PAGE, (root / START_PAGE).read_bytes()))
    keys = [Key.from_instructor(nb) for nb in sorted((root / SOURCE).glob("bt*/*.ipynb"))]
    out += [Member(f"{KEYS}/{k.assignment}/{Path(k.notebook).stem}.json", k.to_json().encode("utf-8")) for k in keys]
    return out, hidden_lines(keys)


def write_self_study(root: Path, target: Path) -> Path:
    """The course as a learner alone sees it, in `target` (`langnghe lab --tu-hoc`, `make course`).
    Lessons and exercises are written only where missing, so her work survives; the rest is renewed."""
    files, secret_lines = course_members(root)
    problems = leaks(files, secret_lines)
    if problems:
        raise BundleError("Bản tự học sẽ lộ lời giải hoặc kiểm tra ẩn:\n  " + "\n  ".join(problems))
    for member in files:
        path = Path(target) / member.name
        if path.exists() and member.name.split("/")[0] in (LESSONS, RELEASE):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(member.data)
    return Path(target)


def members(root: Path, name: str, day: datetime.date, wheel: Path, target: str | None = None,
            pythons: tuple[str, ...] = PYTHONS) -> tuple[list[Member], set[str]]:
    """Every file of the bundle (but the wheels of an offline one's other packages), and the hidden-test
    lines it must not contain. `target`: the system of an offline bundle, whose launcher alone it carries."""
    out, secret_lines = course_members(root)
    out.append(Member(f"{WHEELS}/{wheel.name}", wheel.read_bytes()))
    out.append(Member(REQUIREMENTS, requirements(root).encode("utf-8")))
    out.append(Member(CONSTRAINTS, (root / CONSTRAINTS).read_bytes()))
    out.append(Member(ENVIRONMENT, environment(root, wheel.name).encode("utf-8")))
    values = _guide_values(root, name, day, wheel.name, target, pythons)
    files = [("DOC-TRUOC.md", GUIDE, False, "\n")]
    if target != "windows":
        files.append(("bat-dau.sh", SCRIPT_POSIX, True, "\n"))
    if target in (None, "windows"):
        files.append(("bat-dau.bat", SCRIPT_WINDOWS, False, "\r\n"))  # cmd.exe mis-reads labels in LF-only files
    for template, path, executable, newline in files:
        text = _fill((TEMPLATES / template).read_text(encoding="utf-8"), values)
        out.append(Member(path, text.replace("\n", newline).encode("utf-8"), executable))
        if path == GUIDE:
            out.append(Member(GUIDE_PAGE, guide_page(text).encode("utf-8")))
    return out, secret_lines


def guide_page(markdown: str) -> str:
    """The guide as an HTML page (Markdown opened in a text editor shows its ** and #)."""
    import mistune

    body = mistune.create_markdown(plugins=["table"])(markdown)
    return ('<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>Đọc trước: khóa học tự học</title><style>"
            "body{font-family:sans-serif;max-width:820px;margin:2em auto;padding:0 1em;line-height:1.55;font-size:17px}"
            "code,pre{background:#f4f4f4;border-radius:3px}pre{padding:.6em;overflow-x:auto}"
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
            f"</style></head><body>\n{body}</body></html>\n")


def build(root: Path, output: Path | None = None, day: datetime.date | None = None) -> Path:
    """Write output/langnghe-tu-hoc-<version>-<date>.zip (output defaults to root/dist) and return it."""
    return _build(root, output, day, None, PYTHONS)


def build_offline(root: Path, target: str, output: Path | None = None, day: datetime.date | None = None,
                  pythons: tuple[str, ...] = PYTHONS) -> Path:
    """Write output/langnghe-tu-hoc-<version>-<date>-<target>.zip, which installs with no network on
    `target` (a key of wheels.TARGETS) with any of `pythons`, and return it. pip fetches the wheels
    from the package index, so this build needs the internet."""
    if target not in TARGETS:
        raise BundleError(f"Không có bộ cài cho hệ điều hành `{target}`: chọn một trong {', '.join(TARGETS)}.")
    unknown = sorted(set(pythons) - set(PYTHONS))
    if unknown or not pythons:
        raise BundleError(f"Bộ cài không cần mạng chỉ mang gói cho Python {', '.join(PYTHONS)}; "
                          f"không làm được cho Python {', '.join(unknown) or '(không có phiên bản nào)'}.")
    return _build(root, output, day, target, tuple(sorted(pythons, key=lambda v: tuple(map(int, v.split("."))))))


def _build(root: Path, output: Path | None, day: datetime.date | None, target: str | None,
           pythons: tuple[str, ...]) -> Path:
    if not is_current(root):
        raise BundleError(f"{START_PAGE} đã cũ so với các thư mục của khóa học: chạy `langnghe start-page` trước.")
    output = Path(output or root / "dist")
    output.mkdir(parents=True, exist_ok=True)
    day = day or datetime.date.today()
    name = bundle_name(day) + (f"-{target}" if target else "")
    with tempfile.TemporaryDirectory(prefix="langnghe-bundle-") as tmp:
        files, secret_lines = members(root, name, day, build_wheel(root, Path(tmp)), target, pythons)
        problems = leaks(files, secret_lines)
        if problems:
            raise BundleError("Bộ tự học sẽ lộ lời giải hoặc kiểm tra ẩn; không tạo tệp zip:\n  " + "\n  ".join(problems))
        packages: list[Path] = []
        if target:
            folder = Path(tmp) / WHEELS
            download(target, pythons, _pip_requirements(root, Path(tmp)), root / CONSTRAINTS, folder)
            packages = sorted(folder.glob("*.whl"))
        path = output / f"{name}.zip"
        _write_zip(path, name, day, files, packages)
    return path


def _write_zip(path: Path, name: str, day: datetime.date, files: list[Member], packages: list[Path]) -> None:
    """The zip, written whole or not at all; the third-party wheels (already compressed) are stored."""
    partial = path.with_suffix(".zip.tmp")
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for member in sorted(files, key=lambda m: m.name):
            info = zipfile.ZipInfo(f"{name}/{member.name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            mode = 0o755 if member.executable else 0o644
            info.external_attr = (stat.S_IFREG | mode) << 16
            zf.writestr(info, member.data)
        for wheel in packages:
            info = zipfile.ZipInfo(f"{name}/{WHEELS}/{wheel.name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            with open(wheel, "rb") as source, zf.open(info, "w", force_zip64=True) as target:
                shutil.copyfileobj(source, target, 1 << 20)
    os.replace(partial, path)
