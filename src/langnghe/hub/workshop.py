"""A workshop folder: the accounts, the course directory, the exchange and the hub's config.

    THU_MUC/hoi-thao.json        settings (address, mode, Unix accounts we created)
    THU_MUC/tai-khoan.csv        who may log in, with their usernames (for login cards)
    THU_MUC/ma-dang-nhap.json    the one-time codes not yet used (auth.py)
    THU_MUC/passwords.dbm        passwords (bcrypt), and dang-nhap-sai.json, recent failed logins
    THU_MUC/jupyterhub_config.py loads langnghe.hub.config
    THU_MUC/khoa-hoc/            the course directory (solutions, exercises, gradebook.db, ...)
    THU_MUC/trao-doi/            nbgrader's exchange
    THU_MUC/etc/hoc-vien/        Jupyter config for trainees' servers
    THU_MUC/etc/cham-bai/        Jupyter config for the formgrader service
    THU_MUC/nha/                 home folders (every one in demo mode; trainees' on a server)
    THU_MUC/nhat-ky/             logs

On a real server (run as root) every person gets a Unix account, so nbgrader's exchange knows
who submitted and its file permissions keep trainees apart. There, a trainee can only pass
through the workshop folder: it reads the trainees' Jupyter config and what nbgrader's
exchange lets it, nothing else (`secure`); the course folder is the grader account's alone. The demo runs everything as one
Unix user, which is only for trying the course out.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..course import find_root
from ..errors import CourseError
from ..grade.sandbox import python_paths
from ..lab import LEARNER_DISABLED_SERVER_EXTENSIONS, LEARNER_HIDDEN_LAB_PLUGINS, install_overrides
from ..nbmeta import FOR_CLASS, set_audience
from . import roster

COURSE_ID = "langnghe"
GRADER_USER = "langnghe-cham"
INSTRUCTORS_GROUP = "giang-vien"
TRAINEES_GROUP = "hoc-vien"
FORMGRADER = "formgrader"
# What a trainee's home gets on the first start (the rest stays on the hub's side).
TRAINEE_CONTENT = ["lessons", "datasets", "BAT-DAU.ipynb"]
COURSE_CONTENT = ["solutions", "exercises", "lessons", "datasets", "BAT-DAU.ipynb"]
# In the course folder: the released assignments' keys without hidden tests, for the trainees' check.
CLASS_KEYS = "kiem-tra-hoc-vien"
# Trainees fetch, check and submit in the course's Bài tập panel, whose exchange runs nbgrader in a
# child process (langnghe.trao_doi): none of nbgrader's tools, menus or server extensions are theirs.
# What a trainee never uses is not loaded either (each server costs every trainee's share of
# memory): the language-server bridge and Notebook 7's own front end (JupyterLab is hers).
TRAINEE_HIDDEN_LAB_PLUGINS = [*LEARNER_HIDDEN_LAB_PLUGINS, "@jupyter-notebook/lab-extension"]
INSTRUCTOR_SERVER_EXTENSIONS = ["nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list"]
TRAINEE_SERVER_EXTENSIONS = {**LEARNER_DISABLED_SERVER_EXTENSIONS,
                             "jupyter_lsp": False, "notebook": False, "notebook_shim": False}
# A kernel left idle with no tab open (a lesson she has moved on from) is shut down after this
# long; hoi-thao.json's "kernel_ranh" changes it for a workshop (read when the hub starts).
KERNEL_IDLE_SECONDS = 1800


def trainee_kernel_culling(idle_seconds: int = KERNEL_IDLE_SECONDS) -> dict:
    """jupyter_server's settings that shut down a trainee's idle kernels (never one with a tab open)."""
    return {"MappingKernelManager": {"cull_idle_timeout": int(idle_seconds), "cull_interval": 60,
                                     "cull_connected": False, "cull_busy": False}}


# The kernelspec trainees' servers find first (their JUPYTER_PATH on the hub, the image's venv):
# the same Python 3 kernel, without the debugger (langnghe.hub.kernel). "python" is the server's own.
TRAINEE_KERNEL = {"argv": ["python", "-m", "langnghe.hub.kernel", "-f", "{connection_file}"],
                  "display_name": "Python 3 (ipykernel)", "language": "python", "metadata": {"debugger": False}}


def write_trainee_kernel(data_dir: Path) -> Path:
    """TRAINEE_KERNEL as the python3 kernelspec of a Jupyter data folder."""
    path = Path(data_dir) / "kernels" / "python3" / "kernel.json"
    _write_json(path, TRAINEE_KERNEL)
    return path


def as_arguments(config: dict) -> list[str]:
    """{"Class": {"trait": value}} as command-line options (--Class.trait=value)."""
    return [f"--{cls}.{name}={json.dumps(value) if isinstance(value, bool) else value}"
            for cls, traits in config.items() for name, value in traits.items()]


class WorkshopError(CourseError):
    """Something the instructor must fix (message in Vietnamese)."""


@dataclass
class Workshop:
    root: Path

    def __post_init__(self):
        self.root = Path(self.root).resolve()

    course = property(lambda self: self.root / "khoa-hoc")
    exchange = property(lambda self: self.root / "trao-doi")
    homes = property(lambda self: self.root / "nha")
    logs = property(lambda self: self.root / "nhat-ky")
    trainee_config = property(lambda self: self.root / "etc" / "hoc-vien")
    trainee_data = property(lambda self: self.root / "share" / "hoc-vien")
    grader_config = property(lambda self: self.root / "etc" / "cham-bai")
    settings_file = property(lambda self: self.root / "hoi-thao.json")
    accounts_file = property(lambda self: self.root / roster.ACCOUNTS_FILE)
    codes_file = property(lambda self: self.root / "ma-dang-nhap.json")
    failures_file = property(lambda self: self.root / "dang-nhap-sai.json")
    passwords_file = property(lambda self: self.root / "passwords.dbm")
    config_file = property(lambda self: self.root / "jupyterhub_config.py")

    def settings(self) -> dict:
        if not self.settings_file.is_file():
            raise WorkshopError(
                f"{self.root} chưa phải thư mục hội thảo. Tạo bằng: langnghe hub create DANH_SACH.csv --dir {self.root}")
        return json.loads(self.settings_file.read_text(encoding="utf-8"))

    def save_settings(self, settings: dict) -> None:
        self.settings_file.write_text(json.dumps(settings, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def people(self) -> list[roster.Person]:
        return roster.read_accounts(self.accounts_file)

    @property
    def demo(self) -> bool:
        return self.settings()["che_do"] == "demo"

    @property
    def url(self) -> str:
        s = self.settings()
        host = "127.0.0.1" if s["ip"] in ("", "0.0.0.0") else s["ip"]
        return f"http://{host}:{s['port']}"


def is_root() -> bool:
    return os.geteuid() == 0


def _unix_user(name: str):
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def _closed_folders(path: str) -> list[Path]:
    """The folders on the way to `path` that other users cannot enter."""
    resolved = Path(path).resolve()
    return [folder for folder in [*reversed(resolved.parents), resolved]
            if folder.is_dir() and not folder.stat().st_mode & stat.S_IXOTH]


def check_python_shared() -> None:
    """Trainees' servers run as their own Unix users, so they must be able to run this Python.

    One closed folder on the way (a clone under /root) is fine: the hub opens it to its servers
    (process.open_python_to_servers). Two nested ones are not.
    """
    for path in python_paths():
        closed = _closed_folders(path)
        if len(closed) > 1:
            raise WorkshopError(
                f"Môi trường Python ({sys.prefix}) nằm trong {closed[1]}, nơi tài khoản của học viên không vào được. "
                "Tạo lại môi trường bằng một Python mà mọi người dùng đều chạy được, ví dụ: "
                "make clean && make env PYTHON=/usr/bin/python3")


def find_proxy(course_root: Path | None) -> str:
    """configurable-http-proxy from the project's node_modules (installed by `make`), else PATH."""
    candidates = [Path(course_root) / "node_modules" / ".bin" / "configurable-http-proxy"] if course_root else []
    found = shutil.which("configurable-http-proxy")
    candidates += [Path(found)] if found else []
    for candidate in candidates:
        if candidate.exists():
            return str(candidate.resolve())
    raise WorkshopError(
        "Chưa có configurable-http-proxy (proxy của JupyterHub). Trong thư mục mã nguồn khóa học chạy: "
        "make proxy (hoặc npm ci).")


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        raise WorkshopError(f"Lệnh {' '.join(cmd)} lỗi: {done.stderr.strip() or done.stdout.strip()}")


