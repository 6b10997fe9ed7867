"""Small ASGI pieces for ``serve.py``: a deep-link redirect and cache headers for static files."""

from __future__ import annotations

import re
from typing import Any

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


class BrotliMiddleware:
    """Serves static files brotli-compressed to browsers that accept it (gzip, outside, handles the rest).

    A static file (Streamlit's JavaScript and CSS under ``/static/``, the component's assets, the app's
    ``/app/static/``) passes through unchanged the first time; its body is then compressed once in a
    background thread and kept in memory, so every later request that accepts ``br`` gets the
    precompressed bytes without any compression on the request path. ETags are kept (304 when they match).
    """

    PREFIXES = ("/static/", "/_stcore/bidi-components/", "/app/static/")
    TYPES = (b"text/", b"application/javascript", b"application/json", b"image/svg+xml", b"application/geo+json")
    MAX_BYTES = 16 * 1024 * 1024

    def __init__(self, app, quality: int = 9):
        import threading

        self.app = app
        self.quality = quality
        self.store: dict[str, tuple[list, bytes]] = {}
        self.pending: set[str] = set()
        self.lock = threading.Lock()

    @staticmethod
    def _accepts_br(scope) -> bool:
        for key, value in scope.get("headers", []):
            if key == b"accept-encoding":
                for part in value.decode("latin-1").split(","):
                    name, _, params = part.strip().partition(";")
                    if name.strip() == "br" and params.replace(" ", "") not in ("q=0", "q=0.0"):
                        return True
        return False

    def _compress(self, path: str, headers: list, body: bytes) -> None:
        import brotli

        try:
            packed = brotli.compress(body, quality=self.quality)
            kept = [(k, v) for k, v in headers if k.lower() not in (b"content-length", b"content-encoding", b"vary")]
            kept += [
                (b"content-encoding", b"br"),
                (b"vary", b"Accept-Encoding"),
                (b"content-length", str(len(packed)).encode()),
            ]
            with self.lock:
                self.store[path] = (kept, packed)
        finally:
            with self.lock:
                self.pending.discard(path)

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or not path.startswith(self.PREFIXES)
            or not self._accepts_br(scope)
        ):
            await self.app(scope, receive, send)
            return
        hit = self.store.get(path)
        if hit is not None:
            headers, body = hit
            etag = next((v for k, v in headers if k.lower() == b"etag"), None)
            wanted = next((v for k, v in scope.get("headers", []) if k == b"if-none-match"), None)
            if etag is not None and wanted == etag:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 304,
                        "headers": [(k, v) for k, v in headers if k.lower() in (b"etag", b"cache-control", b"vary")],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        state: dict[str, Any] = {"keep": False, "headers": [], "parts": [], "size": 0}

        async def watch(message):
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                kind = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                encoded = any(k.lower() == b"content-encoding" for k, _ in headers)
                state["keep"] = message.get("status") == 200 and not encoded and kind.startswith(self.TYPES)
                state["headers"] = list(headers)
            elif message["type"] == "http.response.body" and state["keep"]:
                state["parts"].append(message.get("body", b""))
                state["size"] += len(state["parts"][-1])
                if state["size"] > self.MAX_BYTES:
                    state["keep"] = False
                    state["parts"] = []
                elif not message.get("more_body", False):
                    self._schedule(path, state["headers"], b"".join(state["parts"]))
            await send(message)

        await self.app(scope, receive, watch)

    def _schedule(self, path: str, headers: list, body: bytes) -> None:
        import threading

        with self.lock:
            if path in self.pending or path in self.store:
                return
            self.pending.add(path)
        threading.Thread(
            target=self._compress, args=(path, headers, body), daemon=True, name="brotli-precompress"
        ).start()
