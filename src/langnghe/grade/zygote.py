"""A kernel fork server: imports the heavy libraries once, then forks one kernel per submission.

Starting a Python kernel and importing pandas and matplotlib costs about a second of CPU
per submission; forking a process that has done it already costs a few milliseconds, so
grading time is the trainee's own code. The server reads one JSON request per line on
stdin and answers one JSON line on stdout:

    {"connection_file": ..., "cwd": ..., "env": {...}, "sandbox": {...}, "owned": [...]}
    -> {"pid": 1234}

It must stay single-threaded (fork); BLAS libraries are told to use one thread.
"""

from __future__ import annotations

import json
import os
import signal
import sys

# Libraries every lesson and assignment imports; a module missing here is simply not preloaded.
PRELOAD = [
    "ipykernel.kernelapp", "ipykernel.ipkernel", "IPython", "numpy", "pandas", "matplotlib",
    "matplotlib.figure", "matplotlib_inline.backend_inline", "langnghe", "langnghe.charts",
]


def _reap(*_):
    """Collect finished kernels so their pids disappear (the grader polls them with kill 0)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _child(request: dict) -> None:
    """In the forked child: confine, then become an IPython kernel. Never returns."""
    from .sandbox import Limits, Sandbox, enter

    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        devnull = os.open(os.devnull, os.O_RDWR)
        log = os.open(os.path.join(request["runtime"], "kernel.log"), os.O_WRONLY | os.O_APPEND)
        os.dup2(devnull, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        spec = request.get("sandbox", {})
        sandbox = Sandbox(uid=spec.get("uid"), gid=spec.get("gid"), no_network=spec.get("no_network", True),
                          limits=Limits(**spec.get("limits", {})))
        missing = enter(sandbox, request["runtime"])
        if missing:
            print("Không áp dụng được:", ", ".join(missing), flush=True)
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
    except BaseException:  # noqa: BLE001 - the reason goes to kernel.log for the instructor
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
    finally:
        os._exit(0)


def serve() -> None:
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - preloading is an optimisation only
            pass
    signal.signal(signal.SIGCHLD, _reap)
    out = sys.stdout
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        request = json.loads(line)
        out.flush()
        pid = os.fork()
        if pid == 0:
            _child(request)
        out.write(json.dumps({"pid": pid}) + "\n")
        out.flush()


if __name__ == "__main__":
    serve()