def _chown_tree(path: Path, uid: int, gid: int) -> None:
    os.chown(path, uid, gid)
    for folder, dirs, files in os.walk(path):
        for name in dirs + files:
            os.lchown(os.path.join(folder, name), uid, gid)


def _trainee_nbgrader_config(ws: Workshop) -> str:
    return f'''"""nbgrader for trainees' servers on this hub (written by `langnghe hub create`)."""
import os

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "{COURSE_ID}"
c.Exchange.root = {str(ws.exchange)!r}
# The trainee's hub name is who submits; with one Unix user per trainee it is also the owner.
c.CourseDirectory.student_id = os.environ.get("JUPYTERHUB_USER", "*")
'''


def _instructor_nbgrader_config(source: Path, ws: Workshop, demo: bool) -> str:
    text = (source / "nbgrader_config.py").read_text(encoding="utf-8")
    text += f'''
# The workshop's exchange (added by `langnghe hub create`).
c.Exchange.root = {str(ws.exchange)!r}
'''
    if demo:
        text += "# Demo: one Unix user owns every submission, so ownership says nothing.\n"
        text += "c.CollectApp.check_owner = False\n"
    return text


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _write_jupyter_configs(ws: Workshop, source: Path, demo: bool) -> None:
    ws.trainee_config.mkdir(parents=True, exist_ok=True)
    (ws.trainee_config / "nbgrader_config.py").write_text(_trainee_nbgrader_config(ws), encoding="utf-8")
    server = {"ServerApp": {"jpserver_extensions": TRAINEE_SERVER_EXTENSIONS}}
    if demo and is_root():
        server["ServerApp"]["allow_root"] = True
    _write_json(ws.trainee_config / "jupyter_server_config.json", server)
    write_trainee_kernel(ws.trainee_data)
    _write_json(ws.trainee_config / "labconfig" / "page_config.json",
                {"disabledExtensions": {name: True for name in TRAINEE_HIDDEN_LAB_PLUGINS}})
    grader = {"ServerApp": {"default_url": "/formgrader", "root_dir": str(ws.course)}}
    if is_root() and demo:
        grader["ServerApp"]["allow_root"] = True
    _write_json(ws.grader_config / "jupyter_server_config.json", grader)
    (ws.course / "nbgrader_config.py").write_text(_instructor_nbgrader_config(source, ws, demo), encoding="utf-8")


