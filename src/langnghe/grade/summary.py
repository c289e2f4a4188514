"""The table printed at the end of a grading run."""

from __future__ import annotations

from ..fmt import diem
from .run import Result


def table(results: list[Result]) -> str:
    width = max([len("Học viên")] + [len(r.student) for r in results])
    lines = [f"{'Học viên':<{width}}  {'Điểm':>9}  Vấn đề", "-" * (width + 40)]
    for r in results:
        problems = list(r.problems)
        failed = len(r.question_reasons)
        if failed:
            problems.append(f"{failed} câu chưa đạt")
        if r.tampering:
            problems.insert(0, f"⚠ {r.tampering}")
        lines.append(f"{r.student:<{width}}  {diem(r.score):>4}/{diem(r.max_score):<4}  {'; '.join(problems)}")
    return "\n".join(lines)
