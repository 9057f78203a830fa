"""The public page (/, /static/*) and the health check (/healthz)."""

from __future__ import annotations

from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

__all__ = ["ROUTES", "STATIC_DIR", "index", "healthz"]

STATIC_DIR = Path(__file__).resolve().parent / "static"


async def index(request: Request) -> Response:
    """The page: a list of upcoming events with filters and subscribe buttons (static HTML + app.js)."""
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=300"})


async def healthz(request: Request) -> Response:
    """200 when the event store answers, 503 when it does not."""
    ok = await run_in_threadpool(request.app.state.store.ping)
    return JSONResponse({"status": "ok" if ok else "degraded", "elasticsearch": ok}, status_code=200 if ok else 503)


ROUTES = [
    Route("/", index, methods=["GET"]),
    Route("/healthz", healthz, methods=["GET"]),
    Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
]
