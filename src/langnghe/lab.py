"""`langnghe lab`: open JupyterLab on the course's start page, in Vietnamese.

Jupyter's and matplotlib's state stays under the course folder (.jupyter/), not in the
user's home; the server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import json5

from .course import KEYS, SOURCE, tool_environment
from .startpage import START_PAGE

CODE_FONT = "'Noto Mono', 'Noto Sans Mono', 'DejaVu Sans Mono', monospace"

# JupyterLab defaults for every user of this environment (overrides.json): the Vietnamese
# language pack, no news pop-up, and a lesson's kernel shut down when its tab is closed (a
# kernel is most of what a learner's server costs; the lessons start from the top anyway).
LAB_OVERRIDES = {
    "@jupyterlab/translation-extension:plugin": {"locale": "vi_VN"},
    "@jupyterlab/notebook-extension:tracker": {"kernelShutdown": True},
    "@jupyterlab/apputils-extension:themes": {"overrides": {"code-font-family": CODE_FONT}},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}
# JupyterLab applies CSS overrides from the *user* settings only, so the code font, which
# has every Vietnamese letter (DejaVu Sans Mono lacks 46), goes there too.
THEMES_SETTINGS = Path("@jupyterlab") / "apputils-extension" / "themes.jupyterlab-settings"
EXPLAIN_EXTENSION = "langnghe.explain"

# nbgrader's tools a learner never uses: the instructor's (create, formgrader, its menu) and the student's
# assignment list, course list and Validate button, which the course's "Bài tập" panel replaces. Hidden
# in the learner's own JupyterLab (a self-study course); the same list serves the hub's trainees.
LEARNER_HIDDEN_LAB_PLUGINS = [
    "@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:validate-assignment", "@jupyter/nbgrader:menu",
]
# Their server sides, off in a self-study learner's server: less to load, no formgrader to stumble on.
# A hub's trainees have them off too (hub.workshop): the panel's exchange runs nbgrader in a child process.
LEARNER_DISABLED_SERVER_EXTENSIONS = {
    f"nbgrader.server_extensions.{name}": False
    for name in ("formgrader", "assignment_list", "course_list", "validate_assignment")
}


def install_kernel_config(prefix: Path | None = None) -> Path:
    """Make every IPython kernel of the environment explain Python's errors in Vietnamese."""
    folder = Path(prefix or sys.prefix) / "etc" / "ipython"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ipython_kernel_config.json"
    current = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    extensions = current.setdefault("InteractiveShellApp", {}).setdefault("extensions", [])
    if EXPLAIN_EXTENSION not in extensions:
        extensions.append(EXPLAIN_EXTENSION)
        path.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    return path


def install_overrides(prefix: Path | None = None) -> Path:
    """Write the course's JupyterLab defaults into the environment's app settings folder, and the
    kernels' configuration that explains Python's errors in Vietnamese."""
    install_kernel_config(prefix)
    settings = Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    path = settings / "overrides.json"
    current = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    merged = {**current, **LAB_OVERRIDES}
    if merged != current:
        path.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def install_user_settings(settings_dir: Path) -> Path:
    """Add the code font to a user's theme settings, keeping whatever else they chose."""
    path = Path(settings_dir) / THEMES_SETTINGS
    try:  # settings files are JSON5 (comments allowed); one we cannot read is left alone
        current = json5.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except ValueError:
        return path
    overrides = current.setdefault("overrides", {})
    if "code-font-family" not in overrides:
        overrides["code-font-family"] = CODE_FONT
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def course_environment(root: Path) -> dict[str, str]:
    """Environment variables that keep Jupyter's and matplotlib's state under root/.jupyter."""
    state = root / ".jupyter"
    env = {
        "JUPYTER_CONFIG_DIR": state / "config",
        "JUPYTER_DATA_DIR": state / "data",
        "JUPYTER_RUNTIME_DIR": state / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": state / "lab" / "user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": state / "lab" / "workspaces",
        "IPYTHONDIR": state / "ipython",
        "MPLCONFIGDIR": state / "matplotlib",
    }
    for folder in env.values():
        folder.mkdir(parents=True, exist_ok=True)
    return {key: str(value) for key, value in env.items()}


