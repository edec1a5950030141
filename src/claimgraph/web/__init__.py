"""The web explorer and REST API over the store (an I/O edge): ``create_app(db_path)`` gives the
ASGI app that `claimgraph serve` runs with uvicorn.

Modules: ``app`` (the FastAPI app, its middleware and error handlers), ``explorer`` (the server's
state: the store path, the extractor loaded once, caches keyed by the store's state), ``views``
(what every page and endpoint reads, one function each), ``api`` (JSON under /api/), ``pages``
(HTML pages, Jinja2 templates with autoescape), ``highlight`` (an article's text cut into spans
from claim offsets), ``chart`` (a measure's timeline as SVG with a tooltip and link per point),
``upload`` (ingest from the browser) and ``errors`` (one error shape).
"""

from claimgraph.web.app import create_app

__all__ = ["create_app"]
