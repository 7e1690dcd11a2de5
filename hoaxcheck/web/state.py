"""What the web app keeps between requests: the loaded model (reloaded when its file changes), retraining
jobs, the add/import previews waiting for confirmation, and the lock that serialises changes."""

import os
import secrets
import threading
import time
import uuid
from datetime import date
from pathlib import Path

from hoaxcheck.errors import HoaxcheckError

PENDING_MAX = 50  # previews kept for confirmation
PENDING_TTL = 3600.0


class ModelHolder:
    """The loaded Scorer; reloaded when the model file on disk changes (a retrain or rollback installed one)."""

    def __init__(self, model_flag: str | None):
        self.model_flag = model_flag
        self._reload = threading.Lock()
        self.scorer, self.path, self.stamp = None, None, None
        self.refresh()

    def _ctx(self, lang: str | None = None):
        from hoaxcheck.app import context

        return context.resolve(self.model_flag, lang)

    @staticmethod
    def _stamp(path: Path):
        st = os.stat(path)
        return st.st_ino, st.st_mtime_ns, st.st_size

    def refresh(self) -> None:
        """Load the model if it is not the one on disk; keep serving the old one until the new one is loaded."""
        try:
            path = self._ctx().model_path
            stamp = self._stamp(path)
        except (HoaxcheckError, OSError):
            if self.scorer is None:
                raise
            return
        if self.scorer is not None and (path, stamp) == (self.path, self.stamp):
            return
        with self._reload:
            if self.scorer is not None and (path, stamp) == (self.path, self.stamp):
                return
            ctx = self._ctx()
            try:
                scorer = ctx.scorer(mapped=False)
            except HoaxcheckError:
                if self.scorer is None:
                    raise
                return  # a damaged file: keep the model that works
            self.scorer, self.path, self.stamp = scorer, path, stamp

    def current(self):
        """The scorer to use now (reloaded first if the model file changed); its date is kept current."""
        self.refresh()
        scorer = self.scorer
        today = date.today().isoformat()
        if scorer.today != today:  # valid_until is checked against today's date
            scorer.today = today
        return scorer


class Job:
    """One retraining run in a background thread, with its progress lines and result."""

    def __init__(self):
        self.id = uuid.uuid4().hex[:12]
        self.progress: list[str] = []
        self.done = False
        self.result = None
        self.error: str | None = None
        self.started = time.time()

    def as_dict(self) -> dict:
        r = self.result
        return {
            "id": self.id,
            "done": self.done,
            "progress": list(self.progress),
            "error": self.error,
            "status": None if r is None else int(r.status),
            "lines": [] if r is None else r.lines,
            "notes": [] if r is None else r.notes,
        }


class State:
    """Everything the app keeps between requests."""

    def __init__(self, data: str, model_flag: str | None, token: str, lang: str, allowed_hosts):
        self.data = data
        self.token = token
        self.lang = lang
        self.allowed_hosts = allowed_hosts
        self.model = ModelHolder(model_flag)
        self.lock = threading.Lock()  # adds, imports, retrains, rollbacks: one at a time
        self.pending: dict[str, dict] = {}
        self.jobs: dict[str, Job] = {}
        self.corpus_cache: tuple | None = None

    def ctx(self, lang: str):
        from hoaxcheck.app import context

        return context.resolve(self.model.model_flag, lang)

    def keep_pending(self, item: dict) -> str:
        now = time.time()
        for key in [k for k, v in self.pending.items() if now - v["created"] > PENDING_TTL]:
            del self.pending[key]
        while len(self.pending) >= PENDING_MAX:
            del self.pending[next(iter(self.pending))]
        key = secrets.token_urlsafe(12)
        self.pending[key] = {**item, "created": now}
        return key
