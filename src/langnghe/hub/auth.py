"""Who may log in: the people on the roster, the first time with the one-time code on their card.

Usernames are predictable from the roster, so a first login needs the person's code: a short
random one (unambiguous letters and digits, 8 of them, about 40 bits) printed on their login
card (`langnghe hub the`). With it they choose their own password, and the code stops
working. Guessing is limited: a few failed logins for one username, or many from one
address, lock logins out for a while (`langnghe hub locks` shows and clears them). Passwords
are FirstUseAuthenticator's (bcrypt in a dbm file); codes and failures are small JSON files
beside it, readable by root only. Every message is Vietnamese.
"""

from __future__ import annotations

import dbm
import hmac
import json
import os
import secrets
import tempfile
import time
from pathlib import Path

from firstuseauthenticator import FirstUseAuthenticator
from traitlets import Unicode

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off a printed card without doubt
CODE_LENGTH = 8
WINDOW = 15 * 60  # seconds over which failures count, and how long a lock lasts
USER_LIMIT = 5  # failed logins for one username in WINDOW
ADDRESS_LIMIT = 30  # from one address (a classroom often shares one address, so it is higher)


def _read_json(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def _write_json(path: Path, data: dict) -> None:
    """Atomically, readable by the owner only (root: the hub and the instructor's commands)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def normalize_code(typed: str) -> str:
    """What a person types from a card: any case, with or without the dash or spaces."""
    return "".join(ch for ch in str(typed).upper() if ch.isalnum())


def show_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


class LoginCodes:
    """username -> the one-time code not yet used."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def pending(self) -> dict[str, str]:
        return _read_json(self.path)

    def issue(self, username: str) -> str:
        codes = self.pending()
        codes[username] = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        _write_json(self.path, codes)
        return codes[username]

    def matches(self, username: str, typed: str) -> bool:
        code = self.pending().get(username)
        return code is not None and hmac.compare_digest(code.encode(), normalize_code(typed).encode())

    def use(self, username: str) -> None:
        codes = self.pending()
        if codes.pop(username, None) is not None:
            _write_json(self.path, codes)


class FailedLogins:
    """Recent failed logins, by username and by address; enough of them lock logins for a while."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _recent(self, now: float) -> dict[str, list[float]]:
        return {key: [t for t in times if now - t < WINDOW]
                for key, times in _read_json(self.path).items() if any(now - t < WINDOW for t in times)}

    def locked_for(self, username: str, address: str, now: float | None = None) -> float:
        """Seconds until a login for `username` from `address` is allowed again (0: allowed)."""
        now = time.time() if now is None else now
        recent, waits = self._recent(now), [0.0]
        for key, limit in ((f"user:{username}", USER_LIMIT), (f"ip:{address}", ADDRESS_LIMIT)):
            times = recent.get(key, [])
            if len(times) >= limit:
                waits.append(times[-limit] + WINDOW - now)
        return max(waits)

    def record(self, username: str, address: str, now: float | None = None) -> None:
        now = time.time() if now is None else now
        recent = self._recent(now)
        for key in (f"user:{username}", f"ip:{address}"):
            recent.setdefault(key, []).append(now)
        _write_json(self.path, recent)

    def clear(self, key: str | None = None) -> list[str]:
        """Forget the failures of `key` ("user:NAME", "ip:ADDRESS", or a bare name or address);
        of everyone when None. Returns the keys cleared."""
        recent = self._recent(time.time())
        keys = [k for k in recent if key is None or k == key or k.split(":", 1)[1] == key]
        for k in keys:
            del recent[k]
        _write_json(self.path, recent)
        return keys

    def locks(self) -> list[tuple[str, int, float]]:
        """(key, failures, seconds left) of every lock in force."""
        now = time.time()
        found = []
        for key, times in self._recent(now).items():
            limit = USER_LIMIT if key.startswith("user:") else ADDRESS_LIMIT
            if len(times) >= limit:
                found.append((key, len(times), times[-limit] + WINDOW - now))
        return found


def _minutes(seconds: float) -> int:
    return max(1, round(seconds / 60))


class RosterAuthenticator(FirstUseAuthenticator):
    codes_path = Unicode(help="JSON file of the one-time codes not yet used").tag(config=True)
    failures_path = Unicode(help="JSON file of recent failed logins").tag(config=True)

    def _on_roster(self, username: str) -> bool:
        return username in self.allowed_users or username in self.admin_users


    async def authenticate(self, handler, data):
        username = self.normalize_username(data.get("username", ""))
        address = handler.request.remote_ip or "?"
        failures = FailedLogins(Path(self.failures_path))
        wait = failures.locked_for(username, address)
        if wait:
            handler.custom_login_error = (
                "Đăng nhập sai quá nhiều lần với tên này, hoặc từ máy này. "
                f"Hãy đợi khoảng {_minutes(wait)} phút rồi thử lại, hoặc nhờ giảng viên mở khóa.")
            return None
        if not self._on_roster(username):
            failures.record(username, address)
            handler.custom_login_error = (
                f"Tên đăng nhập “{username}” không có trong danh sách lớp. "
                "Xem lại thẻ đăng nhập hoặc hỏi giảng viên.")
            return None
        if has_password(self.dbm_path, username):
            result = await super().authenticate(handler, data)
            if result is None:
                failures.record(username, address)
                handler.custom_login_error = (
                    "Sai mật khẩu. Gõ lại; nếu quên mật khẩu, nhờ giảng viên cấp mã mới.")
            return result
        return self._first_login(handler, data, username, address, failures)

    def _first_login(self, handler, data, username: str, address: str, failures: FailedLogins):
        """The code on the card, then a password of the person's own choosing; the code is used up."""
        codes = LoginCodes(Path(self.codes_path))
        if not codes.matches(username, data.get("password", "")):
            failures.record(username, address)
            handler.custom_login_error = (
                "Lần đầu đăng nhập: ô mật khẩu phải là mã in trên thẻ của bạn (8 chữ và số, ví dụ ABCD-EF23). "
                "Mã này chưa đúng: xem lại thẻ, hoặc nhờ giảng viên cấp mã mới.")
            return None
        new, again = data.get("mat_khau_moi", ""), data.get("mat_khau_moi_2", "")
        if len(new) < self.min_password_length:
            handler.custom_login_error = (
                f"Đúng mã. Bây giờ hãy tự chọn một mật khẩu mới, ít nhất {self.min_password_length} ký tự, "
                "gõ vào hai ô “Mật khẩu mới” (mã vẫn để trong ô mật khẩu) rồi bấm Đăng nhập.")
            return None
        if new != again:
            handler.custom_login_error = "Hai lần gõ mật khẩu mới không giống nhau. Gõ lại cả hai ô."
            return None
        if normalize_code(new) == normalize_code(data.get("password", "")):
            handler.custom_login_error = "Mật khẩu mới phải khác mã trên thẻ: mã chỉ dùng được một lần."
            return None
        self.reset_password(username, new)
        codes.use(username)
        failures.clear(f"user:{username}")
        return username


def has_password(dbm_path, username: str) -> bool:
    try:
        with dbm.open(str(dbm_path), "r") as db:
            return username.encode("utf8") in db
    except dbm.error:  # no password file yet
        return False


def forget_password(dbm_path: str, username: str) -> bool:
    """Drop a password (the person then logs in with a new code)."""
    with dbm.open(dbm_path, "c", 0o600) as db:
        if username.encode("utf8") in db:
            del db[username]
            return True
    return False
