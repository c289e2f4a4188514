"""The table printed at the end of a grading run."""

from __future__ import annotations

from .run import Result


def _points(x: float) -> str:
    return f"{x:g}".replace(".", ",")


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
        lines.append(f"{r.student:<{width}}  {_points(r.score):>4}/{_points(r.max_score):<4}  {'; '.join(problems)}")
    return "\n".join(lines)
