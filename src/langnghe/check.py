"""`langnghe check NOTEBOOK`: grade a trainee's own notebook locally, offline.

The trainee's cells run in a local kernel; the instructor version's tests (restored by
grade_id, as nbgrader's autograde does) run in the judge, outside that kernel, exactly as
when the instructor grades (langnghe.judge), so a score at home is the score in class.
The tests come from solutions/ in the course directory
or, in a self-study bundle (no solutions/ there), from a key file per notebook (langnghe.key)
that holds no answers and whose hidden tests are compressed and base64-encoded, so
not readable at a glance. Each test cell is run in two parts, the visible checks
and then the hidden tests, so the hint of a failed visible check can be printed while
the code and messages of hidden tests never are. A test earns its points only when
both parts pass and the answer cells before it did not time out. The trainee's file
is never written.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .course import KEYS, SOURCE
from .data import KhongTimThayDuLieu, thu_muc_du_lieu
from .errors import CourseError
from .fmt import diem
from .judge.evaluate import SYNTAX_ENAMES, Verdict, unparsed_answer_reason
from .judge.notebook import Execution, JudgedClient
from .key import Key
from .nbmeta import TIMEOUT_ENAME, TIMEOUT_ENAMES, grade_id, grade_ids, is_test, split_test

CELL_TIMEOUT = 10
NOTEBOOK_TIMEOUT = 600


class CheckError(CourseError):
    """A notebook that cannot be checked at all (message in Vietnamese)."""


@dataclass
class Question:
    grade_id: str
    label: str
    max_points: float
    points: float = 0.0
    hint: str = ""


@dataclass
class Report:
    assignment: str
    questions: list[Question] = field(default_factory=list)
    manual_points: float = 0.0
    problems: list[str] = field(default_factory=list)
    self_study: bool = False  # the tests came from a self-study bundle's keys: no class, no instructor

    @property
    def points(self) -> float:
        return sum(q.points for q in self.questions)

    @property
    def max_points(self) -> float:
        return sum(q.max_points for q in self.questions)


def read_notebook(path: Path):
    """Read any nbformat-4 notebook (old minor versions are upgraded in memory)."""
    try:
        nb = nbformat.read(path, as_version=4)
    except FileNotFoundError:
        raise CheckError(f"Không có tệp {path}. Kiểm tra lại tên và thư mục của notebook.") from None
    except Exception as err:  # malformed JSON, wrong format, empty file
        raise CheckError(
            f"Không đọc được {path.name}: tệp không phải notebook hợp lệ ({type(err).__name__}). "
            "Nếu tệp bị hỏng, hãy tải lại bài tập và chép câu trả lời của bạn sang bản mới."
        ) from None
    if not isinstance(nb.get("cells"), list):
        raise CheckError(f"{path.name} không có ô nào: tệp không phải notebook bài tập.")
    return nb


def find_key(root: Path, trainee: Path, trainee_nb, assignment: str | None = None) -> Key:
    """The tests for this trainee notebook, from solutions/ (course directory) or the bundle's key files;
    the notebook is matched by name, else by shared grade ids."""
    if (root / SOURCE).is_dir():
        base, suffix, load = root / SOURCE, ".ipynb", Key.from_instructor
    else:
        base, suffix, load = root / KEYS, ".json", Key.read
    folders = [base / assignment] if assignment else sorted(base.glob("bt*"))
    if assignment and not folders[0].is_dir():
        known = ", ".join(p.name for p in sorted(base.glob("bt*")))
        raise CheckError(f"Không có bài tập {assignment!r} trong khóa học. Các bài tập có: {known}.")
    candidates = [p for folder in folders for p in sorted(folder.glob("*" + suffix))]
    for candidate in candidates:
        if candidate.stem == trainee.stem:
            return load(candidate)
    ids = grade_ids(trainee_nb)
    keys = [load(candidate) for candidate in candidates]
    best = max(keys, key=lambda k: len(ids & k.grade_ids), default=None)
    if best is None or not ids & best.grade_ids:
        raise CheckError(
            f"Không nhận ra {trainee.name} là bài tập nào của khóa học. Hãy giữ nguyên tên tệp "
            "khi tải bài về, hoặc chỉ rõ bài tập bằng --assignment btNN-ten-bai."
        )
    return best


def _error(cell):
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return output
    return None


NOT_DONE_HINT = "Bạn chưa làm câu này: thay dòng `raise NotImplementedError` bằng code của bạn."
HIDDEN_HINT = (
    "Đạt phần kiểm tra cơ bản nhưng chưa đạt phần kiểm tra ẩn (giá trị chính xác, hoặc trường hợp "
    "đặc biệt như số 0, giá trị ở đúng ngưỡng). Đọc lại đề bài: định nghĩa, cách làm tròn, điều kiện."
)
NOT_RUN_HINT = "Câu này chưa được chấm vì notebook dừng trước khi chạy tới."
TIMEOUT_HINT = (
    f"Ô trả lời phía trên chạy quá {CELL_TIMEOUT} giây và bị dừng: có thể có vòng lặp không dừng. "
    "Sửa ô đó rồi kiểm tra lại."
)


def check_notebook(path: Path, root: Path, assignment: str | None = None) -> Report:
    """Run a trainee notebook with the instructor's tests and score each autograded question."""
    path = Path(path).resolve()
    trainee_nb = read_notebook(path)
    key = find_key(root, path, trainee_nb, assignment)
    report = Report(assignment=key.assignment, manual_points=key.manual_points,
                    questions=[Question(gid, t.label, t.points) for gid, t in key.tests.items()],
                    self_study=not (root / SOURCE).is_dir() and not key.for_class)

    # The notebook to run: the trainee's cells, with tests and locked cells restored.
    run_cells, roles, seen = [], [], set()
    for cell in trainee_nb.cells:
        gid = grade_id(cell)
        test = None
        if gid in key.tests:
            test = key.tests[gid].visible, key.tests[gid].hidden
        elif gid in key.locked:
            kind, source = key.locked[gid]
        else:
            kind, source = cell.cell_type, cell.source
            test = split_test(source) if is_test(cell) else None
        if gid in key.tests or gid in key.locked:
            seen.add(gid)
        if test is not None:
            run_cells += [nbformat.v4.new_code_cell(test[0]), nbformat.v4.new_code_cell(test[1])]
            roles += [("visible", gid), ("hidden", gid)]
        elif kind == "code":
            run_cells.append(nbformat.v4.new_code_cell(source))
            roles.append(("answer", gid))
    for q in report.questions:
        if q.grade_id not in seen:
            q.hint = "Ô kiểm tra của câu này đã bị xóa khỏi notebook. Hãy tải lại bài tập và chép câu trả lời sang."

    run_nb = nbformat.v4.new_notebook(cells=run_cells)
    run_nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    run = _run(run_nb, {i for i, (role, _) in enumerate(roles) if role != "answer"},
               [source for kind, source in key.locked.values() if kind == "code"], path, root)
    if run.kernel_died or run.kernel_hung:
        report.problems.append(
            "Python (kernel) dừng đột ngột hoặc không còn trả lời khi chạy notebook (hết bộ nhớ, lệnh thoát như "
            "os._exit, hoặc một hàm chạy mãi không dừng). Các câu sau chỗ đó chưa được chấm."
        )

    by_id = {q.grade_id: q for q in report.questions}
    answer_timed_out = answer_missing = False
    unparsed = None  # (source, error) of the last answer cell Python could not read: its names never exist
    passed_visible: set[str] = set()
    for index, (cell, (role, gid)) in enumerate(zip(run_nb.cells, roles)):
        if role == "answer":
            error = _error(cell)
            answer_timed_out |= bool(error and error.get("ename") in TIMEOUT_ENAMES)
            answer_missing |= bool(error and error.get("ename") == "NotImplementedError")
            if error and error.get("ename") in SYNTAX_ENAMES:
                unparsed = cell.source, error
            continue
        q = by_id.get(gid)
        if q is None:
            continue
        verdict = run.verdicts.get(index) if cell.source.strip() else Verdict(True)
        if role == "visible":
            passed_visible.discard(gid)
            if verdict is None:
                q.hint = NOT_RUN_HINT
            elif answer_timed_out:
                q.hint = TIMEOUT_HINT
            elif not verdict.passed and answer_missing and verdict.ename == "NameError":
                q.hint = NOT_DONE_HINT
            elif not verdict.passed and verdict.ename == "NameError" and unparsed is not None:
                q.hint = unparsed_answer_reason(*unparsed, verdict.missing)
            elif not verdict.passed:
                q.hint = verdict.reason
            else:
                passed_visible.add(gid)
            continue
        answer_timed_out = answer_missing = False
        if gid not in passed_visible:
            continue
        if verdict is None:
            q.hint = NOT_RUN_HINT
        elif not verdict.passed:
            q.hint = HIDDEN_HINT
        else:
            q.points, q.hint = q.max_points, ""
    return report


