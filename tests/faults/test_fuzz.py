"""Fuzzing the readers: on any input they return, or raise a HoaxcheckError (one line for the CLI), never
another exception."""

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoaxcheck import config
from hoaxcheck.corpus import load as corpus_lib
from hoaxcheck.errors import HoaxcheckError
from hoaxcheck.io import documents

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONFIG = Path("/project/.hoaxcheck.toml")

# Bytes that look a little like the formats: a zip header, markup, a BOM, CSV-ish text.
_PREFIXES = st.sampled_from([b"", b"PK\x03\x04", b"<html><body>", b"# Judul\n", b"\xef\xbb\xbf", b"\xff\xfe", b"---\n"])
_DATA = st.builds(lambda a, b: a + b, _PREFIXES, st.binary(max_size=2000))


def _returns_or_hoaxcheck_error(call, *args):
    try:
        call(*args)
    except HoaxcheckError as exc:
        assert "\n" not in str(exc), str(exc)


@SETTINGS
@given(data=_DATA, suffix=st.sampled_from([".txt", ".md", ".html", ".docx"]))
def test_documents_from_bytes(data, suffix):
    _returns_or_hoaxcheck_error(documents.from_bytes, data, f"draft{suffix}")


@SETTINGS
@given(
    text=st.text(alphabet=st.characters(codec="utf-8"), max_size=1500)
    | st.lists(st.sampled_from(["id,text", "id;text", '"', ",", ";", "\n", "\r\n", "a", '""', "x" * 30]), max_size=60).map(
        "".join
    )
)
def test_parse_csv(text):
    _returns_or_hoaxcheck_error(corpus_lib.parse_csv, text, "verified.csv", corpus_lib.VERIFIED_COLUMNS)


_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
_KEYS = st.sampled_from(config.KEYS) | st.text(max_size=12)
_THRESHOLDS = st.dictionaries(st.sampled_from(config.THRESHOLD_KEYS) | st.text(max_size=8), _SCALARS, max_size=4)


@SETTINGS
@given(raw=st.dictionaries(_KEYS, _VALUES | _THRESHOLDS, max_size=5))
def test_config_parse_dicts(raw):
    _returns_or_hoaxcheck_error(config.parse, CONFIG, raw)


_FOLDERS: dict[str, Path] = {}


@SETTINGS
@given(
    text=st.text(max_size=400)
    | st.lists(
        st.sampled_from(
            [
                "model",
                "=",
                '"m.model"',
                "[",
                "]",
                "{",
                "}",
                "lang",
                "'id'",
                "fail_on",
                "thresholds",
                "match",
                "0.5",
                ",",
                "\n",
                "[tool.hoaxcheck]",
                "exclude",
                '"a/**"',
                "\\",
                '"""',
            ]
        ),
        max_size=40,
    ).map(" ".join)
)
def test_config_toml_text(tmp_path_factory, text):
    # Its own folder: a .hoaxcheck.toml in pytest's base temp folder would be every other test's config.
    if "toml" not in _FOLDERS:
        _FOLDERS["toml"] = tmp_path_factory.mktemp("fuzz-toml")
    path = _FOLDERS["toml"] / ".hoaxcheck.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass") if _encodable(text) else path.write_bytes(b"\xff")
    try:
        section = config._section(path)
    except HoaxcheckError:
        return
    _returns_or_hoaxcheck_error(config.parse, path, section)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def test_toml_reader_errors_are_config_errors(tmp_path):
    """The reader maps every TOML failure to ConfigError (a smoke check of the path the fuzzer drives)."""
    path = tmp_path / ".hoaxcheck.toml"
    path.write_text("model = [", encoding="utf-8")
    with pytest.raises(config.ConfigError):
        config._section(path)
    assert tomllib  # the stdlib parser the config uses
