"""Where a trainee's kernel runs: a root of its own that shows only what the notebook needs.

Applied in the child the fork server starts, before the kernel exists:

1. a new session and resource limits;
2. new mount, PID, IPC, UTS and network namespaces, inside a new user namespace when the
   grader is not root (then the kernel keeps the grader's uid but no capability, and sees
   no process or file of the grader's);
3. one more fork: the grandchild is PID 1 of the new PID namespace, so every process a
   submission starts ends with its kernel (Linux kills a PID namespace whole when its first
   process exits); the middle child reports the grandchild's pid and exits;
4. a new root on a tmpfs holding only the system's folders and the Python install (read
   only), the datasets (read only), the submission's working copy and the kernel's sockets
   (writable), a private /tmp, /dev and /proc; pivot_root into it, the old root detached.
   The course folder is not there, wherever it lives: not solutions/, source/, the
   gradebook, other submissions;
5. privileges dropped for good: another uid when the grader is root.
"""

from __future__ import annotations

import ctypes
import errno
import os
import resource
import signal
from dataclasses import asdict, dataclass, field

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_NO_NEW_PRIVS = 38
PR_SET_CHILD_SUBREAPER = 36
PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}  # syscall numbers; glibc has no wrapper
ST_FLAGS = {os.ST_NOSUID: MS_NOSUID, os.ST_NODEV: MS_NODEV, os.ST_NOEXEC: MS_NOEXEC}

# Read-only system folders of the new root (symlinks, as /bin on a merged-/usr system, stay symlinks).
SYSTEM = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"]
DEVICES = ["null", "zero", "full", "random", "urandom"]


@dataclass
class Limits:
    memory_bytes: int = 2 * 1024**3  # address space; pandas + matplotlib need about 1 GiB
    cpu_seconds: int = 120  # a backstop behind the per-notebook wall-clock limit
    file_bytes: int = 200 * 1024**2
    processes: int = 256


@dataclass
class Sandbox:
    """What the child may do and see. `confine=False` keeps the grader's view (--no-isolation)."""

    uid: int | None = None  # as root: the unprivileged uid the kernel runs as
    gid: int | None = None
    confine: bool = True
    readonly: list[str] = field(default_factory=list)  # host paths shown read-only, at the same path
    writable: list[str] = field(default_factory=list)  # host paths shown writable (working copy, sockets)
    hidden: list[str] = field(default_factory=list)  # host paths covered by an empty folder (the course)
    limits: Limits = field(default_factory=Limits)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Sandbox":
        return cls(**{**data, "limits": Limits(**data.get("limits", {}))})


class SandboxError(OSError):
    pass


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise SandboxError(err, f"{what}: {os.strerror(err)}")


def _bytes(text):
    return text.encode() if isinstance(text, str) else text


def _mount(source, target, fstype, flags, data=None) -> None:
    _check(_libc().mount(_bytes(source), _bytes(target), _bytes(fstype), flags, _bytes(data)),
           f"mount {source} -> {target}")


