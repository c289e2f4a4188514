"""Grading a workshop: parallel, confined autograding through nbgrader, feedback, class report.

`run` holds the grader (Grader, Options, Result, GradeError). Nothing is imported here: the
kernels' fork server runs `langnghe.grade.zygote` and must not load nbgrader for them.
"""
