"""`langnghe grade ASSIGNMENT`: autograde every submission in parallel, each confined.

Stages: stage and sanitise every submission (quick, here); run them all in forked
kernels, `workers` at a time, with the next kernels started while others run; then
nbgrader's own Autograde records the results in the gradebook and `autograded/`.
"""

from __future__ import annotations

import ast
import asyncio
import json
import multiprocessing
import os
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from tqdm import tqdm

from ..course import SOURCE
from ..errors import CourseError
from ..judge import syntax, tamper
from ..judge.notebook import Execution, JudgedClient
from ..nbmeta import TIMEOUT_ENAME, grade_id, grade_ids, is_grade, is_setup, is_test, is_trainee_code
from . import marks, nbgrader_glue
from .kernels import SINGLE_THREADED, ForkServer, Runtime, probe, start_kernel
from .sandbox import Limits, Sandbox, python_paths
from .stage import Staged, rebuild_from_answers, stage_submission

FIRST_SANDBOX_UID = 64000  # one uid per submission in flight: kernels cannot touch each other


class GradeError(CourseError):
    """The run cannot start (message in Vietnamese)."""


@dataclass
class Options:
    workers: int = os.cpu_count() or 1
    cell_timeout: int | None = None  # default: the course's c.Execute.timeout
    notebook_timeout: float = 180
    memory_bytes: int = Limits.memory_bytes
    isolate: bool = True  # a root of its own, no network, own PID space; another uid as root
    progress: bool = True


@dataclass
class Result:
    student: str
    score: float = 0.0
    max_score: float = 0.0
    problems: list[str] = field(default_factory=list)
    question_reasons: dict[str, str] = field(default_factory=dict)
    tampering: str = ""  # where a submission's code tampers with grading, for the instructor


TAMPERING = "bài có mã can thiệp vào việc chấm"


def _datasets(root: Path) -> Path | None:
    """The datasets folder a notebook of this course reads (the course's own, or the package's)."""
    from ..data import KhongTimThayDuLieu, thu_muc_du_lieu

    try:
        return thu_muc_du_lieu(root)
    except KhongTimThayDuLieu:
        return None


def _kernel_env(datasets: Path | None, runtime: Runtime) -> dict[str, str]:
    env = {
        "HOME": str(runtime.work), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8", "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "IPYTHONDIR": str(runtime.kernel / ".ipython"),
        "NBGRADER_EXECUTION": "autograde", "PYTHONDONTWRITEBYTECODE": "1", **SINGLE_THREADED,
    }
    if datasets is not None:
        env["LANGNGHE_DU_LIEU"] = str(datasets)
    return env


def _imported_names(source: str) -> set[str]:
    try:
        tree = syntax.parse(source)
    except SyntaxError:
        return set()
    return {(alias.asname or alias.name).split(".")[0] for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}


def _tampering(nb, run: Execution) -> list[tamper.Finding]:
    """Static findings in the cells the trainee wrote, and cells whose error the kernel hid."""
    modules = set()
    for cell in nb.cells:
        if is_setup(cell):
            modules |= _imported_names(cell.source)
    written = [(i, c.source) for i, c in enumerate(nb.cells) if is_trainee_code(c)]
    found = tamper.scan(written, frozenset(modules))
    found += [tamper.Finding(i, 1, "làm cho lỗi của ô không hiện ra (IPython không báo lỗi)") for i in run.masked]
    return found