def python_paths() -> list[str]:
    """What a process needs to run this Python and import the course's package."""
    import site
    import sys

    import langnghe

    needed = [sys.base_prefix, sys.prefix, sys.executable, *site.getsitepackages(), *sys.path[1:],
              os.path.dirname(langnghe.__file__)]  # an editable install maps the package outside sys.path
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

    Used by the hub for trainees' servers. Each blocking folder is covered by an empty
    tmpfs (mode 0711) in which only the needed entries are bind-mounted back: the rest
    of, say, /root stays invisible.
    """
    blocked = blocked_ancestors(paths)
    if not blocked:
        return
    private_mounts()
    for folder, children in sorted(blocked.items()):
        cover(folder, children, scratch)


def private_mounts() -> None:
    """This process (and its children) in a mount namespace of its own, whose mounts stay its own."""
    _check(_libc().unshare(CLONE_NEWNS), "unshare(CLONE_NEWNS)")
    _mount(None, "/", None, MS_REC | MS_PRIVATE)


def cover(folder: str, keep: set[str], scratch: str) -> None:
    """Cover `folder` with an empty tmpfs (mode 0711) and bind its entries `keep` back: the rest of it
    is gone for this mount namespace. Call private_mounts() first."""
    held = {}
    for child in sorted(keep):
        source = os.path.join(folder, child)
        if not os.path.lexists(source):
            continue
        hold = os.path.join(scratch, f".giu-{len(os.listdir(scratch))}-{child}")
        os.makedirs(hold, exist_ok=True)
        _mount(source, hold, None, MS_BIND | MS_REC)
        held[child] = hold
    _mount("tmpfs", folder, "tmpfs", 0, "mode=0711")
    for child, hold in held.items():
        target = os.path.join(folder, child)
        os.makedirs(target, exist_ok=True)
        _mount(hold, target, None, MS_BIND | MS_REC)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def plan(sandbox: Sandbox) -> list[tuple[str, str]]:
    """The new root's mounts, (kind, host path), parents before children, nothing bound twice.

    kind is "ro", "rw" or "hide"; a hidden path (the course folder, should it lie under a
    system folder) is covered before the paths inside it that must stay visible.
    """
    wanted = [("ro", p) for p in SYSTEM] + [("ro", p) for p in sandbox.readonly] + \
        [("rw", p) for p in sandbox.writable] + [("hide", p) for p in sandbox.hidden]
    seen, steps = set(), []
    for kind, path in wanted:
        real = path if kind == "ro" and path in SYSTEM else os.path.realpath(path)
        if (kind, real) not in seen and (kind == "hide" or os.path.lexists(real)):
            seen.add((kind, real))
            steps.append((kind, real))
    steps.sort(key=lambda s: (s[1].count("/"), s[0] != "hide"))
    kept = []
    for kind, path in steps:
        covering = [(k, p) for k, p in kept if _inside(path, p)]
        nearest = max(covering, key=lambda s: len(s[1]), default=None)
        if kind == "hide" and nearest is None:
            continue  # nothing bound above it: it is not in the new root anyway
        if kind == "ro" and nearest is not None and nearest[0] in ("ro", "rw"):
            continue  # already visible through its parent
        kept.append((kind, path))
    return kept


def _make_target(source: str, target: str) -> None:
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not os.path.exists(target):
            open(target, "w").close()


def _bind(source: str, target: str, writable: bool) -> None:
    _make_target(source, target)
    _mount(source, target, None, MS_BIND | MS_REC)
    # A read-only bind needs a second, remounting call; the source's own nosuid/nodev/noexec
    # must be repeated (a user namespace may not clear them).
    flags = MS_REMOUNT | MS_BIND | MS_NOSUID
    flags |= sum(ms for st, ms in ST_FLAGS.items() if os.statvfs(source).f_flag & st)
    _mount(None, target, None, flags | (0 if writable else MS_RDONLY))


def build_root(sandbox: Sandbox, new_root: str) -> None:
    """Fill `new_root` (an empty folder) with what the kernel may see, then make it the root."""
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _mount("tmpfs", new_root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755")
    _mkdir(new_root, "tmp")  # before the working copy, which lies under /tmp
    _mount("tmpfs", os.path.join(new_root, "tmp"), "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=256m")
    for kind, path in plan(sandbox):
        target = new_root + path
        if kind == "hide":
            os.makedirs(target, exist_ok=True)
            _mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m")
        elif os.path.islink(path) and path in SYSTEM:
            os.symlink(os.readlink(path), target)
        else:
            _bind(path, target, writable=kind == "rw")
    dev = os.path.join(new_root, "dev")
    os.makedirs(dev, exist_ok=True)
    _mount("tmpfs", dev, "tmpfs", MS_NOSUID, "mode=0755,size=1m")
    for name in DEVICES:
        _bind(f"/dev/{name}", os.path.join(dev, name), writable=True)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                         ("stderr", "/proc/self/fd/2")):
        os.symlink(target, os.path.join(dev, name))
    _mkdir(dev, "shm")
    _mount("tmpfs", os.path.join(dev, "shm"), "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=64m")
    _mkdir(new_root, "proc")
    _mount("proc", os.path.join(new_root, "proc"), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _mkdir(new_root, ".cu")
    _check(_libc().syscall(PIVOT_ROOT[os.uname().machine], new_root.encode(), os.path.join(new_root, ".cu").encode()),
           "pivot_root")
    os.chdir("/")
    _check(_libc().umount2(b"/.cu", MNT_DETACH), "umount2(/.cu)")
    os.rmdir("/.cu")
    _mount(None, "/", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _mkdir(parent: str, name: str) -> None:
    os.makedirs(os.path.join(parent, name), exist_ok=True)


def set_limits(limits: Limits) -> None:
    for which, value in ((resource.RLIMIT_AS, limits.memory_bytes), (resource.RLIMIT_FSIZE, limits.file_bytes),
                         (resource.RLIMIT_CORE, 0)):
        resource.setrlimit(which, (value, value))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))


def _write(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


def enter_namespaces(sandbox: Sandbox, report_fd: int) -> None:
    """In the fork server's child: new namespaces, then fork the kernel as PID 1 of its own PID
    namespace. Returns in the grandchild; the middle child writes the grandchild's pid to
    `report_fd` and exits."""
    flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET
    uid, gid = os.getuid(), os.getgid()
    if os.geteuid() != 0:
        flags |= CLONE_NEWUSER
    _check(_libc().unshare(flags), "unshare")
    if flags & CLONE_NEWUSER:  # the grader's own uid and gid, mapped to themselves
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")
    pid = os.fork()
    if pid:
        os.write(report_fd, f"{pid}\n".encode())
        os._exit(0)


def drop_privileges(sandbox: Sandbox) -> None:
    """For good: another uid as root, no capabilities in a user namespace; never regained."""
    if os.geteuid() == 0 and sandbox.uid is not None and not _in_user_namespace():
        gid = sandbox.gid if sandbox.gid is not None else sandbox.uid
        os.setgroups([])
        os.setgid(gid)
        os.setuid(sandbox.uid)
    else:
        _drop_capabilities()
    _check(_libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(NO_NEW_PRIVS)")


def _in_user_namespace() -> bool:
    try:
        with open("/proc/self/uid_map") as f:
            return f.read().split()[:3] != ["0", "0", "4294967295"]
    except OSError:
        return False


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _drop_capabilities() -> None:
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (_CapData * 2)()
    _check(_libc().capset(ctypes.byref(header), data), "capset")


def confine(sandbox: Sandbox, new_root: str, report_fd: int) -> None:
    """Everything above, in order; returns in the confined grandchild, ready to become the kernel."""
    os.setsid()
    set_limits(sandbox.limits)
    if not sandbox.confine:
        os.write(report_fd, f"{os.getpid()}\n".encode())
        return
    enter_namespaces(sandbox, report_fd)
    build_root(sandbox, new_root)
    drop_privileges(sandbox)


def probe_inside(sandbox: Sandbox, must_read: list[str], must_not_see: list[str]) -> dict:
    """Run in a confined child: what it can and cannot reach (the grader refuses to run otherwise)."""
    import socket

    result = {"unreadable": [p for p in must_read if not os.access(p, os.R_OK)],
              "visible": [p for p in must_not_see if os.path.lexists(p)],
              "pid": os.getpid(), "uid": os.getuid()}
    try:  # refused means a loopback is up; a new network namespace has none
        socket.create_connection(("127.0.0.1", 9), timeout=0.5).close()
        result["network"] = True
    except OSError as err:
        result["network"] = err.errno == errno.ECONNREFUSED
    return result


def become_subreaper() -> None:
    """Orphaned kernels (their middle child exits at once) come back to the fork server to be reaped."""
    _libc().prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)

