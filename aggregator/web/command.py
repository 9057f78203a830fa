"""`aggregator serve`: the feeds, the events API and the public page over HTTP (uvicorn)."""

from __future__ import annotations

import argparse
import os

from aggregator.config import load_settings

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (default 1)")
    parser.add_argument("--cache-seconds", type=float, default=60.0,
                        help="how long a rendered feed is reused before asking Elasticsearch again (default 60)")
    parser.add_argument("--root-path", default="", help="URL prefix when served behind a proxy under a path")
    parser.add_argument("--log-level", default="info")


def run(args: argparse.Namespace) -> int:
    # Imported here: aggregator.cli imports every command module to build its parser, and only
    # `serve` needs the server and the web app.
    import uvicorn

    from aggregator.web.app import create_app

    if args.workers > 1:
        # Each worker builds its own app (and cache) from the environment.
        os.environ["AGGREGATOR_WEB_CACHE_SECONDS"] = str(args.cache_seconds)
        uvicorn.run("aggregator.web.app:app_from_environment", factory=True, host=args.host, port=args.port,
                    workers=args.workers, root_path=args.root_path, log_level=args.log_level, proxy_headers=True)
        return 0
    app = create_app(load_settings(), cache_seconds=args.cache_seconds)
    uvicorn.run(app, host=args.host, port=args.port, root_path=args.root_path, log_level=args.log_level,
                proxy_headers=True)
    return 0
