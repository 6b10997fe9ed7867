"""Serve Myeloma Access Explorer: ``streamlit run serve.py`` (the production entry point).

``app.py`` stays the ``st.navigation`` router (``streamlit run app.py`` also works). This
module wraps it in Streamlit's supported ASGI ``st.App`` to add what a public deployment
needs and plain ``streamlit run app.py`` lacks:

* brotli for static files (Streamlit's JavaScript, the map component's assets, the geometry) where the
  browser accepts it, compressed once per process in the background and then served precompressed, and
  gzip for everything else (Streamlit leaves its own JavaScript uncompressed);
* a day of browser caching for the app's static files (the world geometry);
* deep links ``/country/BRA`` -> ``/country?country=BRA`` (a nested path otherwise loads a
  blank page, because the frontend's relative asset URLs break).
"""

import streamlit as st
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Route

from components.asgi import BrotliMiddleware, StaticCacheMiddleware, country_deep_link

app = st.App(
    "app.py",
    routes=[Route("/country/{code}", country_deep_link)],  # one segment: /country/_stcore/... must 404
    # gzip outside (it leaves brotli-encoded responses alone), brotli for static files inside it.
    middleware=[
        Middleware(GZipMiddleware, minimum_size=1024, compresslevel=5),
        Middleware(BrotliMiddleware),
        Middleware(StaticCacheMiddleware),
    ],
)

__all__ = ["app"]
