"""The judge: evaluates a notebook's test cells in the grader's own process, never in the kernel.

The trainee's cells run in their kernel; when the notebook reaches a test cell, the judge
runs that cell's code here, in a namespace of its own:

- names the course provides (builtins, math, numpy/np, pandas/pd, the `langnghe` helpers such
  as xap_xi and kiem_tra_*, and whatever the notebook's locked set-up cells import) are the
  judge's own objects, so no submission can change them;
- names the test cells themselves assign stay here from one test cell to the next;
- every other name is fetched from the kernel, at this point of the notebook, as data
  (wire.py); a trainee's function becomes a TraineeFunction, which calls the function in
  the kernel with data arguments and gets data back, with a time limit.

The kernel is reached over its shell channel with the judge's own socket (KernelLink):
one execute request whose `user_expressions` call the kernel's agent, one reply read as
JSON. Hidden tests are never sent: only the names a test reads and a call's arguments are.
"""

from __future__ import annotations

import ast
import builtins
import functools
import inspect
import io
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..explain import NO_THOUSANDS_DOTS, THOUSANDS_DOTS
from ..nbmeta import TIMEOUT_ENAME
from . import syntax, wire

INTERRUPT_GRACE = 3.0  # seconds a kernel gets to answer after an interrupt
AGENT = "__import__('langnghe.judge.agent').judge.agent"
BUILTIN_NAMES = frozenset(dir(builtins))


# ---------------------------------------------------------------------------------------------
# Reasons a test fails that are the judge's to word (Vietnamese, for the trainee and instructor)

class JudgeReason(Exception):
    ename = "KhongChamDuoc"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class NotDataError(JudgeReason):
    ename = "KhongPhaiDuLieu"


class TraineeRaised(JudgeReason):
    """The trainee's function raised; ename is the kernel's (ZeroDivisionError, ...)."""

    def __init__(self, reason: str, ename: str):
        super().__init__(reason)
        self.ename = ename


class CallTimeout(JudgeReason):
    ename = TIMEOUT_ENAME


class KernelGone(JudgeReason):
    ename = "KernelKhongTraLoi"


NOT_DATA = {
    "generator": "một generator (kết quả của yield), không phải một giá trị: hãy trả về (return) một con số, "
                 "một danh sách (list) hoặc một bảng",
    "file": "một tệp đang mở, không phải dữ liệu",
    "module": "một mô-đun (module) của Python, không phải dữ liệu",
    "class": "một kiểu (class), không phải một giá trị",
    "function": "một hàm nằm trong một giá trị khác",
}


def not_data_text(code: str) -> str:
    if code in NOT_DATA:
        return NOT_DATA[code]
    kind, _, name = code.partition(":")
    if kind == "subclass":
        return (f"một đối tượng tự định nghĩa dựa trên kiểu {name}, không phải dữ liệu thuần "
                "(hệ thống chấm chỉ nhận số, chuỗi, danh sách, bảng...)")
    return f"một đối tượng kiểu {name}, không phải dữ liệu (số, chuỗi, danh sách, từ điển, bảng...)"


# ---------------------------------------------------------------------------------------------
# The judge's own line to a kernel

