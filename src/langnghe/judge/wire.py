"""Answers as data: the one format values cross in between the trainee's kernel and the judge.

JSON, so nothing that crosses can carry code: numbers, strings, booleans, None, lists,
tuples, dicts, sets, dates and times, Decimal, numpy scalars and arrays, pandas
Timestamps, Index, Series and DataFrames. Every other JSON object is a tagged value
`{"$": tag, ...}`. Types are checked exactly (`type(x) is float`, never isinstance),
so a float subclass with its own `__eq__`, an object that claims to equal everything,
a generator or an open file do not cross: `encode` raises NotData with a code saying
what the value was, and the judge words the reason.

Both sides use this module: the kernel's agent encodes answers and decodes call
arguments; the judge decodes answers (strictly: anything unexpected is WireError) and
encodes arguments. Callables cross only through the hooks: the kernel sends
`{"$": "fn", ...}` (a description, never the code), the judge answers with
`{"$": "ref", ...}`.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import functools
import json
import re
from typing import Any, Callable

REPLY_LIMIT = 64 * 1024**2  # bytes of one message; a kernel that sends more is disconnected by ZeroMQ
MAX_ITEMS = 20_000_000  # elements of one array: a reply is capped in bytes before it gets here anyway

_NUMERIC_KINDS = set("biufcmM")


class NotData(ValueError):
    """A value that is not data. `code` is one of: subclass:<type>, generator, file, module,
    class, function, object:<type> (type names as written in the kernel, sanitised)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class WireError(ValueError):
    """A message that is not in this format (a broken or tampered kernel)."""


def _type_name(value) -> str:
    name = getattr(type(value), "__qualname__", "?")
    return re.sub(r"[^\w.]", "", str(name))[:60] or "?"


def _not_data(value) -> NotData:
    import inspect
    import io

    if inspect.isgenerator(value) or inspect.isasyncgen(value) or inspect.iscoroutine(value):
        return NotData("generator")
    if isinstance(value, io.IOBase):
        return NotData("file")
    if inspect.ismodule(value):
        return NotData("module")
    if isinstance(value, type):
        return NotData("class")
    if callable(value):
        return NotData("function")
    for base in (bool, int, float, complex, str, bytes, list, tuple, dict, set, frozenset, dt.date, dt.time,
                 dt.timedelta, decimal.Decimal):
        if isinstance(value, base):
            return NotData(f"subclass:{base.__name__}")
    return NotData(f"object:{_type_name(value)}")


def _b64(array) -> str:
    return base64.b64encode(array.tobytes()).decode("ascii")


def _encode_array(array, encode) -> dict:
    """A numpy array: raw bytes for numbers, dates and booleans; element by element otherwise."""
    if array.dtype.kind in _NUMERIC_KINDS and array.dtype.fields is None and array.dtype.subdtype is None:
        import numpy as np

        return {"$": "ndarray", "dtype": array.dtype.str, "shape": list(array.shape),
                "b64": _b64(np.ascontiguousarray(array))}
    if array.dtype.kind in "OU":
        return {"$": "ndarray", "dtype": "O" if array.dtype.kind == "O" else array.dtype.str,
                "shape": list(array.shape), "v": [encode(x) for x in array.ravel(order="C").tolist()]}
    raise NotData(f"object:ndarray[{array.dtype.kind}]")


