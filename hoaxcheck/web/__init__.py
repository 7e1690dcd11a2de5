"""`hoaxcheck serve`: the local web app (needs the `web` extra: starlette, uvicorn, jinja2, python-multipart, pypdf)."""