class KernelLink:
    """The judge's own connection to a kernel's shell channel. Replies are read as JSON data."""

    def __init__(self, connection_info: dict, interrupt: Callable[[], None]):
        import zmq
        from jupyter_client.session import Session

        self.interrupt = interrupt
        key = connection_info["key"]
        self.session = Session(key=key.encode() if isinstance(key, str) else key,
                               signature_scheme=connection_info.get("signature_scheme", "hmac-sha256"),
                               username="langnghe-judge")
        self.context = zmq.Context()
        self.socket = self.context.socket(zmq.DEALER)
        self.socket.setsockopt(zmq.MAXMSGSIZE, wire.REPLY_LIMIT)
        self.socket.linger = 0
        self.socket.connect(_url(connection_info, "shell_port"))
        self.hung = False  # the kernel stopped answering, even after an interrupt
        self.cancelled = False  # set from another thread: the grader gave up on this notebook
        self.requests = 0

    def ask(self, expression: str, timeout: float, what: str, limit: float) -> dict:
        """Evaluate `expression` (a call of the agent) in the kernel; its reply as a dict of data.

        Past `timeout` the kernel is interrupted; the agent then answers with what it had
        (a call ended by the interrupt says KeyboardInterrupt). A kernel that does not answer
        even then is hung: KernelGone, for this and every later request.
        """
        if self.hung or self.cancelled:
            raise KernelGone("Python (kernel) của bài không còn trả lời, nên câu này không chấm được.")
        content = {"code": "", "silent": True, "store_history": False, "allow_stdin": False,
                   "stop_on_error": False, "user_expressions": {"r": expression}}
        msg_id = self.session.send(self.socket, "execute_request", content)["header"]["msg_id"]
        self.requests += 1
        reply, interrupted = self._reply(msg_id, timeout), False
        if reply is None:
            self.interrupt()
            reply, interrupted = self._reply(msg_id, INTERRUPT_GRACE), True
            if reply is None:
                self.hung = True
                raise KernelGone(f"{what} chạy quá {limit:g} giây và Python (kernel) không dừng lại được, "
                                 "nên câu này và các câu sau không chấm được.")
        try:
            return _read(reply)
        except wire.WireError:
            if interrupted:  # the interrupt landed outside a trainee's call
                raise CallTimeout(f"{what} chạy quá {limit:g} giây: có thể có vòng lặp không dừng.") from None
            raise

    def _reply(self, msg_id: str, timeout: float) -> dict | None:
        deadline = time.monotonic() + max(0.0, timeout)
        while not self.cancelled:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            if not self.socket.poll(int(min(left, 0.1) * 1000) + 1):
                continue
            frames = self.socket.recv_multipart()
            try:
                _, message = self.session.feed_identities(frames)
                reply = self.session.deserialize(message)
            except Exception:  # noqa: BLE001 - a badly signed or malformed message is ignored
                continue
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                return reply
        raise KernelGone("Bài chạy quá thời gian cho phép của cả notebook.")

    def close(self) -> None:
        self.socket.close(linger=0)
        self.context.term()


def _url(info: dict, port: str) -> str:
    if info.get("transport", "tcp") == "ipc":
        return f"ipc://{info['ip']}-{info[port]}"
    return f"tcp://{info['ip']}:{info[port]}"


def _read(reply: dict) -> dict:
    """The agent's answer in an execute_reply, or WireError."""
    content = reply.get("content")
    result = content.get("user_expressions", {}).get("r") if isinstance(content, dict) else None
    if not isinstance(result, dict) or result.get("status") != "ok":
        raise wire.WireError("agent")
    text = result.get("data", {}).get("text/plain") if isinstance(result.get("data"), dict) else None
    if not isinstance(text, str):
        raise wire.WireError("agent")
    try:
        answer = json.loads(text)
    except (ValueError, RecursionError):
        raise wire.WireError("json") from None
    if not isinstance(answer, dict):
        raise wire.WireError("agent")
    return answer


# ---------------------------------------------------------------------------------------------
# Trainee functions, seen from the judge

class TraineeFunction:
    """A function defined in the kernel. Calling it calls it there, with data, and returns data."""

    def __init__(self, judge: "Judge", ref: int, name: str, params):
        self._judge, self._ref, self.__name__ = judge, ref, name
        self._var = ""  # the kernel's name for it, when a test read it by name
        if params is not None:
            try:
                self.__signature__ = inspect.Signature([
                    inspect.Parameter(p["name"], inspect._ParameterKind(p["kind"]),
                                      **({"default": wire.Decoder().decode(p["default"])} if "default" in p else {}))
                    for p in params])
            except (TypeError, ValueError, KeyError, wire.WireError):
                pass

    def __call__(self, *args, **kwargs):
        return self._judge.call(self, args, kwargs)

    def __repr__(self) -> str:
        return f"<hàm {self.__name__}>"


TraineeFunction.__name__ = TraineeFunction.__qualname__ = "function"  # checks.ten_kieu calls it a function


class Absent:
    """A name the kernel does not have."""


