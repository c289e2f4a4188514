"""Kernels for grading: forked from the fork server, one per submission, then killed.

`ForkedKernel` is the small part of jupyter_client's KernelManager that nbclient uses
(alive? interrupt, shut down), for a kernel process the fork server started.
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
from dataclasses import asdict
from pathlib import Path

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.connect import write_connection_file

from .sandbox import Sandbox

# BLAS thread pools would make fork unsafe and oversubscribe the cores we parallelise over.
SINGLE_THREADED = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}


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

    async def _wait_ready(self) -> None:
        line = await asyncio.get_running_loop().run_in_executor(None, self.process.stdout.readline)
        if not json.loads(line or "{}").get("ready"):
            raise RuntimeError("Không khởi động được tiến trình tạo kernel để chấm bài.")
        self._ready = True

    async def fork(self, request: dict) -> int:
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:  # one request at a time on the pipe
            if not self._ready:
                await self._wait_ready()
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            answer = await asyncio.get_running_loop().run_in_executor(None, self.process.stdout.readline)
        return json.loads(answer)["pid"]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.matplotlib_dir, ignore_errors=True)


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
        try:
            os.killpg(self.pid, signal.SIGKILL)  # the kernel and anything it started
        except ProcessLookupError:
            pass

    def cleanup_resources(self, restart: bool = False) -> None:
        pass


async def start_kernel(server: ForkServer, runtime: Path, workdir: Path, env: dict[str, str],
                       sandbox: Sandbox, ready_timeout: float = 60) -> tuple[ForkedKernel, AsyncKernelClient]:
    """Fork a kernel working in `workdir`, talking over Unix sockets in `runtime` (no network needed)."""
    connection_file = runtime / "kernel.json"
    write_connection_file(str(connection_file), transport="ipc", ip=str(runtime / "k"),
                          key=secrets.token_hex(16).encode())
    (runtime / "kernel.log").touch()
    if sandbox.uid is not None and os.geteuid() == 0:
        gid = sandbox.gid if sandbox.gid is not None else sandbox.uid
        for path in (runtime, *runtime.rglob("*")):
            os.chown(path, sandbox.uid, gid, follow_symlinks=False)
    request = {"connection_file": str(connection_file), "cwd": str(workdir), "runtime": str(runtime), "env": env,
               "sandbox": {"uid": sandbox.uid, "gid": sandbox.gid, "no_network": sandbox.no_network,
                           "limits": asdict(sandbox.limits)}}
    kernel = ForkedKernel(await server.fork(request))
    client = AsyncKernelClient(connection_file=str(connection_file))
    client.load_connection_file()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=ready_timeout)
    except Exception:
        client.stop_channels()
        kernel.shutdown_kernel()
        raise
    return kernel, client
