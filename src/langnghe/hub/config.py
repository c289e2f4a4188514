"""JupyterHub's configuration for a workshop, built from the workshop folder.

The workshop's jupyterhub_config.py calls `configure(c, folder)`, so changing the roster
(`langnghe hub create` again) and restarting the hub is all it takes.
"""

from __future__ import annotations

import os
import pwd
import sys
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner, SimpleLocalProcessSpawner

from ..fmt import ngay_gio
from .home import FOLDER, fill_home
from .workshop import (FORMGRADER, GRADER_USER, INSTRUCTORS_GROUP, KERNEL_IDLE_SECONDS, TRAINEES_GROUP,
                       Workshop, as_arguments, trainee_kernel_culling)

MIN_PASSWORD_LENGTH = 6
START_PAGE = f"/lab/tree/{FOLDER}/BAT-DAU.ipynb"
# The hub's Services menu names them in Vietnamese (templates/page.html).
SERVICE_LABELS = {FORMGRADER: "Chấm bài"}


def _fill_home(spawner) -> None:
    """pre_spawn_hook: every start, put back what is missing of the course in the user's home."""
    course = Path(spawner.environment["LANGNGHE_KHOA_HOC"])
    if isinstance(spawner, SimpleLocalProcessSpawner):
        fill_home(course, Path(spawner.home_dir))
    else:
        account = pwd.getpwnam(spawner.user.name)
        fill_home(course, Path(account.pw_dir), (account.pw_uid, account.pw_gid))


class DemoSpawner(SimpleLocalProcessSpawner):
    """Every trainee's server as the hub's own Unix user, each in its own home folder."""


def server_command(python: str) -> list[str]:
    """How the hub starts a server (a trainee's, the formgrader's): jupyterhub-singleuser, lighter
    (langnghe.hub.singleuser)."""
    return [python, "-m", "langnghe.hub.singleuser"]


def _ports(port: int) -> tuple[int, int]:
    # The hub and the proxy's API sit next to the public port, so several workshops (and
    # parallel tests) can run on one machine.
    return port + 1, port + 2


def _landing_page(handler) -> str:
    """After login a trainee goes straight to their JupyterLab; an instructor to the hub's home,
    whose Services menu opens formgrader."""
    user = handler.current_user
    if user is not None and any(group.name == INSTRUCTORS_GROUP for group in user.groups):
        return handler.hub.base_url + "home"
    return handler.hub.base_url + "spawn"


def configure(c, folder: Path) -> None:
    ws = Workshop(folder)
    s = ws.settings()
    people = [p for p in ws.people() if p.may_log_in]
    instructors = {p.username for p in people if p.is_instructor}
    trainees = {p.username for p in people if not p.is_instructor}
    hub_port, api_port = _ports(s["port"])
    bin_dir = Path(s["python"]).parent

    c.JupyterHub.bind_url = f"http://{s['ip']}:{s['port']}"
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = hub_port
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{api_port}"
    c.ConfigurableHTTPProxy.command = [s["proxy"]]
    c.ConfigurableHTTPProxy.pid_file = str(ws.root / "proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{ws.root / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(ws.root / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(ws.root / "jupyterhub.pid")
    c.JupyterHub.template_paths = [str(Path(__file__).parent / "templates")]
    # Every page is the course's Vietnamese template (templates/); a callable template var is called
    # with the user, so the date formatter goes in wrapped.
    c.JupyterHub.template_vars = {"min_password_length": MIN_PASSWORD_LENGTH,
                                  "ngay_gio": lambda user: ngay_gio,
                                  "service_labels": SERVICE_LABELS}
    c.JupyterHub.default_url = _landing_page

    c.JupyterHub.authenticator_class = "langnghe.hub.auth.RosterAuthenticator"
    c.Authenticator.allowed_users = trainees | instructors
    c.Authenticator.admin_users = instructors
    c.FirstUseAuthenticator.dbm_path = str(ws.passwords_file)
    c.RosterAuthenticator.codes_path = str(ws.codes_file)
    c.RosterAuthenticator.failures_path = str(ws.failures_file)
    c.FirstUseAuthenticator.min_password_length = MIN_PASSWORD_LENGTH
    c.JupyterHub.load_groups = {
        INSTRUCTORS_GROUP: {"users": sorted(instructors)},
        TRAINEES_GROUP: {"users": sorted(trainees)},
    }

    c.JupyterHub.spawner_class = DemoSpawner if s["che_do"] == "demo" else LocalProcessSpawner
    c.Spawner.cmd = server_command(s["python"])
    c.Spawner.default_url = START_PAGE
    c.Spawner.notebook_dir = "~"
    c.Spawner.pre_spawn_hook = _fill_home
    c.Spawner.environment = {
        "JUPYTER_CONFIG_PATH": str(ws.trainee_config),
        "JUPYTER_PATH": str(ws.trainee_data),  # the trainees' kernelspec (workshop.TRAINEE_KERNEL)
        "LANGNGHE_KHOA_HOC": str(ws.course),
        "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
    }
    # LocalProcessSpawner only passes this on (MEM_LIMIT); the guide in deploy/ shows how
    # systemdspawner or Kubernetes enforce it.
    c.Spawner.mem_limit = s["bo_nho"]
    c.Spawner.start_timeout = 180
    c.Spawner.http_timeout = 180
    c.Spawner.args = as_arguments(trainee_kernel_culling(s.get("kernel_ranh", KERNEL_IDLE_SECONDS)))
    if s["che_do"] == "demo":
        c.DemoSpawner.home_dir_template = str(ws.homes / "{username}")
        if os.geteuid() == 0:
            c.Spawner.args.append("--allow-root")

    formgrader = {
        "name": FORMGRADER,
        "url": f"http://127.0.0.1:{s['port'] + 3}",
        "command": server_command(s["python"]),
        "cwd": str(ws.course),
        "environment": {
            "JUPYTER_CONFIG_PATH": str(ws.grader_config),
            "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "HOME": str(ws.course),
            "JUPYTERHUB_DEFAULT_URL": "/formgrader",
        },
        "oauth_no_confirm": True,
    }
    if s["che_do"] != "demo" and os.geteuid() == 0:
        formgrader["user"] = GRADER_USER
    c.JupyterHub.services = [
        formgrader,
        {"name": "idle-culler",
         "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={s['thoi_gian_cho_ranh']}"]},
    ]
    c.JupyterHub.load_roles = [
        {"name": "cham-bai", "groups": [INSTRUCTORS_GROUP],
         "scopes": [f"access:services!service={FORMGRADER}"]},
        {"name": "idle-culler", "services": ["idle-culler"],
         "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
    ]
