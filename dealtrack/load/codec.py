"""Per-file results as compact bytes, for the cache and for parallel workers.

A ``FileResult`` is frozen dataclasses all the way down. Plain pickle stores
them through the dataclass ``__getstate__``/``__setstate__`` hooks, which run
Python code per field and made decoding cost as much as parsing; here each
record is stored as its class and constructor arguments instead, which is
two to three times faster both ways and gives the same objects back.

Decoding is restricted to the classes below: the unpickler refuses any
other global, so bytes from a cache file can build dealtrack records and
nothing else (no callables, no imports). Integrity is checked by the caller
(``dealtrack.load.cache`` keeps a digest of every entry).
"""

from __future__ import annotations

import copyreg
import dataclasses
import decimal
import io
import pickle

from dealtrack import diagnostics, model

_PROTOCOL = 5


def _classes() -> dict[tuple[str, str], type]:
    from dealtrack.load import FileResult

    found = [FileResult, diagnostics.Diagnostic, model.Ref, model.FieldLocs, decimal.Decimal]
    found += [obj for obj in vars(model).values()
              if isinstance(obj, type) and dataclasses.is_dataclass(obj)
              and obj.__module__ == model.__name__]
    return {(cls.__module__, cls.__qualname__): cls for cls in found}


_ALLOWED = _classes()


def _reducer(cls: type):
    fields = dataclasses.fields(cls)
    if any(not f.init for f in fields):  # pragma: no cover - no such field today
        return None
    names = tuple(f.name for f in fields)

    def reduce(obj):
        return cls, tuple([getattr(obj, name) for name in names])

    return reduce


def _dispatch_table() -> dict:
    table = copyreg.dispatch_table.copy()
    for cls in _ALLOWED.values():
        if dataclasses.is_dataclass(cls):
            reduce = _reducer(cls)
            if reduce is not None:
                table[cls] = reduce
    return table


_TABLE = _dispatch_table()


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not a dealtrack record") from None


def encode(obj) -> bytes:
    """Bytes for a ``FileResult`` (or any value made of model records and builtins)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=_PROTOCOL)
    pickler.dispatch_table = _TABLE
    pickler.dump(obj)
    return buffer.getvalue()


def decode(data: bytes):
    """The value ``encode`` was given; raises ``ValueError`` for anything else."""
    try:
        return _Unpickler(io.BytesIO(data)).load()
    except Exception as exc:  # noqa: BLE001 - any damage means "not ours"
        raise ValueError(f"not an encoded dealtrack result: {exc}") from None
