"""A small on-disk cache of parsed inputs and results, in a format that cannot run code.

One file per source (named by a hash of its absolute path) holds a header line — format name,
version and the content-hash key it was built for — and a msgpack payload. Nothing read
from disk is ever executed or used to look a class up beyond a `Codec`'s fixed registry: the
payload is plain data whose every record names a registered class by its index and is
checked against that class's annotated field types before its constructor is called. A file
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
import os
import stat
import tempfile
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

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

# Container tags: negative, so they never clash with a registry index. A tuple needs none: it
# is msgpack's own array, which the decoder hands back as a tuple without calling Python.
_DICT, _LIST, _FROZENSET, _SET = -1, -2, -3, -4
_CONTAINERS = frozenset({_DICT, _LIST, _FROZENSET, _SET})


class Codec:
    """Turn values built from a fixed registry of frozen dataclasses and enums into msgpack
    and back, checking every record's fields against its annotations while decoding.

    On disk a tuple is an array; every other container is a one-key map whose key is an int
    tag: the record's index in the registry (`{1: ("Smith", ...)}`, fields by position), an
    enum's (`{7: "resolved"}`), or a container kind (`{-1: (k1, v1, ...)}` for a dict, keys
    of any type). The C decoder builds arrays and scalars itself and hands each map, its
    insides already decoded, to one hook call that ends in one constructor call: as fast as
    unpickling, and nothing but the registered constructors can ever be called.
    """

    def __init__(self, records: Iterable[type], enums: Iterable[type[enum.Enum]] = ()) -> None:
        self.records = tuple(records)
        self.enums = tuple(enums)
        self._fields: dict[type, tuple[str, ...]] = {}
        self._tags: dict[type, int] = {}
        builders: dict[int, Callable[[Any], Any]] = {
            _DICT: _pairs_to_dict,
            _LIST: list,
            _FROZENSET: frozenset,
            _SET: set,
        }
        for tag, kind in enumerate((*self.enums, *self.records)):
            self._tags[kind] = tag
        for kind in self.enums:
            builders[self._tags[kind]] = kind
        for cls in self.records:
            self._fields[cls] = tuple(f.name for f in dataclasses.fields(cls))
            builders[self._tags[cls]] = _record_builder(cls, self)
        self._builders = builders

    def signature(self) -> str:
        """Describe the registry's layout, so a changed model never meets an old file."""
        enums = ";".join(f"{e.__qualname__}({','.join(m.value for m in e)})" for e in self.enums)
        return f"{model_signature(*self.records)}|{enums}"

    def encode(self, value: object) -> bytes:
        """Return the msgpack bytes of `value`; TypeError for anything outside the registry."""
        import msgpack

        return msgpack.packb(self._plain(value), use_bin_type=True)

    def decode(self, data: bytes) -> object:
        """Rebuild a value from `encode`'s bytes; raise one of _UNREADABLE on anything else."""
        import msgpack

        builders = self._builders

        def hook(pairs: list[tuple[Any, Any]]) -> object:
            (tag, payload), *more = pairs
            if more:
                raise ValueError("a cache map has exactly one key")
            if tag in _CONTAINERS and type(payload) is not tuple:
                raise ValueError("a container's payload is an array")
            return builders[tag](payload)

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

    def _plain(self, value: object) -> object:
        kind = type(value)
        if kind in (str, int, bool, float, type(None), bytes):
            return value
        if kind is tuple:
            return tuple([self._plain(v) for v in value])  # type: ignore[attr-defined]
        if kind in self._fields:
            names = self._fields[kind]
            return {self._tags[kind]: tuple([self._plain(getattr(value, n)) for n in names])}
        if kind is dict:
            flat: list[object] = []
            for key, item in value.items():  # type: ignore[attr-defined]
                flat += (self._plain(key), self._plain(item))
            return {_DICT: tuple(flat)}
        if kind is list:
            return {_LIST: tuple([self._plain(v) for v in value])}  # type: ignore[attr-defined]
        if kind is frozenset:
            return {_FROZENSET: tuple([self._plain(v) for v in value])}  # type: ignore[attr-defined]
        if kind is set:
            return {_SET: tuple([self._plain(v) for v in value])}  # type: ignore[attr-defined]
        if kind in self.enums:
            return {self._tags[kind]: value.value}  # type: ignore[attr-defined]
        raise TypeError(f"{kind.__qualname__} is not registered for the cache")


