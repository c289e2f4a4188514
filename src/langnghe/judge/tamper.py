"""Find code in a submission that tampers with grading, so the instructor's summary can say so.

A static scan of the cells a trainee could write (answer cells and cells they added): each
cell is turned into Python the way IPython would run it, parsed, and walked once. What it
finds is a notice for the instructor ("bài có mã can thiệp vào việc chấm"), worded in
Vietnamese with the cell and line, and it never changes a score. It is not a defence: the
judge is (test cells run outside the trainee's kernel, answers cross as data), and a
determined author can always write code that no static scan recognises. So the rules aim
at what is plainly meant to reach the grader, and stay quiet on honest beginner code: a
false accusation costs more than a missed trick.

Magics: IPython turns `%name ...` into `get_ipython().run_line_magic('name', ...)` and
`%%name` into `run_cell_magic`. Those in BENIGN_MAGICS are not reported (for %time and
%timeit the code they time is scanned like any other); every other magic, `!command`, and
every other use of get_ipython are.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from IPython.core.inputtransformer2 import TransformerManager

from . import syntax

# Display and timing only; all other magics (writefile, run, load, script, bash, sh, capture,
# load_ext, env, alias, cd, config, ls and the other shell aliases, ...) are reported.
BENIGN_MAGICS = frozenset(
    {"matplotlib", "time", "timeit", "precision", "who", "whos", "pwd", "pinfo", "pinfo2"}
)
_CODE_MAGICS = frozenset({"time", "timeit"})  # their argument (and cell body) is Python code
_TIMEIT_OPTIONS = re.compile(r"^(\s*-(?:[nrp]\s*\d+(?:\.\d+)?|[tcqo])(?=\s))*\s*")

CHECK_HELPERS = frozenset({"xap_xi", "la_so", "ten_kieu", "thu_ngay"})  # and every kiem_tra_*

# Names bound to a module even if no scanned cell imports them (a locked cell usually does).
_USUAL = {"math": "math", "numpy": "numpy", "np": "numpy", "pandas": "pandas", "pd": "pandas",
          "langnghe": "langnghe", "sys": "sys", "os": "os", "IPython": "IPython", "builtins": "builtins"}
# Conventional aliases: a name in `modules` that is one of these is a module, and rebinding it
# to anything but an import of that module is reported.
_CONVENTIONAL = _USUAL | {"plt": "matplotlib.pyplot", "mdates": "matplotlib.dates", "mpl": "matplotlib",
                          "matplotlib": "matplotlib", "re": "re", "random": "random",
                          "statistics": "statistics", "widgets": "ipywidgets", "ipywidgets": "ipywidgets"}
# Modules whose names are resolved without an import, so that `signal.signal(...)` after an
# import the scan did not see (or a sneaky one) is still recognised; rebinding the name ends it.
_WATCHED = ("atexit", "signal", "ctypes", "faulthandler", "gc", "inspect", "threading", "_thread",
            "multiprocessing", "concurrent", "subprocess", "pty", "asyncio", "importlib", "marshal",
            "pickle", "types", "glob", "pathlib")

_JUPYTER = "nạp thư viện điều khiển Jupyter ({})"
_TRACE = "đặt hàm theo dõi trình thông dịch ({})"
_FRAMES = "đọc khung chạy của trình thông dịch ({})"
_THREADS = "chạy việc ngầm song song ({})"
_PROCESS = "chạy tiến trình khác ({})"
_SHELL = "chạy lệnh hệ thống ({})"
_EXIT = "dừng hẳn chương trình ({})"
_PACKED = "dùng mã đóng gói sẵn ({})"
_MEMORY = "lục tìm đối tượng trong bộ nhớ ({})"
_ASYNC = "chạy việc ngầm ({})"
_KILL = "gửi tín hiệu tới tiến trình khác ({})"
_FUNCTION = "tạo hàm từ mã dựng sẵn ({})"
_EXCEPTHOOK = "thay đổi cách Python báo lỗi ({})"
_DISPLAYHOOK = "thay đổi cách Python hiện kết quả ({})"
_IMPORT = "nạp thư viện theo cách ẩn ({})"
_BUILTINS = "sửa các hàm có sẵn của Python ({})"
_GET_IPYTHON = "dùng trực tiếp bộ máy của IPython ({})"

# Dotted names (a module, or an attribute of one) → what; a key ending in "*" is a prefix of
# the last part (os.spawnl, os.execv, ...). The longest matching key wins; None allows.
_DOTTED = {
    "IPython": _JUPYTER, "IPython.display": None, "ipykernel": _JUPYTER, "jupyter_client": _JUPYTER,
    "zmq": _JUPYTER, "traitlets": _JUPYTER,
    "sys.settrace": _TRACE, "sys.setprofile": _TRACE, "threading.settrace": _TRACE,
    "threading.setprofile": _TRACE, "threading.settrace_all_threads": _TRACE,
    "threading.setprofile_all_threads": _TRACE,
    "sys.excepthook": _EXCEPTHOOK, "sys.displayhook": _DISPLAYHOOK,
    "sys.modules": "sửa danh sách thư viện đã nạp ({})",
    "sys._getframe": _FRAMES, "inspect.currentframe": _FRAMES, "inspect.stack": _FRAMES,
    "inspect.getouterframes": _FRAMES, "inspect.trace": _FRAMES,
    "atexit": "hẹn việc chạy lúc tắt chương trình ({})",
    "signal": "can thiệp vào tín hiệu dừng chương trình ({})",
    "gc.get_referrers": _MEMORY, "gc.get_referents": _MEMORY, "gc.get_objects": _MEMORY,
    "ctypes": "can thiệp thẳng vào bộ nhớ ({})",
    "builtins": _BUILTINS,
    "faulthandler": "can thiệp vào trình thông dịch ({})",
    "threading": _THREADS, "_thread": _THREADS, "multiprocessing": _THREADS, "concurrent.futures": _THREADS,
    "asyncio.create_task": _ASYNC, "asyncio.ensure_future": _ASYNC, "asyncio.get_event_loop": _ASYNC,
    "asyncio.get_running_loop": _ASYNC, "asyncio.new_event_loop": _ASYNC,
    "asyncio.run_coroutine_threadsafe": _ASYNC, "asyncio.Task": _ASYNC,
    "subprocess": _PROCESS, "pty": _PROCESS, "os.fork": _PROCESS, "os.forkpty": _PROCESS,
    "os.spawn*": _PROCESS, "os.exec*": _PROCESS, "os.posix_spawn*": _PROCESS,
    "os.system": _SHELL, "os.popen": _SHELL,
    "os.kill": _KILL, "os.killpg": _KILL,
    "os.setsid": "tách khỏi phiên làm việc của Jupyter ({})",
    "os._exit": _EXIT, "sys.exit": _EXIT,
    "importlib": _IMPORT,
    "marshal": _PACKED, "pickle": _PACKED,
    "types.FunctionType": _FUNCTION, "types.CodeType": _FUNCTION,
}
_WILDCARDS = {key[:-1]: what for key, what in _DOTTED.items() if key.endswith("*")}

_IPY = "can thiệp vào bộ máy của IPython ({})"
_ERRORS = "thay đổi cách IPython báo lỗi ({})"
_RUNS = "can thiệp vào cách IPython chạy ô ({})"
_INSIDE = "lục vào bên trong đối tượng ({})"
# Attribute names reported whatever object they are read from or written to.
_ATTRS = {
    "get_ipython": _GET_IPYTHON, "InteractiveShell": _IPY, "user_ns": _IPY, "user_global_ns": _IPY,
    "ast_transformers": _IPY, "input_transformers_cleanup": _IPY, "input_transformers_post": _IPY,
    "showtraceback": _ERRORS, "_showtraceback": _ERRORS, "showsyntaxerror": _ERRORS,
    "set_custom_exc": _ERRORS,
    "run_cell": _RUNS, "run_cell_async": _RUNS, "run_ast_nodes": _RUNS, "run_code": _RUNS,
    "settrace": _TRACE, "setprofile": _TRACE, "excepthook": _EXCEPTHOOK, "displayhook": _DISPLAYHOOK,
    "_getframe": _FRAMES, "currentframe": _FRAMES, "get_referrers": _MEMORY, "get_referents": _MEMORY,
    "create_task": _ASYNC, "ensure_future": _ASYNC, "run_in_executor": _ASYNC, "call_soon": _ASYNC,
    "call_soon_threadsafe": _ASYNC, "call_later": _ASYNC, "call_at": _ASYNC,
    "__dict__": _INSIDE, "__code__": _INSIDE, "__globals__": _INSIDE, "__closure__": _INSIDE,
    "__subclasses__": _INSIDE, "__mro__": _INSIDE, "__bases__": _INSIDE,
    "__builtins__": _BUILTINS,
}
_HIDDEN = "chạy mã dựng từ chuỗi chữ ({})"
_NAMESPACE = "truy cập thẳng bảng tên biến ({})"
# Bare names reported wherever they appear.
_NAMES = {
    "get_ipython": _GET_IPYTHON, "InteractiveShell": _IPY, "__builtins__": _BUILTINS,
    "exec": _HIDDEN, "eval": _HIDDEN, "compile": _HIDDEN, "__import__": _IMPORT,
    "globals": _NAMESPACE, "locals": _NAMESPACE, "vars": _NAMESPACE,
}
_COMPARE = "tạo đối tượng tự định nghĩa phép so sánh ({})"
_NUMBER = "tạo đối tượng tự định nghĩa phép tính hay phép đổi kiểu ({})"
_DISGUISE = "tạo đối tượng giả làm kiểu khác ({})"
# Special methods that let an object fool a comparison, a type check or a copy.
_DUNDERS = {
    "__eq__": _COMPARE, "__ne__": _COMPARE, "__lt__": _COMPARE, "__le__": _COMPARE, "__gt__": _COMPARE,
    "__ge__": _COMPARE, "__hash__": _COMPARE,
    "__bool__": _NUMBER, "__float__": _NUMBER, "__int__": _NUMBER, "__index__": _NUMBER, "__abs__": _NUMBER,
    "__sub__": _NUMBER, "__rsub__": _NUMBER, "__len__": _NUMBER,
    "__instancecheck__": _DISGUISE, "__subclasscheck__": _DISGUISE, "__class__": _DISGUISE,
    "__getattr__": "tạo đối tượng tự bịa ra mọi thuộc tính ({})",
    "__getattribute__": "tạo đối tượng tự bịa ra mọi thuộc tính ({})",
    "__reduce__": "tạo đối tượng chạy mã khi bị sao chép ({})",
    "__reduce_ex__": "tạo đối tượng chạy mã khi bị sao chép ({})",
}
_COURSE = "sửa mã của khóa học ({})"
_LIBRARY = "sửa thư viện dùng khi chấm ({})"
_BUILTIN_BASES = frozenset({"float", "int", "str", "dict", "list", "tuple", "complex"})
_BASE_MODULES = ("numbers.", "pandas.", "numpy.")

_TEACHER = "đọc tệp của giảng viên ({})"
_GRADER = "đọc tệp của hệ thống chấm ({})"
_MARKERS = {"solutions/": _TEACHER, "source/": _TEACHER, "gradebook": _GRADER, "autograded": _GRADER,
            "feedback/": _GRADER, "submitted/": _GRADER, ".langnghe": _GRADER, "nbgrader": _GRADER,
            "/proc/": "đọc thông tin tiến trình trên máy ({})"}
_LISTINGS = frozenset({"os.walk", "os.listdir", "os.scandir", "glob.glob", "glob.iglob"})
_PATHS = frozenset({"pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath"})
_PATH_LISTINGS = frozenset({"iterdir", "glob", "rglob", "walk"})


@dataclass(frozen=True)
class Finding:
    cell: int  # index of the cell in the notebook
    line: int  # 1-based line in that cell's source
    what: str  # short Vietnamese clause for an instructor


def _is_helper(name: str) -> bool:
    return name in CHECK_HELPERS or name.startswith("kiem_tra_")


def _lookup(dotted: str) -> str | None:
    """The what for a dotted name, by its longest listed prefix (None: nothing to report)."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        prefix = ".".join(parts[:i])
        if prefix in _DOTTED:
            what = _DOTTED[prefix]
            return what and what.format(prefix)
        for stem, what in _WILDCARDS.items():
            if prefix.startswith(stem) and "." not in prefix[len(stem):]:
                return what.format(prefix)
    return None


