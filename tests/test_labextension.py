"""The course's JupyterLab extension ships prebuilt in the wheel: built by `pip wheel` from a clean clone
(node runs in the build), installed with no node anywhere on PATH, and seen enabled by JupyterLab and
jupyter_server. The panel itself is tested in the browser (test_bai_tap_browser.py)."""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import pytest

from coursetools import ROOT, clean_env

pytestmark = pytest.mark.xdist_group("labextension")  # one worker builds the clean clone's wheel once
EXTENSION = "@langnghe/bai-tap"
SHARE = f"share/jupyter/labextensions/{EXTENSION}"
SERVER_CONFIG = "etc/jupyter/jupyter_server_config.d/langnghe.json"
# What the package shipped as package data under setuptools: every file of these must still be in the wheel.
PACKAGE_DATA = ["params/*.toml", "hub/templates/*.html", "hub/*.csv", "bundle_files/*", "templates/site/*",
                "templates/report/*", "templates/nhan-xet/*"]


@pytest.fixture(scope="module")
def clean_clone(tmp_path_factory) -> Path:
    """The repository as committed: no node_modules, no built extension."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    target = tmp_path_factory.mktemp("ban-sao") / "langnghe"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(target)], check=True)
    assert not (target / "labextension" / "node_modules").exists() and not (target / "src/langnghe/labextension").exists()
    return target


@pytest.fixture(scope="module")
def wheel(clean_clone, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out),
                           str(clean_clone)], capture_output=True, text=True, env=clean_env())
    assert done.returncode == 0, done.stdout + done.stderr
    print(f"\npip wheel from a clean clone, node build included: {time.monotonic() - started:.0f} s")
    (path,) = out.glob("langnghe-*.whl")
    return path


def test_a_build_from_src_alone_with_the_extension_built_needs_no_node(tmp_path):
    """The Kubernetes image's context: src/ (with the extension `make env` built), pyproject.toml, README.md,
    no labextension/ sources; its pip builds the wheel with no node on PATH, and the wheel has the extension."""
    built = ROOT / "src" / "langnghe" / "labextension" / "package.json"
    if not built.is_file():
        pytest.skip("the extension is not built here (make env builds it)")
    context = tmp_path / "goi"
    shutil.copytree(ROOT / "src", context / "src", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ["pyproject.toml", "README.md"]:
        shutil.copy2(ROOT / name, context / name)
    env = {**clean_env(), "PATH": str(Path(sys.executable).parent)}  # pip's own; no node, no npm
    assert shutil.which("node", path=env["PATH"]) is None
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir",
                           str(tmp_path / "out"), str(context)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = (tmp_path / "out").glob("langnghe-*.whl")
    files = data_files(wheel)
    assert json.loads(files[f"{SHARE}/package.json"]) == json.loads(built.read_text(encoding="utf-8"))
    assert SERVER_CONFIG in files


def data_files(wheel: Path) -> dict[str, bytes]:
    """The wheel's files installed outside site-packages (NAME.data/data/...), by their path in the prefix."""
    with zipfile.ZipFile(wheel) as zf:
        return {name.split(".data/data/", 1)[1]: zf.read(name) for name in zf.namelist() if ".data/data/" in name}


def test_wheel_holds_the_prebuilt_extension_and_turns_its_server_side_on(wheel):
    files = data_files(wheel)
    package = json.loads(files[f"{SHARE}/package.json"])
    assert package["name"] == EXTENSION
    remote_entry = package["jupyterlab"]["_build"]["load"]
    assert remote_entry.startswith("static/remoteEntry.") and f"{SHARE}/{remote_entry}" in files
    assert b"langnghe/bai-tap" in files[f"{SHARE}/{remote_entry}"]
    assert json.loads(files[SERVER_CONFIG]) == {"ServerApp": {"jpserver_extensions": {"langnghe.bai_tap": True}}}
    assert json.loads(files[f"{SHARE}/install.json"])["packageName"] == "langnghe"  # `labextension list` says pip
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    assert "langnghe/bai_tap.py" in names
    assert not [n for n in names if n.startswith(("langnghe/labextension/", "langnghe/jupyter_server_config.d/"))], \
        "the build output and the server config ship once, in share/ and etc/"