CONFIG_TEMPLATE = '''"""JupyterHub for this workshop (written by `langnghe hub create`; settings in hoi-thao.json)."""
from pathlib import Path

from langnghe.hub.config import configure

configure(get_config(), Path(__file__).resolve().parent)  # noqa: F821
'''


def create(roster_csv: Path, root: Path, ip: str = "0.0.0.0", port: int = 8000, demo: bool = False,
           home_base: Path | None = None, source: Path | None = None) -> Workshop:
    """Create or update a workshop from a roster. Updating keeps usernames, work and grades."""
    ws = Workshop(root)
    source = Path(source) if source else find_root()
    if not demo:
        if not is_root():
            raise WorkshopError(
                "Tạo hội thảo thật cần quyền root (sudo) để mở một tài khoản Unix cho mỗi người. "
                "Muốn thử trên máy mình thì dùng: langnghe hub demo")
        check_python_shared()
    rows = roster.read_roster(roster_csv)
    existing = ws.people()
    previous = json.loads(ws.settings_file.read_text(encoding="utf-8")) if ws.settings_file.is_file() else {}
    ours = set(previous.get("tai_khoan_unix", []))
    taken = (lambda name: False) if demo else (lambda name: _unix_user(name) is not None and name not in ours)
    people = roster.assign_usernames(rows, existing, taken)

    ws.root.mkdir(parents=True, exist_ok=True)
    os.chmod(ws.root, 0o755)
    for folder in (ws.logs, ws.homes):
        folder.mkdir(exist_ok=True)
    os.chmod(ws.homes, 0o755)
    if not ws.course.is_dir():  # the course is copied once; later runs never touch work or grades
        ws.course.mkdir()
        for name in COURSE_CONTENT:
            src = source / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, ws.course / name)
        set_audience(ws.course, FOR_CLASS)  # a class reads how to submit, not how to study alone
    ws.exchange.mkdir(exist_ok=True)
    os.chmod(ws.exchange, 0o1777)  # everyone writes, nobody deletes another's files (as nbgrader asks)
    _write_jupyter_configs(ws, source, demo)
    install_overrides()  # the trainees' JupyterLab: Vietnamese, no news pop-up (as `make env` does)
    roster.write_accounts(ws.accounts_file, people)
    os.chmod(ws.accounts_file, 0o600)
    issue_missing_codes(ws)

    settings = {
        "che_do": "demo" if demo else "may_chu",
        "ip": ip, "port": int(port),
        "proxy": find_proxy(source),
        "python": sys.executable,
        "nha": str(Path(home_base).resolve()) if home_base else ("" if demo else "/home"),
        "tai_khoan_unix": sorted(ours),
        "thoi_gian_cho_ranh": previous.get("thoi_gian_cho_ranh", 3600),
        "kernel_ranh": previous.get("kernel_ranh", KERNEL_IDLE_SECONDS),
        "bo_nho": previous.get("bo_nho", "2G"),
    }
    created: set[str] = set()
    try:
        if not demo:
            _ensure_unix_accounts(ws, people, settings["nha"], ours, created)
    finally:  # accounts made before a failure are recorded, so remove-accounts finds them
        settings["tai_khoan_unix"] = sorted(ours | created)
        ws.save_settings(settings)
    ws.config_file.write_text(CONFIG_TEMPLATE, encoding="utf-8")
    if not demo:
        secure(ws)
    return ws


