"""The wheels an offline bundle carries: every package the course needs, at the tested versions, for
one operating system and each Python version the bundle accepts.

pip downloads for another platform (`--platform`) but evaluates the markers in the packages'
requirements (`pywinpty; os_name == "nt"`) as on the machine it runs on, so a Windows set made on
Linux would lack pywinpty and colorama, and a learner's install would stop at them. Here
pip runs in a child process whose marker environment is the target's: `python -m langnghe.wheels
TARGET PYTHON <pip arguments>`. The same child, with --no-index, checks that the files of a bundle
are enough to install on that target.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# The Python versions an offline bundle carries wheels for: the ones every pinned package with
# compiled code publishes wheels for. A learner with another version is told which to install.
PYTHONS = ("3.11", "3.12", "3.13", "3.14")


@dataclass(frozen=True)
class Target:
    label: str  # as a learner names her computer
    platforms: tuple[str, ...]  # wheel platform tags pip may take, best first
    markers: dict  # the marker environment of that system (PEP 508), besides the Python version


_MANYLINUX = ("manylinux_2_28_x86_64", "manylinux_2_27_x86_64", "manylinux_2_26_x86_64", "manylinux_2_24_x86_64",
              "manylinux_2_17_x86_64", "manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64")

TARGETS = {
    "windows": Target("Windows 64-bit", ("win_amd64",),
                      {"os_name": "nt", "sys_platform": "win32", "platform_system": "Windows",
                       "platform_machine": "AMD64"}),
    "linux": Target("Linux x86-64 (glibc 2.28 trở lên: Ubuntu 20.04, Debian 10 trở về sau)", _MANYLINUX,
                    {"os_name": "posix", "sys_platform": "linux", "platform_system": "Linux",
                     "platform_machine": "x86_64"}),
    "macos": Target("macOS 11 trở lên, chip Apple (M1 trở về sau)", ("macosx_11_0_arm64",),
                    {"os_name": "posix", "sys_platform": "darwin", "platform_system": "Darwin",
                     "platform_machine": "arm64"}),
}


def marker_environment(target: str, python: str) -> dict[str, str]:
    return {**TARGETS[target].markers, "python_version": python, "python_full_version": f"{python}.0",
            "implementation_name": "cpython", "platform_python_implementation": "CPython"}


def pip_for(target: str, python: str, *pip_args: str) -> list[str]:
    """The command that runs pip as if on `target` with `python`, for the given pip sub-command."""
    nodot = python.replace(".", "")
    platform = [arg for tag in TARGETS[target].platforms for arg in ("--platform", tag)]
    command, *rest = pip_args
    return [sys.executable, "-m", "langnghe.wheels", target, python, command,
            "--only-binary=:all:", *platform, "--python-version", python, "--implementation", "cp",
            "--abi", f"cp{nodot}", "--abi", "abi3", "--abi", "none", "--disable-pip-version-check", *rest]


def download(target: str, pythons: tuple[str, ...], requirements: Path, constraints: Path, dest: Path) -> None:
    """Every wheel `requirements` needs on `target`, for each Python version, into `dest`."""
    from .bundle import BundleError

    for python in pythons:
        done = subprocess.run(pip_for(target, python, "download", "--quiet", "-r", str(requirements),
                                      "-c", str(constraints), "--dest", str(dest)),
                              capture_output=True, text=True)
        if done.returncode:
            raise BundleError(f"Không tải được các gói cho {TARGETS[target].label}, Python {python} "
                              f"(cần mạng tới PyPI khi tạo bộ cài):\n{done.stdout}{done.stderr}")


def missing(target: str, python: str, folder: Path, requirements: list[str], cwd: Path) -> str:
    """What pip, with no index and only `folder`, cannot find to install `requirements` on the target;
    empty when the folder is enough. Not --quiet: a pinned wheel that is missing is told as a conflict,
    and only pip's longer output names the package (the pin it could not meet)."""
    done = subprocess.run(pip_for(target, python, "install", "--dry-run", "--ignore-installed",
                                  "--no-index", "--find-links", str(folder), "--target", str(cwd / ".thu-cai"),
                                  *requirements),
                          capture_output=True, text=True, cwd=cwd)
    return "" if done.returncode == 0 else done.stdout + done.stderr


# The marker that limits a pin to one system's installs (constraints.txt's lines that `make lock` adds).
SYSTEM_MARKERS = {"windows": 'sys_platform == "win32"', "linux": 'sys_platform == "linux"',
                  "macos": 'sys_platform == "darwin"'}


def unpinned(target: str, python: str, requirements: Path, constraints: Path, *pip_args: str) -> dict[str, str]:
    """{name: version} of what `target` needs with `python` beyond what the constraints pin (the packages of
    its own markers: pywinpty on Windows, appnope on macOS), as pip resolves it with those pins."""
    from packaging.utils import canonicalize_name

    from .bundle import BundleError

    with tempfile.TemporaryDirectory(prefix="langnghe-ghim-") as tmp:
        done = subprocess.run(pip_for(target, python, "install", "--dry-run", "--ignore-installed", "--quiet",
                                      "--report", "-", "--target", tmp, "-r", str(requirements),
                                      "-c", str(constraints), *pip_args),
                              capture_output=True, text=True)
    if done.returncode:
        raise BundleError(f"pip không giải được các gói cho {TARGETS[target].label}, Python {python}:\n"
                          f"{done.stdout}{done.stderr}")
    pinned = {canonicalize_name(line.split("==")[0]) for line in constraints.read_text(encoding="utf-8").splitlines()
              if "==" in line and not line.startswith("#")}
    found = {item["metadata"]["name"]: item["metadata"]["version"] for item in json.loads(done.stdout)["install"]}
    return {name: version for name, version in found.items() if canonicalize_name(name) not in pinned}


def system_pins(requirements: Path, constraints: Path, find_links: dict[str, Path] | None = None) -> str:
    """The lines `make lock` adds to constraints.txt after the freeze of this (Linux, Python 3.11) environment:
    every package another system or Python version of an offline bundle needs beyond it, at the version pip
    resolves with those pins, under a marker of that system (and version, where they differ). With
    find_links, only those systems, from those folders of wheels and no index."""
    lines = []
    for target, marker in SYSTEM_MARKERS.items():
        if find_links and target not in find_links:
            continue
        pip_args = ("--no-index", "--find-links", str(find_links[target])) if find_links else ()
        found = {python: unpinned(target, python, requirements, constraints, *pip_args) for python in PYTHONS}
        for name in sorted({name for extra in found.values() for name in extra}, key=str.lower):
            versions = {python: extra[name] for python, extra in found.items() if name in extra}
            if len(versions) == len(PYTHONS) and len(set(versions.values())) == 1:
                lines.append(f"{name}=={versions[PYTHONS[0]]} ; {marker}")
            else:
                lines += [f'{name}=={version} ; {marker} and python_version == "{python}"'
                          for python, version in versions.items()]
    return "".join(line + "\n" for line in lines)


def _main(target: str, python: str, *pip_args: str) -> int:
    from pip._internal.cli.main import main as pip_main
    from pip._vendor.packaging import markers

    environment = marker_environment(target, python)
    markers.default_environment = lambda: dict(environment)
    return pip_main(list(pip_args))


if __name__ == "__main__":
    if len(sys.argv) < 4 or sys.argv[1] not in TARGETS:
        print(json.dumps({"cach_dung": "python -m langnghe.wheels TARGET PYTHON <pip arguments>",
                          "TARGET": list(TARGETS)}))
        sys.exit(2)
    sys.exit(_main(*sys.argv[1:]))
