"""Kernels for grading: forked from the fork server, one per submission, confined, then killed.

`ForkedKernel` is the small part of jupyter_client's KernelManager that nbclient uses
(alive? interrupt, shut down), for a kernel process the fork server started. With
confinement the kernel is PID 1 of its own PID namespace: killing it ends every process
the submission started.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import zmq
import zmq.asyncio
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.connect import write_connection_file

from ..judge.wire import REPLY_LIMIT
from .sandbox import Sandbox

# BLAS thread pools would make fork unsafe and oversubscribe the cores we parallelise over.
SINGLE_THREADED = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}


class KernelStartError(RuntimeError):
    """The kernel process ended before it was ready (the log says why)."""


@dataclass
class Runtime:
    """A kernel's scratch folder: `work` (the submission's working copy, its cwd and HOME),
    `kernel` (connection file, sockets, log), `root` (where its new root is mounted)."""

    top: Path

    @classmethod
    def create(cls) -> "Runtime":
        runtime = cls(Path(tempfile.mkdtemp(prefix="lg-")))
        for part in (runtime.work, runtime.kernel, runtime.root):
            part.mkdir()
        return runtime

    @property
    def work(self) -> Path:
        return self.top / "work"

    @property
    def kernel(self) -> Path:
        return self.top / "kernel"

    @property
    def root(self) -> Path:
        return self.top / "root"

    @property
    def log(self) -> Path:
        return self.kernel / "kernel.log"

    def hand_to(self, sandbox: Sandbox) -> None:
        """The working copy and the kernel's folder belong to the sandbox's uid (as root)."""
        if sandbox.uid is None or os.geteuid() != 0:
            return
        gid = sandbox.gid if sandbox.gid is not None else sandbox.uid
        for part in (self.work, self.kernel):
            for path in (part, *part.rglob("*")):
                os.chown(path, sandbox.uid, gid, follow_symlinks=False)

    def log_tail(self, lines: int = 3) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            return ""
        return " | ".join(text[-lines:])

    def remove(self) -> None:
        shutil.rmtree(self.top, ignore_errors=True)


class ForkServer:
    """The fork server process, started once per grading run."""

    def __init__(self, env: dict[str, str]):
        """Start loading the libraries now; `fork` waits for them the first time."""
        # matplotlib fixes its config folder when the server imports it; a sandboxed kernel
        # must be able to look in it (the grader's own, say under /root, is closed to it).
        self.matplotlib_dir = tempfile.mkdtemp(prefix="langnghe-matplotlib-")
        os.chmod(self.matplotlib_dir, 0o755)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "langnghe.grade.zygote"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            env={**env, **SINGLE_THREADED, "MPLCONFIGDIR": self.matplotlib_dir}, text=True, bufsize=1,
        )
        self._lock: asyncio.Lock | None = None
        self._ready = False

    def _wait_ready(self) -> None:
        line = self.process.stdout.readline()
        if not json.loads(line or "{}").get("ready"):
            raise RuntimeError("Không khởi động được tiến trình tạo kernel để chấm bài.")
        self._ready = True

    def fork_now(self, request: dict) -> int | None:
        """Blocking: the pid of the started child, or None when it could not start."""
        if not self._ready:
            self._wait_ready()
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline() or '{"pid": null}')["pid"]

    async def fork(self, request: dict) -> int | None:
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:  # one request at a time on the pipe
            return await asyncio.get_running_loop().run_in_executor(None, self.fork_now, request)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.matplotlib_dir, ignore_errors=True)


def _request(kind: str, runtime: Runtime, sandbox: Sandbox, **extra) -> dict:
    spec = sandbox.to_json()
    spec["writable"] = [*spec["writable"], str(runtime.work), str(runtime.kernel)]
    return {"kind": kind, "sandbox": spec, "root": str(runtime.root), "log": str(runtime.log),
            "cwd": str(runtime.work), **extra}


class ForkedKernel:
    """What nbclient needs from a kernel manager, for a forked kernel process."""

    has_kernel = True

    def __init__(self, pid: int):
        self.pid = pid

    def is_alive(self) -> bool:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def interrupt_kernel(self) -> None:
        if self.is_alive():
            os.kill(self.pid, signal.SIGINT)

    def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        """Kill it and everything it started, and wait until they are gone (the uid is reused)."""
        for kill in (os.kill, os.killpg):  # its PID namespace dies with it; without one, its group
            try:
                kill(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        deadline = time.monotonic() + 10
        while self.is_alive() and time.monotonic() < deadline:
            time.sleep(0.005)

    def cleanup_resources(self, restart: bool = False) -> None:
        pass


def _context():
    """One ZeroMQ context for the grader's clients: a kernel that sends a message larger than
    REPLY_LIMIT is disconnected instead of filling the grader's memory."""
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = zmq.asyncio.Context()
        _CONTEXT.setsockopt(zmq.MAXMSGSIZE, REPLY_LIMIT)
    return _CONTEXT


_CONTEXT = None


async def start_kernel(server: ForkServer, runtime: Runtime, env: dict[str, str], sandbox: Sandbox,
                       ready_timeout: float = 60) -> tuple[ForkedKernel, AsyncKernelClient, dict]:
    """Fork a kernel working in `runtime.work`, talking over Unix sockets in `runtime.kernel`.

    Returns the kernel, a connected client and the connection info, kept in memory: the
    kernel can rewrite its connection file, so nothing is read back from it.
    """
    connection_file = runtime.kernel / "kernel.json"
    _, info = write_connection_file(str(connection_file), transport="ipc", ip=str(runtime.kernel / "k"),
                                    key=secrets.token_hex(16).encode())
    runtime.hand_to(sandbox)
    pid = await server.fork(_request("kernel", runtime, sandbox, env=env, connection_file=str(connection_file)))
    if pid is None:
        raise KernelStartError(runtime.log_tail())
    kernel = ForkedKernel(pid)
    client = AsyncKernelClient(context=_context())
    client.load_connection_info(info)
    client.start_channels()
    ready = asyncio.ensure_future(client.wait_for_ready(timeout=ready_timeout))
    try:
        while not ready.done():  # a kernel that dies while starting says why in its log
            await asyncio.wait([ready], timeout=0.2)
            if not ready.done() and not kernel.is_alive():
                ready.cancel()
                raise KernelStartError(runtime.log_tail())
        ready.result()
    except BaseException:
        client.stop_channels()
        kernel.shutdown_kernel()
        raise
    return kernel, client, info


def probe(server: ForkServer, sandbox: Sandbox, must_read: list[str], must_not_see: list[str]) -> dict | None:
    """What a confined child can reach, from inside; None when no confined child could start."""
    runtime = Runtime.create()
    try:
        result = runtime.kernel / "probe.json"
        runtime.hand_to(sandbox)
        pid = server.fork_now(_request("probe", runtime, sandbox, env={}, probe={
            "must_read": must_read, "must_not_see": must_not_see, "result": str(result)}))
        if pid is not None:
            child, deadline = ForkedKernel(pid), time.monotonic() + 20
            while child.is_alive() and time.monotonic() < deadline:  # it ends by itself in milliseconds
                time.sleep(0.01)
            child.shutdown_kernel()
        try:
            return json.loads(result.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"error": runtime.log_tail() or "không rõ lý do"}
    finally:
        runtime.remove()