class Encoder:
    """value -> JSON-able structure; `on_callable(value) -> dict` lets functions cross as descriptions."""

    def __init__(self, on_callable: Callable[[Any], dict] | None = None):
        self.on_callable = on_callable
        self._scalars = None

    def _pandas_column(self, values) -> dict:
        """One column (a Series) or an Index, with its dtype."""
        import numpy as np
        import pandas as pd

        dtype = values.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            cat = values.array
            return {"$": "cat", "categories": self.encode(pd.Index(cat.categories)),
                    "codes": _encode_array(np.asarray(cat.codes), self.encode), "ordered": bool(cat.ordered)}
        if isinstance(dtype, np.dtype):
            return _encode_array(values.to_numpy(), self.encode)
        items = [None if x is pd.NA else x for x in values.array.tolist()]
        return {"$": "ext", "dtype": str(dtype), "v": [self.encode(x) for x in items]}

    def _index(self, index) -> dict:
        import pandas as pd

        if type(index) is pd.RangeIndex:
            return {"$": "RangeIndex", "start": index.start, "stop": index.stop, "step": index.step,
                    "name": self.encode(index.name)}
        if type(index) is pd.MultiIndex:
            return {"$": "MultiIndex", "tuples": [self.encode(t) for t in index.tolist()],
                    "names": [self.encode(n) for n in index.names]}
        return {"$": "Index", "values": self._pandas_column(index), "name": self.encode(index.name)}

    def encode(self, value):
        kind = type(value)
        if value is None or kind in (bool, int, str):
            return value
        if kind is float:
            return value if value == value and abs(value) != float("inf") else {"$": "float", "v": repr(value)}
        if kind is list:
            return [self.encode(x) for x in value]
        if kind in (tuple, set, frozenset):
            return {"$": kind.__name__, "v": [self.encode(x) for x in value]}
        if kind is dict:
            return {"$": "dict", "v": [[self.encode(k), self.encode(v)] for k, v in value.items()]}
        if kind is complex:
            return {"$": "complex", "v": [value.real, value.imag]}
        if kind is bytes:
            return {"$": "bytes", "v": base64.b64encode(value).decode("ascii")}
        if kind is decimal.Decimal:
            return {"$": "decimal", "v": str(value)}
        if kind in (dt.date, dt.datetime, dt.time):
            return {"$": kind.__name__, "v": value.isoformat()}
        if kind is dt.timedelta:
            return {"$": "timedelta", "v": [value.days, value.seconds, value.microseconds]}
        return self._encode_library(value, kind)

    def _encode_library(self, value, kind):
        import sys

        np = sys.modules.get("numpy")
        pd = sys.modules.get("pandas")
        if np is not None:
            if kind is np.ndarray:
                return _encode_array(value, self.encode)
            if kind in _numpy_scalars(np):
                if value.dtype.kind in "Mm":
                    return {"$": "np", "dtype": value.dtype.str, "v": int(value.view("i8"))}
                if value.dtype.kind == "c":
                    return {"$": "np", "dtype": value.dtype.str, "v": [float(value.real), float(value.imag)]}
                if value.dtype.kind == "U":
                    return str(value)
                return {"$": "np", "dtype": value.dtype.str, "v": self.encode(value.item())}
        if pd is not None:
            if kind is pd.Timestamp:
                return {"$": "Timestamp", "v": value.isoformat(), "unit": value.unit,
                        "tz": str(value.tz) if value.tz is not None else None}
            if kind is pd.Timedelta:
                return {"$": "Timedelta", "v": int(value.value), "unit": value.unit}
            if value is pd.NaT:
                return {"$": "NaT"}
            if value is pd.NA:
                return {"$": "NA"}
            if kind is pd.Series:
                return {"$": "Series", "values": self._pandas_column(value), "index": self._index(value.index),
                        "name": self.encode(value.name)}
            if kind is pd.DataFrame:
                return {"$": "DataFrame", "columns": self._index(value.columns), "index": self._index(value.index),
                        "data": [self._pandas_column(value.iloc[:, i]) for i in range(value.shape[1])]}
            if kind in _index_types(pd):
                return self._index(value)
        if self.on_callable is not None and callable(value) and not isinstance(value, type):
            return {"$": "fn", **self.on_callable(value)}
        raise _not_data(value)


@functools.cache
def _numpy_scalars(np) -> frozenset:
    return frozenset({np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
            np.float16, np.float32, np.float64, np.complex64, np.complex128, np.datetime64, np.timedelta64,
            np.str_, np.longlong, np.ulonglong, np.intc, np.uintc})


@functools.cache
def _index_types(pd) -> frozenset:
    return frozenset({pd.Index, pd.RangeIndex, pd.MultiIndex, pd.DatetimeIndex, pd.TimedeltaIndex, pd.CategoricalIndex})


def dumps(value, on_callable: Callable[[Any], dict] | None = None) -> str:
    """JSON text of `value`; NotData for what is not data."""
    try:
        return json.dumps(Encoder(on_callable).encode(value), ensure_ascii=True, allow_nan=False)
    except RecursionError:
        raise NotData("object:nested") from None
    except (ValueError, TypeError, OverflowError) as err:  # e.g. an int too large to print
        if isinstance(err, NotData):
            raise
        raise NotData(f"object:{type(err).__name__}") from None


# ---------------------------------------------------------------------------------------------
# Decoding: strict. Everything the kernel sends is checked before it becomes an object.

def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise WireError(what)


TAGS = {"tuple", "set", "frozenset", "dict", "float", "complex", "bytes", "decimal", "date", "datetime", "time",
        "timedelta", "np", "ndarray", "Timestamp", "Timedelta", "NaT", "NA", "Index", "RangeIndex", "MultiIndex",
        "Series", "DataFrame"}


