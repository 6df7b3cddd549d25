"""A small on-disk cache of parsed inputs and results, in a format that cannot run code.

One file per source (named by a hash of its absolute path) holds a header line — format name,
version and the content-hash key it was built for — and a msgpack payload. Nothing read
from disk is ever executed or used to look a class up beyond a `Codec`'s fixed registry: the
payload is plain data, every record checked against its class's annotated field types
before its constructor is called (see `Codec`). A file
built for other bytes, by other code, damaged, planted or not ours is simply rebuilt; any
failure to read or write is silent: the cache only ever saves time, it never changes a
result.

Threat model (docs/reliability.md): the cache folder may be writable by someone else (a CI
cache restored from another branch, a shared home, a world-writable temp dir). So files are
opened with O_NOFOLLOW | O_NONBLOCK and used only when they are regular files owned by the
current user (a FIFO, device, symlink or another user's file is skipped, never waited on);
the folder is created 0700 and skipped when it is a symlink or someone else's; reads are
capped in size; writes go to a temporary file in the same folder, then `os.replace`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import hashlib
import math
import os
import stat
import tempfile
import threading
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from . import collection

ENV_VAR = "CITEPROOF_CACHE_DIR"
_FORMAT = b"citeproof-cache"
_VERSION = b"2"
_SUFFIX = ".msgpack"
#: Cache files above this size are not read (a 10,000-entry bib and its analyses: ~13 MB).
MAX_BYTES = 512 * 1024 * 1024
#: What decoding a damaged, foreign or hostile payload can raise: all of it means "a miss".
_UNREADABLE = (
    OSError,
    ValueError,  # msgpack's FormatError/StackError/ExtraData, bad UTF-8, enum value or field
    TypeError,  # wrong arity for a constructor
    KeyError,  # an unregistered tag
    IndexError,
    RecursionError,
    MemoryError,
)


def directory(override: str | None = None) -> Path:
    """Return the cache directory: `override`, else $CITEPROOF_CACHE_DIR, else the user cache."""
    chosen = override or os.environ.get(ENV_VAR)
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("citeproof"))


def model_signature(*classes: type) -> str:
    """Describe the dataclasses' names and fields, so a changed model invalidates old files."""
    return ";".join(
        f"{cls.__qualname__}({','.join(field.name for field in dataclasses.fields(cls))})"
        for cls in classes
    )


# --------------------------------------------------------------------------- the codec

# Tags of values whose type the schema does not fix (a field typed `object`, the top-level
# value): a one-key map {tag: payload}. Records and enums are tagged by their index in the
# registry; containers by these negative numbers, so the two never clash.
_DICT, _LIST, _FROZENSET, _SET, _TUPLE = -1, -2, -3, -4, -5
# A long string is written once per file, as pickle does: its first occurrence is tagged
# _STRING, each further one _SAME with the first one's number (an article's text is both in
# the report and in the sources, and is its own masked text when nothing was masked).
_STRING, _SAME = -6, -7
_LONG = 4096
_SCALARS = (str, int, float, bool, bytes, type(None))


