"""Python's parser for the grader's threads, one at a time.

CPython 3.11 counts the AST constructor's recursion depth in the interpreter's state, which all
its threads share: two threads that parse at once (the judges of several notebooks, the tamper
scan) can fail with "SystemError: AST constructor recursion depth mismatch"
(python/cpython#106905). Every parse and every compile of a tree in the grader goes through here.
"""

import ast
import threading
from types import CodeType

_ONE_AT_A_TIME = threading.Lock()


def parse(source: str) -> ast.Module:
    with _ONE_AT_A_TIME:
        return ast.parse(source)


def compile_tree(tree: ast.Module, filename: str) -> CodeType:
    with _ONE_AT_A_TIME:
        return compile(tree, filename, "exec")
