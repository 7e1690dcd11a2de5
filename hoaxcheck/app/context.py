"""One place that resolves what every command needs: the config in force, the model path, the language."""

from dataclasses import dataclass
from pathlib import Path

from hoaxcheck import config
from hoaxcheck.errors import ConfigError
from hoaxcheck.model import store

LANGS = ("id", "en")


@dataclass
class Context:
    """The settings of one command run: flags win over the config file, which wins over the defaults."""

    cfg: config.Config
    lang: str
    model_flag: str | None = None

    @property
    def model_path(self) -> Path:
        """The model to read: --model, then the config's, then ./models/hoaxcheck.model, then the shipped one."""
        return store.find(self.model_flag, self.cfg.model)

    @property
    def model_target(self) -> Path:
        """The model to write (train, rollback): --model, then the config's, else ./models/hoaxcheck.model."""
        return Path(self.model_flag or self.cfg.model or Path("models") / store.MODEL_NAME)

    def model_for_reading(self) -> Path:
        """The model `model list` describes: an explicit one even when it does not exist yet, else the one found."""
        explicit = self.model_flag or self.cfg.model
        return Path(explicit) if explicit else store.find()

    def scorer(self, mapped: bool = True):
        """Load the model with the config's thresholds (`mapped=False`: read a private copy, for long-lived servers)."""
        from hoaxcheck.engine.scorer import Scorer

        return Scorer(store.load(self.model_path, mapped), self.cfg.thresholds)


def resolve(model: str | None = None, lang: str | None = None) -> Context:
    """The context of a run started in the current folder."""
    cfg = config.load()
    config.print_warnings(cfg)
    chosen = lang or cfg.lang or "id"
    if chosen not in LANGS:
        raise ConfigError(f"--lang must be 'id' or 'en', not '{chosen}'")
    return Context(cfg=cfg, lang=chosen, model_flag=model)


def version_line() -> str:
    """`hoaxcheck --version`: the package version, and the model's training time and corpus hash."""
    from hoaxcheck import __version__
    from hoaxcheck.errors import HoaxcheckError

    line = f"hoaxcheck {__version__}"
    try:
        path = resolve().model_path
        card = store.read_card(path)
        return (
            line + f"; model {path} trained {card.get('trained_at', '?')}, corpus hash {str(card.get('data_hash') or '?')[:12]}"
        )
    except HoaxcheckError:
        return line + "; no model found"
