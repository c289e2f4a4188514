"""A real workshop hub for the hub tests, and an HTTP client that logs in like a trainee.

The hub is the real one: JupyterHub with configurable-http-proxy from node_modules/, one
Unix account per person (so these tests need root), on 127.0.0.1 only.
"""

from __future__ import annotations

import csv
import os
import random
import re
import shutil
import socket
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from langnghe.hub import process
from langnghe.hub.workshop import Workshop, WorkshopError, create, remove_accounts

ROOT = Path(__file__).resolve().parents[1]
COURSE_ID = "langnghe"
PASSWORD = "mat-khau-1"


def needs_root():
    if os.geteuid() != 0:
        pytest.skip("a real workshop creates one Unix account per person: needs root")


def free_port_block(size: int = 4) -> int:
    """A port p with p .. p+size-1 all free on 127.0.0.1."""
    for _ in range(200):
        base = random.randrange(20000, 60000 - size)
        try:
            for port in range(base, base + size):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
    raise RuntimeError("no free ports")


def write_roster(path: Path, names: list[tuple[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Họ tên", "Vai trò"])
        writer.writerows(names)
    return path


def remove_stale_test_accounts() -> None:
    """Accounts and folders left by a test run killed before its teardown: old, and their hub is not running."""
    import pwd
    import subprocess

    for folder in Path(tempfile.gettempdir()).glob("langnghe-hub-*"):
        if time.time() - folder.stat().st_mtime < 600:  # maybe another test run setting up its hub right now
            continue
        if (folder / "hoi-thao").is_dir() and not process.is_running(Workshop(folder / "hoi-thao")):
            for account in pwd.getpwall():
                if account.pw_dir.startswith(str(folder) + os.sep):
                    subprocess.run(["userdel", account.pw_name], check=False, capture_output=True)
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def running_workshop(names: list[tuple[str, str]], assignments=("bt01",)):
    """Create a workshop for `names` (full name, role), release `assignments`, start the hub."""
    needs_root()
    from langnghe.hub import instructor

    remove_stale_test_accounts()
    folder = Path(tempfile.mkdtemp(prefix="langnghe-hub-"))
    os.chmod(folder, 0o755)  # trainees' servers must reach the exchange and the Python inside
    try:
        roster = write_roster(folder / "danh-sach.csv", names)
        try:
            ws = create(roster, folder / "hoi-thao", ip="127.0.0.1", port=free_port_block(),
                        home_base=folder / "hoi-thao" / "nha", source=ROOT)
        except WorkshopError as err:
            pytest.fail(str(err))
        for name in assignments:
            instructor.assign(ws, name)
        process.start(ws)
        yield ws
    finally:
        partial = Workshop(folder / "hoi-thao")
        if partial.settings_file.is_file():  # also when create failed half-way
            process.stop(partial)
            remove_accounts(partial)
        shutil.rmtree(folder, ignore_errors=True)


def login_code(ws: Workshop, name: str) -> str | None:
    """The person's one-time code as printed on their card, while unused."""
    from langnghe.hub.auth import LoginCodes, show_code

    code = LoginCodes(ws.codes_file).pending().get(name)
    return show_code(code) if code else None


def username(ws: Workshop, full_name: str) -> str:
    return next(p.username for p in ws.people() if p.full_name == full_name)


class Trainee:
    """One person in a browser-less session: the hub's login form, then the server's API."""

    def __init__(self, ws: Workshop, name: str, password: str = PASSWORD):
        self.ws, self.name, self.password = ws, name, password
        self.http = requests.Session()
        # The hub's pages are UTF-8 but do not all say so in their headers.
        self.http.hooks["response"].append(lambda r, *args, **kwargs: setattr(r, "encoding", "utf-8"))

    def login(self, **fields) -> requests.Response:
        """The login form: the first time the person's one-time code and a new password, then the password."""
        page = self.http.get(f"{self.ws.url}/hub/login")
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)
        code = login_code(self.ws, self.name)
        data = {"username": self.name, "_xsrf": xsrf, "password": self.password}
        if code is not None:
            data.update(password=code, mat_khau_moi=self.password, mat_khau_moi_2=self.password)
        data.update(fields)
        return self.http.post(f"{self.ws.url}/hub/login", data=data)

    def start_server(self, timeout: float = 240) -> None:
        """What the browser does after login: ask for the server, wait, open JupyterLab."""
        self.http.get(f"{self.ws.url}/hub/spawn/{self.name}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            info = self.http.get(f"{self.ws.url}/hub/api/users/{self.name}",
                                 headers={"X-XSRFToken": self.http.cookies.get("_xsrf", path="/hub/")}).json()
            server = info.get("servers", {}).get("")
            if server and server.get("ready"):
                lab = self.http.get(f"{self.server}/lab")  # the OAuth round trip sets the server's cookie
                assert lab.status_code == 200, lab.status_code
                return
            time.sleep(0.5)
        raise TimeoutError(f"{self.name}: server not ready after {timeout} s")

    @property
    def server(self) -> str:
        return f"{self.ws.url}/user/{self.name}"

    def _xsrf(self) -> dict:
        return {"X-XSRFToken": self.http.cookies.get("_xsrf", path=f"/user/{self.name}/")}

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.http.request(method, f"{self.server}/{path.lstrip('/')}", headers=self._xsrf(), **kwargs)

    def assignments(self, action: str | None = None, assignment: str | None = None):
        """The class's assignments, through the Bài tập panel's exchange (nbgrader's answers)."""
        if action is None:
            response = self.api("GET", "langnghe/trao-doi", params={"course_id": COURSE_ID})
        else:
            response = self.api("POST", f"langnghe/trao-doi/{action}",
                                json={"course_id": COURSE_ID, "assignment_id": assignment})
        assert response.status_code == 200, response.text
        result = response.json()
        assert result["success"], result
        return result["value"]
