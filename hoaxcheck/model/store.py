"""The model file: data only, never code. Loading it runs nothing that came with it.

A model is one uncompressed zip (`hoaxcheck.model`) holding:

- `card.json`: what the model is (versions, data hash, counts, metrics, thresholds, probes) and the sha256 of
  every other member;
- `model.json`: the thresholds, the analyzer settings and vocabularies of every vectoriser, the corpus rows
  the index cites, and the denial links;
- `.npy` arrays (no object dtypes): idf vectors, classifier weights and calibration, and the sparse corpus
  matrices as `data`/`indices`/`indptr`.

The members are stored, not compressed, so the arrays are memory-mapped straight from the file: batch
workers share the pages instead of each loading a copy. A member whose sha256 differs from the card, a
missing member, or an array of an object dtype is refused with one line.
"""

import hashlib
import io
import json
import mmap
import zipfile
from itertools import chain
from pathlib import Path

import numpy as np

from hoaxcheck.engine.classifier import Classifier
from hoaxcheck.engine.features import PREPROCESSORS, Features, Vectorizer
from hoaxcheck.engine.records import Statement
from hoaxcheck.engine.retrieval import Index
from hoaxcheck.engine.scorer import Model
from hoaxcheck.errors import ModelError
from hoaxcheck.io import recovery
from hoaxcheck.io.atomic import write_atomic

FORMAT = 2
MODEL_NAME = "hoaxcheck.model"
CARD = "card.json"
SPEC = "model.json"
MAX_JSON_BYTES = 512 * 1024 * 1024  # a model.json beyond this is not a model we wrote


# ---------------------------------------------------------------- writing


def _npy(array: np.ndarray) -> bytes:
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(array), allow_pickle=False)
    return buf.getvalue()


def _features_spec(features: Features, prefix: str, arrays: dict) -> list[dict]:
    out = []
    for i, v in enumerate(features.parts):
        name = f"{prefix}.{i}.idf.npy"
        arrays[name] = v.idf
        out.append(
            {
                "analyzer": v.analyzer,
                "ngram_range": list(v.ngram_range),
                "preprocessor": v.preprocessor,
                "terms": v.terms,
                "idf": name,
            }
        )
    return out


def _sparse_spec(matrix, prefix: str, arrays: dict) -> dict | None:
    if matrix is None:
        return None
    for part in ("data", "indices", "indptr"):
        arrays[f"{prefix}.{part}.npy"] = getattr(matrix, part)
    return {"shape": list(matrix.shape), "prefix": prefix}


def members(model: Model) -> tuple[dict, dict[str, bytes]]:
    """The JSON spec and the array members of a model."""
    arrays: dict[str, np.ndarray] = {}
    spec: dict = {"format": FORMAT, "thresholds": model.thresholds, "classifier": None, "index": None}
    clf = model.classifier
    if clf is not None:
        arrays.update({"clf.coef.npy": clf.coef, "clf.intercept.npy": clf.intercept})
        if clf.a is not None:
            arrays.update({"clf.a.npy": clf.a, "clf.b.npy": clf.b})
        spec["classifier"] = {
            "features": _features_spec(clf.features, "clf.features", arrays),
            "calibrated": clf.a is not None,
        }
    idx = model.index
    if idx is not None:
        spec["index"] = {
            "features": _features_spec(idx.features, "index.features", arrays),
            "verified": [s.to_row() for s in idx.verified],
            "hoaxes": [s.to_row() for s in idx.hoaxes],
            "verified_matrix": _sparse_spec(idx.verified_matrix, "index.verified", arrays),
            "hoax_matrix": _sparse_spec(idx.hoax_matrix, "index.hoaxes", arrays),
            "answers": idx.answers,
            "units": True,
        }
        arrays.update({"index.verified.units.npy": idx.verified_units, "index.hoaxes.units.npy": idx.hoax_units})
    return spec, {name: _npy(a) for name, a in arrays.items()}


