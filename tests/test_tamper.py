"""The tamper scan: what it reports in a submission, and the honest code it must leave alone."""

from __future__ import annotations

import ast

import nbformat
import pytest
from coursetools import lesson_notebooks, rel, solution_notebooks
from IPython.core.inputtransformer2 import TransformerManager

from langnghe.judge.tamper import Finding, describe, scan

COURSE = frozenset({"pd", "math", "np", "plt", "xap_xi", "kiem_tra_so", "tai_du_lieu", "tien", "thu_ngay"})
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION", "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")


def whats(source: str, modules: frozenset[str] = COURSE) -> list[str]:
    return [f.what for f in scan([(3, source)], modules)]


def flags(source: str, what: str, modules: frozenset[str] = COURSE) -> None:
    found = whats(source, modules)
    assert what in found, f"{what!r} not in {found!r}"


def clean(source: str, modules: frozenset[str] = COURSE) -> None:
    assert whats(source, modules) == []


# -- IPython and ipykernel machinery ------------------------------------------------------------


def test_get_ipython_direct_use():
    flags("ip = get_ipython()\nip.user_ns['x'] = 1", "dùng trực tiếp bộ máy của IPython (get_ipython)")


def test_get_ipython_imported_from_ipython():
    flags("import IPython\nIPython.get_ipython()", "nạp thư viện điều khiển Jupyter (IPython)")


def test_interactive_shell():
    flags("InteractiveShell.instance()", "can thiệp vào bộ máy của IPython (InteractiveShell)")


def test_showtraceback():
    flags("shell.showtraceback = lambda *a, **k: None", "thay đổi cách IPython báo lỗi (showtraceback)")


def test_set_custom_exc():
    flags("shell.set_custom_exc((Exception,), f)", "thay đổi cách IPython báo lỗi (set_custom_exc)")


@pytest.mark.parametrize("name", ["run_cell", "run_cell_async", "run_ast_nodes"])
def test_running_cells(name):
    flags(f"shell.{name} = moi", f"can thiệp vào cách IPython chạy ô ({name})")


def test_events_register():
    flags("shell.events.register('post_run_cell', f)", "gắn việc chạy kèm theo mỗi ô (events.register)")


@pytest.mark.parametrize("module", ["IPython", "ipykernel", "jupyter_client", "zmq", "traitlets"])
def test_importing_jupyter_machinery(module):
    flags(f"import {module}", f"nạp thư viện điều khiển Jupyter ({module})")
    assert whats(f"from {module}.x import y") == [f"nạp thư viện điều khiển Jupyter ({module})"]


def test_ipython_display_is_allowed():
    clean("from IPython.display import display, Markdown\ndisplay(Markdown('**Lãi**'))")


def test_shell_escape():
    flags("!ls -la", "chạy lệnh hệ thống (!ls)")
    flags("tep = !cat bai.py", "chạy lệnh hệ thống (!cat)")


@pytest.mark.parametrize(
    "magic", ["%writefile a.py", "%run a.py", "%load a.py", "%load_ext autoreload", "%env A=1", "%alias x ls",
              "%cd /", "%ls", "%config InlineBackend.x = 1"])
def test_other_line_magics(magic):
    name = magic.split()[0]
    flags(magic, f"dùng lệnh đặc biệt của IPython ({name})")


@pytest.mark.parametrize("magic", ["writefile a.py", "script bash", "bash", "sh", "capture", "javascript"])
def test_other_cell_magics(magic):
    name = magic.split()[0]
    flags(f"%%{magic}\necho hi\n", f"dùng lệnh đặc biệt của IPython (%%{name})")


@pytest.mark.parametrize(
    "source", ["%matplotlib inline", "%time x = 1", "%timeit -n 10 -r 3 sum([1, 2])", "%%time\nx = 1",
               "%precision 2", "%who", "%whos", "%pwd", "tien?", "tien??"])
def test_benign_magics(source):
    clean(source)


def test_code_under_time_magic_is_scanned():
    found = scan([(0, "x = 1\n%time import subprocess"), (1, "%%timeit -n 1\ny = 2\nimport threading")])
    assert found == [Finding(0, 2, "chạy tiến trình khác (subprocess)"),
                     Finding(1, 3, "chạy việc ngầm song song (threading)")]


