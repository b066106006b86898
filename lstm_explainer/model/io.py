"""Files: atomic writes, the one .npz reader and writer for weights, JSON records."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np


def atomic_write(path: str | os.PathLike, write, mode: str = "wb") -> None:
    """Call ``write(file)`` on a temporary file in the folder of ``path``, then rename it to ``path``.

    A reader never sees a half-written file, and a failure leaves none behind.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, mode) as f:
            write(f)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; assets are for everyone
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


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