@dataclass
class Verdict:
    passed: bool
    ename: str = ""
    reason: str = ""  # Vietnamese
    printed: str = ""  # what the test cell printed
    kernel_gone: bool = False
    missing: str = ""  # the name a NameError found missing

    def outputs(self) -> list:
        """The test cell's outputs for nbgrader: nothing for a pass, an error output for a fail."""
        from nbformat.v4 import new_output

        outs = [new_output("stream", name="stdout", text=self.printed)] if self.printed else []
        if not self.passed:
            outs.append(new_output("error", ename=self.ename, evalue=self.reason,
                                   traceback=[f"{self.ename}: {self.reason}"]))
        return outs


class _Names(dict):
    """A test cell's globals: its own names, then the judge's, then the kernel's (fetched)."""

    def __init__(self, judge: "Judge"):
        super().__init__()
        self.judge = judge

    def __missing__(self, name):
        if name in BUILTIN_NAMES:
            raise KeyError(name)
        if name in self.judge.base:
            return self.judge.base[name]
        return self.judge.fetch(name)


def _reads(tree: ast.AST) -> tuple[set[str], set[str]]:
    loads, stores = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loads if isinstance(node.ctx, ast.Load) else stores).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stores.add(node.name)
        elif isinstance(node, ast.arg):  # a lambda's or a def's parameter is not the kernel's
            stores.add(node.arg)
    return loads, stores


@functools.lru_cache(maxsize=64)
def _dataset(name: str, folder: Path | None):
    from langnghe import tai_du_lieu

    return tai_du_lieu(name, folder)


def _tai_du_lieu(folder: Path | None):
    """The judge's tai_du_lieu: the course's datasets, each read once per run, a copy for each test."""
    from langnghe import tai_du_lieu

    def tai(ten, thu_muc=None):
        if isinstance(ten, str) and thu_muc is None:
            return _dataset(ten, folder).copy()
        return tai_du_lieu(ten, thu_muc if thu_muc is not None else folder)

    tai.__doc__ = tai_du_lieu.__doc__
    return tai


def base_namespace(setup_sources: list[str], datasets: Path | None = None) -> dict:
    """The judge's own names: the course's helpers and modules, and the imports of the notebook's
    locked set-up cells (instructor code, from the gradebook or the instructor version)."""
    import math

    import numpy
    import pandas

    import langnghe

    base = {"math": math, "np": numpy, "numpy": numpy, "pd": pandas, "pandas": pandas, "langnghe": langnghe}
    base.update({name: getattr(langnghe, name) for name in langnghe.__all__})
    for source in setup_sources:
        try:
            tree = syntax.parse(source)
        except SyntaxError:
            continue
        imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
        for node in imports:
            try:
                exec(syntax.compile_tree(ast.Module(body=[node], type_ignores=[]), "<thiet-lap>"), base)
            except Exception:  # noqa: BLE001 - an import the judge lacks is simply not the judge's
                pass
    base.pop("__builtins__", None)
    base["tai_du_lieu"] = _tai_du_lieu(datasets)
    return base