# -- interpreter hooks --------------------------------------------------------------------------


def test_sys_settrace():
    flags("import sys\nsys.settrace(theo_doi)", "đặt hàm theo dõi trình thông dịch (sys.settrace)")


def test_sys_setprofile():
    flags("sys.setprofile(theo_doi)", "đặt hàm theo dõi trình thông dịch (sys.setprofile)")


def test_threading_settrace():
    flags("import threading\nthreading.settrace(f)", "đặt hàm theo dõi trình thông dịch (threading.settrace)")


def test_threading_setprofile():
    flags("from threading import setprofile", "đặt hàm theo dõi trình thông dịch (threading.setprofile)")


def test_sys_excepthook():
    flags("sys.excepthook = im_lang", "thay đổi cách Python báo lỗi (sys.excepthook)")


def test_sys_displayhook():
    flags("sys.displayhook = im_lang", "thay đổi cách Python hiện kết quả (sys.displayhook)")


def test_sys_modules():
    flags("sys.modules['math'] = gia", "sửa danh sách thư viện đã nạp (sys.modules)")


def test_sys_getframe():
    flags("khung = sys._getframe(1)", "đọc khung chạy của trình thông dịch (sys._getframe)")


def test_inspect_frames():
    flags("import inspect\ninspect.currentframe().f_back", "đọc khung chạy của trình thông dịch (inspect.currentframe)")
    flags("import inspect\ninspect.stack()", "đọc khung chạy của trình thông dịch (inspect.stack)")


def test_atexit():
    flags("import atexit", "hẹn việc chạy lúc tắt chương trình (atexit)")
    flags("atexit.register(f)", "hẹn việc chạy lúc tắt chương trình (atexit)")


def test_signal():
    flags("import signal", "can thiệp vào tín hiệu dừng chương trình (signal)")
    flags("signal.signal(2, f)", "can thiệp vào tín hiệu dừng chương trình (signal)")


def test_gc_referrers():
    flags("import gc\ngc.get_referrers(xap_xi)", "lục tìm đối tượng trong bộ nhớ (gc.get_referrers)")
    flags("from gc import get_objects", "lục tìm đối tượng trong bộ nhớ (gc.get_objects)")
    clean("import gc\ngc.collect()")


def test_ctypes():
    flags("import ctypes", "can thiệp thẳng vào bộ nhớ (ctypes)")


def test_builtins():
    flags("import builtins\nbuiltins.round = f", "sửa các hàm có sẵn của Python (builtins)")
    flags("__builtins__.round = f", "sửa các hàm có sẵn của Python (__builtins__)")


def test_faulthandler():
    flags("import faulthandler", "can thiệp vào trình thông dịch (faulthandler)")


# -- background work and other processes --------------------------------------------------------


def test_threading():
    flags("import threading\nthreading.Thread(target=f).start()", "chạy việc ngầm song song (threading)")


def test_low_level_thread():
    flags("import _thread", "chạy việc ngầm song song (_thread)")


def test_multiprocessing():
    flags("from multiprocessing import Process", "chạy việc ngầm song song (multiprocessing)")


def test_concurrent_futures():
    flags("from concurrent.futures import ThreadPoolExecutor", "chạy việc ngầm song song (concurrent.futures)")
    flags("from concurrent import futures", "chạy việc ngầm song song (concurrent.futures)")


def test_asyncio_tasks():
    flags("import asyncio\nasyncio.ensure_future(doi())", "chạy việc ngầm (asyncio.ensure_future)")
    flags("loop.call_later(5, f)", "chạy việc ngầm (call_later)")


def test_subprocess():
    flags("import subprocess\nsubprocess.run(['ls'])", "chạy tiến trình khác (subprocess)")


def test_os_system():
    flags("import os\nos.system('ls')", "chạy lệnh hệ thống (os.system)")


def test_os_popen():
    flags("os.popen('ls').read()", "chạy lệnh hệ thống (os.popen)")


