"""claimgraph: turn news into a sourced, structured record of claims.

    >>> import claimgraph
    >>> doc = claimgraph.extract("North Korea has sent more than 10,000 troops, officials said.")
    >>> [c.quantity.value for c in doc.claims if c.quantity]
    [10000]
"""

from typing import TYPE_CHECKING, Any

from claimgraph.models import Claim, Document, Mention, Quantity, Source, Span, TimeRef

__all__ = ["Claim", "Document", "Extractor", "Mention", "Quantity", "Source", "Span", "TimeRef", "extract"]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from claimgraph.core import Extractor, extract


def __getattr__(name: str) -> Any:
    """``Extractor`` and ``extract`` import the extraction core (and spaCy) on first use only."""
    if name in ("Extractor", "extract"):
        from claimgraph import core

        return getattr(core, name)
    raise AttributeError(f"module 'claimgraph' has no attribute {name!r}")
