"""What a trainee's kernel may do: resource limits, no network, an unprivileged user.

Applied in the forked child, before the kernel starts, in this order: new session (so the
whole process group can be killed), limits, network namespace, files handed to the user,
then privileges dropped for good.
"""

from __future__ import annotations

import ctypes
import os
import resource
from dataclasses import dataclass, field

CLONE_NEWNET = 0x40000000
CLONE_NEWNS = 0x00020000
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18


@dataclass
class Limits:
    memory_bytes: int = 2 * 1024**3  # address space; pandas + matplotlib need about 1 GiB
    cpu_seconds: int = 120  # a backstop behind the per-notebook wall-clock limit
    file_bytes: int = 200 * 1024**2
    processes: int = 256


@dataclass
class Sandbox:
    uid: int | None = None  # None: keep the grader's user (not root, or isolation off)
    gid: int | None = None
    no_network: bool = True
    limits: Limits = field(default_factory=Limits)


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _unshare_network() -> bool:
    return _libc().unshare(CLONE_NEWNET) == 0


def _mount(source, target, fstype, flags, data=None) -> None:
    enc = (lambda x: x.encode() if isinstance(x, str) else x)
    if _libc().mount(enc(source), enc(target), enc(fstype), flags, enc(data)) != 0:
        raise OSError(ctypes.get_errno(), f"mount {source} -> {target}")


def python_paths() -> list[str]:
    """What a process needs to run this Python and import the course's package."""
    import site
    import sys

    needed = [sys.base_prefix, sys.prefix, sys.executable, *site.getsitepackages(), *sys.path[1:]]
    return [p for p in needed if p and os.path.exists(p)]


def blocked_ancestors(paths: list[str]) -> dict[str, set[str]]:
    """Folders that other users cannot pass through, and which of their entries Python needs.

    A Python installed under /root (pyenv) is unreadable for an unprivileged user only
    because /root is 0700; everything below it is world-readable.
    """
    blocked: dict[str, set[str]] = {}
    for path in paths:
        parts = os.path.realpath(path).split(os.sep)
        for i in range(2, len(parts)):
            folder, child = os.sep.join(parts[:i]) or os.sep, parts[i]
            if not os.stat(folder).st_mode & 0o001:
                blocked.setdefault(folder, set()).add(child)
                break
    return blocked


def open_python_to(paths: list[str], scratch: str) -> None:
    """In a private mount namespace, let an unprivileged user reach the interpreter's files.

    Each blocking folder is covered by an empty tmpfs (mode 0711) in which only the needed
    entries are bind-mounted back: the rest of, say, /root stays invisible to the kernel.
    """
    blocked = blocked_ancestors(paths)
    if not blocked:
        return
    if _libc().unshare(CLONE_NEWNS) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNS)")
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    for n, (folder, children) in enumerate(sorted(blocked.items())):
        keep = {}
        for child in children:
            hold = os.path.join(scratch, f".giu-{n}-{child}")
            os.makedirs(hold, exist_ok=True)
            _mount(os.path.join(folder, child), hold, None, MS_BIND | MS_REC)
            keep[child] = hold
        _mount("tmpfs", folder, "tmpfs", 0, "mode=0711")
        for child, hold in keep.items():
            target = os.path.join(folder, child)
            os.makedirs(target, exist_ok=True)
            _mount(hold, target, None, MS_BIND | MS_REC)


def enter(sandbox: Sandbox, scratch: str) -> list[str]:
    """Confine the current (child) process; return what could not be applied, for the log."""
    missing = []
    os.setsid()
    lim = sandbox.limits
    for which, value in ((resource.RLIMIT_AS, lim.memory_bytes), (resource.RLIMIT_FSIZE, lim.file_bytes),
                         (resource.RLIMIT_CORE, 0)):
        resource.setrlimit(which, (value, value))
    resource.setrlimit(resource.RLIMIT_CPU, (lim.cpu_seconds, lim.cpu_seconds + 5))
    if sandbox.no_network and os.geteuid() == 0 and not _unshare_network():
        missing.append("network")
    if sandbox.uid is not None and os.geteuid() == 0:
        open_python_to(python_paths(), scratch)
        gid = sandbox.gid if sandbox.gid is not None else sandbox.uid
        resource.setrlimit(resource.RLIMIT_NPROC, (lim.processes, lim.processes))
        os.setgroups([])
        os.setgid(gid)
        os.setuid(sandbox.uid)
    elif sandbox.uid is not None:
        missing.append("user")
    return missing
