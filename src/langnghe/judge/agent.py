"""The kernel's side of the judge: answers its requests with data, and nothing else.

The judge evaluates test cells in its own process and asks the trainee's kernel, through
an execute request's `user_expressions`, for the values a test cell names and for calls
of the trainee's functions. This module is what those expressions call. It runs in the
trainee's process, so it is trusted for nothing: whatever it answers is read by the
judge as data (wire.py), and the worst a tampered agent can do is give other answers,
which is what the trainee's own code could do anyway. Hidden tests never come here; the
arguments of a call do.

Each answer is a `Reply`, whose repr is the JSON text itself, so IPython's text/plain
formatting of the expression's value is the message.
"""

from __future__ import annotations

import inspect
import re

from . import wire

_functions: list = []  # the callables the judge was told about, by ref number


class Reply:
    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _namespace() -> dict:
    from IPython import get_ipython

    return get_ipython().user_ns


def _describe(function) -> dict:
    """A callable as the judge sees it: a reference number and its parameters, never its code."""
    _functions.append(function)
    params = None
    try:
        params = []
        for p in inspect.signature(function).parameters.values():
            param = {"name": p.name, "kind": int(p.kind)}
            if p.default is not p.empty:
                try:
                    param["default"] = wire.Encoder().encode(p.default)
                except wire.NotData:
                    param["default"] = None
            params.append(param)
    except (TypeError, ValueError):
        params = None
    return {"ref": len(_functions) - 1, "name": str(getattr(function, "__name__", "?"))[:60], "params": params}


def _encode(value) -> dict:
    try:
        return {"ok": wire.Encoder(_describe).encode(value)}
    except wire.NotData as err:
        return {"notdata": err.code}
    except RecursionError:
        return {"notdata": "object:nested"}


def answer(names: list, calls: list) -> Reply:
    """What a test cell needs, in one reply: {"values": {name: {"ok": data} | {"notdata": code}},
    "absent": [names not defined], "calls": [the result of each call, as `call` gives it, or None]}.

    `calls` are [name, arguments] of the calls the test cell writes with literal arguments,
    in its order: made now, in one go, they save a round trip each. An interrupted call
    ends the list (what it was interrupted for is the judge's time limit).
    """
    import json

    ns = _namespace()
    found, absent, results = {}, [], []
    for name in names:
        if name in ns:
            found[name] = _encode(ns[name])
        else:
            absent.append(name)
    for name, arguments in calls:
        function = ns.get(name)
        if not callable(function) or isinstance(function, type):
            results.append(None)
            continue
        results.append(_call(function, arguments))
        if results[-1].get("raised", {}).get("ename") == "KeyboardInterrupt":
            break
    return Reply(json.dumps({"values": found, "absent": absent, "calls": results}, ensure_ascii=True,
                            allow_nan=False))


def _resolve(tag: dict):
    """A function the judge passes back as an argument (a reference to one it was told about)."""
    ref = tag.get("ref")
    if type(ref) is not int or not 0 <= ref < len(_functions):
        raise wire.WireError("ref")
    return _functions[ref]


def _call(function, arguments: str) -> dict:
    args, kwargs = wire.loads(arguments, tags={"fn": _resolve})
    try:
        result = function(*args, **kwargs)
    except BaseException as err:  # noqa: BLE001 - a trainee's function may raise anything, even KeyboardInterrupt
        return {"raised": {"ename": re.sub(r"[^\w.]", "", type(err).__name__)[:60], "evalue": _message(err)}}
    return _encode(result)


def call(ref: int, arguments: str) -> Reply:
    """Call a function the judge was told about, with data: {"ok"} | {"notdata"} | {"raised"}."""
    import json

    return Reply(json.dumps(_call(_functions[ref], arguments), ensure_ascii=True, allow_nan=False))


def _message(err: BaseException) -> str:
    try:
        return str(err)[:300]
    except Exception:  # noqa: BLE001 - a __str__ that fails
        return ""
