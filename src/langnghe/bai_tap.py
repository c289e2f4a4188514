"""The server side of JupyterLab's "Bài tập" panel (labextension/): which exercises this server
shows, whether it is on a workshop hub, and `langnghe check` on one notebook, under /langnghe/.

    GET  /langnghe/bai-tap    {"mode": "lop-hoc" | "tu-hoc", "exercises": [{"path", "assignment", "title"}]}
    POST /langnghe/kiem-tra   {"path": "exercises/bt00-lam-quen/bt00-lam-quen.ipynb"}
                              -> the check's report as data (check_result), or {"loi": message} with a 4xx
    GET  /langnghe/trao-doi   nbgrader's assignment list, as its handlers answer ({"success", "value"})
    POST /langnghe/trao-doi/fetch|submit|fetch_feedback   {"course_id", "assignment_id"} -> the same

On a hub (lop-hoc) the panel fetches and submits through nbgrader's own assignment-list manager, which
langnghe.trao_doi runs in a child process (the server never imports nbgrader); nothing here touches the
exchange. The check runs a kernel, so it runs in a child process, never on the server's event loop. Enabled by jupyter_server_config.d/langnghe.json
beside this file, which the wheel installs into etc/jupyter/ (pyproject.toml), so it is on wherever the
package is.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web

from . import trao_doi
from .course import RELEASE, find_course
from .errors import CourseError

if TYPE_CHECKING:  # the check (nbclient, the judge) is imported on the first check, not at server start
    from .check import Report

TU_HOC, LOP_HOC = "tu-hoc", "lop-hoc"
# Where a learner's exercises are, from the server's root: the course's exercises/ (self-study,
# `make course`) and, on a hub, the folders nbgrader fetches into the home folder.
EXERCISE_PATTERNS = [f"{RELEASE}/bt*/bt*.ipynb", "bt*/bt*.ipynb"]
# One check at a time: each runs a kernel, and a trainee pressing twice should wait, not double the load.
# Each in a child process of its own (python -m langnghe.bai_tap): the judge loads pandas, whose memory
# goes back when the check ends instead of staying in the server (on a hub, every trainee's).
CHECK_TIMEOUT = 900
STOPPED_CHECK = ("Lần kiểm tra bị dừng giữa chừng (máy có thể đang thiếu bộ nhớ). Đợi một lát rồi bấm Kiểm tra "
                 "lại; nếu vẫn lỗi, báo giảng viên hoặc mở lại khóa học.")


class PathRefused(CourseError):
    """A path the panel may not use (outside the server's folder, not a notebook)."""

    status = 400


def mode(environ=os.environ) -> str:
    """lop-hoc in a server a JupyterHub started (the course's hubs always have the class's exchange), else
    tu-hoc: a learner alone, `make course`, an author's `langnghe lab`."""
    return LOP_HOC if environ.get("JUPYTERHUB_SERVICE_PREFIX") else TU_HOC


def notebook_title(path: Path) -> str:
    """The first heading of the notebook's first markdown cell, without its #s ('' when there is none)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            for line in (source if isinstance(source, str) else "".join(source)).splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
            return ""
    return ""


def exercises(root: Path) -> list[dict]:
    """The exercises under root, relative POSIX paths, in order, each with its assignment and title."""
    root = Path(root).resolve()
    found = {}
    for pattern in EXERCISE_PATTERNS:
        for path in sorted(root.glob(pattern)):
            if path.is_file() and inside(root, path):
                relative = path.relative_to(root).as_posix()
                found.setdefault(relative, {"path": relative, "assignment": path.parent.name,
                                            "title": notebook_title(path)})
    return sorted(found.values(), key=lambda e: (e["assignment"], e["path"]))


def inside(root: Path, path: Path) -> bool:
    """Whether path, symlinks followed, is in root."""
    return Path(path).resolve().is_relative_to(Path(root).resolve())


def resolve_notebook(root: Path, relative) -> Path:
    """The notebook a request names, refused unless it is a .ipynb file inside root (no .., no absolute
    path, no symlink leading out)."""
    if not isinstance(relative, str) or not relative.strip():
        raise PathRefused("Chưa chọn bài nào để kiểm tra. Hãy mở bài tập rồi bấm Kiểm tra.")
    posix = PurePosixPath(relative.replace("\\", "/"))
    if posix.is_absolute() or ".." in posix.parts or Path(relative).is_absolute():
        raise PathRefused("Chỉ kiểm tra được bài nằm trong thư mục khóa học đang mở.")
    path = Path(root) / Path(*posix.parts)
    if not inside(root, path):
        raise PathRefused("Chỉ kiểm tra được bài nằm trong thư mục khóa học đang mở.")
    if posix.suffix != ".ipynb":
        raise PathRefused(f"{posix.name} không phải tệp bài tập (.ipynb). Hãy chọn tệp bài tập để kiểm tra.")
    if not path.is_file():
        error = PathRefused(f"Không thấy tệp {posix.as_posix()}. Có thể bài đã bị đổi tên hoặc chuyển chỗ: "
                            "bấm nút tải lại danh sách trong bảng Bài tập.")
        error.status = 404
        raise error
    return path


def check_result(report: Report) -> dict:
    """The check's report as the panel shows it: per question, the total, and what cannot be checked."""
    return {
        "assignment": report.assignment,
        "questions": [{"id": q.grade_id, "label": q.label, "points": q.points, "max_points": q.max_points,
                       "passed": q.points == q.max_points, "hint": q.hint} for q in report.questions],
        "points": report.points,
        "max_points": report.max_points,
        "manual_points": report.manual_points,
        "problems": list(report.problems),
        "self_study": report.self_study,
    }


def check(root: Path, relative: str) -> dict:
    """`langnghe check` on the notebook at root/relative, with the course found as the CLI finds it."""
    from .check import check_notebook

    notebook = resolve_notebook(root, relative)
    return check_result(check_notebook(notebook, find_course(notebook.parent)))


class CheckStopped(CourseError):
    """The check's child process ended without an answer (killed when memory ran out, or too long)."""


_ONE_CHECK = asyncio.Lock()


async def run_check(root: Path, relative) -> dict:
    """check() in a child process, one at a time; its CourseError comes back as one, in Vietnamese."""
    resolve_notebook(root, relative)  # a refused path is answered here, without a child
    async with _ONE_CHECK:
        child = await asyncio.create_subprocess_exec(sys.executable, "-m", "langnghe.bai_tap", str(root), relative,
                                                     stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        try:
            out, err = await asyncio.wait_for(child.communicate(), CHECK_TIMEOUT)
        except asyncio.TimeoutError:
            child.kill()
            await child.wait()
            raise CheckStopped(STOPPED_CHECK) from None
    try:
        answer = json.loads(out) if child.returncode == 0 else None
    except ValueError:
        answer = None
    if not isinstance(answer, dict):  # killed, or crashed: its stderr is for the instructor's log
        stopped = CheckStopped(STOPPED_CHECK)
        stopped.log = err.decode("utf-8", "replace")[-2000:]
        raise stopped
    if "loi" in answer:
        error = CourseError(answer["loi"])
        error.status = answer["status"]
        raise error
    return answer


def main(argv: list[str]) -> int:
    """The child of run_check: the answer, or the Vietnamese refusal, as JSON on stdout."""
    root, relative = argv
    try:
        with contextlib.redirect_stdout(sys.stderr):  # stdout carries the answer only
            answer = check(Path(root), relative)
    except CourseError as error:
        answer = {"loi": str(error), "status": getattr(error, "status", 400)}
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))
    return 0


