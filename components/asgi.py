"""Small ASGI pieces for ``serve.py``: a deep-link redirect and cache headers for static files."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import RedirectResponse

ISO3 = re.compile(r"^[A-Za-z]{3}$")


async def country_deep_link(request: Request) -> RedirectResponse:
    """``/country/BRA`` (any case) -> ``/country?country=BRA``; ``/country/<anything else>`` -> ``/country``.

    Only one path segment is matched: the frontend probes ``/country/_stcore/...`` for its
    base path and must get a 404 there, not a redirect.
    """
    code = request.path_params.get("code", "")
    target = f"/country?country={code.upper()}" if ISO3.match(code) else "/country"
    return RedirectResponse(target, status_code=307)


class StaticCacheMiddleware:
    """Adds ``Cache-Control: public, max-age=86400`` to the app's own static files (``/app/static/``)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope.get("path", "").startswith("/app/static/"):
            await self.app(scope, receive, send)
            return

        async def send_with_cache(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                headers.append((b"cache-control", b"public, max-age=86400"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cache)