class Judge:
    """Evaluates the test cells of one notebook run, in order, against one kernel."""

    def __init__(self, link: KernelLink, setup_sources: list[str], datasets: Path | None = None):
        self.link = link
        self.base = base_namespace(setup_sources, datasets)
        self.names = _Names(self)
        self._fetched: dict = {}
        self._made: dict[tuple[str, str], list] = {}  # results of calls made ahead, by (name, arguments)
        self._budget = self._deadline = 0.0
        self._printed = io.StringIO()
        self.names["__builtins__"] = {**vars(builtins), "print": self._print}

    def _print(self, *args, sep=" ", end="\n", file=None, flush=False):
        self._printed.write(sep.join(str(a) for a in args) + end)

    def _left(self) -> float:
        return max(0.05, self._deadline - time.monotonic())

    # -- values from the kernel ------------------------------------------------------------

    def _fetch_many(self, names: list[str], calls: list[tuple[str, str]] = ()) -> None:
        """The values of `names`, and the results of `calls` ((name, arguments) made now, in one
        request, then handed out in order when the test makes them)."""
        if not names and not calls:
            return
        answer = self.link.ask(f"{AGENT}.answer({names!r}, {[list(c) for c in calls]!r})", self._left(),
                               "Việc đọc kết quả của bài", self._budget)
        values, absent, results = answer.get("values", {}), answer.get("absent", []), answer.get("calls", [])
        if not isinstance(values, dict) or not isinstance(absent, list) or not isinstance(results, list):
            raise wire.WireError("agent")
        for name in names:
            if name in absent or name not in values:
                self._fetched[name] = Absent
            else:
                self._fetched[name] = self._decode(values[name], f"`{name}` là", name)
        for call, result in zip(calls, results):
            if isinstance(result, dict):
                self._made.setdefault(call, []).append(result)

    def _decode(self, entry, subject: str, name: str = ""):
        """A value, or the exception to raise when a test reads it. A function read as `name`
        remembers that name, for the calls made ahead."""
        if not isinstance(entry, dict):
            return NotDataError(f"{subject} một giá trị hệ thống chấm không đọc được.")
        if "notdata" in entry:
            return NotDataError(f"{subject} {not_data_text(str(entry['notdata']))}, nên không chấm được.")
        try:
            value = wire.Decoder({"fn": self._function}).decode(entry.get("ok"))
            if isinstance(value, TraineeFunction):
                value._var = name
            return value
        except (wire.WireError, RecursionError, ValueError, TypeError, OverflowError):
            return NotDataError(f"{subject} một giá trị hệ thống chấm không đọc được.")

    def _function(self, tag: dict) -> TraineeFunction:
        ref, name = tag.get("ref"), tag.get("name")
        if type(ref) is not int or not isinstance(name, str):
            raise wire.WireError("fn")
        params = tag.get("params") if isinstance(tag.get("params"), list) else None
        return TraineeFunction(self, ref, name, params)

    def fetch(self, name: str):
        if name not in self._fetched:
            try:
                self._fetch_many([name])
            except wire.WireError:
                self._fetched[name] = NotDataError(f"Không đọc được `{name}` từ bài làm.")
        value = self._fetched[name]
        if value is Absent:
            raise KeyError(name)
        if isinstance(value, JudgeReason):
            raise value
        return value

    def call(self, function: TraineeFunction, args: tuple, kwargs: dict):
        encoder = wire.Encoder(lambda f: {"ref": f._ref} if isinstance(f, TraineeFunction) else _refuse(f))
        try:
            arguments = _arguments(encoder, args, kwargs)
        except wire.NotData as err:  # the test gave a non-data argument: the instructor's test to fix
            raise TypeError(f"tham số không phải dữ liệu ({err.code})") from None
        what = f"Hàm `{function._var or function.__name__}`"
        made = self._made.get((function._var, arguments))
        if made:
            answer = made.pop(0)
        else:
            answer = self.link.ask(f"{AGENT}.call({function._ref}, {arguments!r})", self._left(), what,
                                   self._budget)
        if "raised" in answer and isinstance(answer["raised"], dict):
            ename = str(answer["raised"].get("ename", "Exception"))[:60]
            evalue = str(answer["raised"].get("evalue", ""))[:300]
            if ename == "KeyboardInterrupt":
                raise CallTimeout(f"{what} chạy quá {self._budget:g} giây: có thể có vòng lặp không dừng.")
            if ename == "NotImplementedError":
                raise TraineeRaised(f"{what} chưa làm xong: thay dòng `raise NotImplementedError` bằng code của bạn.",
                                    ename)
            raise TraineeRaised(f"{what} báo lỗi {ename}: {evalue}".rstrip(": "), ename)
        value = self._decode(answer, f"{what} trả về")
        if isinstance(value, JudgeReason):
            raise value
        return value

    # -- one test cell ---------------------------------------------------------------------

    def evaluate(self, source: str, budget: float) -> Verdict:
        """Run one test cell's code here; the kernel answers only for values and calls."""
        self._budget, self._deadline = budget, time.monotonic() + budget
        self._fetched, self._made = {}, {}
        self._printed = io.StringIO()
        try:
            tree = syntax.parse(source)
            code = syntax.compile_tree(tree, "<kiem-tra>")
        except SyntaxError as err:
            return Verdict(False, "SyntaxError", f"Ô kiểm tra có lỗi cú pháp (lỗi của đề, báo giảng viên): {err}")
        loads, stores = _reads(tree)
        wanted = sorted(n for n in loads - stores if n not in BUILTIN_NAMES and n not in self.base
                        and n not in self.names)
        try:
            try:
                self._fetch_many(wanted, _literal_calls(tree, set(wanted)))
            except wire.WireError:
                self._fetched = {n: NotDataError(f"Không đọc được `{n}` từ bài làm.") for n in wanted}
            exec(code, self.names)
        except KernelGone as err:
            return Verdict(False, err.ename, err.reason, self._printed.getvalue(), kernel_gone=True)
        except BaseException as err:  # noqa: BLE001 - whatever a test raises is its verdict
            return Verdict(False, *_reason(err), printed=self._printed.getvalue(), kernel_gone=self.link.hung,
                           missing=(getattr(err, "name", None) or "") if isinstance(err, NameError) else "")
        return Verdict(True, printed=self._printed.getvalue())


