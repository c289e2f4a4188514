"""Starting and stopping a workshop's JupyterHub (which starts and stops its proxy)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from ..course import tool_environment
from .workshop import Workshop, WorkshopError, secure

START_TIMEOUT = 90


def _hub_command(ws: Workshop) -> list[str]:
    python = Path(ws.settings()["python"])
    return [str(python.parent / "jupyterhub"), "-f", str(ws.config_file)]


# What trainees' servers (and the proxy) need of the course's source tree when the course runs from
# a clone: its Python environment, the package, the datasets and the proxy. Never solutions/ (the
# hidden tests), .git/ (their history), build/ (bundles and keys) or an author's gradebook.
SOURCE_KEPT_FOR_SERVERS = {".venv", "src", "datasets", "node_modules"}


def source_tree() -> Path | None:
    """The clone the course package runs from, when it does (an editable install): the folder that
    holds solutions/ beside src/."""
    import langnghe

    repo = Path(langnghe.__file__).resolve().parents[2]
    return repo if (repo / "solutions").is_dir() and (repo / "src").is_dir() else None


def open_python_to_servers() -> None:
    """Trainees' servers are the hub's children: in the hub's own mount namespace, let them reach
    this Python even when it lies under a folder closed to other users (a clone under /root), and
    hide from them everything of the course's source tree but what they run."""
    from ..grade.sandbox import blocked_ancestors, cover, open_python_to, private_mounts, python_paths

    if os.geteuid() != 0:
        return
    scratch = tempfile.mkdtemp(prefix="langnghe-python-")
    if blocked_ancestors(python_paths()):
        open_python_to(python_paths(), scratch)
    else:
        private_mounts()
    repo = source_tree()
    if repo is not None:
        cover(str(repo), SOURCE_KEPT_FOR_SERVERS, scratch)


def _prepare_hub_process(real: bool) -> None:
    """In the hub's process, before it starts: on a server, what it writes (its database, pid
    files, logs) is its own only, and trainees' servers can reach this Python."""
    if real:
        os.umask(0o077)
        open_python_to_servers()


def _pid(ws: Workshop) -> int | None:
    path = ws.root / "jupyterhub.pid"
    try:
        pid = int(path.read_text().strip())
        os.kill(pid, 0)
        return pid
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)  # reap it when we are its parent (tests, demo)
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def is_running(ws: Workshop) -> bool:
    return _pid(ws) is not None


def _port_free(ip: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((ip if ip not in ("", "0.0.0.0") else "0.0.0.0", port))
            return True
        except OSError:
            return False


def _healthy(ws: Workshop) -> bool:
    try:
        with urllib.request.urlopen(f"{ws.url}/hub/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def start(ws: Workshop, foreground: bool = False) -> str:
    """Start the hub; in the background unless `foreground` (as systemd wants). Returns the URL."""
    s = ws.settings()
    if is_running(ws):
        raise WorkshopError(f"Hub của hội thảo này đang chạy ({ws.url}). Dừng bằng: langnghe hub stop --dir {ws.root}")
    for port in (s["port"], s["port"] + 1, s["port"] + 2, s["port"] + 3):
        if not _port_free(s["ip"], port):
            raise WorkshopError(
                f"Cổng {port} đang bận (hub cần các cổng {s['port']}–{s['port'] + 3}). "
                f"Dừng chương trình đang dùng cổng đó, hoặc tạo lại hội thảo với --port khác.")
    env = {**tool_environment(), "PYTHONUNBUFFERED": "1"}
    real = s["che_do"] == "may_chu"
    if real:
        secure(ws)  # also after an upgrade, or files an instructor copied in by hand
    if foreground:
        os.chdir(ws.root)
        _prepare_hub_process(real)
        os.execve(_hub_command(ws)[0], _hub_command(ws), env)
    ws.logs.mkdir(exist_ok=True)
    log = open(ws.logs / "hub.log", "ab")
    process = subprocess.Popen(_hub_command(ws), cwd=ws.root, env=env, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True,
                               preexec_fn=lambda: _prepare_hub_process(real))
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise WorkshopError(f"Hub dừng ngay khi khởi động; xem nhật ký {ws.logs / 'hub.log'}.")
        if _healthy(ws):
            return ws.url
        time.sleep(0.3)
    process.terminate()
    raise WorkshopError(f"Hub chưa sẵn sàng sau {START_TIMEOUT} giây; xem nhật ký {ws.logs / 'hub.log'}.")


def stop(ws: Workshop, timeout: float = 60) -> bool:
    """Stop the hub, its proxy and every trainee's server. False if it was not running."""
    pid = _pid(ws)
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)  # JupyterHub stops the servers and the proxy on SIGTERM
    deadline = time.monotonic() + timeout
    # Wait for the process itself, not its pid file: the hub removes that before it has let go
    # of its ports, and a start right after would find them busy.
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.2)
    if _alive(pid):
        os.killpg(pid, signal.SIGKILL)
        (ws.root / "jupyterhub.pid").unlink(missing_ok=True)
    return True