def _run(run_nb, tests: set[int], setup: list[str], path: Path, root: Path) -> Execution:
    """The trainee's cells in a local kernel, the tests in the judge: the same judge as grading."""
    try:  # the judge's own tai_du_lieu reads the datasets the notebook reads
        datasets = thu_muc_du_lieu(path.parent)
    except KhongTimThayDuLieu:
        datasets = None
    client = JudgedClient(
        run_nb, tests=tests, setup_sources=setup, datasets=datasets, timeout=CELL_TIMEOUT, kernel_name="python3",
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no transport warnings in the trainee's terminal
        error_on_timeout={"ename": TIMEOUT_ENAME, "evalue": f"quá {CELL_TIMEOUT} giây", "traceback": []},
        resources={"metadata": {"path": str(path.parent)}}, max_output_chars=10_000_000,
    )

    async def run_all():
        async with client.async_setup_kernel():
            return await client.async_run_cells(NOTEBOOK_TIMEOUT)

    try:
        return asyncio.run(run_all())
    except Exception as err:  # the kernel would not start, or similar: not the trainee's fault
        raise CheckError(f"Không chạy được notebook: {type(err).__name__}: {err}") from None


def format_report(report: Report) -> str:
    """The report a trainee reads in the terminal, in Vietnamese."""
    lines = [f"Kết quả tự kiểm tra: {report.assignment}", ""]
    for i, q in enumerate(report.questions, 1):
        mark = "✅" if q.points == q.max_points else "❌"
        lines.append(f"{mark} {q.label}: {diem(q.points)}/{diem(q.max_points)} điểm")
        if q.hint:
            lines.append(f"     Gợi ý: {q.hint}")
    lines.append("")
    for problem in report.problems:
        lines.append(f"⚠️  {problem}")
    lines.append(f"Tổng điểm tự động: {diem(report.points)}/{diem(report.max_points)}.")
    if report.self_study:
        if report.manual_points:
            lines.append(f"Câu trả lời viết ({diem(report.manual_points)} điểm) không chấm tự động được: đọc lại "
                         "đề bài và tự so câu trả lời của mình với các ý đề bài hỏi.")
        lines.append("Đây là kết quả tự kiểm tra trên máy của bạn; bạn tự học nên không cần nộp bài cho ai. "
                     "Sửa các câu chưa đạt rồi chạy lại lệnh này bao nhiêu lần cũng được.")
        return "\n".join(lines)
    if report.manual_points:
        lines.append(
            f"Câu trả lời viết ({diem(report.manual_points)} điểm) do giảng viên chấm sau khi bạn nộp bài."
        )
    lines.append("Đây là kết quả tự kiểm tra; điểm chính thức do giảng viên chấm sau khi bạn nộp bài.")
    return "\n".join(lines)