def save(model: Model, path: str | Path) -> dict:
    """Write the model file atomically; return its card (with the sha256 of every member)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    spec, blobs = members(model)
    blobs[SPEC] = json.dumps(spec, ensure_ascii=False).encode("utf-8")
    card = dict(model.card, format=FORMAT, members={name: hashlib.sha256(b).hexdigest() for name, b in sorted(blobs.items())})

    def write(fh) -> None:
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_STORED) as zf:
            zf.writestr(CARD, json.dumps(card, indent=2, ensure_ascii=False) + "\n")
            for name, data in blobs.items():
                zf.writestr(name, data)

    write_atomic(path, write)
    model.card = card
    return card


# ---------------------------------------------------------------- reading


def _refuse(path: Path, why: str) -> ModelError:
    return ModelError(f"{path}: {why}; retrain with 'hoaxcheck train' or roll back with 'hoaxcheck model rollback'")


def check_path(path: Path) -> None:
    """Refuse what is not a model file of this format, naming what to do."""
    if path.suffix == ".joblib":
        raise ModelError(
            f"{path}: a model of the old pickle format (loading it could run code); convert a model "
            f"you trust once with 'hoaxcheck model upgrade {path}', or retrain with 'hoaxcheck train'"
        )
    if not path.exists():
        raise ModelError(f"{path}: model file not found; run 'hoaxcheck train' or give --model")
    if not path.is_file():
        raise ModelError(f"{path}: not a model file (a folder or a device); give --model a hoaxcheck.model file")


class Archive:
    """An opened model file: its card and its members, checked against the card's sha256 values."""

    def __init__(self, path: str | Path, mapped: bool = True):
        self.path = Path(path)
        check_path(self.path)
        try:
            with open(self.path, "rb") as fh:
                self._infos = {i.filename: i for i in zipfile.ZipFile(fh).infolist()}
                # Mapped: pages shared between processes, but a file overwritten in place (not replaced)
                # under a running process would crash it; a long-lived server reads a copy instead.
                self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if mapped else (fh.seek(0) or fh.read())
        except (OSError, ValueError, zipfile.BadZipFile) as exc:
            raise _refuse(self.path, "not a hoaxcheck model file (damaged or of another kind)") from exc
        self.card = self._card()

    def _card(self) -> dict:
        try:
            card = json.loads(bytes(self._raw(CARD, check=False)))
        except (ValueError, UnicodeDecodeError) as exc:
            raise _refuse(self.path, "model card unreadable") from exc
        if not isinstance(card, dict) or not isinstance(card.get("members"), dict):
            raise _refuse(self.path, "model card is not a hoaxcheck card")
        if card.get("format") != FORMAT:
            raise _refuse(self.path, f"model of format {card.get('format')!r}, this hoaxcheck reads format {FORMAT}")
        return card

    def _raw(self, name: str, check: bool = True) -> memoryview:
        info = self._infos.get(name)
        if info is None or info.compress_type != zipfile.ZIP_STORED:
            raise _refuse(self.path, f"member {name} missing or compressed (truncated or not written by hoaxcheck)")
        local = bytes(self._map[info.header_offset : info.header_offset + 30])
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            raise _refuse(self.path, f"member {name} damaged")
        start = info.header_offset + 30 + int.from_bytes(local[26:28], "little") + int.from_bytes(local[28:30], "little")
        if start + info.file_size > len(self._map):
            raise _refuse(self.path, f"member {name} truncated")
        view = memoryview(self._map)[start : start + info.file_size]
        if check and hashlib.sha256(view).hexdigest() != self.card["members"].get(name):
            raise _refuse(self.path, f"member {name} does not match the card (corrupt or altered)")
        return view

    def json(self, name: str):
        """A JSON member, checked."""
        view = self._raw(name)
        if len(view) > MAX_JSON_BYTES:
            raise _refuse(self.path, f"member {name} is too large")
        try:
            return json.loads(bytes(view))
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise _refuse(self.path, f"member {name} is not valid JSON") from exc

    def array(self, name: str) -> np.ndarray:
        """An .npy member as a read-only array mapped from the file (no copy, never unpickled)."""
        view = self._raw(name)
        try:
            head = io.BytesIO(bytes(view[:65536]))
            version = np.lib.format.read_magic(head)
            read_header = {
                (1, 0): np.lib.format.read_array_header_1_0,
                (2, 0): np.lib.format.read_array_header_2_0,
            }.get(version)
            if read_header is None:
                raise ValueError(f"npy version {version}")
            shape, fortran, dtype = read_header(head)
            if dtype.hasobject:
                raise ValueError("object arrays are not data")
            count = int(np.prod(shape)) if shape else 1
            arr = np.frombuffer(view, dtype=dtype, count=count, offset=head.tell())
        except (ValueError, TypeError, EOFError) as exc:
            raise _refuse(self.path, f"member {name} is not a plain array") from exc
        return arr.reshape(shape, order="F" if fortran else "C")


def _features(archive: Archive, spec: list) -> Features:
    parts = []
    for p in spec:
        if p.get("analyzer") not in ("word", "char_wb") or p.get("preprocessor") not in PREPROCESSORS:
            raise _refuse(archive.path, "unknown analyzer settings")
        idf = archive.array(p["idf"])
        if not isinstance(p.get("terms"), list) or len(p["terms"]) != len(idf):
            raise _refuse(archive.path, "vocabulary and idf disagree")
        parts.append(Vectorizer(p["analyzer"], tuple(p["ngram_range"]), p["preprocessor"], p["terms"], idf))
    return Features(parts)


def _sparse(archive: Archive, spec: dict | None):
    if spec is None:
        return None
    from scipy import sparse

    data, indices, indptr = (archive.array(f"{spec['prefix']}.{part}.npy") for part in ("data", "indices", "indptr"))
    try:
        return sparse.csr_matrix((data, indices, indptr), shape=tuple(spec["shape"]))
    except (ValueError, TypeError) as exc:
        raise _refuse(archive.path, "a corpus matrix is malformed") from exc