def _literal_calls(tree: ast.AST, names: set[str]) -> list[tuple[str, str]]:
    """(name, arguments as sent) of every call `name(...)` with only literal arguments, in source
    order: most hidden tests are such calls, made ahead in the cell's one request."""
    calls = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names):
            continue
        try:
            args = [ast.literal_eval(a) for a in node.args]
            kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
        if None in kwargs or any(isinstance(a, ast.Starred) for a in node.args):
            continue
        try:
            arguments = _arguments(wire.Encoder(), tuple(args), kwargs)
        except wire.NotData:
            continue
        calls.append(((node.lineno, node.col_offset), node.func.id, arguments))
    return [(name, arguments) for _, name, arguments in sorted(calls)]  # ast.walk is breadth first


def _arguments(encoder: wire.Encoder, args: tuple, kwargs: dict) -> str:
    return json.dumps([encoder.encode(list(args)), {"$": "dict", "v": [[k, encoder.encode(v)] for k, v in
                                                                       kwargs.items()]}], allow_nan=False)


def _refuse(function):
    raise wire.NotData("function")


SYNTAX_ENAMES = {"SyntaxError", "IndentationError", "TabError"}


def unparsed_answer_reason(source: str, error: dict, missing: str | None) -> str:
    """Why a test found no `missing` name when an answer cell above could not even be read by Python:
    the cell never ran, so every name it defines is missing, for this question and the later ones."""
    found = re.search(r"line (\d+)", error.get("evalue", ""))
    lines = source.splitlines()
    number = int(found.group(1)) if found else None
    code = lines[number - 1].strip() if number and 0 < number <= len(lines) else ""
    where = f" (dòng {number}: `{code}`)" if code else ""
    what = f"`{missing}` chưa có" if missing else "các tên trong ô đó chưa có"
    cause = ("Python không đọc được dòng này: thường do thiếu dấu ngoặc, dấu nháy, dấu hai chấm, "
             "hoặc thụt lề sai.")
    if THOUSANDS_DOTS.search(code):
        cause = f"{NO_THOUSANDS_DOTS}."
    return (f"Ô trả lời phía trên{where} có lỗi cú pháp nên không chạy được, vì thế {what}. {cause} "
            "Sửa dòng ấy rồi kiểm tra lại.")


def _reason(err: BaseException) -> tuple[str, str]:
    """(ename, Vietnamese reason) for an exception a test cell raised."""
    if isinstance(err, JudgeReason):
        return err.ename, err.reason
    ename = type(err).__name__
    if isinstance(err, AssertionError):
        return ename, str(err) or "Kết quả chưa đúng yêu cầu của đề bài."
    if isinstance(err, NameError):
        name = getattr(err, "name", None)
        what = f"`{name}`" if name else "một tên"
        return ename, f"Chưa có {what}: hãy đặt đúng tên như đề bài yêu cầu trong ô trả lời phía trên."
    return ename, f"Khi kiểm tra gặp lỗi {ename}: {err}"