class CourseHandler(APIHandler):
    auth_resource = "contents"

    @property
    def root(self) -> Path:
        return Path(self.contents_manager.root_dir)

    def refuse(self, error: CourseError) -> None:
        self.set_status(getattr(error, "status", 400))
        # "loi": the panel shows this text as it is (jupyter_server's own errors carry an English "message")
        self.finish(json.dumps({"loi": str(error)}, ensure_ascii=False))


class ExercisesHandler(CourseHandler):
    @web.authenticated
    @authorized
    def get(self):
        self.finish(json.dumps({"mode": mode(), "exercises": exercises(self.root)}, ensure_ascii=False))


class CheckHandler(CourseHandler):
    auth_resource = "kernels"  # a check runs the notebook's code

    @web.authenticated
    @authorized
    async def post(self):
        try:
            body = self.get_json_body() or {}
        except web.HTTPError:
            body = {}
        try:
            result = await run_check(self.root, body.get("path"))
        except CourseError as error:  # CheckError, CourseNotFound, PathRefused: Vietnamese, for the learner
            self.log.info("langnghe: không kiểm tra được %r: %s %s", body.get("path"), error, getattr(error, "log", ""))
            return self.refuse(error)
        self.finish(json.dumps(result, ensure_ascii=False))


class ExchangeHandler(CourseHandler):
    """The class's exchange, through langnghe.trao_doi: nbgrader's answer, its English reason kept for the log."""

    async def answer(self, action: str, course_id: str, assignment_id: str | None) -> None:
        result = await trao_doi.run(action, course_id, assignment_id, self.root)
        log = result.pop("log", None)
        if log:
            self.log.warning("langnghe: trao đổi bài %s %s không được: %s", action, assignment_id or "", log)
        self.finish(json.dumps(result, ensure_ascii=False))

    @web.authenticated
    @authorized
    async def get(self):
        await self.answer("list", self.get_argument("course_id", ""), None)

    @web.authenticated
    @authorized
    async def post(self, action: str):
        try:
            body = self.get_json_body() or {}
        except web.HTTPError:
            body = {}
        course_id, assignment_id = body.get("course_id", ""), body.get("assignment_id")
        if not isinstance(course_id, str) or not isinstance(assignment_id, str) or not assignment_id.strip():
            return self.refuse(CourseError("Chưa chọn bài nào. Bấm nút tải lại danh sách rồi chọn lại bài."))
        await self.answer(action, course_id, assignment_id)


def _jupyter_server_extension_points():
    return [{"module": "langnghe.bai_tap"}]


def _load_jupyter_server_extension(serverapp):
    base = serverapp.web_app.settings["base_url"]
    serverapp.web_app.add_handlers(".*$", [
        (url_path_join(base, "langnghe", "bai-tap"), ExercisesHandler),
        (url_path_join(base, "langnghe", "kiem-tra"), CheckHandler),
        (url_path_join(base, "langnghe", "trao-doi"), ExchangeHandler),
        (url_path_join(base, "langnghe", "trao-doi", "(fetch|submit|fetch_feedback)"), ExchangeHandler),
    ])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
