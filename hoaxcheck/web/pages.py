"""Helpers every page uses: the language, the token and CSRF checks, rendering, errors, reading forms."""

import hmac
import secrets
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from hoaxcheck.io.documents import MAX_BYTES
from hoaxcheck.web import views
from hoaxcheck.web.security import CSRF_COOKIE, LANG_COOKIE, TOKEN_COOKIE
from hoaxcheck.web.strings import STRINGS

HERE = Path(__file__).resolve().parent


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env


def lang_of(request: Request) -> str:
    chosen = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or request.app.state.s.lang
    return chosen if chosen in STRINGS else request.app.state.s.lang


def csrf_of(request: Request) -> str:
    """The CSRF value of this browser (from its cookie, or a new one that the response sets)."""
    if not hasattr(request.state, "csrf"):
        value = request.cookies.get(CSRF_COOKIE, "")
        request.state.new_csrf = not (16 <= len(value) <= 100)
        request.state.csrf = secrets.token_urlsafe(24) if request.state.new_csrf else value
    return request.state.csrf


def authorised(request: Request) -> bool:
    """Whether the request carries the token (header or cookie)."""
    token = request.app.state.s.token
    given = request.headers.get("x-hoaxcheck-token") or request.cookies.get(TOKEN_COOKIE) or ""
    return bool(given) and hmac.compare_digest(given.encode(), token.encode())


def render(request: Request, name: str, status: int = 200, **values) -> HTMLResponse:
    lang = lang_of(request)
    here = request.url.path if request.method == "GET" else "/"
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    nxt = here + ("?" + urlencode(query) if query and request.method == "GET" else "")
    other = "en" if lang == "id" else "id"
    page = request.app.state.env.get_template(name).render(
        t=STRINGS[lang],
        lang=lang,
        csrf=csrf_of(request),
        path=request.url.path,
        lang_link="/bahasa?" + urlencode({"lang": other, "next": nxt}),
        can_change=authorised(request),
        **values,
    )
    response = HTMLResponse(page, status_code=status)
    if request.state.new_csrf:
        response.set_cookie(CSRF_COOKIE, request.state.csrf, httponly=True, samesite="strict", path="/")
    if request.query_params.get("lang") in STRINGS and request.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(LANG_COOKIE, lang, samesite="strict", path="/", max_age=365 * 86400)  # ?lang= sticks
    return response


def fail(request: Request, message: str, status: int = 400) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    return render(request, "error.html", status=status, message=message)


async def read_form(request: Request):
    return await request.form(max_files=2, max_fields=50, max_part_size=MAX_BYTES + 1)


def check_change(request: Request, form=None) -> Response | None:
    """None when a state-changing request may go ahead, else the refusal page."""
    t = STRINGS[lang_of(request)]
    if not authorised(request):
        return fail(request, t["token_needed"], 403)
    if request.headers.get("x-hoaxcheck-token"):
        return None  # a header cannot be set by another site's form: no CSRF token needed
    sent = (form.get("csrf") if form is not None else None) or ""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not (isinstance(sent, str) and cookie and hmac.compare_digest(sent.encode(), cookie.encode())):
        return fail(request, t["csrf_failed"], 403)
    return None


async def upload_of(form, field: str = "file") -> tuple[str, bytes] | None:
    item = form.get(field)
    if not isinstance(item, UploadFile) or not item.filename:
        return None
    data = await item.read(MAX_BYTES + 1)
    return views.safe_name(item.filename), data
