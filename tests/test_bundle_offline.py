"""`langnghe bundle --offline`: one zip per operating system that installs with no network.

The three zips are built once (pip fetches the wheels from the package index, so building needs
the internet, as it does for a maintainer). Windows and macOS cannot run here: for each Python the
bundle accepts, pip resolves the requirements for that system against the zip's own files only
(--no-index), with the markers of that system. The Linux zip runs end to end in a network namespace
with nothing but loopback: unzip, bat-dau.sh, JupyterLab listening, a lesson's set-up cell run in
the bundle's kernel.
"""

from __future__ import annotations

import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from coursetools import BIN, ROOT, clean_env, offline
from langnghe.bundle import CONSTRAINTS, REQUIREMENTS, STAMP, SYSTEM_PINS_HEADER, WHEELS
from langnghe.wheels import PYTHONS, marker_environment, missing, system_pins

pytestmark = pytest.mark.xdist_group("bundle-offline")

TOKEN = "kiem-thu-khong-mang"
NO_NETWORK = offline(["true"]) != ["true"]
LESSON = "lessons/00-lam-quen/00.2-bang-va-bieu-do.ipynb"


@pytest.fixture(scope="module")
def zips(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    started = time.monotonic()
    done = subprocess.run([BIN / "langnghe", "bundle", "--offline", "windows", "linux", "macos", "--output", out],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    found = {path.stem.rsplit("-", 1)[1]: path for path in out.glob("langnghe-tu-hoc-*.zip")}
    print(f"\noffline bundles built in {time.monotonic() - started:.0f} s: "
          + ", ".join(f"{name} {path.stat().st_size / 1e6:.0f} MB" for name, path in sorted(found.items())))
    assert set(found) == {"windows", "linux", "macos"}
    return found


def unzip(path: Path, target: Path) -> Path:
    with zipfile.ZipFile(path) as zf:
        zf.extractall(target)
    (folder,) = target.iterdir()
    for script in folder.glob("*.sh"):  # zipfile does not restore the mode
        script.chmod(0o755)
    return folder


@pytest.fixture(scope="module")
def unzipped(zips, tmp_path_factory) -> dict[str, Path]:
    return {name: unzip(path, tmp_path_factory.mktemp(name)) for name, path in zips.items()}


def course_wheel(folder: Path) -> str:
    (wheel,) = (folder / WHEELS).glob("langnghe-*.whl")
    return str(wheel.relative_to(folder))


@pytest.mark.parametrize("system", ["windows", "macos"])
@pytest.mark.parametrize("python", PYTHONS)
def test_the_bundled_wheels_are_enough_to_install_on_the_system(unzipped, system, python):
    folder = unzipped[system]
    problem = missing(system, python, folder / WHEELS, ["-r", "requirements.txt", course_wheel(folder)], folder)
    assert problem == "", problem


def test_windows_set_has_the_packages_only_windows_needs(unzipped):
    names = {p.name.lower() for p in (unzipped["windows"] / WHEELS).glob("*.whl")}
    for python in PYTHONS:  # the terminal's pty on Windows, compiled per Python
        tag = "cp" + python.replace(".", "")
        assert any(n.startswith("pywinpty-") and f"-{tag}-" in n for n in names), (python, sorted(names))
    assert any(n.startswith("colorama-") for n in names)  # tqdm's colours on Windows
    assert not any(n.endswith(("linux_x86_64.whl", "_arm64.whl")) for n in names)


def pinned_version(lines: list[str], name: str, system: str, python: str) -> str | None:
    """The version constraints.txt pins `name` at on that system and Python (a line's marker decides)."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    for line in lines:
        if line and not line.startswith("#"):
            pin = Requirement(line)
            if canonicalize_name(pin.name) == name and (
                    pin.marker is None or pin.marker.evaluate(marker_environment(system, python))):
                return next(iter(pin.specifier)).version
    return None


def test_every_wheel_of_every_system_is_at_its_pinned_version(unzipped):
    """Windows-only and macOS-only packages too (pywinpty, colorama, appnope): constraints.txt pins them
    under their system's marker, so a bundle built next month carries the same files."""
    from packaging.utils import parse_wheel_filename

    lines = (ROOT / CONSTRAINTS).read_text(encoding="utf-8").splitlines()
    wrong = []
    for system, folder in unzipped.items():
        for wheel in sorted((folder / WHEELS).glob("*.whl")):
            name, version, _, tags = parse_wheel_filename(wheel.name)
            if name == "langnghe":
                continue
            pythons = [p for p in PYTHONS if any(t.interpreter == "cp" + p.replace(".", "") for t in tags)]
            for python in pythons or PYTHONS:
                if pinned_version(lines, name, system, python) != str(version):
                    wrong.append((system, python, wheel.name, pinned_version(lines, name, system, python)))
    assert wrong == [], f"(hệ, Python, tệp, bản đã ghim) — chạy make lock: {wrong}"


def test_make_lock_pins_what_windows_needs_besides_the_linux_freeze(unzipped, tmp_path):
    """make lock's second step (bundle.add_system_pins), resolved here from the Windows zip's own wheels,
    gives the Windows lines constraints.txt has: the lock is current, and the step finds them."""
    text = (ROOT / CONSTRAINTS).read_text(encoding="utf-8")
    freeze, _, added = text.partition(SYSTEM_PINS_HEADER)
    (tmp_path / CONSTRAINTS).write_text(freeze, encoding="utf-8")
    requirements = (unzipped["windows"] / REQUIREMENTS).read_text(encoding="utf-8")
    (tmp_path / REQUIREMENTS).write_text(requirements.replace(f"-c {CONSTRAINTS}\n", ""), encoding="utf-8")
    lines = system_pins(tmp_path / REQUIREMENTS, tmp_path / CONSTRAINTS,
                        find_links={"windows": unzipped["windows"] / WHEELS})
    windows = [line for line in added.splitlines() if 'sys_platform == "win32"' in line]
    assert "pywinpty" in lines and lines.splitlines() == windows, lines


def test_the_check_finds_a_wheel_that_is_missing(unzipped, tmp_path):
    """The resolution above can fail: without one Windows-only wheel it names the package."""
    full = unzipped["windows"] / WHEELS
    partial = tmp_path / WHEELS
    partial.mkdir()
    for wheel in full.glob("*.whl"):
        if not (wheel.name.startswith("pywinpty-") and "-cp312-" in wheel.name):
            (partial / wheel.name).symlink_to(wheel)
    folder = unzipped["windows"]
    problem = missing("windows", "3.12", partial, ["-r", "requirements.txt", course_wheel(folder)], folder)
    assert "pywinpty" in problem.lower(), problem
    assert missing("windows", "3.11", partial, ["-r", "requirements.txt", course_wheel(folder)], folder) == ""


def test_each_zip_carries_its_own_launcher_and_says_it_needs_no_internet(unzipped):
    assert (unzipped["windows"] / "bat-dau.bat").is_file() and not (unzipped["windows"] / "bat-dau.sh").exists()
    for system in ("linux", "macos"):
        assert (unzipped[system] / "bat-dau.sh").is_file() and not (unzipped[system] / "bat-dau.bat").exists()
    for system, folder in unzipped.items():
        guide = (folder / "DOC-TRUOC.md").read_text(encoding="utf-8")
        assert "Không cần Internet" in guide and "cần Internet)" not in guide, system
        assert f"Python {PYTHONS[0]} đến {PYTHONS[-1]}" in guide, system
        assert "{{" not in guide and "{%" not in guide
    bat = (unzipped["windows"] / "bat-dau.bat").read_bytes().decode("utf-8")
    assert "--no-index --find-links goi-cai-dat" in bat and "\r\n" in bat
    assert all(f"py -{v} " in bat for v in PYTHONS)


LEARNER = r"""
set -u
echo "kiểm tra mạng:"; "$PY" -c 'import socket; socket.create_connection(("pypi.org", 443), timeout=5)' \
    2>/dev/null && echo "CÓ MẠNG" || echo "KHÔNG CÓ MẠNG"
sh bat-dau.sh --no-browser --port 18931 > bat-dau.log 2>&1 &
"$PY" - <<'EOF'
import os, sys, time, urllib.request
started = time.monotonic()
while True:
    try:
        request = urllib.request.Request("http://127.0.0.1:18931/api/status", headers={"Authorization": "token " + os.environ["JUPYTER_TOKEN"]})
        urllib.request.urlopen(request, timeout=5)
        break
    except OSError:
        if time.monotonic() - started > 400:
            sys.exit("JupyterLab không mở")
        time.sleep(1)
print(f"JUPYTERLAB {time.monotonic() - started:.0f}")
EOF
.venv/bin/python - "$LESSON" <<'EOF'
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
first = next(c for c in nb.cells if c.cell_type == "code")
nb.cells = [first]
NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": "lessons/00-lam-quen"}}).execute()
print("CELL", "".join(o.get("text", "") for o in first.outputs if o.output_type == "stream"))
print("ERRORS", [o for o in first.outputs if o.output_type == "error"])
EOF
kill %1
"""


@pytest.mark.skipif(not NO_NETWORK, reason="máy này không cho tạo vùng mạng riêng (unshare -rn): không thử được cài không mạng")
def test_linux_zip_installs_and_runs_a_lesson_with_no_network(unzipped):
    folder = unzipped["linux"]
    env = {k: v for k, v in clean_env(JUPYTER_TOKEN=TOKEN, PY="/usr/bin/python3", LESSON=LESSON).items()
           if not k.startswith("PIP_")}
    env["PATH"] = "/usr/bin:/bin"  # the computer's own Python, not this repository's
    started = time.monotonic()
    done = subprocess.run(offline(["sh", "-c", LEARNER]),
                          cwd=folder, env=env, capture_output=True, text=True, timeout=900)
    log = (folder / "bat-dau.log").read_text(encoding="utf-8") if (folder / "bat-dau.log").exists() else ""
    assert "KHÔNG CÓ MẠNG" in done.stdout, done.stdout + done.stderr
    assert "JUPYTERLAB" in done.stdout, done.stdout + done.stderr + log[-3000:]
    assert "Đã cài xong" in log and "Looking in indexes" not in log, log[-3000:]
    assert (folder / ".venv" / STAMP).read_text().strip() == folder.name
    assert "ERRORS []" in done.stdout, done.stdout + done.stderr
    size = sum(p.stat().st_size for p in (folder / ".venv").rglob("*") if p.is_file() and not p.is_symlink())
    print(f"\nunzip to a lesson's set-up cell, no network: {time.monotonic() - started:.0f} s "
          f"(.venv {size / 1e6:.0f} MB); {done.stdout.strip().splitlines()[-3]}")
