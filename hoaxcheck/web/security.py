"""The ASGI guard around the app: body-size limit, Host check, `?token=` login, security headers.

- A request body larger than the upload limit is refused with 413 before (or while) it is read.
- Bound to a loopback address, only loopback Host headers are served (a DNS-rebinding page cannot reach us).
- `GET ...?token=T` with the right token sets the token cookie and redirects to the same page without it.
- A state-changing request from another origin (Origin header of another host) is refused.
- Every response gets a strict Content-Security-Policy: scripts and styles from this server only.
"""

import hmac
import json
from urllib.parse import parse_qsl, urlencode

from hoaxcheck.io.documents import MAX_BYTES

TOKEN_COOKIE = "hoaxcheck_token"
CSRF_COOKIE = "hoaxcheck_csrf"
LANG_COOKIE = "hoaxcheck_lang"
BODY_LIMIT = MAX_BYTES + 1024 * 1024  # a 10 MB file plus the form around it

HEADERS = [
    (
        b"content-security-policy",
        (
            b"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            b"img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
            b"frame-ancestors 'none'"
        ),
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make Chromium send Origin: null
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


class TooLarge(Exception):
    """The body went over the limit while it was read."""


def _host_name(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Guard:
    """Wraps the Starlette app; `.state` is the app's State (token, language, allowed hosts)."""

    def __init__(self, app, state, limit: int = BODY_LIMIT):
        self.app, self.state, self.limit = app, state, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        lang = self._lang(scope, headers)
        api = scope["path"].startswith("/api/")
        allowed = self.state.allowed_hosts
        if allowed is not None and _host_name(headers.get("host", "")) not in allowed:
            return await self._plain(send, 421, self._say(lang, "bad_host"), api)
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            # "null" (a privacy setting, a file:// page) proves nothing either way: the token and CSRF still apply.
            if origin and origin != "null" and _host_name(origin.split("://", 1)[-1]) != _host_name(headers.get("host", "")):
                return await self._plain(send, 403, self._say(lang, "bad_origin"), api)
        try:
            length = int(headers.get("content-length", "0") or 0)
        except ValueError:
            length = 0
        if length > self.limit:
            return await self._plain(send, 413, self._too_large(lang), api)
        if scope["method"] == "GET":
            query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
            given = next((v for k, v in query if k == "token"), None)
            if given is not None:
                return await self._login(scope, send, query, given)
        started = False
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooLarge()
            return message

        async def with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                message = {
                    **message,
                    "headers": list(message.get("headers", [])) + [(k, v) for k, v in HEADERS if k not in names],
                }
            await send(message)

        try:
            await self.app(scope, counted, with_headers)
        except TooLarge:
            if not started:
                await self._plain(send, 413, self._too_large(lang), api)

    def _lang(self, scope, headers) -> str:
        from hoaxcheck.web.strings import STRINGS

        cookie = headers.get("cookie", "")
        for part in cookie.split(";"):
            k, _, v = part.strip().partition("=")
            if k == LANG_COOKIE and v in STRINGS:
                return v
        return self.state.lang

    @staticmethod
    def _say(lang: str, key: str) -> str:
        from hoaxcheck.web.strings import STRINGS

        return STRINGS[lang][key]

    def _too_large(self, lang: str) -> str:
        return self._say(lang, "too_large").format(mb=MAX_BYTES // 1048576)

    async def _login(self, scope, send, query, given: str):
        rest = [(k, v) for k, v in query if k != "token"]
        location = scope["path"] + ("?" + urlencode(rest) if rest else "")
        headers = [(b"location", location.encode("latin-1", "replace")), *HEADERS]
        if hmac.compare_digest(given.encode(), self.state.token.encode()):
            cookie = f"{TOKEN_COOKIE}={self.state.token}; Path=/; HttpOnly; SameSite=Strict"
            headers.append((b"set-cookie", cookie.encode("latin-1")))
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    @staticmethod
    async def _plain(send, status: int, message: str, api: bool):
        if api:
            body, kind = json.dumps({"error": message}, ensure_ascii=False).encode(), b"application/json"
        else:
            from html import escape

            body = (
                f'<!doctype html><meta charset="utf-8"><title>hoaxcheck</title>'
                f'<p class="error">{escape(message)}</p><p><a href="/">hoaxcheck</a></p>'
            ).encode()
            kind = b"text/html; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", kind),
                    (b"content-length", str(len(body)).encode()),
                    *HEADERS,
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
