"""Who may log in: first-use passwords, for the people on the workshop's roster only.

FirstUseAuthenticator stores whatever password a name first logs in with. Checking the
roster before that keeps a mistyped or unknown name from ever getting a password, and
the errors are in Vietnamese.
"""

from __future__ import annotations

import dbm

from firstuseauthenticator import FirstUseAuthenticator


class RosterAuthenticator(FirstUseAuthenticator):

    def _on_roster(self, username: str) -> bool:
        return username in self.allowed_users or username in self.admin_users

    async def authenticate(self, handler, data):
        username = self.normalize_username(data.get("username", ""))
        if not self._on_roster(username):
            handler.custom_login_error = (
                f"Tên đăng nhập “{username}” không có trong danh sách lớp. "
                "Xem lại thẻ đăng nhập hoặc hỏi giảng viên.")
            return None
        with dbm.open(self.dbm_path, "c", 0o600) as db:
            first_time = db.get(username.encode("utf8")) is None
        result = await super().authenticate(handler, data)
        if result is None:
            handler.custom_login_error = (
                f"Lần đầu đăng nhập: hãy chọn mật khẩu dài ít nhất {self.min_password_length} ký tự."
                if first_time else
                "Sai mật khẩu. Gõ lại; nếu quên mật khẩu, nhờ giảng viên đặt lại.")
        return result


def forget_password(dbm_path: str, username: str) -> bool:
    """Drop a password, so the next password this user logs in with becomes the new one."""
    with dbm.open(dbm_path, "c", 0o600) as db:
        if username.encode("utf8") in db:
            del db[username]
            return True
    return False