class Codec:
    """Turn values built from a fixed registry of frozen dataclasses and enums into msgpack
    and back, checking every record's fields against its annotations while decoding.

    A record is an array of its fields by position. Where a field's annotation fixes the
    type (`Name`, `tuple[Name, ...]`, `Mapping[str, str]`, `Span | None`), the value is
    written bare and the record's decoder, compiled from the annotations, checks and
    rebuilds it (a dict as a flat key, value array); msgpack's C decoder builds every array
    and scalar, so a record costs one Python call and one constructor call. Where it does not
    (`object`, the value handed to `encode`), the value is a one-key map naming its record,
    enum or container by tag, rebuilt by a hook. Nothing read from disk can reach any
    callable but the registered constructors and these builders.
    """

    def __init__(self, records: Iterable[type], enums: Iterable[type[enum.Enum]] = ()) -> None:
        self.records = tuple(records)
        self.enums = tuple(enums)
        self._tags: dict[type, int] = {
            kind: tag for tag, kind in enumerate((*self.enums, *self.records))
        }
        self._encoders: dict[type, Callable[[Any], Any]] = {}
        self._lock = threading.Lock()  # `encode` numbers the long strings of one value
        self._seen: dict[str, int] | None = None
        self._decoders: dict[type, Callable[[Any], Any]] = {}
        env: dict[str, object] = {"_bad": _bad, "_dict": _flat_dict}
        self._env = env
        for cls in self.records:
            env[f"_b{self._tags[cls]}"] = None  # filled below: records may refer to each other
        for cls in self.records:
            self._decoders[cls] = _record_decoder(cls, self, env)
            env[f"_b{self._tags[cls]}"] = self._decoders[cls]
        for cls in self.records:
            self._encoders[cls] = _record_encoder(cls, self)
        builders: dict[int, Callable[[Any], Any]] = {
            _DICT: _tagged(_flat_dict),
            _LIST: _tagged(list),
            _FROZENSET: _tagged(frozenset),
            _SET: _tagged(set),
            _TUPLE: _tagged(tuple),
        }
        for kind, tag in self._tags.items():
            builders[tag] = self._decoders.get(kind, kind)
        self._builders = builders

    def signature(self) -> str:
        """Describe the registry's layout, so a changed model never meets an old file."""
        enums = ";".join(f"{e.__qualname__}({','.join(m.value for m in e)})" for e in self.enums)
        return f"{model_signature(*self.records)}|{enums}"

    def encode(self, value: object) -> bytes:
        """Return the msgpack bytes of `value`; TypeError for anything outside the registry."""
        import msgpack

        with self._lock:
            self._seen = {}
            try:
                return msgpack.packb(self.tagged(value), use_bin_type=True)
            finally:
                self._seen = None

    def decode(self, data: bytes) -> object:
        """Rebuild a value from `encode`'s bytes; raise one of _UNREADABLE on anything else."""
        import msgpack

        builders = self._builders
        strings: list[str] = []

        def hook(pairs: list[tuple[Any, Any]]) -> object:
            if len(pairs) != 1:
                raise ValueError("a cache map has exactly one key")
            tag, payload = pairs[0]
            if tag == _SAME and type(payload) is int and payload >= 0:
                return strings[payload]
            if tag == _STRING and type(payload) is str:
                strings.append(payload)
                return payload
            return builders[tag](payload)

        # Decoding allocates hundreds of thousands of objects and no reference cycles, so
        # cyclic garbage collection passes during it are pure cost (a third of the time).
        with collection.paused():
            try:
                return msgpack.unpackb(
                    data,
                    use_list=False,
                    raw=False,
                    strict_map_key=False,
                    object_pairs_hook=hook,
                    ext_hook=_no_extension,
                )
            except msgpack.UnpackException as exc:  # those that are not ValueErrors already
                raise ValueError(str(exc)) from None

    def text(self, value: Any) -> object:
        """A string (or any other scalar) as written: a long one once per file."""
        if type(value) is not str or len(value) < _LONG or self._seen is None:
            return value
        index = self._seen.get(value)
        if index is None:
            self._seen[value] = len(self._seen)
            return {_STRING: value}
        return {_SAME: index}

    def tagged(self, value: object) -> object:
        """A value whose type the schema does not fix, as msgpack-ready data with tags."""
        kind = type(value)
        if kind is str:
            return self.text(value)
        if kind in _SCALARS:
            if kind is float and not math.isfinite(value):  # type: ignore[arg-type]
                raise TypeError("only finite floats are cached")
            return value
        if kind in self._encoders:
            return {self._tags[kind]: self._encoders[kind](value)}
        if kind is tuple:
            return {_TUPLE: tuple([self.tagged(v) for v in value])}  # type: ignore[attr-defined]
        if kind is dict:
            flat: list[object] = []
            for key, item in value.items():  # type: ignore[attr-defined]
                flat += (self.tagged(key), self.tagged(item))
            return {_DICT: tuple(flat)}
        for container, tag in ((list, _LIST), (frozenset, _FROZENSET), (set, _SET)):
            if kind is container:
                return {tag: tuple([self.tagged(v) for v in value])}  # type: ignore[attr-defined]
        if kind in self._tags:
            return {self._tags[kind]: value.value}  # type: ignore[attr-defined]
        raise TypeError(f"{kind.__qualname__} is not registered for the cache")