def install_terminal_config(config_dir: Path) -> Path:
    """JupyterLab's terminal as an interactive, not a login, shell: a login shell reads /etc/profile,
    which resets PATH, and `langnghe check` typed there would not be found."""
    path = Path(config_dir) / "jupyter_server_config.json"
    current = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    if os.name != "nt":  # Windows' PowerShell keeps the PATH it is given
        shell = os.environ.get("SHELL") or "/bin/sh"
        current.setdefault("ServerApp", {}).setdefault("terminado_settings", {})["shell_command"] = [shell]
        path.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    return path


def is_self_study(root: Path) -> bool:
    """A learner's course: the bundle's or `langnghe lab --tu-hoc`'s (keys, no instructor versions)."""
    return (Path(root) / KEYS).is_dir() and not (Path(root) / SOURCE).is_dir()


def install_learner_view(config_dir: Path) -> list[Path]:
    """Hide nbgrader's tools in this Jupyter configuration folder (the learner's course's own, so the
    authors sharing the environment keep them): JupyterLab's disabledExtensions, and the server sides."""
    page_config = Path(config_dir) / "labconfig" / "page_config.json"
    current = json.loads(page_config.read_text(encoding="utf-8")) if page_config.is_file() else {}
    current.setdefault("disabledExtensions", {}).update({name: True for name in LEARNER_HIDDEN_LAB_PLUGINS})
    page_config.parent.mkdir(parents=True, exist_ok=True)
    page_config.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    server_config = Path(config_dir) / "jupyter_server_config.json"
    current = json.loads(server_config.read_text(encoding="utf-8")) if server_config.is_file() else {}
    current.setdefault("ServerApp", {}).setdefault("jpserver_extensions", {}).update(LEARNER_DISABLED_SERVER_EXTENSIONS)
    server_config.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    return [page_config, server_config]


def lab_command(root: Path, port: int = 8888, open_browser: bool = True) -> list[str]:
    # Root is allowed: the server listens on 127.0.0.1 only (a workshop hub has real users).
    as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return [
        sys.executable, "-m", "jupyter", "lab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.open_browser={open_browser}",
        f"--LabApp.default_url=/lab/tree/{START_PAGE}",
        *as_root,
    ]


def start_url(port: int, token: str) -> str:
    return f"http://127.0.0.1:{port}/lab/tree/{START_PAGE}?token={token}"


def run(root: Path, port: int = 8888, open_browser: bool = True) -> None:
    """Replace this process with JupyterLab, after printing the start page's URL."""
    try:
        install_overrides()
    except OSError as err:  # a shared, read-only environment: the user settings below still apply
        print(f"Không ghi được cài đặt chung của JupyterLab ({err}); giao diện có thể hiện bằng tiếng Anh. "
              "Chọn tiếng Việt trong menu Settings → Language.", flush=True)
    # Our own token, so the URL we print opens the start page (Jupyter's own printed URL opens
    # the launcher); it travels in the environment, not on the command line that `ps` shows.
    token = os.environ.get("JUPYTER_TOKEN") or secrets.token_urlsafe(24)
    # tool_environment: `langnghe check` works in JupyterLab's terminal without activating the venv.
    env = {**tool_environment(), **course_environment(root), "JUPYTER_TOKEN": token}
    install_user_settings(Path(env["JUPYTERLAB_SETTINGS_DIR"]))
    install_terminal_config(Path(env["JUPYTER_CONFIG_DIR"]))
    if is_self_study(root):
        install_learner_view(Path(env["JUPYTER_CONFIG_DIR"]))
    print(
        "Khóa học đang mở trong JupyterLab. Nếu trình duyệt không tự mở, hãy mở địa chỉ này:\n\n"
        f"    {start_url(port, token)}\n\n"
        "Để dừng: nhấn Ctrl+C trong cửa sổ này, rồi gõ y.\n",
        flush=True,
    )
    command = lab_command(root, port, open_browser)
    if os.name == "nt":  # Windows' execve starts a new process and ends this one: the console would return
        process = subprocess.Popen(command, env=env)
        while True:
            try:
                sys.exit(process.wait())
            except KeyboardInterrupt:  # Ctrl+C reaches JupyterLab too, which asks to confirm: wait for it
                continue
    os.execve(command[0], command, env)
