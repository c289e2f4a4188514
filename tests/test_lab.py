"""`langnghe lab` (what `make course` runs): JupyterLab on 127.0.0.1, in Vietnamese, state under the project."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

import psutil
import pytest

from conftest import BIN, ROOT

TOKEN = "kiem-thu-langnghe"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str):
    url = f"http://127.0.0.1:{port}{path}"
    request = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


@pytest.fixture(scope="module")
def lab():
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "MPLCONFIGDIR"))}
    env["JUPYTER_TOKEN"] = TOKEN
    process = subprocess.Popen([BIN / "langnghe", "lab", "--no-browser", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            get(port, "/api/status")
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stdout.read())
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("JupyterLab không khởi động trong 60 giây")
    yield port, process
    process.send_signal(signal.SIGINT)
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def effective_setting(port: int, plugin: str, key: str):
    """What JupyterLab applies: the user's value, else the default (where overrides.json lands)."""
    _, body = get(port, f"/lab/api/settings/{plugin}")
    data = json.loads(body)
    return data["settings"].get(key, data["schema"]["properties"][key].get("default"))


def test_interface_is_vietnamese(lab):
    port, _ = lab
    assert effective_setting(port, "@jupyterlab/translation-extension:plugin", "locale") == "vi_VN"
    _, body = get(port, "/lab/api/translations/vi_VN")
    assert json.loads(body)["data"], "gói ngôn ngữ vi_VN chưa được cài"


def test_code_font_has_every_vietnamese_letter(lab):
    port, _ = lab
    font = effective_setting(port, "@jupyterlab/apputils-extension:themes", "overrides")["code-font-family"]
    assert font.startswith("'Noto Mono'")


def test_start_page_is_served(lab):
    port, _ = lab
    status, body = get(port, "/api/contents/BAT-DAU.ipynb")
    first_cell = json.loads(body)["content"]["cells"][0]["source"]
    assert status == 200 and "Khóa học dữ liệu cho cơ sở làng nghề" in first_cell


def test_listens_on_loopback_only(lab):
    port, process = lab
    addresses = {c.laddr.ip for c in psutil.Process(process.pid).net_connections(kind="inet")
                 if c.status == psutil.CONN_LISTEN}
    assert addresses == {"127.0.0.1"}


def test_jupyter_state_stays_in_the_project(lab):
    _, process = lab
    runtime = ROOT / ".jupyter" / "runtime"
    assert any(runtime.glob(f"jpserver-{process.pid}.json"))
