"""A kernel fork server: imports the heavy libraries once, then forks one kernel per submission.

Starting a Python kernel and importing pandas and matplotlib costs about a second of CPU
per submission; forking a process that has done it already costs a few milliseconds, so
grading time is the trainee's own code. The server reads one JSON request per line on
stdin and answers one JSON line on stdout:

    {"kind": "kernel"|"probe", "sandbox": {...}, "root": ..., "log": ..., "cwd": ..., "env": {...},
     "connection_file": ... | "probe": {"must_read": [...], "must_not_see": [...], "result": ...}}
    -> {"pid": 1234}     (the kernel's pid; null when the child could not start, see the log)

It must stay single-threaded (fork, and unshare of a user namespace); BLAS libraries are
told to use one thread. It is the subreaper of the kernels it starts.
"""

from __future__ import annotations

import json
import os
import signal
import sys

# Libraries every lesson and assignment imports; a module missing here is simply not preloaded.
PRELOAD = [
    "ipykernel.kernelapp", "ipykernel.ipkernel", "IPython", "numpy", "pandas", "matplotlib",
    "matplotlib.figure", "matplotlib_inline.backend_inline", "langnghe", "langnghe.bieu_do",
    "langnghe.judge.agent",
]


def _reap(*_):
    """Collect finished children so their pids disappear (the grader polls them with kill 0)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _become_kernel(request: dict) -> None:
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.path.insert(0, "")  # like ipykernel_launcher: the notebook's folder is importable
    sys.argv = ["ipykernel_launcher", "-f", request["connection_file"],
                "--InteractiveShell.xmode=Minimal", "--IPKernelApp.log_level=ERROR",
                "--HistoryManager.enabled=False"]  # no history database to create per kernel
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(sys.argv[1:])
    app.start()


def _child(request: dict, report_fd: int) -> None:
    """In the forked child: confine, then become an IPython kernel (or run the probe). Never returns."""
    from .sandbox import Sandbox, confine, probe_inside

    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        devnull = os.open(os.devnull, os.O_RDWR)
        log = os.open(request["log"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.dup2(devnull, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(devnull)
        os.close(log)
        sandbox = Sandbox.from_json(request["sandbox"])
        confine(sandbox, request["root"], report_fd)
        os.close(report_fd)
        if request["kind"] == "probe":
            probe = request["probe"]
            result = probe_inside(sandbox, probe["must_read"], probe["must_not_see"])
            with open(probe["result"], "w", encoding="utf-8") as f:
                json.dump(result, f)
        else:
            _become_kernel(request)
    except BaseException:  # noqa: BLE001 - the reason goes to the log for the instructor
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
    finally:
        os._exit(0)


def _start(request: dict) -> int | None:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(request, write_fd)
    os.close(write_fd)
    answer = b""
    while not answer.endswith(b"\n"):
        chunk = os.read(read_fd, 64)
        if not chunk:
            break
        answer += chunk
    os.close(read_fd)
    return int(answer) if answer.strip() else None


def serve() -> None:
    import importlib

    from .sandbox import become_subreaper

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - preloading is an optimisation only
            pass
    become_subreaper()
    signal.signal(signal.SIGCHLD, _reap)
    out = sys.stdout
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        out.write(json.dumps({"pid": _start(json.loads(line))}) + "\n")
        out.flush()


if __name__ == "__main__":
    serve()
