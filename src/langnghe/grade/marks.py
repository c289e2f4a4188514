"""After a run: make the executed notebook tell nbgrader the score each test deserves.

The judge's verdict is already each test cell's outputs (nothing for a pass, an error
output for a fail), which is what nbgrader scores. Two more cases must not earn points,
so an error output with a Vietnamese reason is added: a test cell the judge never
reached (the kernel died or hung, the notebook ran out of time), and a test cell after
an answer cell that was stopped at the timeout (the answer never finished, whatever the
test then found).
"""

from __future__ import annotations

from nbformat.v4 import new_output

from ..judge.evaluate import SYNTAX_ENAMES, unparsed_answer_reason
from ..judge.notebook import Execution
from ..nbmeta import grade_id, is_answer, is_test

ENAME = "KhongDuocTinhDiem"


def _fail(cell, reason: str) -> None:
    cell.outputs.append(new_output("error", ename=ENAME, evalue=reason, traceback=[f"{ENAME}: {reason}"]))


def _not_reached(run: Execution) -> str:
    if run.kernel_hung:
        return "Python (kernel) không còn trả lời (một hàm chạy mãi không dừng) trước ô này."
    if run.kernel_died:
        return "Python (kernel) dừng đột ngột trước ô này (hết bộ nhớ, hoặc lệnh thoát như `os._exit()` hay `exit()`)."
    if run.notebook_timed_out:
        return "Bài chạy quá thời gian cho phép của cả notebook trước khi tới ô này."
    return "Ô kiểm tra này không được chạy."


def apply(nb, run: Execution, cell_timeout: int) -> dict[str, str]:
    """Fail the tests that must not earn points; return {grade_id: reason} for every failed test."""
    reasons: dict[str, str] = {}
    stopped_answer = None
    unparsed = None  # (source, error) of the last answer cell Python could not read
    unanswered = False
    for index, cell in enumerate(nb.cells):
        if is_answer(cell):
            if index in run.timed_out:
                stopped_answer = grade_id(cell)
            unanswered |= any(o.get("ename") == "NotImplementedError" for o in cell.get("outputs", []))
            unparsed = next(((cell.source, o) for o in cell.get("outputs", []) if o.get("ename") in SYNTAX_ENAMES),
                            unparsed)
            continue
        if not is_test(cell):
            continue
        gid = grade_id(cell)
        verdict = run.verdicts.get(index)
        if verdict is None:
            reasons[gid] = _not_reached(run)
            _fail(cell, reasons[gid])
        elif stopped_answer is not None:
            reasons[gid] = (f"Ô trả lời phía trên chạy quá {cell_timeout} giây và bị dừng (có thể có vòng lặp "
                            "không dừng), nên câu này không được tính điểm.")
            _fail(cell, reasons[gid])
        elif not verdict.passed and verdict.ename == "NameError" and unparsed is not None and not unanswered:
            reasons[gid] = unparsed_answer_reason(*unparsed, verdict.missing)
        elif not verdict.passed:
            reasons[gid] = "Chưa làm câu này." if unanswered else verdict.reason
        stopped_answer, unanswered = None, False
    return reasons