def test_wheel_still_ships_all_the_package_data(wheel, clean_clone):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    package = clean_clone / "src" / "langnghe"
    expected = {f"langnghe/{p.relative_to(package).as_posix()}" for p in package.rglob("*") if p.is_file()
                and any(fnmatch.fnmatch(p.relative_to(package).as_posix(), pattern) for pattern in PACKAGE_DATA)}
    expected |= {f"langnghe/{p.relative_to(package).as_posix()}" for p in package.rglob("*.py")}
    assert len(expected) > 60
    assert expected - names == set()


def test_the_wheel_installs_with_no_node_and_jupyter_sees_the_extension_enabled(wheel, tmp_path):
    """A fresh venv, the wheel installed with only the venv's bin/ on PATH (no node, no npm), the tested
    environment's other packages reached through a .pth (no network); then JupyterLab and jupyter_server,
    run from that venv, list the extension as enabled."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    fresh_site = Path(subprocess.run([venv / "bin/python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                     capture_output=True, text=True, check=True).stdout.strip())
    (fresh_site / "kiem-thu-goi-da-cai.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    env = {**clean_env(), "PATH": str(venv / "bin")}
    assert shutil.which("node", path=env["PATH"]) is None and shutil.which("npm", path=env["PATH"]) is None
    # --ignore-installed: pip must not touch the tested environment's own (editable) langnghe
    done = subprocess.run([venv / "bin/python", "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                           "--ignore-installed", wheel],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (venv / SHARE / "package.json").is_file() and (venv / SERVER_CONFIG).is_file()

    def run(module: str) -> str:
        done = subprocess.run([venv / "bin/python", "-m", module, "list"], capture_output=True, text=True,
                              env={**env, "NO_COLOR": "1"}, cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr

    lab = run("jupyterlab.labextensions")
    line = next((line for line in lab.splitlines() if EXTENSION in line), "")
    assert "enabled" in line and "OK" in line and "python, langnghe" in line, lab
    assert str(venv / "share" / "jupyter" / "labextensions") in lab, lab  # the venv's copy, not the tested env's
    server = run("jupyter_server.extension.serverextension")
    assert any("langnghe.bai_tap" in line and "enabled" in line for line in server.splitlines()), server
    assert (fresh_site / "langnghe" / "bai_tap.py").is_file()


FORMAT_JS = ROOT / "labextension" / "lib" / "format.js"  # tsc's output of labextension/src/format.ts (make env)


def run_format(expression: str, tz: str) -> str:
    """Evaluate `expression` with the panel's format module (as `f`) in node, in time zone tz."""
    if shutil.which("node") is None or not FORMAT_JS.is_file():
        pytest.skip("node or the extension's compiled format.js is missing (make env builds it)")
    script = ("const src = require('fs').readFileSync(process.argv[1], 'utf8');"
              "import('data:text/javascript,' + encodeURIComponent(src)).then(f => {"
              f"process.stdout.write(String({expression})); }});")
    done = subprocess.run(["node", "-e", script, str(FORMAT_JS)], capture_output=True, text=True,
                          env={**os.environ, "TZ": tz}, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("timestamp, tz, shown", [
    ("2026-12-06 14:30:00.123456 UTC", "Asia/Ho_Chi_Minh", "06/12/2026 21:30"),  # nbgrader's default format
    ("2026-12-06 14:30:00", "Asia/Ho_Chi_Minh", "06/12/2026 21:30"),  # no zone at all: UTC too
    ("2026-12-31 20:05:09.5 UTC", "Asia/Ho_Chi_Minh", "01/01/2027 03:05"),  # the local day is the next one
    ("2026-12-06 21:30:00.000000 +0700", "Asia/Ho_Chi_Minh", "06/12/2026 21:30"),  # an offset is honoured
    ("2026-12-06 14:30:00.123456 UTC", "UTC", "06/12/2026 14:30"),
    ("hôm qua", "UTC", "hôm qua"),  # unreadable: shown as it came
])
def test_submission_times_are_local_in_vietnamese_format(timestamp, tz, shown):
    assert run_format(f"f.submittedAt({json.dumps(timestamp)})", tz) == shown


def test_points_use_the_vietnamese_decimal_comma_and_thousands_dot():
    assert run_format("f.points(1.5, 12) + ' | ' + f.number(1250000.25)", "UTC") == "1,5/12 điểm | 1.250.000,25"