def _chain(node: ast.AST) -> tuple[str, list[str]] | None:
    """`a.b.c` as ("a", ["b", "c"]); None when the root is not a plain name."""
    attrs = []
    while isinstance(node, ast.Attribute):
        attrs.append(node.attr)
        node = node.value
    return (node.id, attrs[::-1]) if isinstance(node, ast.Name) else None


def _text(node: ast.AST) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 40 else text[:37] + "..."


def _outside(node: ast.AST) -> bool:
    """A literal path outside the notebook's folder: absolute, home or with `..`."""
    if isinstance(node, ast.JoinedStr) and node.values:
        node = node.values[0]
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return False
    return node.value.startswith(("/", "~")) or ".." in node.value


def _parse(source: str) -> tuple[ast.Module, int] | None:
    """A cell as IPython would run it, and how many leading lines IPython dropped; None if it cannot run."""
    try:
        code = TransformerManager().transform_cell(source)
        tree = syntax.parse(code)
    except Exception:  # a cell that does not parse cannot run either
        return None
    blank = len(source) - len(source.lstrip("\n \t\r\f"))
    dropped = source[:blank].count("\n") - code[: len(code) - len(code.lstrip("\n \t\r\f"))].count("\n")
    return tree, max(dropped, 0)


class _Scanner(ast.NodeVisitor):
    def __init__(self, modules: frozenset[str]):
        names = {str(name) for name in modules}
        self.aliases = {name: name for name in _WATCHED} | _USUAL
        self.aliases.update({name: _CONVENTIONAL.get(name, name) for name in names})
        self.module_aliases = {n: _CONVENTIONAL[n] for n in names if n in _CONVENTIONAL}
        self.findings: list[Finding] = []
        self.cell = 0
        self.offset = 0  # added to a node's line
        self.fixed: int | None = None  # the line of every finding (code inside a line magic)
        self.scopes: list[set[str]] = []  # `global` names of each enclosing function or class
        self.comprehension_target = False

    # -- bookkeeping ---------------------------------------------------------------------------

    def add(self, node: ast.AST, what: str) -> None:
        line = self.fixed if self.fixed is not None else getattr(node, "lineno", 1) + self.offset
        self.findings.append(Finding(self.cell, line, what))

    def scan(self, source: str, offset: int = 0, fixed: int | None = None) -> None:
        parsed = _parse(source)
        if parsed is None:
            return
        tree, dropped = parsed
        saved = self.offset, self.fixed, self.scopes
        self.offset, self.fixed, self.scopes = offset + dropped, fixed, []
        try:
            self.visit(tree)
        finally:
            self.offset, self.fixed, self.scopes = saved

    def dotted(self, node: ast.AST) -> str | None:
        """The module path an expression names (`np.isclose` → numpy.isclose), if it names one."""
        chain = _chain(node)
        if chain is None or chain[0] not in self.aliases:
            return None
        return ".".join([self.aliases[chain[0]], *chain[1]])

    def is_global(self, name: str) -> bool:
        return not self.scopes or name in self.scopes[-1]

    def bind(self, name: str, node: ast.AST, source: str | None = None) -> None:
        """`name` is bound at `node`; `source` is the dotted name an import binds it to."""
        if source is not None:  # imports update resolution in every scope (an approximation)
            self.aliases[name] = source
        if not self.is_global(name):
            return
        if _is_helper(name):
            if not (source and source.startswith("langnghe.") and source.rsplit(".", 1)[1] == name):
                self.add(node, f"sửa hàm kiểm tra của khóa học ({name})")
        elif name in self.module_aliases and source != self.module_aliases[name]:
            self.add(node, f"thay thư viện bằng thứ khác ({name})")
        if source is None:
            self.aliases.pop(name, None)
            self.module_aliases.pop(name, None)

    def module_target(self, node: ast.AST) -> None:
        """An attribute written or deleted: report it if it belongs to a module or a course helper."""
        chain = _chain(node)
        if chain is None or not chain[1]:
            return
        root, attrs = chain
        if not (root in self.aliases or _is_helper(root)):
            return
        resolved = self.aliases.get(root, root)
        if resolved == "pandas" and attrs[0] == "options":
            return
        course = resolved.startswith("langnghe") or _is_helper(root)
        self.add(node, (_COURSE if course else _LIBRARY).format(_text(node)))

    # -- names and attributes ------------------------------------------------------------------

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in _NAMES:
            self.add(node, _NAMES[node.id].format(node.id))
        if isinstance(node.ctx, (ast.Store, ast.Del)) and not self.comprehension_target:
            self.bind(node.id, node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        dotted = self.dotted(node)
        what = dotted and _lookup(dotted)
        if what:  # the module's own name says more than the attribute's
            self.add(node, what)
        elif node.attr in _ATTRS:
            self.add(node, _ATTRS[node.attr].format(node.attr))
        if node.attr == "register" and isinstance(node.value, ast.Attribute) and node.value.attr == "events":
            self.add(node, "gắn việc chạy kèm theo mỗi ô (events.register)")
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            if node.attr in _DUNDERS:
                self.add(node, _DUNDERS[node.attr].format(node.attr))
            self.module_target(node)
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if isinstance(value, str):
            lowered = value.lower()
            for marker, what in _MARKERS.items():
                if marker in lowered:
                    self.add(node, what.format(marker))

    # -- bindings ------------------------------------------------------------------------------

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            what = _lookup(alias.name)
            if what:
                self.add(node, what)
            name = alias.asname or alias.name.split(".")[0]
            source = alias.name if alias.asname else name
            self.bind(name, node, source)
            if self.is_global(name):
                self.module_aliases[name] = source

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level or not node.module:
            return
        for alias in node.names:
            source = node.module if alias.name == "*" else f"{node.module}.{alias.name}"
            what = _lookup(source)
            if what:
                self.add(node, what)
            if alias.name != "*":
                name = alias.asname or alias.name
                self.bind(name, node, source)
                if self.is_global(name) and _CONVENTIONAL.get(name) == source:
                    self.module_aliases[name] = source

    def visit_Global(self, node: ast.Global) -> None:
        if self.scopes:
            self.scopes[-1].update(node.names)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:  # a bare annotation binds nothing
            self.visit(node.target)
            self.visit(node.value)
        self.visit(node.annotation)

    def visit_comprehension(self, node: ast.comprehension) -> None:
        self.comprehension_target = True  # local to the comprehension
        try:
            self.visit(node.target)
        finally:
            self.comprehension_target = False
        self.visit(node.iter)
        for condition in node.ifs:
            self.visit(condition)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.bind(node.name, node)
        self.generic_visit(node)

    def in_scope(self, nodes: list[ast.AST]) -> None:
        self.scopes.append(set())
        try:
            for child in nodes:
                self.visit(child)
        finally:
            self.scopes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.bind(node.name, node)
        for child in [*node.decorator_list, node.args, *([node.returns] if node.returns else [])]:
            self.visit(child)
        self.in_scope(node.body)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.visit(node.args)
        self.in_scope([node.body])

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.bind(node.name, node)
        for child in [*node.decorator_list, *node.bases, *node.keywords]:
            self.visit(child)
        for base in node.bases:
            dotted = self.dotted(base) or ""
            if (isinstance(base, ast.Name) and base.id in _BUILTIN_BASES and base.id not in self.aliases) or (
                dotted.startswith(_BASE_MODULES)
            ):
                self.add(base, f"tạo kiểu dữ liệu giả dạng kiểu có sẵn ({_text(base)})")
        for statement in node.body:
            names = []
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names = [statement.name]
            elif isinstance(statement, (ast.Assign, ast.AnnAssign)):
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
            for name in names:
                if name in _DUNDERS:
                    self.add(statement, _DUNDERS[name].format(name))
        self.in_scope(node.body)

    # -- calls and statements ------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if self.ipython_call(node):
            return
        if isinstance(func, ast.Name):
            if func.id in ("exit", "quit"):
                self.add(node, _EXIT.format(f"{func.id}()"))
            elif func.id in ("getattr", "setattr", "delattr", "hasattr"):
                self.dynamic_attribute(node, func.id)
            elif func.id == "type" and len(node.args) == 3:
                self.add(node, "tạo kiểu dữ liệu theo cách ẩn (type với 3 đối số)")
        called = self.dotted(func)
        if called in _LISTINGS and any(_outside(arg) for arg in node.args):
            self.add(node, f"xem thư mục ngoài thư mục bài làm ({called})")
        elif (
            isinstance(func, ast.Attribute)
            and func.attr in _PATH_LISTINGS
            and isinstance(func.value, ast.Call)
            and self.dotted(func.value.func) in _PATHS
            and any(_outside(arg) for arg in [*func.value.args, *node.args])
        ):
            self.add(node, f"xem thư mục ngoài thư mục bài làm (Path.{func.attr})")
        self.generic_visit(node)

    def ipython_call(self, node: ast.Call) -> bool:
        """`get_ipython().<method>('<literal>', ...)` as IPython writes magics and `!`; True if handled."""
        func = node.func
        if not (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Call)
            and isinstance(func.value.func, ast.Name)
            and func.value.func.id == "get_ipython"
            and not func.value.args
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            return False
        first = node.args[0].value
        if func.attr in ("system", "getoutput"):
            self.add(node, _SHELL.format("!" + (first.split() or [""])[0]))
        elif func.attr in ("run_line_magic", "run_cell_magic"):
            cell = func.attr == "run_cell_magic"
            if first not in BENIGN_MAGICS:
                self.add(node, f"dùng lệnh đặc biệt của IPython ({'%%' if cell else '%'}{first})")
            elif first in _CODE_MAGICS:
                self.timed_code(node, cell)
        else:
            return False
        for arg in [*node.args, *node.keywords]:
            self.visit(arg)
        return True

    def timed_code(self, node: ast.Call, cell: bool) -> None:
        """Scan the code %time / %timeit run: the line's, and the cell body of %%time / %%timeit."""
        args = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else ""
                for a in node.args[1:3]]
        line = self.fixed if self.fixed is not None else node.lineno + self.offset
        if args:
            self.scan(_TIMEIT_OPTIONS.sub("", args[0], count=1), fixed=line)
        if cell and len(args) > 1:
            if self.fixed is not None:
                self.scan(args[1], fixed=self.fixed)
            else:
                self.scan(args[1], offset=line)  # the body starts on the line after %%time

    def dynamic_attribute(self, node: ast.Call, name: str) -> None:
        if not node.args:
            return
        target = node.args[0]
        attr = node.args[1] if len(node.args) > 1 else None
        literal = attr.value if isinstance(attr, ast.Constant) and isinstance(attr.value, str) else None
        chain = _chain(target)
        on_module = chain is not None and not chain[1] and (chain[0] in self.aliases or _is_helper(chain[0]))
        if literal is None or (on_module and name in ("getattr", "hasattr")):
            self.add(node, f"truy cập thuộc tính theo cách ẩn ({name})")
        if on_module and name in ("setattr", "delattr"):
            label = f"{chain[0]}.{literal}" if literal else chain[0]
            course = self.aliases.get(chain[0], chain[0]).startswith("langnghe") or _is_helper(chain[0])
            self.add(node, (_COURSE if course else _LIBRARY).format(label))
        if literal in _ATTRS:
            self.add(node, _ATTRS[literal].format(literal))
        if literal in _DUNDERS and name in ("setattr", "delattr"):
            self.add(node, _DUNDERS[literal].format(literal))

    def visit_Raise(self, node: ast.Raise) -> None:
        exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        name = exc.id if isinstance(exc, ast.Name) else exc.attr if isinstance(exc, ast.Attribute) else None
        if name == "SystemExit":
            self.add(node, _EXIT.format("raise SystemExit"))
        elif name == "KeyboardInterrupt":
            self.add(node, "giả như bấm nút dừng (raise KeyboardInterrupt)")
        self.generic_visit(node)


