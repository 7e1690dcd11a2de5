"""The Korpus and Model pages: browse, add a release or import (preview, then confirm), retrain, roll back.

Every change needs the token and the CSRF token (pages.check_change) and runs under the state's lock.
"""

import threading
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from hoaxcheck.errors import HoaxcheckError
from hoaxcheck.web import views
from hoaxcheck.web.pages import (
    check_change,
    fail,
    lang_of,
    read_form,
    render,
    upload_of,
)
from hoaxcheck.web.state import Job
from hoaxcheck.web.strings import STRINGS

LOCK_WAIT = 10.0  # seconds a request waits for a running add or rollback before answering "busy"


async def corpus_page(request: Request) -> Response:
    s = request.app.state.s
    try:
        corpus = await run_in_threadpool(views.load_corpus_cached, s)
    except HoaxcheckError as exc:
        return fail(request, f"{STRINGS[lang_of(request)]['corpus_error']}: {exc}", 500)
    return render(request, "corpus.html", view=views.browse(corpus, request.query_params), data=s.data)


async def corpus_add_page(request: Request) -> Response:
    return render(request, "corpus_add.html", form={}, error=None)


async def corpus_add(request: Request) -> Response:
    form = await read_form(request)
    refused = check_change(request, form)
    if refused:
        return refused
    s, lang = request.app.state.s, lang_of(request)
    meta = {k: (form.get(k) or "").strip() if isinstance(form.get(k), str) else "" for k in ("source", "date", "url", "title")}
    text = form.get("text") if isinstance(form.get("text"), str) else ""
    upload = await upload_of(form)
    values = {**meta, "text": text}
    if upload is None and not text.strip():
        return render(request, "corpus_add.html", status=400, form=values, error=STRINGS[lang]["give_input"])
    try:
        batches, plans = await run_in_threadpool(views.preview_release, s, text, upload, meta)
    except HoaxcheckError as exc:
        return render(request, "corpus_add.html", status=400, form=values, error=str(exc))
    return _preview(request, "add", batches, plans, [])


async def corpus_import(request: Request) -> Response:
    form = await read_form(request)
    refused = check_change(request, form)
    if refused:
        return refused
    s, lang = request.app.state.s, lang_of(request)
    kind = form.get("kind") if form.get("kind") in ("hoaxes", "verified", "labeled") else None
    upload = await upload_of(form)
    if upload is None:
        return render(request, "corpus_add.html", status=400, form={}, error=STRINGS[lang]["give_input"])
    try:
        batches, plans, skipped = await run_in_threadpool(views.preview_import, s, upload, kind, lang)
    except HoaxcheckError as exc:
        return render(request, "corpus_add.html", status=400, form={}, error=str(exc))
    return _preview(request, "import", batches, plans, [skipped] if skipped else [])


def _preview(request: Request, op: str, batches, plans, extra: list[str]) -> Response:
    from hoaxcheck.app import ingest

    s, lang = request.app.state.s, lang_of(request)
    writable = sum(len(p.rows_to_write()) for p in plans)
    key = s.keep_pending({"op": op, "batches": batches}) if writable else None
    summary = extra + [ingest.describe(p, lang) for p in plans]
    return render(request, "preview.html", plans=views.plans_view(plans), summary=summary, key=key)


async def corpus_confirm(request: Request) -> Response:
    form = await read_form(request)
    refused = check_change(request, form)
    if refused:
        return refused
    s, lang = request.app.state.s, lang_of(request)
    item = s.pending.pop(form.get("key") or "", None)
    if item is None:
        return fail(request, STRINGS[lang]["preview_gone"], 409)
    if not s.lock.acquire(timeout=LOCK_WAIT):
        s.pending[form.get("key")] = item
        return fail(request, STRINGS[lang]["busy"], 409)
    try:
        result, warnings = await run_in_threadpool(views.confirm, s, item["batches"], lang)
    except HoaxcheckError as exc:
        return fail(request, str(exc), 400)
    finally:
        s.lock.release()
    s.corpus_cache = None
    return render(request, "added.html", lines=result.lines, notes=warnings)


# ---------------------------------------------------------------- model


async def model_page(request: Request) -> Response:
    s = request.app.state.s
    scorer = s.model.current()
    from hoaxcheck.model import history

    ctx = s.ctx(lang_of(request))
    entries = [e for e in reversed(history.entries(ctx.model_target))]
    running = next((j for j in s.jobs.values() if not j.done), None)
    return render(
        request,
        "model.html",
        card=scorer.model.card,
        model_file=str(s.model.path),
        entries=entries,
        data=s.data,
        running=running,
        message=request.query_params.get("msg"),
    )


async def model_retrain(request: Request) -> Response:
    form = await read_form(request)
    refused = check_change(request, form)
    if refused:
        return refused
    s, lang = request.app.state.s, lang_of(request)
    if not s.lock.acquire(blocking=False):
        running = next((j for j in s.jobs.values() if not j.done), None)
        if running is not None:
            return RedirectResponse(f"/model/job/{running.id}", status_code=303)
        return fail(request, STRINGS[lang]["busy"], 409)
    job = Job()
    for key in [k for k, j in s.jobs.items() if j.done][:-10]:
        del s.jobs[key]
    s.jobs[job.id] = job
    ctx = s.ctx(lang)

    def work() -> None:
        from hoaxcheck.app import ingest

        try:
            job.result = ingest.retrain_model(s.data, ctx, guard=True, progress=job.progress.append)
        except HoaxcheckError as exc:
            job.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - shown on the page rather than lost in a thread
            job.error = f"{type(exc).__name__}: {exc}"
        finally:
            try:
                s.model.refresh()
            except Exception as exc:  # noqa: BLE001 - the old model keeps serving
                job.progress.append(f"the new model could not be loaded ({exc}); the previous one keeps serving")
            job.done = True
            s.lock.release()

    threading.Thread(target=work, name=f"retrain-{job.id}", daemon=True).start()
    if request.headers.get("accept", "").startswith("application/json"):
        return JSONResponse({"id": job.id}, status_code=202)
    return RedirectResponse(f"/model/job/{job.id}", status_code=303)


async def job_page(request: Request) -> Response:
    job = request.app.state.s.jobs.get(request.path_params["job"])
    if job is None:
        raise HTTPException(404)
    return render(request, "job.html", job=job, info=job.as_dict())


async def api_job(request: Request) -> Response:
    job = request.app.state.s.jobs.get(request.path_params["job"])
    if job is None:
        return JSONResponse({"error": "no such job"}, status_code=404)
    return JSONResponse(job.as_dict())


async def model_rollback(request: Request) -> Response:
    form = await read_form(request)
    refused = check_change(request, form)
    if refused:
        return refused
    s, lang = request.app.state.s, lang_of(request)
    entry = form.get("entry") if isinstance(form.get("entry"), str) else ""
    if not s.lock.acquire(timeout=LOCK_WAIT):
        return fail(request, STRINGS[lang]["busy"], 409)
    try:
        from hoaxcheck.model import history
        from hoaxcheck.report import messages

        ctx = s.ctx(lang)
        chosen = await run_in_threadpool(history.rollback, ctx.model_target, entry or None)
        s.model.refresh()
        msg = messages.TRAIN[lang]["restored"].format(
            entry=chosen.id, trained=chosen.card.get("trained_at", "?"), model=ctx.model_target
        )
    except HoaxcheckError as exc:
        return fail(request, str(exc), 400)
    finally:
        s.lock.release()
    return RedirectResponse("/model?" + urlencode({"msg": msg}), status_code=303)