class Decoder:
    def __init__(self, tags: dict[str, Callable[[dict], Any]] | None = None):
        self.tags = tags or {}

    def decode(self, obj):
        if obj is None or type(obj) in (bool, int, float, str):
            return obj
        if type(obj) is list:
            return [self.decode(x) for x in obj]
        _expect(type(obj) is dict and type(obj.get("$")) is str, "giá trị không đúng định dạng")
        tag = obj["$"]
        if tag in self.tags:
            return self.tags[tag](obj)
        _expect(tag in TAGS, f"kiểu lạ: {tag[:30]}")
        return getattr(self, "_" + tag)(obj)

    def _items(self, obj) -> list:
        _expect(type(obj.get("v")) is list, "thiếu giá trị")
        return [self.decode(x) for x in obj["v"]]

    def _tuple(self, obj):
        return tuple(self._items(obj))

    def _set(self, obj):
        return set(self._items(obj))

    def _frozenset(self, obj):
        return frozenset(self._items(obj))

    def _dict(self, obj):
        pairs = self._items(obj)
        _expect(all(type(p) is list and len(p) == 2 for p in pairs), "từ điển hỏng")
        return {k: v for k, v in pairs}

    def _float(self, obj):
        _expect(obj.get("v") in ("nan", "inf", "-inf"), "số thực hỏng")
        return float(obj["v"])

    def _complex(self, obj):
        v = obj.get("v")
        _expect(type(v) is list and len(v) == 2 and all(type(x) in (int, float) for x in v), "số phức hỏng")
        return complex(v[0], v[1])

    def _text(self, obj) -> str:
        _expect(type(obj.get("v")) is str and len(obj["v"]) < 100, "giá trị hỏng")
        return obj["v"]

    def _bytes(self, obj):
        _expect(type(obj.get("v")) is str, "bytes hỏng")
        return base64.b64decode(obj["v"], validate=True)

    def _decimal(self, obj):
        return decimal.Decimal(self._text(obj))

    def _date(self, obj):
        return dt.date.fromisoformat(self._text(obj))

    def _datetime(self, obj):
        return dt.datetime.fromisoformat(self._text(obj))

    def _time(self, obj):
        return dt.time.fromisoformat(self._text(obj))

    def _timedelta(self, obj):
        v = obj.get("v")
        _expect(type(v) is list and len(v) == 3 and all(type(x) is int for x in v), "khoảng thời gian hỏng")
        return dt.timedelta(days=v[0], seconds=v[1], microseconds=v[2])

    def _np(self, obj):
        import numpy as np

        dtype = _numeric_dtype(obj.get("dtype"))
        v = obj.get("v")
        if dtype.kind in "Mm":
            _expect(type(v) is int, "ngày giờ numpy hỏng")
            return np.array(v, dtype="i8").view(dtype)[()]
        if dtype.kind == "c":
            _expect(type(v) is list and len(v) == 2, "số phức hỏng")
            return dtype.type(complex(*v))
        value = self.decode(v)
        _expect(type(value) in (bool, int, float), "số numpy hỏng")
        return dtype.type(value)

    def _ndarray(self, obj):
        import numpy as np

        shape = obj.get("shape")
        _expect(type(shape) is list and len(shape) <= 32 and all(type(n) is int and n >= 0 for n in shape),
                "kích thước mảng hỏng")
        count = 1
        for n in shape:
            count *= n
        _expect(count <= MAX_ITEMS, "mảng quá lớn")
        if "b64" in obj:
            dtype = _numeric_dtype(obj.get("dtype"))
            _expect(type(obj["b64"]) is str, "mảng hỏng")
            raw = base64.b64decode(obj["b64"], validate=True)
            _expect(len(raw) == count * dtype.itemsize, "mảng hỏng")
            return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
        items = self._items(obj)
        _expect(len(items) == count, "mảng hỏng")
        kind = obj.get("dtype")
        if kind == "O":
            out = np.empty(count, dtype=object)
            out[:] = items if count else []
            return out.reshape(shape)
        dtype = np.dtype(str(kind)) if re.fullmatch(r"<U\d{1,6}", str(kind)) else None
        _expect(dtype is not None and all(type(x) is str for x in items), "mảng chữ hỏng")
        return np.array(items, dtype=dtype).reshape(shape)

    def _Timestamp(self, obj):
        import pandas as pd

        stamp = pd.Timestamp(self._text(obj))
        if obj.get("tz"):
            _expect(type(obj["tz"]) is str and len(obj["tz"]) < 60, "múi giờ hỏng")
            stamp = stamp.tz_convert(obj["tz"])
        if obj.get("unit") in ("s", "ms", "us", "ns"):
            stamp = stamp.as_unit(obj["unit"])
        return stamp

    def _Timedelta(self, obj):
        import pandas as pd

        _expect(type(obj.get("v")) is int, "khoảng thời gian hỏng")
        delta = pd.Timedelta(obj["v"], unit="ns")
        return delta.as_unit(obj["unit"]) if obj.get("unit") in ("s", "ms", "us", "ns") else delta

    def _NaT(self, obj):
        import pandas as pd

        return pd.NaT

    def _NA(self, obj):
        import pandas as pd

        return pd.NA

    def _column(self, obj):
        """An array for a pandas column or index."""
        import numpy as np
        import pandas as pd

        _expect(type(obj) is dict, "cột hỏng")
        tag = obj.get("$")
        if tag == "ndarray":
            array = self._ndarray(obj)
            _expect(array.ndim == 1, "cột hỏng")
            return array
        if tag == "cat":
            categories = self.decode(obj.get("categories"))
            codes = self._ndarray(obj.get("codes") if type(obj.get("codes")) is dict else {})
            _expect(isinstance(categories, pd.Index) and codes.dtype.kind == "i" and codes.ndim == 1, "cột hỏng")
            _expect(bool(((codes >= -1) & (codes < len(categories))).all()), "cột hỏng")
            return pd.Categorical.from_codes(codes, categories=categories, ordered=bool(obj.get("ordered")))
        _expect(tag == "ext" and type(obj.get("dtype")) is str, "cột hỏng")
        dtype = _extension_dtype(obj["dtype"])
        values = self._items(obj)
        return pd.array([pd.NA if x is None else x for x in values] if values else [], dtype=dtype) \
            if not isinstance(dtype, np.dtype) else np.asarray(values, dtype=dtype)

    def _Index(self, obj):
        import pandas as pd

        return pd.Index(self._column(obj.get("values")), name=self._name(obj.get("name")), tupleize_cols=False)

    def _RangeIndex(self, obj):
        import pandas as pd

        parts = [obj.get(k) for k in ("start", "stop", "step")]
        _expect(all(type(p) is int for p in parts) and parts[2] != 0, "chỉ mục hỏng")
        return pd.RangeIndex(*parts, name=self._name(obj.get("name")))

    def _MultiIndex(self, obj):
        import pandas as pd

        _expect(type(obj.get("tuples")) is list and type(obj.get("names")) is list, "chỉ mục hỏng")
        tuples = [self.decode(t) for t in obj["tuples"]]
        _expect(all(type(t) is tuple for t in tuples), "chỉ mục hỏng")
        names = [self._name(n) for n in obj["names"]]
        return pd.MultiIndex.from_tuples(tuples, names=names) if tuples else \
            pd.MultiIndex.from_arrays([[] for _ in names], names=names)

    def _name(self, obj):
        name = self.decode(obj)
        _expect(name is None or type(name) in (str, int, float, bool, tuple), "tên hỏng")
        return name

    def _index_of(self, obj):
        index = self.decode(obj)
        _expect(isinstance(index, __import__("pandas").Index), "chỉ mục hỏng")
        return index

    def _Series(self, obj):
        import pandas as pd

        values, index = self._column(obj.get("values")), self._index_of(obj.get("index"))
        _expect(len(values) == len(index), "cột hỏng")
        return pd.Series(values, index=index, name=self._name(obj.get("name")), copy=False)

    def _DataFrame(self, obj):
        import pandas as pd

        columns, index = self._index_of(obj.get("columns")), self._index_of(obj.get("index"))
        _expect(type(obj.get("data")) is list and len(obj["data"]) == len(columns), "bảng hỏng")
        data = [self._column(c) for c in obj["data"]]
        _expect(all(len(c) == len(index) for c in data), "bảng hỏng")
        frame = pd.DataFrame({i: c for i, c in enumerate(data)}, index=index)
        frame.columns = columns
        return frame


