"""Project configuration: `[tool.hoaxcheck]` in pyproject.toml or a `.hoaxcheck.toml`, found from the cwd up."""

import os
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from hoaxcheck.errors import ConfigError

KEYS = ("model", "fail_on", "thresholds", "exclude", "lang", "token")
THRESHOLD_KEYS = ("hoax_probability", "match", "support", "margin", "refute", "contradiction")
LANGS = ("id", "en")


@dataclass
class Config:
    """Settings from the nearest config file; paths are already made relative to that file's folder."""

    path: Path | None = None
    model: str | None = None
    fail_on: frozenset[str] | None = None
    thresholds: dict[str, float] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    lang: str | None = None
    token: str | None = None  # hoaxcheck serve: the token for changes (and for binding beyond this computer)
    warnings: list[str] = field(default_factory=list)  # one line each, for stderr (see print_warnings)


def print_warnings(cfg: Config, stream=None) -> None:
    """Print the config's warnings to stderr, one `hoaxcheck: warning: ...` line each."""
    stream = stream or sys.stderr
    for w in cfg.warnings:
        print(f"hoaxcheck: warning: {w}", file=stream)


def parse_fail_on(value: str | list, where: str = "--fail-on") -> frozenset[str]:
    """A fail set from 'a,b' or a list of verdict codes; unknown codes are a ConfigError."""
    from hoaxcheck.engine.records import VERDICTS

    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise ConfigError(f'{where}: give verdict codes as a list of strings, e.g. ["known_hoax", "likely_hoax"]')
    names = [v.strip() for v in items if v.strip()]
    if not names:
        raise ConfigError(f"{where}: name at least one verdict; use --no-fail to report without failing")
    unknown = [v for v in names if v not in VERDICTS]
    if unknown:
        raise ConfigError(f"{where}: unknown verdict {unknown[0]!r}; choose from {', '.join(VERDICTS)}")
    return frozenset(names)


def _section(path: Path) -> dict | None:
    """The hoaxcheck settings in one file, or None when a pyproject.toml has no [tool.hoaxcheck]."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the file") from exc
    except RecursionError as exc:  # thousands of nested arrays or inline tables
        raise ConfigError(f"{path}: not a hoaxcheck config (values nested too deeply); fix the file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc}); check it is UTF-8 text") from exc
    if path.name == ".hoaxcheck.toml":
        return data
    tool = data.get("tool", {})
    section = tool.get("hoaxcheck") if isinstance(tool, dict) else None
    if section is not None and not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.hoaxcheck] must be a table")
    return section


def find(start: Path | None = None) -> tuple[Path, dict] | None:
    """The nearest config file from start upwards and its settings; `.hoaxcheck.toml` wins within a folder."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in (".hoaxcheck.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                section = _section(candidate)
                if section is not None:
                    return candidate, section
    return None


def _check(path: Path, key: str, value, kind: type, hint: str):
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise ConfigError(f"{path}: '{key}' must be {hint}")
    return value


def _outside(target: str, base: Path) -> bool:
    """Whether a path lies outside base (compared as written, '..' folded; nothing is looked up on disk)."""
    root, full = os.path.abspath(base), os.path.abspath(target)
    try:
        return os.path.commonpath([root, full]) != root
    except ValueError:  # another drive (Windows)
        return True


def parse(path: Path, raw: dict) -> Config:
    """Validate the settings of one config file; an unknown key is a ConfigError that names it."""
    unknown = [k for k in raw if k not in KEYS]
    if unknown:
        raise ConfigError(f"{path}: unknown key {str(unknown[0])!r}; allowed keys: {', '.join(KEYS)}")
    base = path.parent
    cfg = Config(path=path)
    if "model" in raw:
        cfg.model = str(base / _check(path, "model", raw["model"], str, "a path to a model file"))
        if _outside(cfg.model, base):
            cfg.warnings.append(
                f"{path}: model {raw['model']!r} is outside the project folder {base}; check that it is the model you mean"
            )
    if "fail_on" in raw:
        cfg.fail_on = parse_fail_on(raw["fail_on"], f"{path}: fail_on")
    if "thresholds" in raw:
        table = _check(path, "thresholds", raw["thresholds"], dict, "a table, e.g. thresholds = { match = 0.5 }")
        for k, v in table.items():
            if k not in THRESHOLD_KEYS:
                raise ConfigError(f"{path}: unknown threshold {str(k)!r}; allowed: {', '.join(THRESHOLD_KEYS)}")
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1:
                raise ConfigError(f"{path}: threshold {str(k)!r} must be a number from 0 to 1")
            cfg.thresholds[k] = float(v)
    if "exclude" in raw:
        globs = _check(path, "exclude", raw["exclude"], list, 'a list of globs, e.g. ["arsip/**"]')
        if not all(isinstance(g, str) for g in globs):
            raise ConfigError(f"{path}: 'exclude' must be a list of strings")
        # Globs are anchored at the config file's folder; fnmatch's '*' also crosses '/'.
        cfg.exclude = [(base / g).as_posix() for g in globs]
    if "lang" in raw:
        cfg.lang = _check(path, "lang", raw["lang"], str, "'id' or 'en'")
        if cfg.lang not in LANGS:
            raise ConfigError(f"{path}: 'lang' must be 'id' or 'en', not {cfg.lang!r}")
    if "token" in raw:
        cfg.token = _check(path, "token", raw["token"], str, "a string of at least 8 characters")
    return cfg


def load(start: Path | None = None) -> Config:
    """The configuration in force for a run started in `start` (default: the current folder)."""
    found = find(start)
    return Config() if found is None else parse(*found)