def _statements(archive: Archive, rows: list, kind: str) -> list[Statement]:
    """Statements from model.json rows; every field must be a string (rows are data, checked, never evaluated)."""
    if not isinstance(rows, list) or not all(type(r) is dict and r.get("kind") == kind for r in rows):
        raise _refuse(archive.path, "a corpus row in model.json is not a row of this kind")
    if not set(map(type, chain.from_iterable(map(dict.values, rows)))) <= {str}:  # C-level loops: fast at 10^6
        raise _refuse(archive.path, "a corpus row in model.json is not text")
    try:
        return [Statement(**r) for r in rows]
    except TypeError as exc:
        raise _refuse(archive.path, "a corpus row in model.json has unknown fields") from exc


def _check_units(archive: Archive, index: Index) -> None:
    """Unit offsets must cover each matrix exactly, one run per statement, in order."""
    for starts, rows, matrix in (
        (index.verified_units, index.verified, index.verified_matrix),
        (index.hoax_units, index.hoaxes, index.hoax_matrix),
    ):
        height = matrix.shape[0] if matrix is not None else 0
        if len(starts) != len(rows) + 1 or (
            len(starts) and (starts[0] != 0 or starts[-1] != height or (np.diff(starts) < 1).any())
        ):
            raise _refuse(archive.path, "unit offsets do not fit the corpus matrices")


def load(path: str | Path, mapped: bool = True) -> Model:
    """Load a model file: card and members checked, arrays memory-mapped (or copied); nothing in it is executed."""
    archive = Archive(path, mapped)
    spec = archive.json(SPEC)
    try:
        classifier = index = None
        c = spec["classifier"]
        if c is not None:
            a = archive.array("clf.a.npy") if c["calibrated"] else None
            b = archive.array("clf.b.npy") if c["calibrated"] else None
            classifier = Classifier(
                _features(archive, c["features"]),
                archive.array("clf.coef.npy"),
                archive.array("clf.intercept.npy"),
                a,
                b,
            )
            if classifier.coef.shape[-1] != classifier.features.size:
                raise _refuse(archive.path, "classifier weights do not fit its features")
        i = spec["index"]
        if i is not None:
            units = [archive.array(f"index.{side}.units.npy") if i.get("units") else None for side in ("verified", "hoaxes")]
            index = Index(
                _features(archive, i["features"]),
                _statements(archive, i["verified"], "verified"),
                _statements(archive, i["hoaxes"], "hoax"),
                _sparse(archive, i["verified_matrix"]),
                _sparse(archive, i["hoax_matrix"]),
                {str(k): str(v) for k, v in i["answers"].items()},
                *units,
            )
            _check_units(archive, index)
        thresholds = {str(k): float(v) for k, v in spec["thresholds"].items()}
        written = archive.card.get("thresholds")
        if isinstance(written, dict) and {str(k): float(v) for k, v in written.items()} != thresholds:
            # The card only describes the model; a threshold edited there would silently do nothing.
            raise ModelError(
                f"{archive.path}: the card's thresholds differ from the model's; the card is a description, "
                "not a setting: set thresholds in .hoaxcheck.toml (thresholds = { match = 0.5 }) instead"
            )
    except ModelError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _refuse(archive.path, f"model.json has the wrong shape ({type(exc).__name__}: {exc})") from exc
    return Model(classifier=classifier, index=index, thresholds=thresholds, card=archive.card)


def read_card(path: str | Path) -> dict:
    """The card of a model file (members not checked: for listing and `model info`)."""
    return Archive(path).card


def sha256_file(path: Path) -> str:
    """sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def clean_leftovers(folder: str | Path) -> list[Path]:
    """Remove what killed runs left in a model folder: `.candidate-<pid>.tmp`, `.rollback-<pid>.tmp`,
    `.<name>.<pid>.tmp` and `history/.<id>.<pid>.tmp` of processes no longer running (io/recovery.py).
    The caller holds the folder's lock."""
    return recovery.clean_leftovers(folder)


def shipped_model() -> Path | None:
    """The model installed inside the package, if any."""
    from importlib.resources import files

    try:
        candidate = Path(str(files("hoaxcheck.models") / MODEL_NAME))
    except (ModuleNotFoundError, TypeError):
        # An editable install maps no hoaxcheck.models package: use the checkout's models/ folder.
        candidate = Path(__file__).resolve().parent.parent.parent / "models" / MODEL_NAME
    return candidate if candidate.is_file() else None


def find(explicit: str | None = None, configured: str | None = None) -> Path:
    """Resolve the model: --model, then config, then ./models/hoaxcheck.model, then the shipped model."""
    if explicit:
        return Path(explicit)
    if configured:
        return Path(configured)
    local = Path("models") / MODEL_NAME
    if local.is_file():
        return local
    shipped = shipped_model()
    if shipped is None:
        raise ModelError("no model found; run 'hoaxcheck train' or give --model PATH")
    return shipped