class Grader:
    def __init__(self, root: Path, assignment: str, options: Options):
        self.root, self.assignment, self.options = root, assignment, options
        self.config = nbgrader_glue.course_config(root)
        if options.cell_timeout is None:
            options.cell_timeout = int(self.config.Execute.get("timeout", 30))
        self.staging = root / nbgrader_glue.STAGING / assignment
        self.executed = self.staging / "executed"
        self.as_root = hasattr(os, "geteuid") and os.geteuid() == 0
        self.matplotlib_dir = ""
        self.datasets = _datasets(root)

    def students(self) -> list[str]:
        folder = self.root / "submitted"
        found = sorted(p.parent.name for p in folder.glob(f"*/{self.assignment}") if p.is_dir())
        if not found:
            raise GradeError(f"Không có bài nộp nào trong submitted/*/{self.assignment}/.")
        return found

    def _sandbox(self, slot: int) -> Sandbox:
        """What a submission's kernel sees: the Python install, the datasets, its own working copy."""
        limits = Limits(memory_bytes=self.options.memory_bytes,
                        cpu_seconds=int(self.options.notebook_timeout) + 30)
        uid = FIRST_SANDBOX_UID + slot % 1000 if self.as_root and self.options.isolate else None
        shown = [*python_paths(), self.matplotlib_dir, *([str(self.datasets)] if self.datasets else [])]
        return Sandbox(uid=uid, gid=uid, confine=self.options.isolate, readonly=shown, hidden=[str(self.root)],
                       limits=limits)

    def check_sandbox(self, server: ForkServer) -> None:
        """Refuse to grade, in Vietnamese, when a confined kernel would not see what it needs or
        would see what it must not (probed from inside one)."""
        if not self.options.isolate:
            return
        sandbox = self._sandbox(0)
        needed = [str(self.datasets / "datapackage.json")] if self.datasets else []
        needed += [os.path.realpath(sys.executable), os.path.dirname(__file__)]
        secret = [str(self.root / name) for name in ("nbgrader_config.py", SOURCE, "source", "gradebook.db",
                                                     "submitted", "autograded", "feedback", ".langnghe")]
        found = probe(server, sandbox, needed, secret)
        user = f"tài khoản riêng uid {sandbox.uid}" if sandbox.uid is not None else "tài khoản của bạn"
        if found is None or "error" in found:
            raise GradeError(
                "Máy này không tạo được vùng cách ly cho bài nộp "
                f"({(found or {}).get('error', 'không rõ lý do')}). Hãy chạy lệnh bằng root (sudo langnghe grade ...), "
                "hoặc bật user namespace cho người dùng thường (sysctl kernel.unprivileged_userns_clone=1), "
                "hoặc, chỉ khi tin mọi bài nộp, thêm --no-isolation.")
        if found["unreadable"]:
            folders = " ".join(sorted({os.path.dirname(p) if os.path.isfile(p) else p for p in found["unreadable"]}))
            raise GradeError(
                f"Chưa chấm bài nào: bài của học viên chạy trong vùng cách ly, bằng {user}; tài khoản này không đọc "
                f"được {', '.join(found['unreadable'])}, nên bài đúng cũng sẽ bị chấm sai. Hãy cho mọi người quyền "
                f"đọc, ví dụ: chmod -R a+rX {folders}, rồi chấm lại.")
        if found["visible"]:
            raise GradeError(f"Vùng cách ly vẫn để lộ tệp của giảng viên: {', '.join(found['visible'])}. "
                             "Không chấm để giữ an toàn cho lời giải; hãy báo người bảo trì khóa học.")
        if found["network"] or found["pid"] != 1:
            raise GradeError("Vùng cách ly không cắt được mạng hoặc không tách được tiến trình; không chấm.")

    def _prepare(self, staged: Staged, name: str):
        """The sanitised notebook to run, or a rebuilt one when nbgrader refuses the structure."""
        path = self.staging / "submitted" / staged.student / self.assignment / f"{name}.ipynb"
        nb = nbformat.read(path, as_version=4)
        present = grade_ids(nb)
        try:
            clean = nbgrader_glue.sanitize(nb, self.config, self.root, self.assignment, name, staged.student)
            restored = [grade_id(c) for c in clean.cells if is_grade(c) and grade_id(c) not in present]
            if restored:
                staged.reasons.append(f"{name}.ipynb: ô kiểm tra bị xóa ({', '.join(restored)}) đã được khôi phục để chấm.")
            return clean
        except Exception as err:  # noqa: BLE001 - the trainee's cell structure, not our fault
            rebuilt = rebuild_from_answers(self.root, self.assignment, name, nb)
            nbformat.write(rebuilt, path)
            staged.reasons.append(
                f"{name}.ipynb: cấu trúc ô bị hỏng ({type(err).__name__}); đã chép các câu trả lời sang bản gốc để chấm."
            )
            return nbgrader_glue.sanitize(rebuilt, self.config, self.root, self.assignment, name, staged.student)

    def _runtime(self, staged: Staged) -> Runtime:
        """A kernel's scratch folder, its working copy holding the submission's other files."""
        runtime = Runtime.create()
        shutil.copytree(self.staging / "submitted" / staged.student / self.assignment, runtime.work,
                        ignore=shutil.ignore_patterns("*.ipynb"), dirs_exist_ok=True)
        for extra in (self.root / SOURCE / self.assignment).rglob("*"):
            if extra.is_file() and extra.suffix != ".ipynb":  # as nbgrader: instructor files overwrite
                dest = runtime.work / extra.relative_to(self.root / SOURCE / self.assignment)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(extra, dest)
        return runtime

    async def _run_one(self, server, slot, staged: Staged, name: str, starting, running, bar) -> dict:
        loop = asyncio.get_running_loop()
        nb = runtime = None
        run = Execution()
        try:
            async with starting:  # the next submissions are prepared and their kernels started while others run
                # off the event loop, which serves the running kernels meanwhile
                nb = await loop.run_in_executor(None, self._prepare, staged, name)
                runtime = await loop.run_in_executor(None, self._runtime, staged)
                kernel, client, info = await start_kernel(server, runtime, _kernel_env(self.datasets, runtime),
                                                          self._sandbox(slot))
            try:
                tests = {i for i, c in enumerate(nb.cells) if is_test(c)}
                setup = [c.source for c in nb.cells if is_setup(c)]
                async with running:
                    runner = JudgedClient(
                        nb, km=kernel, timeout=self.options.cell_timeout, tests=tests, setup_sources=setup,
                        datasets=self.datasets, connection_info=info,
                        error_on_timeout={"ename": TIMEOUT_ENAME, "evalue": f"quá {self.options.cell_timeout} giây",
                                          "traceback": []})
                    runner.kc = client  # already connected and ready
                    run = await runner.async_run_cells(self.options.notebook_timeout)
            finally:
                client.stop_channels()
                kernel.shutdown_kernel()
            reasons = marks.apply(nb, run, self.options.cell_timeout)
            if run.kernel_died:
                staged.reasons.append(f"{name}.ipynb: Python (kernel) dừng đột ngột khi chạy bài.")
            if run.kernel_hung:
                staged.reasons.append(
                    f"{name}.ipynb: một hàm của bài chạy mãi không dừng; các câu sau không chấm được.")
            if run.notebook_timed_out:
                staged.reasons.append(
                    f"{name}.ipynb: chạy quá {self.options.notebook_timeout:g} giây cho cả bài; phần sau bị dừng.")
            if run.truncated:
                staged.reasons.append(f"{name}.ipynb: có ô in ra quá nhiều; phần thừa đã bị cắt.")
        except Exception as err:  # noqa: BLE001 - one submission must never stop the run
            staged.reasons.append(f"{name}.ipynb: không chạy được ({type(err).__name__}: {err}).")
            run = Execution(kernel_died=True)
            if nb is None:
                bar.update()
                return {}
            reasons = marks.apply(nb, run, self.options.cell_timeout)
        finally:
            if runtime is not None:
                runtime.remove()
        found = _tampering(nb, run)
        if found:
            staged.tampering.append(f"{name}.ipynb: {tamper.describe(found)}")
        out = self.executed / staged.student / f"{name}.ipynb"
        out.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out)
        bar.update()
        return reasons

    async def _run_student(self, server, slot, staged: Staged, starting, running, bar, recorder) -> dict:
        """Run a trainee's notebooks, then record them with nbgrader (in the recorder thread)."""
        reasons = {}
        for offset, name in enumerate(staged.notebooks):
            reasons[name] = await self._run_one(server, slot + offset, staged, name, starting, running, bar)
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(recorder, nbgrader_glue.autograde_staged, self.root, self.assignment,
                                       staged.student, self.executed)
        except Exception as err:  # noqa: BLE001 - reported in the summary, the others go on
            staged.reasons.append(f"nbgrader không ghi được điểm: {type(err).__name__}: {err}")
        return reasons

    async def _run_all(self, staged: list[Staged], server: ForkServer) -> dict[tuple[str, str], dict]:
        # nbgrader's bookkeeping (~0.3 s of CPU a submission) runs in its own process: in a thread
        # it would hold the GIL that this loop needs to talk to the kernels. One writer for SQLite.
        # Forked first, while this process has no ZeroMQ context or other threads.
        recorder = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        recorder.submit(nbgrader_glue.warm_up).result()
        try:
            workers = max(1, self.options.workers)
            starting, running = asyncio.Semaphore(workers), asyncio.Semaphore(workers)
            slots = [0]
            for s in staged:
                slots.append(slots[-1] + len(s.notebooks))
            with tqdm(total=slots[-1], desc=f"Chấm {self.assignment}", unit="bài",
                      disable=not self.options.progress) as bar:
                results = await asyncio.gather(*[
                    self._run_student(server, slot, s, starting, running, bar, recorder)
                    for slot, s in zip(slots, staged)
                ])
            return {(s.student, name): r for s, per in zip(staged, results) for name, r in per.items()}
        finally:
            recorder.shutdown(wait=True)

    def grade(self, students: list[str] | None = None, server: ForkServer | None = None) -> list[Result]:
        """Grade them all; `server` is a fork server started early (this takes it over)."""
        server = server or ForkServer(dict(os.environ))  # loads pandas & co. while the submissions are staged
        try:
            students = students or self.students()
            return self._grade(students, server)
        finally:
            server.close()

    def _grade(self, students: list[str], server: ForkServer) -> list[Result]:
        try:
            expected = {name: nbgrader_glue.source_grade_ids(self.root, self.assignment, name)
                        for name in nbgrader_glue.expected_notebooks(self.root, self.assignment)}
        except Exception:
            raise GradeError(
                f"Bài {self.assignment!r} chưa có trong sổ điểm (gradebook.db). "
                f"Hãy chạy `langnghe release {self.assignment}` trong thư mục khóa học trước."
            ) from None
        if self.executed.exists():
            shutil.rmtree(self.executed)
        nbgrader_glue.share_gradebook_engines()
        self.matplotlib_dir = server.matplotlib_dir
        staged = [stage_submission(self.root, self.assignment, s, expected, self.staging / "submitted")
                  for s in students]
        self.check_sandbox(server)  # once the server has loaded: it does while the above runs
        reasons = asyncio.run(self._run_all(staged, server))
        results = self._collect(staged, reasons)
        (self.staging / "ket-qua.json").write_text(
            json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=1), encoding="utf-8")
        return results

    def _collect(self, staged: list[Staged], reasons: dict) -> list[Result]:
        from nbgrader.api import Gradebook, MissingEntry

        results = []
        with Gradebook(nbgrader_glue.db_url(self.root)) as gb:
            maximum = float(gb.find_assignment(self.assignment).max_score)
            for s in staged:
                if not s.notebooks:
                    s.reasons.append("Không có notebook nào trong bài nộp.")
                try:
                    sub = gb.find_submission(self.assignment, s.student)
                    score = float(sub.score)
                except MissingEntry:
                    score = 0.0
                    s.reasons.append("nbgrader không ghi được bài này vào sổ điểm.")
                result = Result(s.student, score, maximum, list(s.reasons),
                                tampering=f"{TAMPERING}: " + " ".join(s.tampering) if s.tampering else "")
                for name in s.notebooks:
                    result.question_reasons.update(reasons.get((s.student, name), {}))
                results.append(result)
        return results
