"""After a run: make the executed notebook tell nbgrader the score each test deserves.

nbgrader gives a test cell its points when its outputs hold no error. Two cases would
get points they do not deserve, so an error output with a Vietnamese reason is added:
a test cell that never ran (the kernel died, the notebook ran out of time), and a test
cell after an answer cell that was stopped at the timeout (the answer never finished,
whatever the test then found).
"""

from __future__ import annotations

from nbformat.v4 import new_output

from ..check import hint_for_error
from .execute import Execution

ENAME = "KhongDuocTinhDiem"


def _is_test(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and meta.get("grade") and not meta.get("solution")


def _is_answer(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and meta.get("solution")


def _fail(cell, reason: str) -> None:
    cell.outputs.append(new_output("error", ename=ENAME, evalue=reason, traceback=[f"{ENAME}: {reason}"]))


def apply(nb, run: Execution, cell_timeout: int) -> dict[str, str]:
    """Fail the tests that must not earn points; return {grade_id: reason} for every failed test."""
    reasons: dict[str, str] = {}
    stopped_answer = None
    unanswered = False
    for index, cell in enumerate(nb.cells):
        if _is_answer(cell):
            if index in run.timed_out:
                stopped_answer = cell.metadata["nbgrader"]["grade_id"]
            unanswered |= any(o.get("ename") == "NotImplementedError" for o in cell.get("outputs", []))
            continue
        if not _is_test(cell):
            continue
        gid = cell.metadata["nbgrader"]["grade_id"]
        if cell.get("execution_count") is None:
            if run.kernel_died:
                why = "Python (kernel) dừng đột ngột trước ô này (hết bộ nhớ, hoặc lệnh thoát như os._exit/exit())."
            elif run.notebook_timed_out:
                why = "Bài chạy quá thời gian cho phép của cả notebook trước khi tới ô này."
            else:
                why = "Ô kiểm tra này không được chạy."
            _fail(cell, why)
            reasons[gid] = why
        elif stopped_answer is not None:
            why = (f"Ô trả lời phía trên chạy quá {cell_timeout} giây và bị dừng (có thể có vòng lặp không dừng), "
                   "nên câu này không được tính điểm.")
            _fail(cell, why)
            reasons[gid] = why
        elif index in run.timed_out:
            reasons[gid] = f"Ô kiểm tra chạy quá {cell_timeout} giây: có thể hàm của bạn lặp không dừng."
        else:
            error = next((o for o in cell.outputs if o.get("output_type") == "error"), None)
            if error is not None:
                reasons[gid] = "Chưa làm câu này." if unanswered else hint_for_error(error)
        stopped_answer, unanswered = None, False
    return reasons