def test_os_fork():
    flags("pid = os.fork()", "chạy tiến trình khác (os.fork)")


def test_os_spawn():
    flags("os.spawnlp(os.P_NOWAIT, 'ls', 'ls')", "chạy tiến trình khác (os.spawnlp)")


def test_os_exec():
    flags("from os import execv", "chạy tiến trình khác (os.execv)")


def test_pty():
    flags("import pty", "chạy tiến trình khác (pty)")


def test_os_kill():
    flags("os.kill(os.getppid(), 9)", "gửi tín hiệu tới tiến trình khác (os.kill)")


def test_os_setsid():
    flags("os.setsid()", "tách khỏi phiên làm việc của Jupyter (os.setsid)")


# -- changing modules and the course's helpers --------------------------------------------------


@pytest.mark.parametrize(
    "target", ["math.isclose", "np.isclose", "pd.testing.assert_frame_equal", "sys.float_info"])
def test_assigning_to_a_library(target):
    flags(f"{target} = gian_lan", f"sửa thư viện dùng khi chấm ({target})")


@pytest.mark.parametrize("target", ["langnghe.xap_xi", "langnghe.hints.kiem_tra_so", "xap_xi.__defaults__"])
def test_assigning_to_the_course_code(target):
    flags(f"{target} = gian_lan", f"sửa mã của khóa học ({target})")


def test_augmented_and_annotated_assignment_to_a_library():
    flags("math.pi += 1", "sửa thư viện dùng khi chấm (math.pi)")
    flags("math.pi: float = 3", "sửa thư viện dùng khi chấm (math.pi)")


def test_deleting_from_a_library():
    flags("del np.isclose", "sửa thư viện dùng khi chấm (np.isclose)")


def test_setattr_and_delattr_on_a_library():
    flags("setattr(math, 'isclose', gia)", "sửa thư viện dùng khi chấm (math.isclose)")
    flags("delattr(pd, 'testing')", "sửa thư viện dùng khi chấm (pd.testing)")


def test_assignment_in_a_function_still_changes_the_library():
    flags("def hong():\n    math.isclose = gia\n", "sửa thư viện dùng khi chấm (math.isclose)")


def test_modules_imported_in_scanned_cells_count_from_then_on():
    found = scan([(1, "st.mean = f"), (2, "import statistics as st"), (4, "st.mean = f")])
    assert found == [Finding(4, 1, "sửa thư viện dùng khi chấm (st.mean)")]


def test_names_from_the_notebooks_set_up_cells():
    flags("mdl.x = 1", "sửa thư viện dùng khi chấm (mdl.x)", modules=frozenset({"mdl"}))
    clean("mdl.x = 1", modules=frozenset())


def test_pandas_options_are_not_flagged():
    clean("pd.options.display.max_rows = 100\npd.set_option('display.precision', 2)")


def test_matplotlib_rcparams_are_not_flagged():
    clean("plt.rcParams['figure.figsize'] = (8, 4)")


def test_attributes_of_ordinary_objects_are_not_flagged():
    clean("df.columns = ['a', 'b']\nax.title = 'Doanh thu'\nbang.index.name = 'thang'")


def test_a_module_name_rebound_to_data_is_data():
    clean("ban_hang = 1\ntien = bang['tien']\ntien.name = 'so_tien'")


# -- rebinding the course's check helpers ------------------------------------------------------


def test_rebinding_a_helper_by_assignment():
    flags("xap_xi = lambda *a, **k: True", "sửa hàm kiểm tra của khóa học (xap_xi)")


def test_rebinding_a_helper_by_def():
    flags("def kiem_tra_so(*a, **k):\n    pass\n", "sửa hàm kiểm tra của khóa học (kiem_tra_so)")


def test_rebinding_a_helper_by_class():
    flags("class la_so:\n    pass\n", "sửa hàm kiểm tra của khóa học (la_so)")


def test_rebinding_a_helper_by_import_as():
    flags("from langnghe import la_so as xap_xi", "sửa hàm kiểm tra của khóa học (xap_xi)")
    flags("from gia import kiem_tra_bang", "sửa hàm kiểm tra của khóa học (kiem_tra_bang)")


