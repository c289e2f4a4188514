"""`langnghe grade ASSIGNMENT`: autograde every submission in parallel, each confined.

Stages: stage and sanitise every submission (quick, here); run them all in forked
kernels, `workers` at a time, with the next kernels started while others run; then
nbgrader's own Autograde records the results in the gradebook and `autograded/`.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import tempfile
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from tqdm import tqdm

from ..course import SOURCE
from . import marks, nbgrader_glue
from .execute import execute
from .kernels import SINGLE_THREADED, ForkServer, start_kernel
from .sandbox import Limits, Sandbox
from .stage import Staged, rebuild_from_answers, stage_submission

FIRST_SANDBOX_UID = 64000  # one uid per submission in flight: kernels cannot touch each other


class GradeError(RuntimeError):
    """The run cannot start (message in Vietnamese)."""


@dataclass
class Options:
    workers: int = os.cpu_count() or 1
    cell_timeout: int | None = None  # default: the course's c.Execute.timeout
    notebook_timeout: float = 180
    memory_bytes: int = Limits.memory_bytes
    isolate: bool = True  # unprivileged user and no network, when running as root
    progress: bool = True


@dataclass
class Result:
    student: str
    score: float = 0.0
    max_score: float = 0.0
    problems: list[str] = field(default_factory=list)
    question_reasons: dict[str, str] = field(default_factory=dict)


def _kernel_env(root: Path, runtime: Path, work: Path) -> dict[str, str]:
    env = {
        "HOME": str(work), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8", "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "IPYTHONDIR": str(runtime / ".ipython"), "MPLCONFIGDIR": str(runtime / ".matplotlib"),
        "NBGRADER_EXECUTION": "autograde", "PYTHONDONTWRITEBYTECODE": "1", **SINGLE_THREADED,
    }
    if (root / "datasets" / "datapackage.json").is_file():
        env["LANGNGHE_DU_LIEU"] = str(root / "datasets")
    return env


class Grader:
    def __init__(self, root: Path, assignment: str, options: Options):
        self.root, self.assignment, self.options = root, assignment, options
        self.config = nbgrader_glue.course_config(root)
        if options.cell_timeout is None:
            options.cell_timeout = int(self.config.Execute.get("timeout", 30))
        self.staging = root / nbgrader_glue.STAGING / assignment
        self.executed = self.staging / "executed"
        as_root = hasattr(os, "geteuid") and os.geteuid() == 0
        self.isolated = options.isolate and as_root

    def students(self) -> list[str]:
        folder = self.root / "submitted"
        found = sorted(p.parent.name for p in folder.glob(f"*/{self.assignment}") if p.is_dir())
        if not found:
            raise GradeError(f"Không có bài nộp nào trong submitted/*/{self.assignment}/.")
        return found

    def _sandbox(self, slot: int) -> Sandbox:
        limits = Limits(memory_bytes=self.options.memory_bytes,
                        cpu_seconds=int(self.options.notebook_timeout) + 30)
        uid = FIRST_SANDBOX_UID + slot % 1000 if self.isolated else None
        return Sandbox(uid=uid, gid=uid, no_network=self.isolated, limits=limits)

    def _prepare(self, staged: Staged, name: str):
        """The sanitised notebook to run, or a rebuilt one when nbgrader refuses the structure."""
        path = self.staging / "submitted" / staged.student / self.assignment / f"{name}.ipynb"
        nb = nbformat.read(path, as_version=4)
        present = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells}
        try:
            clean = nbgrader_glue.sanitize(nb, self.config, self.root, self.assignment, name, staged.student)
            restored = [c.metadata["nbgrader"]["grade_id"] for c in clean.cells
                        if c.metadata.get("nbgrader", {}).get("grade") and c.metadata["nbgrader"]["grade_id"] not in present]
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

    async def _run_one(self, server, slot, staged: Staged, name: str, starting, running, bar) -> dict:
        nb = self._prepare(staged, name)
        runtime = Path(tempfile.mkdtemp(prefix="lg-"))
        work = runtime / "work"
        shutil.copytree(self.staging / "submitted" / staged.student / self.assignment, work,
                        ignore=shutil.ignore_patterns("*.ipynb"))
        for extra in (self.root / SOURCE / self.assignment).rglob("*"):
            if extra.is_file() and extra.suffix != ".ipynb":  # as nbgrader: instructor files overwrite
                dest = work / extra.relative_to(self.root / SOURCE / self.assignment)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(extra, dest)
        try:
            async with starting:  # kernels for the next submissions start while others run
                kernel, client = await start_kernel(server, runtime, work, _kernel_env(self.root, runtime, work),
                                                    self._sandbox(slot))
            try:
                async with running:
                    run = await execute(nb, kernel, client, cell_timeout=self.options.cell_timeout,
                                        notebook_timeout=self.options.notebook_timeout)
            finally:
                client.stop_channels()
                kernel.shutdown_kernel()
            reasons = marks.apply(nb, run, self.options.cell_timeout)
            if run.kernel_died:
                staged.reasons.append(f"{name}.ipynb: Python (kernel) dừng đột ngột khi chạy bài.")
            if run.notebook_timed_out:
                staged.reasons.append(
                    f"{name}.ipynb: chạy quá {self.options.notebook_timeout:g} giây cho cả bài; phần sau bị dừng.")
            if run.truncated:
                staged.reasons.append(f"{name}.ipynb: có ô in ra quá nhiều; phần thừa đã bị cắt.")
        except Exception as err:  # noqa: BLE001 - one submission must never stop the run
            reasons = {}
            staged.reasons.append(f"{name}.ipynb: không chạy được ({type(err).__name__}: {err}).")
            marks.apply(nb, marks.Execution(kernel_died=True), self.options.cell_timeout)
        finally:
            shutil.rmtree(runtime, ignore_errors=True)
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
            server.close()

    def grade(self, students: list[str] | None = None) -> list[Result]:
        students = students or self.students()
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
        server = ForkServer(dict(os.environ))  # loads pandas & co. while the submissions are staged
        try:
            staged = [stage_submission(self.root, self.assignment, s, expected, self.staging / "submitted")
                      for s in students]
        except BaseException:
            server.close()
            raise
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
                result = Result(s.student, score, maximum, list(s.reasons))
                for name in s.notebooks:
                    result.question_reasons.update(reasons.get((s.student, name), {}))
                results.append(result)
        return results
