"""`langnghe lab`: open JupyterLab on the course's start page, in Vietnamese.

Jupyter's and matplotlib's state stays under the course folder (.jupyter/), not in the
user's home; the server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from .startpage import START_PAGE

# JupyterLab defaults for every user of this environment (overrides.json): the Vietnamese
# language pack, a code font with every Vietnamese letter (DejaVu Sans Mono lacks 46),
# and no news pop-up.
LAB_OVERRIDES = {
    "@jupyterlab/translation-extension:plugin": {"locale": "vi_VN"},
    "@jupyterlab/apputils-extension:themes": {
        "overrides": {"code-font-family": "'Noto Mono', 'Noto Sans Mono', 'DejaVu Sans Mono', monospace"}
    },
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def install_overrides(prefix: Path | None = None) -> Path:
    """Write the course's JupyterLab defaults into the environment's app settings folder."""
    settings = Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    path = settings / "overrides.json"
    current = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    merged = {**current, **LAB_OVERRIDES}
    if merged != current:
        path.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
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


def run(root: Path, port: int = 8888, open_browser: bool = True) -> None:
    """Replace this process with JupyterLab (it prints the URL with its token)."""
    install_overrides()
    env = {**os.environ, **course_environment(root)}
    print(f"Đang mở khóa học trong JupyterLab tại http://127.0.0.1:{port}/ (nhấn Ctrl+C hai lần để dừng)...",
          flush=True)
    command = lab_command(root, port, open_browser)
    os.execve(command[0], command, env)
