"""Grading a workshop: parallel, confined autograding through nbgrader, feedback, class report."""

from .run import GradeError, Grader, Options, Result

__all__ = ["GradeError", "Grader", "Options", "Result"]