def scan(cells: list[tuple[int, str]], modules: frozenset[str] = frozenset()) -> list[Finding]:
    """Findings in the cells a trainee could write, in cell order then line order, without repeats.

    `cells` are (index in the notebook, source); `modules` the names the notebook's locked
    set-up cells bind by import. Imports in the scanned cells count from that cell on. A cell
    that does not parse is skipped. Never raises.
    """
    findings: list[Finding] = []
    try:
        scanner = _Scanner(frozenset(modules or ()))
        for item in cells:
            try:
                index, source = item
                if not isinstance(source, str):
                    continue
                scanner.cell, start = int(index), len(scanner.findings)
                try:
                    scanner.scan(source)
                finally:
                    scanner.findings[start:] = sorted(scanner.findings[start:], key=lambda f: f.line)
            except Exception:  # an input the scanner cannot walk (say, nested too deep)
                continue
        findings = scanner.findings
    except Exception:
        pass
    seen: set[Finding] = set()
    return [f for f in findings if not (f in seen or seen.add(f))]


def describe(findings: list[Finding], limit: int = 5) -> str:
    """One Vietnamese line for the instructor's summary; "" when there is nothing to say."""
    try:
        shown = [f"ô {f.cell + 1}, dòng {f.line}: {f.what}" for f in findings[:limit]]
        if len(findings) > limit:
            shown.append(f"và {len(findings) - limit} chỗ khác")
        return "; ".join(shown)
    except Exception:
        return ""
