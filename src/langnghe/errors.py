"""Problems a person can fix, and the exit codes of the `langnghe` command.

Every verb lets a CourseError through to `cli.main`, which prints its message alone (Vietnamese,
saying what to do next, no traceback) and exits with the error's code. Anything else is a bug in
the course's code and keeps its traceback.
"""

EXIT_OK = 0
EXIT_FOUND_PROBLEMS = 1  # the verb ran and found the course not as it should be (a --check, a lesson)
EXIT_CANNOT_RUN = 2  # the verb could not do its work: wrong folder, bad input, missing tool
EXIT_INTERRUPTED = 130  # Ctrl+C, as shells report it


class CourseError(Exception):
    """A problem the person can fix; the message says in Vietnamese what to do."""

    exit_code = EXIT_CANNOT_RUN


class CourseNotFound(CourseError, FileNotFoundError):
    """No course folder where the command was run."""
