"""The web explorer and REST API over the store (an I/O edge): ``create_app(db_path)`` gives the
ASGI app that `claimgraph serve` runs with uvicorn.

Modules: ``app`` (the FastAPI app and its error handlers), ``guard`` (the outermost layer: hosts,
same-origin writes, security headers on every response) over ``trust`` (which Host and Origin a
request may name), ``explorer`` (the server's state: the store path, the extractor loaded once,
caches keyed by the store's state), ``views`` (what every page and endpoint reads, one function
each), ``api`` (JSON under /api/), ``pages`` (HTML pages) with ``rendering`` (Jinja2 templates
with autoescape, streamed), ``highlight`` (an article's text cut into spans from claim offsets),
``chart`` (a measure's timeline as SVG with a tooltip and link per point), ``upload`` and
``forms`` (ingest from the browser), ``errors`` (one error shape) and ``serve`` (the uvicorn
server, with a bounded graceful shutdown).
"""

from claimgraph.web.app import create_app

__all__ = ["create_app"]
