"""``zopa serve``: the workbench over HTTP (the web packages are imported only when it runs)."""

from __future__ import annotations

from typing import Annotated

import typer

from zopa.cli._app import app
from zopa.errors import InputError


@app.command("serve")
def serve_cmd(
    host: Annotated[
        str, typer.Option(help="Address to listen on; anything but loopback needs a token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (1 to 65535).")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(help="Every request must carry this token (header or ?token=)."),
    ] = None,
    new_token: Annotated[
        bool, typer.Option("--new-token", help="Generate a token, print it and require it.")
    ] = False,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            help="Run store for saved scenarios and finished jobs: a SQLAlchemy URL or SQLite "
            "file (default: ZOPA_STORE, else runs.sqlite in the user data folder).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Start the workbench: the proposal desk at / and the JSON API under /api."""
    import secrets

    from zopa.web.guard import is_loopback

    if not 1 <= port <= 65535:
        raise InputError.single(f"must be from 1 to 65535, got {port}", path="--port")
    if token is not None and not token.strip():
        raise InputError.single("must not be empty", path="--token")
    if new_token and token is not None:
        raise InputError.single("give --token or --new-token, not both", path="--token")
    if token is None and not new_token and not is_loopback(host):
        raise InputError.single(
            f"{host} is not loopback: give --token T or --new-token (every request must "
            "then carry the token)",
            path="--host",
        )
    required = secrets.token_urlsafe(24) if new_token else token
    import uvicorn

    from zopa.web import create_app

    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    if required is not None and token is None:
        print(f"token: {required}")
        url += f"?token={required}"
    print(f"zopa workbench at {url}", flush=True)
    uvicorn.run(create_app(token=required, store=store), host=host, port=port, log_level="warning")
