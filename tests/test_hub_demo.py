"""`make hub` (langnghe hub demo): the same hub on 127.0.0.1 with the sample roster, one Unix user.

Nothing keeps trainees apart there, so the student identity nbgrader records comes from
JUPYTERHUB_USER, and the demo says plainly that it is not for real use.
"""

from __future__ import annotations

import pytest
from hubtools import Trainee, free_port_block

from langnghe.hub import demo, process

pytestmark = pytest.mark.xdist_group("hub")

ASSIGNMENT = "bt01-ban-hang-truc-tuyen"


@pytest.fixture(scope="module")
def demo_hub(tmp_path_factory):
    ws = demo.prepare(tmp_path_factory.mktemp("hub-demo") / "hoi-thao", port=free_port_block())
    process.start(ws)
    yield ws
    process.stop(ws)


def test_demo_prints_how_to_log_in_and_that_it_is_not_for_real_use(demo_hub):
    text = demo.how_to_log_in(demo_hub)
    assert demo_hub.url in text and "CHỈ ĐỂ THỬ" in text
    assert "annv " in text and "annv2 " in text  # Nguyễn Văn An and Ngô Văn An


def test_a_submission_is_filed_under_the_hub_username(demo_hub):
    an = Trainee(demo_hub, "annv")
    assert an.login().status_code == 200
    an.start_server()
    an.assignments("fetch", ASSIGNMENT)
    an.assignments("submit", ASSIGNMENT)
    inbound = [p.name for p in (demo_hub.exchange / "langnghe" / "inbound").iterdir()]
    assert any(name.startswith(f"annv+{ASSIGNMENT}+") for name in inbound), inbound


def test_an_idle_server_is_culled_and_carries_its_memory_limit(tmp_path):
    import json
    import time

    import psutil

    ws = demo.prepare(tmp_path / "hoi-thao", port=free_port_block())
    settings = json.loads(ws.settings_file.read_text(encoding="utf-8"))
    settings["thoi_gian_cho_ranh"] = 20  # seconds; the culler looks every half of that
    ws.settings_file.write_text(json.dumps(settings), encoding="utf-8")
    process.start(ws)
    try:
        an = Trainee(ws, "annv")
        assert an.login().status_code == 200
        an.start_server()
        headers = {"X-XSRFToken": an.http.cookies.get("_xsrf", path="/hub/")}
        user_api = f"{ws.url}/hub/api/users/annv"
        servers = [p for p in psutil.process_iter(["cmdline", "environ"])
                   if "langnghe.hub.singleuser" in (p.info["cmdline"] or [])  # hub.config.server_command
                   and (p.info["environ"] or {}).get("JUPYTERHUB_USER") == "annv"]
        assert servers and servers[0].info["environ"].get("MEM_LIMIT") == str(2 * 1024**3)
        deadline = time.monotonic() + 120
        while an.http.get(user_api, headers=headers).json()["servers"] and time.monotonic() < deadline:
            time.sleep(2)
        assert not an.http.get(user_api, headers=headers).json()["servers"], "the idle server was not stopped"
    finally:
        process.stop(ws)