def _no_extension(code: int, data: bytes) -> object:
    raise ValueError("the cache uses no msgpack extension type")


def _bad() -> typing.NoReturn:
    raise ValueError("a cached value does not match its declared type")


def _flat_dict(flat: tuple) -> dict:
    if type(flat) is not tuple or len(flat) % 2:
        raise ValueError("a dict is an array of keys and values")
    return dict(zip(flat[0::2], flat[1::2], strict=True))


def _tagged(build: Callable[[tuple], object]) -> Callable[[object], object]:
    def container(payload: object) -> object:
        if type(payload) is not tuple:
            raise ValueError("a container's payload is an array")
        return build(payload)

    return container


def _hints(cls: type) -> list[tuple[str, object]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(cls)]


def _record_encoder(cls: type, codec: Codec) -> Callable[[Any], tuple]:
    parts = [(name, _encoder(hint, codec)) for name, hint in _hints(cls)]

    def encode(value: object) -> tuple:
        return tuple([convert(getattr(value, name)) for name, convert in parts])

    return encode


def _identity(value: object) -> object:
    return value


def _encoder(hint: object, codec: Codec) -> Callable[[Any], Any]:
    """How a value declared as `hint` is written (the mirror of `_decoding`)."""
    if hint is object or hint is Any:
        return codec.tagged
    if hint is str:
        return codec.text
    if hint in _SCALARS:
        return _identity
    if hint in codec.enums:
        return lambda value: value.value
    if hint in codec.records:
        return lambda value: codec._encoders[hint](value)  # type: ignore[index]
    origin, params = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        inner = [p for p in params if p is not type(None)]
        if len(inner) == 1:
            encode = _encoder(inner[0], codec)
            return lambda value: None if value is None else encode(value)
        if all(p in _SCALARS for p in params):
            return codec.text if str in params else _identity
    elif (origin is tuple and len(params) == 2 and params[1] is Ellipsis) or origin in (
        frozenset,
        list,
        set,
    ):
        item = _encoder(params[0], codec)
        return lambda value: tuple([item(v) for v in value])
    elif origin is tuple:
        items = [_encoder(p, codec) for p in params]
        return lambda value: tuple([e(v) for e, v in zip(items, value, strict=True)])
    elif origin in (dict, Mapping, typing.Mapping):
        key, item = _encoder(params[0], codec), _encoder(params[1], codec)

        def flat(value: Mapping) -> tuple:
            out: list[object] = []
            for k, v in value.items():
                out += (key(k), item(v))
            return tuple(out)

        return flat
    raise TypeError(f"cannot cache a field of type {hint!r}")


def _record_decoder(cls: type, codec: Codec, env: dict[str, object]) -> Callable[[Any], object]:
    """Compile one function that checks a record's array against its annotations and builds
    it. The source is generated from the class's own annotations (never from disk)."""
    fields = _hints(cls)
    args = [f"a{i}" for i in range(len(fields))]
    env[f"_c{codec._tags[cls]}"] = cls
    exact = tuple(hint for _, hint in fields)
    if all(hint in _SCALARS and hint is not float for hint in exact):
        # Every field a plain scalar: one comparison of the types checks the whole array.
        signature = _name(env, exact)
        source = (
            "def build(payload):\n"
            f"    if type(payload) is not tuple or tuple(map(type, payload)) != {signature}:\n"
            "        _bad()\n"
            f"    return _c{codec._tags[cls]}(*payload)\n"
        )
        namespace: dict[str, object] = {}
        exec(compile(source, f"<cache decoder for {cls.__qualname__}>", "exec"), env, namespace)
        return namespace["build"]  # type: ignore[return-value]
    values = [
        _decoding(hint, arg, env, codec, 0) for (_, hint), arg in zip(fields, args, strict=True)
    ]
    unpack = f"    {', '.join(args)}{',' if len(args) == 1 else ''} = payload\n" if args else ""
    source = (
        "def build(payload):\n"
        f"    if type(payload) is not tuple or len(payload) != {len(args)}:\n"
        "        _bad()\n"
        f"{unpack}"
        f"    return _c{codec._tags[cls]}({', '.join(values)})\n"
    )
    namespace = {}
    exec(compile(source, f"<cache decoder for {cls.__qualname__}>", "exec"), env, namespace)
    return namespace["build"]  # type: ignore[return-value]


