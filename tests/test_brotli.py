"""serve.py's brotli middleware, driven as ASGI: the first response passes through unchanged (gzip, outside,
handles it), later ones are the precompressed bytes; a browser that does not accept br never gets them; an
ETag that matches gives 304."""

import asyncio
import concurrent.futures
import time

import brotli

from components.asgi import BrotliMiddleware

JS = ("function f(){return 'access map';}\n" * 400).encode()


async def _static(scope, receive, send):
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"application/javascript"),
                (b"etag", b'"v1"'),
                (b"cache-control", b"max-age=60"),
                (b"content-length", str(len(JS)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": JS[:1000], "more_body": True})
    await send({"type": "http.response.body", "body": JS[1000:]})


def _get(app, path, accept="br, gzip", extra=()):
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "headers": [(b"accept-encoding", accept.encode()), *extra]}
    # in its own thread: a browser test earlier in the session may leave an event loop running in this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    headers = dict(sent[0]["headers"])
    return sent[0]["status"], headers, b"".join(m.get("body", b"") for m in sent[1:])


def test_static_files_are_served_precompressed_brotli_after_the_first_request():
    app = BrotliMiddleware(_static)
    status, headers, body = _get(app, "/static/js/a.js")
    assert status == 200 and b"content-encoding" not in headers and body == JS  # nothing waits for brotli
    for _ in range(100):
        if "/static/js/a.js" in app.store:
            break
        time.sleep(0.05)
    status, headers, body = _get(app, "/static/js/a.js")
    assert headers[b"content-encoding"] == b"br" and brotli.decompress(body) == JS
    assert headers[b"vary"] == b"Accept-Encoding" and headers[b"etag"] == b'"v1"'
    assert headers[b"cache-control"] == b"max-age=60" and int(headers[b"content-length"]) == len(body) < len(JS) / 10
    assert b"content-encoding" not in _get(app, "/static/js/a.js", accept="gzip, deflate")[1]
    assert b"content-encoding" not in _get(app, "/static/js/a.js", accept="br;q=0, gzip")[1]
    status, headers, body = _get(app, "/static/js/a.js", extra=[(b"if-none-match", b'"v1"')])
    assert status == 304 and body == b""


def test_only_static_prefixes_are_touched():
    app = BrotliMiddleware(_static)
    for path in ("/other.js", "/", "/_stcore/health"):
        _get(app, path)
    time.sleep(0.2)
    assert app.store == {}
    _get(app, "/_stcore/bidi-components/myeloma-access-explorer.access_map/map.js")
    _get(app, "/app/static/topojson/world_50m.json")
    time.sleep(0.5)
    assert sorted(app.store) == [
        "/_stcore/bidi-components/myeloma-access-explorer.access_map/map.js",
        "/app/static/topojson/world_50m.json",
    ]
