"""Benchmark: from the self-study zip to an open lesson, as a learner on Linux gets there.

    .venv/bin/python benchmarks/bundle_install.py [ZIP]   (default: build one with `langnghe bundle`)

Prints the zip's size, then the seconds for: unzip; `sh bat-dau.sh` on first run (fresh
venv + pip install from the bundle's requirements and wheel, then JupyterLab) until the server
answers on 127.0.0.1; opening the first lesson (its kernel answers and has run the set-up cell); and a
second launch, already installed. pip reads its cache and package index as configured on this
machine, so the first-run figure depends on the network and on what the cache already holds.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
import zipfile
from pathlib import Path

from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TOKEN = "do-toc-do"
LESSON = "lessons/00-lam-quen/00.1-chay-o-lenh.ipynb"


def learner_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "MPLCONFIGDIR", "IPYTHONDIR", "VIRTUAL_ENV", "PYTHON", "LANGNGHE"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if Path(p) != BIN)
    return {**env, "JUPYTER_TOKEN": TOKEN}


def call(port: int, path: str, body: dict | None = None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", method="POST" if body is not None else "GET",
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read().decode("utf-8"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(folder: Path, log: Path) -> tuple[subprocess.Popen, int, float]:
    """Run bat-dau.sh; return it, its port and the seconds until JupyterLab answers."""
    port, started = free_port(), time.monotonic()
    with open(log, "a") as out:
        process = subprocess.Popen(["sh", "bat-dau.sh", "--no-browser", "--port", str(port)], cwd=folder,
                                   env=learner_env(), stdout=out, stderr=subprocess.STDOUT)
    while True:
        try:
            call(port, "/api/status")
            return process, port, time.monotonic() - started
        except OSError:
            if process.poll() is not None or time.monotonic() - started > 900:
                sys.exit(f"bat-dau.sh stopped:\n{log.read_text()}")
            time.sleep(0.25)


def open_lesson(port: int, folder: Path) -> float:
    """Seconds until a kernel for the first lesson answers and has run the lesson's set-up cell
    (imports of pandas, matplotlib, langnghe), as opening the lesson and pressing Shift+Enter does.
    The kernel is driven over its websocket: without a client, it never leaves "starting"."""
    started = time.monotonic()
    session = call(port, "/api/sessions", {"path": LESSON, "type": "notebook", "name": Path(LESSON).name,
                                           "kernel": {"name": "python3"}})
    setup = next(c for c in json.loads((folder / LESSON).read_text(encoding="utf-8"))["cells"]
                 if c["cell_type"] == "code")
    url = f"ws://127.0.0.1:{port}/api/kernels/{session['kernel']['id']}/channels?token={TOKEN}"
    asyncio.run(run_in_kernel(url, "".join(setup["source"])))
    return time.monotonic() - started


async def run_in_kernel(url: str, code: str, timeout: float = 180) -> None:
    socket = await websocket_connect(url)

    async def reply(msg_type: str, content: dict) -> dict:
        msg_id = uuid.uuid4().hex
        socket.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": "", "session": uuid.uuid4().hex,
                       "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell"}))
        while True:
            message = json.loads(await asyncio.wait_for(socket.read_message(), timeout))
            if message.get("parent_header", {}).get("msg_id") == msg_id and message["channel"] == "shell":
                return message["content"]

    await reply("kernel_info_request", {})
    done = await reply("execute_request", {"code": code, "silent": False, "store_history": True,
                                           "user_expressions": {}, "allow_stdin": False})
    socket.close()
    if done["status"] != "ok":
        sys.exit(f"the lesson's set-up cell failed: {done.get('ename')}: {done.get('evalue')}")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="langnghe-do-") as tmp:
        tmp = Path(tmp)
        if len(sys.argv) > 1:
            bundle = Path(sys.argv[1])
        else:
            subprocess.run([BIN / "langnghe", "bundle", "--output", tmp / "dist"], cwd=ROOT, check=True)
            (bundle,) = (tmp / "dist").glob("*.zip")
        print(f"zip: {bundle.name}, {bundle.stat().st_size / 1e6:.2f} MB")

        started = time.monotonic()
        with zipfile.ZipFile(bundle) as zf:
            zf.extractall(tmp / "giai-nen")
        (folder,) = (tmp / "giai-nen").iterdir()
        unzip = time.monotonic() - started
        print(f"unzip: {unzip:.1f} s")

        log = tmp / "bat-dau.log"
        process, port, first = launch(folder, log)
        try:
            lesson = open_lesson(port, folder)
        finally:
            stop(process)
        print(f"first run, bat-dau.sh until JupyterLab answers (venv + pip install + launch): {first:.1f} s")
        print(f"open the first lesson (kernel answers, set-up cell run): {lesson:.1f} s")
        print(f"unzip to an open lesson: {unzip + first + lesson:.1f} s")

        process, port, again = launch(folder, log)
        try:
            lesson_again = open_lesson(port, folder)
        finally:
            stop(process)
        print(f"later runs, bat-dau.sh until JupyterLab answers: {again:.1f} s; lesson open: {lesson_again:.1f} s")
        venv_mb = sum(p.stat().st_size for p in (folder / ".venv").rglob("*") if p.is_file()) / 1e6
        print(f".venv after install: {venv_mb:.0f} MB")


if __name__ == "__main__":
    main()
