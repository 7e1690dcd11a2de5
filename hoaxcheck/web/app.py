"""`hoaxcheck serve`: a local web app (Starlette) over the same library code as the command line.

One Scorer is loaded at start-up and kept; when a retrain or rollback (from the page or from the command line)
installs a new model file, the next request loads it and the old one serves until it is ready. State-changing
requests need the token (cookie or X-Hoaxcheck-Token header) and, for forms, a double-submit CSRF token.
Adds, imports, retrains and rollbacks run one at a time (a process-wide lock).
"""

import json
import secrets

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from hoaxcheck.web import manage, views
from hoaxcheck.web.pages import HERE, _env, fail, lang_of, read_form, render, upload_of
from hoaxcheck.web.security import LANG_COOKIE, Guard
from hoaxcheck.web.state import State
from hoaxcheck.web.strings import STRINGS

LOOPBACK = ("127.0.0.1", "localhost", "::1")
LOCK_WAIT = manage.LOCK_WAIT

# ---------------------------------------------------------------- check


async def home(request: Request) -> Response:
    return render(request, "check.html", text="", result=None)


async def check_page(request: Request) -> Response:
    form = await read_form(request)
    lang = lang_of(request)
    text = form.get("text") if isinstance(form.get("text"), str) else ""
    upload = await upload_of(form)
    if upload is None and not text.strip():
        return render(request, "check.html", status=400, text=text, result=None, error=STRINGS[lang]["give_input"])
    scorer = request.app.state.s.model.current()
    report, ms = await run_in_threadpool(views.check, scorer, None if upload else text, upload, lang)
    result = views.result_view(report, lang, ms, scorer.model.card)
    return render(request, "check.html", status=400 if report.has_errors() else 200, text="" if upload else text, result=result)


async def api_score(request: Request) -> Response:
    lang = lang_of(request)
    kind = request.headers.get("content-type", "")
    upload, text = None, None
    if kind.startswith("application/json"):
        try:
            doc = json.loads(await request.body())
        except ValueError:
            return fail(request, 'the body is not valid JSON; send {"text": "..."}')
        if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
            return fail(request, 'send a JSON object with a "text" string, or a multipart "file"')
        text = doc["text"]
        if doc.get("lang") in STRINGS:
            lang = doc["lang"]
    elif kind.startswith("multipart/form-data"):
        form = await read_form(request)
        upload = await upload_of(form)
        text = form.get("text") if isinstance(form.get("text"), str) else None
        if upload is None and text is None:
            return fail(request, 'give a multipart "file" (or a "text" field)')
    else:
        return fail(request, 'send application/json {"text": "..."} or multipart/form-data with a "file"', 415)
    from hoaxcheck.report.formats import to_json

    scorer = request.app.state.s.model.current()
    report, _ = await run_in_threadpool(views.check, scorer, None if upload else text, upload, lang)
    status = (
        413
        if report.has_errors() and any("too large" in (f.error or "") for f in report.files)
        else (400 if report.has_errors() else 200)
    )
    return Response(to_json(report), status_code=status, media_type="application/json")


async def api_health(request: Request) -> Response:
    return JSONResponse(request.app.state.s.model.current().model.card)


# ---------------------------------------------------------------- small routes


async def choose_lang(request: Request) -> Response:
    lang = request.query_params.get("lang")
    nxt = request.query_params.get("next") or "/"
    if not nxt.startswith("/") or nxt.startswith("//") or "\\" in nxt:
        nxt = "/"
    response = RedirectResponse(nxt, status_code=303)
    if lang in STRINGS:
        response.set_cookie(LANG_COOKIE, lang, samesite="strict", path="/", max_age=365 * 86400)
    return response


async def favicon(request: Request) -> Response:
    return Response(status_code=204)


STATIC = {name: (HERE / "static" / name).read_bytes() for name in ("app.css", "app.js")}
STATIC_TYPES = {"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}


async def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in STATIC:  # a fixed set of files held in memory: no path reaches the filesystem
        raise HTTPException(404)
    return Response(STATIC[name], media_type=STATIC_TYPES[name], headers={"Cache-Control": "max-age=300"})


async def not_found(request: Request, exc: HTTPException) -> Response:
    t = STRINGS[lang_of(request)]
    if exc.status_code == 405:
        return fail(request, "method not allowed", 405)
    return fail(request, t["not_found"], exc.status_code)


def create_app(
    data: str = "data",
    model: str | None = None,
    token: str | None = None,
    lang: str | None = None,
    host: str = "127.0.0.1",
    allowed_hosts=None,
) -> Starlette:
    """Build the app; the model is loaded here (a ModelError is raised before anything is served)."""
    from hoaxcheck.app import context

    chosen = context.resolve(model, lang).lang
    if allowed_hosts is None:
        allowed_hosts = LOOPBACK if host in LOOPBACK else None  # None: any Host (the token guards changes)
    state = State(data, model, token or secrets.token_urlsafe(18), chosen, allowed_hosts)
    routes = [
        Route("/", home),
        Route("/periksa", home, methods=["GET"]),
        Route("/periksa", check_page, methods=["POST"]),
        Route("/korpus", manage.corpus_page),
        Route("/korpus/tambah", manage.corpus_add_page, methods=["GET"]),
        Route("/korpus/tambah", manage.corpus_add, methods=["POST"]),
        Route("/korpus/impor", manage.corpus_import, methods=["POST"]),
        Route("/korpus/konfirmasi", manage.corpus_confirm, methods=["POST"]),
        Route("/model", manage.model_page),
        Route("/model/latih", manage.model_retrain, methods=["POST"]),
        Route("/model/pulihkan", manage.model_rollback, methods=["POST"]),
        Route("/model/job/{job}", manage.job_page),
        Route("/bahasa", choose_lang),
        Route("/static/{name}", static),
        Route("/favicon.ico", favicon),
        Route("/api/score", api_score, methods=["POST"]),
        Route("/api/health", api_health),
        Route("/api/job/{job}", manage.api_job),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found})
    app.state.s = state
    app.state.env = _env()
    return Guard(app, state)


def run(host: str, port: int, data: str, model: str | None, token: str | None, lang: str | None, echo) -> None:
    """Start the server (blocks until Ctrl-C)."""
    import uvicorn

    guarded = create_app(data, model, token, lang, host)
    state = guarded.state
    shown = f"[{host}]" if ":" in host else host
    echo(
        f"hoaxcheck: serving on http://{shown}:{port}/?token={state.token} (model {state.model.path}, data {data}); Ctrl-C stops"
    )
    uvicorn.run(guarded, host=host, port=port, log_level="warning", server_header=False)