def test_rebinding_a_helper_through_global():
    flags("def f():\n    global ten_kieu\n    ten_kieu = str\n", "sửa hàm kiểm tra của khóa học (ten_kieu)")


def test_rebinding_a_helper_by_for_target():
    flags("for kiem_tra_cot in [f]:\n    pass\n", "sửa hàm kiểm tra của khóa học (kiem_tra_cot)")


def test_rebinding_a_helper_by_with_as():
    flags("with mo() as thu_ngay:\n    pass\n", "sửa hàm kiểm tra của khóa học (thu_ngay)")


def test_rebinding_a_helper_by_walrus():
    flags("if (xap_xi := f):\n    pass\n", "sửa hàm kiểm tra của khóa học (xap_xi)")


def test_deleting_a_helper():
    flags("del kiem_tra_so", "sửa hàm kiểm tra của khóa học (kiem_tra_so)")


def test_reimporting_a_helper_is_not_flagged():
    clean("from langnghe import xap_xi, kiem_tra_so\nfrom langnghe.hints import la_so")


def test_a_local_name_in_a_function_is_not_a_rebinding():
    clean("def tinh(xap_xi):\n    kiem_tra_so = xap_xi * 2\n    return kiem_tra_so\n")
    clean("gia = [kiem_tra_so for kiem_tra_so in range(3)]")


def test_rebinding_a_module_alias():
    flags("math = FakeMath()", "thay thư viện bằng thứ khác (math)")
    flags("import numpy as pd", "thay thư viện bằng thứ khác (pd)")
    flags("def np():\n    pass\n", "thay thư viện bằng thứ khác (np)")


def test_reimporting_a_module_alias_is_not_flagged():
    clean("import math\nimport pandas as pd\nimport matplotlib.pyplot as plt\nfrom matplotlib import pyplot as plt")


# -- objects built to fool comparisons ---------------------------------------------------------

DUNDERS = ["__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__bool__", "__float__", "__int__",
           "__index__", "__hash__", "__abs__", "__sub__", "__rsub__", "__len__", "__instancecheck__",
           "__subclasscheck__", "__getattr__", "__getattribute__", "__reduce__", "__reduce_ex__"]


@pytest.mark.parametrize("name", DUNDERS)
def test_class_with_special_method(name):
    found = whats(f"class Gia:\n    def {name}(self, *a):\n        return True\n")
    assert len(found) == 1 and found[0].startswith("tạo đối tượng") and found[0].endswith(f"({name})")


def test_class_comparison_wording():
    flags("class Gia:\n    __eq__ = lambda s, o: True\n", "tạo đối tượng tự định nghĩa phép so sánh (__eq__)")
    flags("Gia.__eq__ = lambda s, o: True", "tạo đối tượng tự định nghĩa phép so sánh (__eq__)")


def test_class_property_disguise():
    source = "class Gia:\n    @property\n    def __class__(self):\n        return float\n"
    flags(source, "tạo đối tượng giả làm kiểu khác (__class__)")


@pytest.mark.parametrize(
    "base", ["float", "int", "str", "dict", "list", "tuple", "numbers.Real", "pd.Series", "np.ndarray"])
def test_class_deriving_from_a_value_type(base):
    modules = COURSE | {"numbers"}
    flags(f"class Gia({base}):\n    pass\n", f"tạo kiểu dữ liệu giả dạng kiểu có sẵn ({base})", modules)


def test_an_ordinary_class_is_not_flagged():
    clean("class CuaHang:\n    def __init__(self, ten):\n        self.ten = ten\n    def __repr__(self):\n"
          "        return self.ten\n")


# -- code that hides what it runs --------------------------------------------------------------


@pytest.mark.parametrize("name", ["exec", "eval", "compile"])
def test_running_code_built_from_text(name):
    flags(f"{name}('1 + 1')", f"chạy mã dựng từ chuỗi chữ ({name})")


def test_dunder_import():
    flags("__import__('os')", "nạp thư viện theo cách ẩn (__import__)")


def test_importlib():
    flags("import importlib\nimportlib.import_module('os')", "nạp thư viện theo cách ẩn (importlib)")