def _numeric_dtype(text):
    import numpy as np

    _expect(type(text) is str and re.fullmatch(r"[<>|=]?[biufcmM]\d{1,2}(\[\w{1,3}\])?", text) is not None,
            "kiểu số hỏng")
    dtype = np.dtype(text)
    _expect(dtype.kind in _NUMERIC_KINDS and dtype.fields is None and dtype.subdtype is None, "kiểu số hỏng")
    return dtype


def _extension_dtype(text: str):
    import pandas as pd

    _expect(re.fullmatch(r"[\w\[\], /:+-]{1,60}", text) is not None, "kiểu cột hỏng")
    try:
        dtype = pd.api.types.pandas_dtype(text)
    except (TypeError, ValueError):
        raise WireError("kiểu cột hỏng") from None
    allowed = (pd.StringDtype, pd.BooleanDtype, pd.api.extensions.ExtensionDtype)
    _expect(isinstance(dtype, allowed) and type(dtype).__module__.startswith("pandas"), "kiểu cột hỏng")
    _expect(not isinstance(dtype, (pd.PeriodDtype, pd.IntervalDtype, pd.SparseDtype)), "kiểu cột hỏng")
    return dtype


def loads(text: str, tags: dict[str, Callable[[dict], Any]] | None = None):
    """The value a JSON text describes; WireError when it is not in this format."""
    try:
        return Decoder(tags).decode(json.loads(text))
    except WireError:
        raise
    except (ValueError, TypeError, KeyError, OverflowError, RecursionError, MemoryError) as err:
        raise WireError(f"{type(err).__name__}") from None
