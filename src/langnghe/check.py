"""`langnghe check NOTEBOOK`: grade a trainee's own notebook locally, offline.

The trainee's answers run with the instructor version's tests (restored by grade_id,
as nbgrader's autograde does). Each test cell is run in two parts, the visible checks
and then the hidden tests, so the hint of a failed visible check can be printed while
the code and messages of hidden tests never are. A test earns its points only when
both parts pass and the answer cells before it did not time out. The trainee's file
is never written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

from .course import SOURCE

CELL_TIMEOUT = 10
HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"
TIMEOUT_ENAME = "CellTimeoutError"
# A cell stopped at the timeout shows the kernel's KeyboardInterrupt (nbclient interrupts it).
TIMEOUT_ENAMES = {TIMEOUT_ENAME, "KeyboardInterrupt"}


class CheckError(RuntimeError):
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

    @property
    def points(self) -> float:
        return sum(q.points for q in self.questions)

    @property
    def max_points(self) -> float:
        return sum(q.max_points for q in self.questions)


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _is_test(cell) -> bool:
    meta = _nbgrader(cell)
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution", False)


def _is_manual(cell) -> bool:
    meta = _nbgrader(cell)
    return meta.get("grade", False) and meta.get("solution", False)


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


def _grade_ids(nb) -> set[str]:
    return {_nbgrader(c)["grade_id"] for c in nb.cells if _nbgrader(c).get("grade_id")}


def find_instructor_version(root: Path, trainee: Path, trainee_nb, assignment: str | None = None) -> Path:
    """The solutions/ notebook this trainee notebook belongs to: by name, else by shared grade ids."""
    folders = [root / SOURCE / assignment] if assignment else sorted((root / SOURCE).glob("bt*"))
    if assignment and not folders[0].is_dir():
        raise CheckError(f"Không có bài tập {assignment!r} trong {SOURCE}/.")
    candidates = [nb for folder in folders for nb in sorted(folder.glob("*.ipynb"))]
    for candidate in candidates:
        if candidate.name == trainee.name:
            return candidate
    ids = _grade_ids(trainee_nb)
    best = max(candidates, key=lambda c: len(ids & _grade_ids(read_notebook(c))), default=None)
    if best is None or not ids & _grade_ids(read_notebook(best)):
        raise CheckError(
            f"Không nhận ra {trainee.name} là bài tập nào của khóa học. Hãy giữ nguyên tên tệp "
            "khi tải bài về, hoặc chỉ rõ bài tập bằng --assignment btNN-ten-bai."
        )
    return best


def _split_test(source: str) -> tuple[str, str]:
    """Visible checks and hidden tests of one test cell."""
    if HIDDEN_BEGIN not in source:
        return source, ""
    before, _, rest = source.partition(HIDDEN_BEGIN)
    hidden, _, after = rest.partition(HIDDEN_END)
    return before + after, hidden


def question_labels(instructor_nb) -> dict[str, str]:
    """Each test's question title: the last markdown heading above it."""
    labels, heading = {}, ""
    for cell in instructor_nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():  # the last heading of the cell names what follows
                if line.startswith("#"):
                    heading = line.lstrip("#").strip()
        elif _is_test(cell):
            labels[_nbgrader(cell)["grade_id"]] = heading or _nbgrader(cell)["grade_id"]
    return labels


def _error(cell):
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return output
    return None


