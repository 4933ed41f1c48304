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
import functools
import importlib
import io
import operator
import pickle
import sys

_PROTOCOL = 5


# What an entry may be built from, besides the record classes of ``dealtrack.model``. A
# module is imported only when an entry names it: a stored ``validate`` result (diagnostics
# only) is decoded without loading the record classes at all.
_OTHERS = {("dealtrack.load.result", "FileResult"), ("dealtrack.diagnostics", "Diagnostic"),
           ("dealtrack.location", "Loc"), ("decimal", "Decimal")}


@functools.cache
def _allowed(module: str, name: str) -> type | None:
    if module == "dealtrack.model":
        from dealtrack import model

        found = getattr(model, name, None)
        if isinstance(found, type) and found.__module__ == module and (
                dataclasses.is_dataclass(found) or found in (model.Ref, model.FieldLocs)):
            return found
        return None
    if (module, name) in _OTHERS:
        return getattr(importlib.import_module(module), name)
    return None


def _reducer(cls: type):
    fields = dataclasses.fields(cls)
    if any(not f.init for f in fields):  # pragma: no cover - no such field today
        return None
    names = [f.name for f in fields]
    # attrgetter gathers the tuple in C; with one name it would return the bare value
    values = operator.attrgetter(*names) if len(names) > 1 else (
        lambda obj: (getattr(obj, names[0]),))

    def reduce(obj):
        return cls, values(obj)

    return reduce


@functools.cache
def _dispatch_table(records: bool) -> dict:
    """Reducers for our classes; ``records``: for the model's record classes too.

    Without ``records`` the model is not imported (a record cannot exist before it is).
    """
    from dealtrack import diagnostics, location
    from dealtrack.load.result import FileResult

    table = copyreg.dispatch_table.copy()
    classes = [FileResult, diagnostics.Diagnostic, location.Loc]
    if records:
        from dealtrack import model

        classes += [obj for obj in vars(model).values() if isinstance(obj, type)
                    and dataclasses.is_dataclass(obj) and obj.__module__ == model.__name__]
    for cls in classes:
        reduce = _reducer(cls)
        if reduce is not None:
            table[cls] = reduce
    return table


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        found = _allowed(module, name)
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not a dealtrack record")
        return found


def encode(obj) -> bytes:
    """Bytes for a ``FileResult`` (or any value made of model records and builtins)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=_PROTOCOL)
    pickler.dispatch_table = _dispatch_table("dealtrack.model" in sys.modules)
    pickler.dump(obj)
    return buffer.getvalue()


def decode(data: bytes):
    """The value ``encode`` was given; raises ``ValueError`` for anything else."""
    try:
        return _Unpickler(io.BytesIO(data)).load()
    except Exception as exc:  # noqa: BLE001 - any damage means "not ours"
        raise ValueError(f"not an encoded dealtrack result: {exc}") from None


# -- results shared between files of the same bytes shown under different names -------------
#
# A file's result names the file (its display, ``REV:path`` for a git revision) in every
# ``Loc``, all of them one and the same string object. A blob present in two revisions is
# parsed once and stored with that name left out: the pickler is given the name as memo
# entry 0 beforehand, so each reference to it is written as "memo 0" and the name itself is
# never written; decoding fills memo 0 with the name wanted. Only a name referenced by
# identity can be left out: a string merely equal to it, or containing it, would keep its
# text, so an encoding that still holds the name's text is refused (None) and never shared.

_PROTO = pickle.PROTO + bytes((_PROTOCOL,))
# Before such an encoding, so that neither decoder takes the other's bytes (0xFF is no opcode).
_UNNAMED = b"\xffDTUNNAMED1"


def encode_unnamed(obj, name: str) -> bytes | None:
    """``encode(obj)`` with the string ``name`` left out, or None when it cannot be."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=_PROTOCOL)
    pickler.dispatch_table = _dispatch_table("dealtrack.model" in sys.modules)
    pickler.memo = {id(name): (0, name)}
    pickler.dump(obj)
    data = buffer.getvalue()
    if not data.startswith(_PROTO) or name.encode("utf-8", "surrogatepass") in data:
        return None
    return _UNNAMED + data[len(_PROTO):]


def decode_named(data: bytes, name: str):
    """The value ``encode_unnamed`` was given, with ``name`` wherever its name was; raises
    ``ValueError`` for anything else."""
    if not data.startswith(_UNNAMED):
        raise ValueError("not an encoded dealtrack result without its name")
    text = name.encode("utf-8", "surrogatepass")
    # PROTO, the name as memo entry 0 (BINUNICODE, MEMOIZE, POP), then the stream as encoded
    head = _PROTO + pickle.BINUNICODE + len(text).to_bytes(4, "little") + text + pickle.MEMOIZE \
        + pickle.POP
    return decode(head + data[len(_UNNAMED):])