def _no_extension(code: int, data: bytes) -> object:
    raise ValueError("the cache uses no msgpack extension type")


def _pairs_to_dict(flat: tuple) -> dict:
    if len(flat) % 2:
        raise ValueError("a dict payload has an even length")
    return dict(zip(flat[0::2], flat[1::2], strict=True))


def _record_builder(cls: type, codec: Codec) -> Callable[[list], object]:
    """Compile one function that checks a payload's arity and field types, then calls `cls`.

    The source is generated from the record's own annotations (never from disk), so checking
    a record costs one call instead of one per field.
    """
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    env: dict[str, object] = {"cls": cls, "_bad": _bad}
    args = [f"a{i}" for i in range(len(names))]
    checks = [_check(hints[name], arg, env, codec) for name, arg in zip(names, args, strict=True)]
    condition = " and ".join(f"({c})" for c in checks if c != "True") or "True"
    unpack = f"{', '.join(args)}{',' if len(args) == 1 else ''} = payload" if args else ""
    source = (
        "def build(payload):\n"
        f"    if type(payload) is not tuple or len(payload) != {len(args)}:\n"
        "        _bad()\n"
        f"    {unpack or 'pass'}\n"
        f"    if not ({condition}):\n"
        "        _bad()\n"
        f"    return cls({', '.join(args)})\n"
    )
    exec(compile(source, f"<cache codec for {cls.__qualname__}>", "exec"), env)
    return env["build"]  # type: ignore[return-value]


def _bad() -> None:
    raise ValueError("a cached record does not match its class")


def _check(hint: object, expr: str, env: dict[str, object], codec: Codec, depth: int = 0) -> str:
    """A Python expression that is true when `expr` has the type `hint` (elements included)."""
    if hint is object or hint is Any:
        return "True"  # any value the decoder can build: scalars, containers, registered types
    if hint in (str, int, float, bool, bytes):
        name = f"_t{len(env)}"
        env[name] = hint
        return f"type({expr}) is {name}" + (f" or type({expr}) is int" if hint is float else "")
    if hint is type(None):
        return f"{expr} is None"
    if isinstance(hint, type) and (hint in codec.records or hint in codec.enums):
        name = f"_t{len(env)}"
        env[name] = hint
        return f"type({expr}) is {name}"
    origin, params = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        return " or ".join(f"({_check(p, expr, env, codec, depth)})" for p in params)
    item = f"x{depth}"
    if origin is tuple:
        if len(params) == 2 and params[1] is Ellipsis:
            inner = _check(params[0], item, env, codec, depth + 1)
            every = "True" if inner == "True" else f"all({inner} for {item} in {expr})"
            return f"type({expr}) is tuple and {every}"
        parts = [f"type({expr}) is tuple and len({expr}) == {len(params)}"]
        parts += [
            f"({_check(p, f'{expr}[{i}]', env, codec, depth + 1)})" for i, p in enumerate(params)
        ]
        return " and ".join(parts)
    if origin in (frozenset, list, set):
        inner = _check(params[0], item, env, codec, depth + 1)
        every = "True" if inner == "True" else f"all({inner} for {item} in {expr})"
        return f"type({expr}) is {origin.__name__} and {every}"
    if origin in (dict, Mapping, typing.Mapping):
        key, value = f"k{depth}", f"v{depth}"
        inner_key = _check(params[0], key, env, codec, depth + 1)
        inner_value = _check(params[1], value, env, codec, depth + 1)
        return (
            f"type({expr}) is dict and all(({inner_key}) and ({inner_value}) "
            f"for {key}, {value} in {expr}.items())"
        )
    raise TypeError(f"cannot check a cached field of type {hint!r}")


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