def _name(env: dict[str, object], value: object) -> str:
    """A name in the decoders' namespace for a type (or set of types) they compare against."""
    for key, known in env.items():
        if known is value and key.startswith("_t"):
            return key
    key = f"_t{sum(1 for k in env if k.startswith('_t'))}"
    env[key] = value
    return key


def _decoding(hint: object, e: str, env: dict[str, object], codec: Codec, depth: int) -> str:
    """A Python expression that checks `e` (a plain name) against `hint` and rebuilds it."""
    if hint is object or hint is Any:
        return e  # written tagged: the hook rebuilt it from registered types only
    if hint is float:
        return f"({e} if type({e}) is float or type({e}) is int else _bad())"
    if hint is type(None):
        return f"({e} if {e} is None else _bad())"
    if hint in _SCALARS:
        return f"({e} if type({e}) is {_name(env, hint)} else _bad())"
    if hint in codec.enums:
        # a dict lookup, faster than Enum(value); any other value raises KeyError or TypeError
        members = _name(env, {member.value: member for member in hint})  # type: ignore[attr-defined]
        return f"{members}[{e}]"
    if hint in codec.records:
        exact = tuple(h for _, h in _hints(hint))  # type: ignore[arg-type]
        if all(h in _SCALARS and h is not float for h in exact):
            # a record of plain scalars (Span, Position) is built in place: no call to check it
            make, signature = f"_c{codec._tags[hint]}", _name(env, exact)  # type: ignore[index]
            env[make] = hint
            return (
                f"({make}(*{e}) if type({e}) is tuple and tuple(map(type, {e})) == {signature} "
                "else _bad())"
            )
        return f"_b{codec._tags[hint]}({e})"  # type: ignore[index]
    origin, params = typing.get_origin(hint), typing.get_args(hint)
    item = f"x{depth}"
    if origin in (types.UnionType, typing.Union):
        inner = [p for p in params if p is not type(None)]
        if len(inner) == 1:
            return f"(None if {e} is None else {_decoding(inner[0], e, env, codec, depth)})"
        if all(p in _SCALARS and p is not float for p in params):
            return f"({e} if type({e}) in {_name(env, frozenset(params))} else _bad())"
    elif (origin is tuple and len(params) == 2 and params[1] is Ellipsis) or origin in (
        frozenset,
        list,
        set,
    ):
        make = "" if origin is tuple else origin.__name__
        if params[0] in _SCALARS and params[0] is not float:
            allowed = _name(env, frozenset({params[0]}))
            checked = f"type({e}) is tuple and set(map(type, {e})) <= {allowed}"
            return f"({make}({e}) if {checked} else _bad())"
        if params[0] in codec.records:  # map() runs the record decoder without a frame
            items = f"map(_b{codec._tags[params[0]]}, {e})"  # type: ignore[index]
        else:
            items = f"[{_decoding(params[0], item, env, codec, depth + 1)} for {item} in {e}]"
        return f"({make or 'tuple'}({items}) if type({e}) is tuple else _bad())"
    elif origin is tuple:
        parts = ", ".join(
            _decoding(p, f"{e}[{i}]", env, codec, depth) for i, p in enumerate(params)
        )
        return f"(({parts},) if type({e}) is tuple and len({e}) == {len(params)} else _bad())"
    elif origin in (dict, Mapping, typing.Mapping):
        key, value = params
        if all(p in _SCALARS and p is not float for p in params):
            keys, values = _name(env, frozenset({key})), _name(env, frozenset({value}))
            return (
                f"(dict(zip({e}[0::2], {e}[1::2])) if type({e}) is tuple and not len({e}) % 2 "
                f"and set(map(type, {e}[0::2])) <= {keys} "
                f"and set(map(type, {e}[1::2])) <= {values} else _bad())"
            )
        k, v = f"k{depth}", f"v{depth}"
        inner_key = _decoding(key, k, env, codec, depth + 1)
        inner_value = _decoding(value, v, env, codec, depth + 1)
        return f"{{{inner_key}: {inner_value} for {k}, {v} in _dict({e}).items()}}"
    raise TypeError(f"cannot cache a field of type {hint!r}")