@pytest.mark.parametrize("name", ["getattr", "setattr", "delattr", "hasattr"])
def test_attribute_by_computed_name(name):
    flags(f"{name}(bang, ten_cot + 'x', 1)", f"truy cập thuộc tính theo cách ẩn ({name})")


def test_getattr_on_a_module():
    flags("getattr(math, 'isclose')", "truy cập thuộc tính theo cách ẩn (getattr)")


def test_getattr_with_a_literal_on_an_object_is_not_flagged():
    clean("getattr(bang, 'doanh_thu', 0)\nhasattr(bang, 'columns')")


@pytest.mark.parametrize("name", ["globals", "locals", "vars"])
def test_namespaces(name):
    flags(f"{name}()['xap_xi'] = f", f"truy cập thẳng bảng tên biến ({name})")


@pytest.mark.parametrize(
    "attr", ["__dict__", "__code__", "__globals__", "__closure__", "__subclasses__", "__mro__", "__bases__"])
def test_object_internals(attr):
    flags(f"f.{attr}", f"lục vào bên trong đối tượng ({attr})")


def test_marshal():
    flags("import marshal", "dùng mã đóng gói sẵn (marshal)")


def test_pickle():
    flags("import pickle\npickle.loads(b)", "dùng mã đóng gói sẵn (pickle)")


def test_types_function_and_code():
    flags("import types\ntypes.FunctionType(c, {})", "tạo hàm từ mã dựng sẵn (types.FunctionType)")
    flags("from types import CodeType", "tạo hàm từ mã dựng sẵn (types.CodeType)")


# -- reading the course's files or the grader -------------------------------------------------


@pytest.mark.parametrize(
    ("literal", "what"),
    [("../solutions/bt00/bt00.ipynb", "đọc tệp của giảng viên (solutions/)"),
     ("../../source/bt00/bt00.ipynb", "đọc tệp của giảng viên (source/)"),
     ("gradebook.db", "đọc tệp của hệ thống chấm (gradebook)"),
     ("autograded", "đọc tệp của hệ thống chấm (autograded)"),
     ("feedback/bt00.html", "đọc tệp của hệ thống chấm (feedback/)"),
     ("submitted/an/bt00", "đọc tệp của hệ thống chấm (submitted/)"),
     ("~/.langnghe/khoa", "đọc tệp của hệ thống chấm (.langnghe)"),
     ("nbgrader_config.py", "đọc tệp của hệ thống chấm (nbgrader)"),
     ("/proc/self/environ", "đọc thông tin tiến trình trên máy (/proc/)")])
def test_grader_paths(literal, what):
    flags(f"open({literal!r}).read()", what)


@pytest.mark.parametrize(
    "call", ["os.listdir('/')", "os.walk('..')", "os.scandir('/home')", "glob.glob('../*')",
             "Path('/srv').iterdir()", "Path('.').glob('../**/*')"])
def test_listing_folders_outside_the_notebook(call):
    source = f"import os, glob\nfrom pathlib import Path\nx = {call}"
    assert any(w.startswith("xem thư mục ngoài thư mục bài làm") for w in whats(source))


def test_listing_the_notebooks_folder_is_not_flagged():
    clean("import os, glob\nfrom pathlib import Path\nos.listdir('.')\nglob.glob('du_lieu/*.csv')\n"
          "list(Path('ban_ve').iterdir())\nPath('../du_lieu/a.csv').exists()")


# -- stopping the interpreter -----------------------------------------------------------------


def test_os_exit():
    flags("os._exit(0)", "dừng hẳn chương trình (os._exit)")


def test_sys_exit():
    flags("sys.exit()", "dừng hẳn chương trình (sys.exit)")


def test_exit_and_quit():
    flags("exit()", "dừng hẳn chương trình (exit())")
    flags("quit()", "dừng hẳn chương trình (quit())")


def test_raise_system_exit():
    flags("raise SystemExit(0)", "dừng hẳn chương trình (raise SystemExit)")


def test_raise_keyboard_interrupt():
    flags("raise KeyboardInterrupt", "giả như bấm nút dừng (raise KeyboardInterrupt)")


