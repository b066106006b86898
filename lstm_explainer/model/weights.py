"""The shipped weights in assets/: which files there are, the one loader and the one check of them.

Every command checks the weights the same way before it renders (``check``), and
``render.py model check`` says the same about a broken file: one line naming the
file, what is wrong with it and ``render.py model train``.
"""

from __future__ import annotations

import json
import math
import os
import zipfile
from pathlib import Path

import numpy as np

from lstm_explainer.model import ASSETS, reber

FIX = "restore it (git checkout assets/) or train it again (python render.py model train)"

#: each shipped model: its file in assets/ and its kind
SHIPPED = {"rnn_reber": "rnn", "lstm_embedded": "lstm", "rnn_embedded": "rnn"}
#: where each shipped model is read from (tests point an entry at a broken copy)
FILES: dict[str, Path] = {name: ASSETS / f"{name}.npz" for name in SHIPPED}
#: a record's fields that are numbers, when present
NUMERIC_FIELDS = ("seed", "sequences_seen", "wall_seconds", "test_accuracy", "test_strings")


class WeightsError(ValueError):
    """A weights file or its record that cannot be used; the message is one line naming the file and the fix."""


def path(name: str) -> Path:
    return FILES[name]


def _problem(where: Path, what: str) -> WeightsError:
    return WeightsError(f"the weights {where} {what}; {FIX}")


def load(where: str | os.PathLike, kind: str | None = None):
    """The model in the .npz at `where`, checked: WeightsError (one line) on anything that makes it unusable.

    `kind` ("rnn", "lstm"): the model it must hold. The network must read and write
    one unit per Reber symbol and have hidden units.
    """
    from lstm_explainer.model import lstm, rnn  # noqa: F401  (each registers its kind)
    from lstm_explainer.model.recurrent import Recurrent

    where = Path(where)
    if not where.exists():
        raise _problem(where, "are missing")
    if where.is_dir():
        raise _problem(where, "are a folder, not an .npz file")
    try:
        if where.stat().st_size == 0:
            raise _problem(where, "are empty")
        if not zipfile.is_zipfile(where):
            with open(where, "rb") as handle:
                zip_start = handle.read(4) == b"PK\x03\x04"
            raise _problem(where, "are damaged (cut short: the archive has no end)" if zip_start
                           else "are not an .npz file (not a zip archive)")
        with np.load(where, allow_pickle=False) as data:
            arrays = {name: np.asarray(data[name]) for name in data.files}
    except OSError as error:
        raise _problem(where, f"cannot be read ({error.strerror or error})") from None
    except WeightsError:
        raise
    except Exception as error:  # a damaged zip or array inside a valid-looking file
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise _problem(where, f"are damaged ({reason})") from None
    complex_arrays = [name for name, value in arrays.items() if np.iscomplexobj(value)]
    if complex_arrays:
        raise _problem(where, f"hold complex values ({', '.join(complex_arrays)})")
    odd = [name for name, value in arrays.items() if name != "kind" and not np.issubdtype(value.dtype, np.number)]
    if odd:
        raise _problem(where, f"hold an array that is not numbers ({', '.join(odd)})")
    found = str(arrays.pop("kind", "rnn"))
    if found not in Recurrent._KINDS or (kind is not None and found != kind):
        raise _problem(where, f"hold a model of kind {found!r}, expected {kind or 'rnn or lstm'!r}")
    model_cls = Recurrent._KINDS[found]
    arrays = {name: value.astype(float) for name, value in arrays.items()}
    shape = model_cls.shape_problem(arrays)
    if shape:
        raise _problem(where, f"are unusable: {shape}")
    model = model_cls(**{name: arrays[name] for name in model_cls.PARAMS})
    symbols = len(reber.SYMBOLS)
    if model.n != symbols or model.m != symbols:
        raise _problem(where, f"are for {model.n} inputs and {model.m} outputs; the scenes need {symbols} "
                              "(one per Reber symbol)")
    if model.d < 1:
        raise _problem(where, "have no hidden units (d = 0)")
    return model


def record(where: str | os.PathLike) -> dict:
    """The .json record beside a weights file ({} when there is none), checked: WeightsError on a bad one."""
    json_path = Path(where).with_suffix(".json")
    if not json_path.exists():
        return {}
    try:
        parsed = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise WeightsError(f"the record {json_path} cannot be read ({str(error).splitlines()[0]}); "
                           "delete it or train again (python render.py model train)") from None
    if not isinstance(parsed, dict):
        raise WeightsError(f"the record {json_path} holds a JSON {type(parsed).__name__}, not an object; "
                           "delete it or train again (python render.py model train)")
    for name in NUMERIC_FIELDS:
        value = parsed.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)):
            raise WeightsError(f"the record {json_path} has {name} = {value!r}, not a number; "
                               "delete it or train again (python render.py model train)")
    return parsed


def check(names: tuple[str, ...] = tuple(SHIPPED)) -> None:
    """Every named shipped weights file and its record loads: WeightsError (one line) otherwise."""
    for name in names:
        load(FILES[name], SHIPPED[name])
        record(FILES[name])
