"""Files: atomic writes, the one .npz reader and writer for weights, JSON records."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np


@contextmanager
def atomic_path(path: str | os.PathLike, suffix: str = "") -> Iterator[Path]:
    """A temporary name in the folder of ``path`` to write to; renamed to ``path`` when the block ends.

    A reader never sees a half-written file, and a failure leaves none behind. The
    file is created with the user's umask, like any other file (not private).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp{suffix}")
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            break
        except FileExistsError:
            continue
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write(path: str | os.PathLike, write, mode: str = "wb") -> None:
    """Call ``write(file)`` on a temporary file in the folder of ``path``, then rename it to ``path``."""
    with atomic_path(path) as tmp, open(tmp, mode) as file:
        write(file)


def save_npz(path: str | os.PathLike, kind: str, arrays: dict[str, np.ndarray]) -> None:
    """Write ``arrays`` and the model ``kind`` ("rnn", "lstm") to ``path`` (.npz, no pickle), atomically."""
    atomic_write(path, lambda f: np.savez(f, kind=np.array(kind), **arrays))


def read_npz(path: str | os.PathLike) -> tuple[str | None, dict[str, np.ndarray]]:
    """The ``kind`` entry (None if absent) and every other array as floats, from an .npz.

    Raises ValueError naming the file, in one line, on anything unreadable.
    """
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: np.asarray(data[name]) for name in data.files}
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ValueError(f"{path}: is a directory, not an .npz file") from None
    except Exception as err:  # zipfile, zlib, EOF and numpy format errors alike
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ValueError(f"{path}: not a readable .npz file (truncated or corrupt: {reason})") from None
    kind = arrays.pop("kind", None)
    for name, value in arrays.items():
        if not np.issubdtype(value.dtype, np.number):
            raise ValueError(f"{path}: {name} has dtype {value.dtype}, expected numbers")
        arrays[name] = value.astype(float)
    return (None if kind is None else str(kind)), arrays


def write_json(path: str | os.PathLike, data: dict) -> None:
    """Write ``data`` as indented JSON to ``path``, atomically."""

    def dump(f) -> None:
        json.dump(data, f, indent=2)
        f.write("\n")

    atomic_write(path, dump, mode="w")