# --------------------------------------------------------------------------- the files


def _file(folder: Path, source: str) -> Path:
    """The cache file of one source (an absolute path, say)."""
    name = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return folder / f"{name}{_SUFFIX}"


def _ours(info: os.stat_result) -> bool:
    # Windows has no file owner in stat (st_uid is 0) and no getuid: its folder ACLs guard
    # the user's cache folder instead.
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def usable_folder(folder: Path, create: bool = False) -> bool:
    """Whether `folder` may hold our cache: a real directory (not a symlink) that we own.

    Created 0700 (parents included) when missing and `create` is set. Someone else's folder,
    or a symlink planted where the folder should be, means running without the cache.
    """
    missing: list[Path] = []
    for place in (folder, *folder.parents):
        try:
            info = os.lstat(place)
        except FileNotFoundError:
            missing.append(place)
            continue
        except OSError:
            return False
        break
    if missing and not create:
        return False
    # Never create anything inside a folder of the pair checked below that is not ours.
    if (
        missing
        and place in (folder, folder.parent)
        and not (stat.S_ISDIR(info.st_mode) and _ours(info))
    ):
        return False
    for place in reversed(missing):
        try:
            os.mkdir(place, 0o700)
        except FileExistsError:
            pass  # a concurrent run made it: checked below like any other
        except OSError:
            return False
    # The folder and the one holding it (the cache root) must both be ours: whoever owns the
    # cache root could swap the folder for one of theirs between our check and our use.
    for place in (folder, folder.parent):
        try:
            info = os.lstat(place)
        except OSError:
            return False
        if not stat.S_ISDIR(info.st_mode) or not _ours(info):
            return False
    return True


def safe_or_removed(path: Path) -> bool:
    """Whether `path` is absent or a regular file of ours, after removing anything else there.

    For files another library opens by name (the HTTP cache's SQLite database): call it in a
    folder `usable_folder` accepted, which no one else can write to.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    if stat.S_ISREG(info.st_mode) and _ours(info):
        return True
    return remove(path)


def remove(path: Path) -> bool:
    """Remove one file (or symlink, FIFO, ...) of the cache; whether it is gone."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes | None:
    """Return a file's bytes if it is a regular file of ours, at most `limit` bytes, else None.

    Opened without following a symlink and without blocking (a FIFO would otherwise wait for
    a writer forever); checked on the open descriptor, so a swap after the check cannot
    matter.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or not _ours(info) or info.st_size > limit:
            return None
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(descriptor, min(1 << 22, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks) if size <= limit else None
    except OSError:
        return None
    finally:
        os.close(descriptor)


def _header(key: str) -> bytes:
    return b"%s %s %s\n" % (_FORMAT, _VERSION, key.encode("ascii", "replace"))


def read(folder: Path, source: str, key: str, codec: Codec) -> object | None:
    """Return the value cached for `source` if it was stored under `key`, else None."""
    if not usable_folder(folder, create=False):
        return None
    data = read_bytes(_file(folder, source))
    if data is None:
        return None
    header = _header(key)
    if not data.startswith(header):
        return None
    try:
        return codec.decode(data[len(header) :])
    except _UNREADABLE:
        return None


def write(folder: Path, source: str, key: str, value: object, codec: Codec) -> None:
    """Store `value` for `source` under `key` atomically (temp file + os.replace); never raise."""
    try:
        payload = codec.encode(value)
    except (TypeError, ValueError, OverflowError, RecursionError):
        return
    if not usable_folder(folder, create=True):
        return
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=_SUFFIX)
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(_header(key))
            handle.write(payload)
        os.replace(temporary, _file(folder, source))
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