def hint_for_error(error) -> str:
    """A Vietnamese hint for a test's error output (AssertionError messages are the tests' own hints)."""
    ename, evalue = error.get("ename", ""), error.get("evalue", "")
    if ename == "AssertionError":
        return evalue or "Kết quả chưa đúng yêu cầu của đề bài."
    if ename == "NotImplementedError":
        return "Bạn chưa làm câu này: thay dòng raise NotImplementedError bằng code của bạn."
    if ename == "NameError":
        name = re.search(r"'(.+?)'", evalue)
        what = f"`{name.group(1)}`" if name else "một tên"
        return f"Chưa có {what}: hãy đặt đúng tên như đề bài yêu cầu trong ô trả lời phía trên."
    if ename in TIMEOUT_ENAMES:
        return f"Kiểm tra chạy quá {CELL_TIMEOUT} giây: có thể hàm của bạn có vòng lặp không dừng."
    return f"Khi kiểm tra gặp lỗi {ename}: {evalue}"


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
    instructor_path = find_instructor_version(root, path, trainee_nb, assignment)
    instructor_nb = read_notebook(instructor_path)
    report = Report(assignment=instructor_path.parent.name)

    originals = {
        _nbgrader(c)["grade_id"]: c
        for c in instructor_nb.cells
        if _nbgrader(c).get("grade_id") and (_is_test(c) or _nbgrader(c).get("locked"))
    }
    labels = question_labels(instructor_nb)
    for cell in instructor_nb.cells:
        if _is_test(cell):
            meta = _nbgrader(cell)
            report.questions.append(Question(meta["grade_id"], labels[meta["grade_id"]], float(meta["points"])))
        elif _is_manual(cell):
            report.manual_points += float(_nbgrader(cell).get("points", 0))

    # The notebook to run: the trainee's cells, with tests and locked cells restored.
    run_cells, roles, seen = [], [], set()
    for cell in trainee_nb.cells:
        gid = _nbgrader(cell).get("grade_id")
        original = originals.get(gid)
        if original is not None:
            cell = original
            seen.add(gid)
        if cell.cell_type != "code":
            continue
        if _is_test(cell):
            visible, hidden = _split_test(cell.source)
            run_cells += [nbformat.v4.new_code_cell(visible), nbformat.v4.new_code_cell(hidden)]
            roles += [("visible", gid), ("hidden", gid)]
        else:
            run_cells.append(nbformat.v4.new_code_cell(cell.source))
            roles.append(("answer", gid))
    for q in report.questions:
        if q.grade_id not in seen:
            q.hint = "Ô kiểm tra của câu này đã bị xóa khỏi notebook. Hãy tải lại bài tập và chép câu trả lời sang."

    run_nb = nbformat.v4.new_notebook(cells=run_cells)
    run_nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = NotebookClient(
        run_nb, timeout=CELL_TIMEOUT, kernel_name="python3", allow_errors=True, interrupt_on_timeout=True,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no transport warnings in the trainee's terminal
        error_on_timeout={"ename": TIMEOUT_ENAME, "evalue": f"quá {CELL_TIMEOUT} giây", "traceback": []},
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except DeadKernelError:
        report.problems.append(
            "Python (kernel) dừng đột ngột khi chạy notebook (hết bộ nhớ, hoặc có lệnh thoát như os._exit). "
            "Các câu sau chỗ đó chưa được chấm."
        )
    except Exception as err:  # the kernel would not start, or similar: not the trainee's fault
        raise CheckError(f"Không chạy được notebook: {type(err).__name__}: {err}") from None

    by_id = {q.grade_id: q for q in report.questions}
    answer_timed_out = answer_missing = False
    passed_visible: set[str] = set()
    for cell, (role, gid) in zip(run_nb.cells, roles):
        error = _error(cell)
        # nbclient leaves execution_count unset on cells it skipped (empty) or never reached.
        executed = not cell.source.strip() or cell.get("execution_count") is not None
        if role == "answer":
            answer_timed_out |= bool(error and error.get("ename") in TIMEOUT_ENAMES)
            answer_missing |= bool(error and error.get("ename") == "NotImplementedError")
            continue
        q = by_id.get(gid)
        if q is None:
            continue
        if role == "visible":
            passed_visible.discard(gid)
            if not executed:
                q.hint = NOT_RUN_HINT
            elif answer_timed_out:
                q.hint = TIMEOUT_HINT
            elif error and answer_missing and error.get("ename") == "NameError":
                q.hint = hint_for_error({"ename": "NotImplementedError"})
            elif error:
                q.hint = hint_for_error(error)
            else:
                passed_visible.add(gid)
            continue
        answer_timed_out = answer_missing = False
        if gid not in passed_visible:
            continue
        if not executed:
            q.hint = NOT_RUN_HINT
        elif error:
            q.hint = HIDDEN_HINT
        else:
            q.points, q.hint = q.max_points, ""
    return report


def _fmt_points(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def format_report(report: Report) -> str:
    """The report a trainee reads in the terminal, in Vietnamese."""
    lines = [f"Kết quả tự kiểm tra: {report.assignment}", ""]
    for i, q in enumerate(report.questions, 1):
        mark = "✅" if q.points == q.max_points else "❌"
        lines.append(f"{mark} {q.label}: {_fmt_points(q.points)}/{_fmt_points(q.max_points)} điểm")
        if q.hint:
            lines.append(f"     Gợi ý: {q.hint}")
    lines.append("")
    for problem in report.problems:
        lines.append(f"⚠️  {problem}")
    lines.append(f"Tổng điểm tự động: {_fmt_points(report.points)}/{_fmt_points(report.max_points)}.")
    if report.manual_points:
        lines.append(
            f"Câu trả lời viết ({_fmt_points(report.manual_points)} điểm) do giảng viên chấm sau khi bạn nộp bài."
        )
    lines.append("Đây là kết quả tự kiểm tra; điểm chính thức do giảng viên chấm sau khi bạn nộp bài.")
    return "\n".join(lines)