def issue_missing_codes(ws: Workshop) -> None:
    """A one-time code for everyone who may log in and has neither a code nor a password yet."""
    from .auth import LoginCodes, has_password

    codes = LoginCodes(ws.codes_file)
    pending = codes.pending()
    for person in ws.people():
        if person.may_log_in and person.username not in pending and not has_password(ws.passwords_file,
                                                                                   person.username):
            codes.issue(person.username)


# What a trainee may read under the workshop folder (their servers' Jupyter config) and pass through.
TRAINEE_READABLE = ["etc/hoc-vien"]
TRAINEE_PASSABLE = [".", "etc"]


def secure(ws: Workshop) -> None:
    """Permissions that match the roles: trainees pass through the workshop folder to the exchange
    and their servers' config and read nothing else; the course is the grader account's only;
    the hub's database, secrets, codes, passwords and logs are root's."""
    for folder in TRAINEE_PASSABLE:
        os.chmod(ws.root / folder, 0o711)
    for folder in TRAINEE_READABLE:
        for path in [ws.root / folder, *(ws.root / folder).rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
    for path in ws.root.iterdir():
        if path.is_file() or path.is_symlink():
            os.chmod(path, 0o600)
    os.chmod(ws.logs, 0o700)
    grader = _unix_user(GRADER_USER)
    for folder in (ws.course, ws.grader_config):
        if grader is not None:
            _chown_tree(folder, grader.pw_uid, grader.pw_gid)
        os.chmod(folder, 0o700)


def _ensure_unix_accounts(ws: Workshop, people: list[roster.Person], home_base: str, ours: set[str],
                          created: set[str]) -> None:
    """Make the grader's and everyone's Unix accounts; `created` collects the names made."""
    clashes = [p.username for p in people if p.username not in ours and _unix_user(p.username) is not None]
    if clashes:  # checked before any account is made, so a refused roster changes nothing
        raise WorkshopError(f"Tài khoản Unix {', '.join(clashes)} đã có sẵn và không do khóa học tạo. "
                            "Đổi tên trong tai-khoan.csv hoặc xóa tài khoản đó rồi chạy lại.")
    if _unix_user(GRADER_USER) is None:  # shared by every workshop on the server: never removed with one
        _run(["useradd", "--system", "--no-create-home", "--home-dir", str(ws.course),
              "--shell", "/usr/sbin/nologin", GRADER_USER])
    grader = pwd.getpwnam(GRADER_USER)
    _chown_tree(ws.course, grader.pw_uid, grader.pw_gid)
    for person in people:
        if _unix_user(person.username) is None:
            home = Path(home_base) / person.username
            _run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
                  "--comment", roster.ascii_fold(person.full_name).title(), person.username])
            created.add(person.username)
            os.chmod(home, 0o700)  # homes are private: one trainee cannot read another's work


def remove_accounts(ws: Workshop) -> list[str]:
    """Delete the Unix accounts this workshop created (their homes stay, for the record)."""
    settings = ws.settings()
    removed = []
    for name in settings.get("tai_khoan_unix", []):
        if _unix_user(name) is not None:
            subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
            _run(["userdel", name])
            removed.append(name)
    settings["tai_khoan_unix"] = []
    ws.save_settings(settings)
    return removed


def give_course_to_grader(ws: Workshop) -> None:
    """After an instructor command run as root, formgrader (its own Unix user) must own the course."""
    if not ws.demo and is_root() and _unix_user(GRADER_USER):
        grader = pwd.getpwnam(GRADER_USER)
        _chown_tree(ws.course, grader.pw_uid, grader.pw_gid)
        os.chmod(ws.course, 0o700)