# -- honest beginner mistakes -----------------------------------------------------------------


def test_a_syntax_error_cell_is_skipped():
    assert scan([(0, "print('chưa xong'"), (1, "import subprocess")]) == [
        Finding(1, 1, "chạy tiến trình khác (subprocess)")]


def test_dots_as_thousands_separators():
    clean("gia_ban = 240.000.000")


def test_printing_an_undefined_name():
    clean("print(doanh_thu)")


def test_a_plain_calculation():
    clean("doanh_thu = gia_ban * so_luong")


def test_assigning_a_column():
    clean('bang["cot"] = 1')


def test_renaming_columns():
    clean('df.columns = ["a", "b"]')


def test_matplotlib_inline():
    clean("%matplotlib inline")


def test_not_implemented_left_in_place():
    clean("# YOUR CODE HERE\nraise NotImplementedError()")


def test_shadowing_a_formatting_helper():
    clean("tien = gia_ban * so_luong\nso = 3\nwith thu_ngay():\n    kiem_tra_so(tien, 1, 'tien')")


# -- the API ----------------------------------------------------------------------------------


def test_finding_has_cell_index_and_line():
    found = scan([(5, "x = 1\n\nsys.settrace(f)"), (9, "import ctypes")])
    assert found == [Finding(5, 3, "đặt hàm theo dõi trình thông dịch (sys.settrace)"),
                     Finding(9, 1, "can thiệp thẳng vào bộ nhớ (ctypes)")]


def test_lines_count_the_blank_lines_ipython_drops():
    assert scan([(0, "\n\n  \nimport ctypes")]) == [Finding(0, 4, "can thiệp thẳng vào bộ nhớ (ctypes)")]


def test_findings_are_deduplicated_and_in_line_order():
    found = scan([(0, "class A(float):\n    pass\nimport ctypes; import ctypes")])
    assert found == [Finding(0, 1, "tạo kiểu dữ liệu giả dạng kiểu có sẵn (float)"),
                     Finding(0, 3, "can thiệp thẳng vào bộ nhớ (ctypes)")]


def test_describe():
    findings = [Finding(4, 2, "thay đổi cách IPython báo lỗi (showtraceback)"),
                Finding(6, 1, "chạy tiến trình khác (subprocess)")]
    assert describe(findings) == (
        "ô 5, dòng 2: thay đổi cách IPython báo lỗi (showtraceback); ô 7, dòng 1: chạy tiến trình khác (subprocess)")
    assert describe([]) == ""


def test_describe_caps_the_list():
    findings = [Finding(i, 1, "chạy tiến trình khác (subprocess)") for i in range(8)]
    text = describe(findings)
    assert text.count("ô ") == 5 and text.endswith("; và 3 chỗ khác")


@pytest.mark.parametrize(
    "cells", [[(0, None)], [(0, "")], [("x", "import os")], [(0, "(" * 500 + ")" * 500)],
              [(0, "x = [" * 2000)], [(0, "%%time\n(")], [(0, "\x00")], [(0, "a" * 200 + " = 1\n" * 3)], [()]])
def test_never_raises(cells):
    assert isinstance(scan(cells, frozenset({"pd", 3})), list)


# -- the course itself: no false accusations -------------------------------------------------


def notebook_cells(path) -> list[tuple[int, str]]:
    notebook = nbformat.read(path, as_version=4)
    return [(i, "\n".join(line for line in cell.source.splitlines() if not any(m in line for m in MARKERS)))
            for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]


def imported_names(cells: list[tuple[int, str]]) -> frozenset[str]:
    names = set()
    for _, source in cells:
        try:
            tree = ast.parse(TransformerManager().transform_cell(source))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(a.asname or a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                names.update(a.asname or a.name for a in node.names if a.name != "*")
    return frozenset(names)


@pytest.mark.parametrize("path", lesson_notebooks() + solution_notebooks(), ids=rel)
def test_course_notebooks_have_no_findings(path):
    cells = notebook_cells(path)
    assert len(cells) > 0
    assert scan(cells, imported_names(cells)) == []
