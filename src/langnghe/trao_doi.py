"""The class exchange for the "Bài tập" panel, in a short-lived child process.

nbgrader's own assignment-list manager (the AssignmentList of its assignment_list server
extension: list, fetch, submit, fetch feedback) runs in `python -m langnghe.trao_doi`, not in
the trainee's server: importing nbgrader costs a server about 45 MB of its own memory (USS), for
what she does a few times a workshop, and its handlers would block the server while they copy.
The answers are nbgrader's, as its handlers give them: {"success": ..., "value": ...}.

    python -m langnghe.trao_doi list COURSE
    python -m langnghe.trao_doi fetch|submit|fetch_feedback COURSE ASSIGNMENT

run from the server's root folder, as the server's user, with the server's environment (so
nbgrader reads the same configuration: the hub's trainee config names the exchange).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from pathlib import Path

ACTIONS = ("list", "fetch", "submit", "fetch_feedback")
TIMEOUT = 120  # seconds; a fetch or a submission copies a few files
FAILED = ("Máy chủ của lớp chưa trả lời được yêu cầu này. Hãy thử lại sau ít phút; "
          "nếu vẫn không được, báo giảng viên.")


def answer(action: str, course_id: str, assignment_id: str | None, root: str) -> dict:
    """What nbgrader's AssignmentActionHandler answers: the list after the action, or the failure."""
    from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

    manager = AssignmentList()
    manager.root_dir = root
    if action == "fetch":
        manager.fetch_assignment(course_id, assignment_id)
    elif action == "submit":
        output = manager.submit_assignment(course_id, assignment_id)
        if not output["success"]:
            return output
    elif action == "fetch_feedback":
        manager.fetch_feedback(course_id, assignment_id)
    return manager.list_assignments(course_id=course_id)


async def run(action: str, course_id: str, assignment_id: str | None, root: Path,
              timeout: float = TIMEOUT) -> dict:
    """The action in a child process of this Python, from `root`; a failure of the child is an answer
    with success False and a Vietnamese message (nbgrader's own message kept for the log)."""
    if action not in ACTIONS or (action != "list") != bool(assignment_id):
        raise ValueError(f"{action} {assignment_id}")
    args = [sys.executable, "-m", "langnghe.trao_doi", action, course_id, *([assignment_id] if assignment_id else [])]
    child = await asyncio.create_subprocess_exec(*args, cwd=root, stdout=asyncio.subprocess.PIPE,
                                                 stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(child.communicate(), timeout)
    except asyncio.TimeoutError:
        child.kill()
        await child.wait()
        return {"success": False, "value": FAILED, "log": f"quá {timeout:g} giây"}
    if child.returncode != 0:
        return {"success": False, "value": FAILED, "log": err.decode("utf-8", "replace")[-2000:]}
    result = json.loads(out)
    if not result.get("success"):  # nbgrader's own reason is English, for the instructor's log
        return {"success": False, "value": FAILED, "log": str(result.get("value", ""))}
    return result


def main(argv: list[str]) -> int:
    action, course_id, *rest = argv
    if action not in ACTIONS:
        raise SystemExit(f"không có việc {action!r}: {', '.join(ACTIONS)}")
    with contextlib.redirect_stdout(sys.stderr):  # stdout carries the answer only
        result = answer(action, course_id, rest[0] if rest else None, str(Path.cwd()))
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
