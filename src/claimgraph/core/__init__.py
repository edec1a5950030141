"""The pure extraction core: text in, claims out. Never imports the I/O edges."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from claimgraph.models import Document


@dataclass(frozen=True, slots=True)
class Article:
    """One text to extract from, with what is known about it."""

    id: str
    text: str
    published: str | None = None
    outlet: str | None = None
    title: str | None = None


class Extractor:
    """A loaded pipeline. Build once, reuse for many articles (loading costs far more than a call)."""

    def __init__(self, model: str | None = None) -> None:
        from claimgraph.core.pipeline import build_pipeline

        self.nlp = build_pipeline(model)

    def extract(self, text: str, *, doc_id: str = "-", published: str | None = None,
                outlet: str | None = None, title: str | None = None) -> Document:
        return next(self.pipe([Article(doc_id, text, published, outlet, title)]))

    def pipe(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Document]:
        """Extract from many articles, streaming: documents come out in input order."""
        def docs() -> Iterator[tuple[Doc, Article]]:
            for article in articles:
                doc = self.nlp.make_doc(article.text)
                doc._.cg_meta = {"id": article.id, "published": article.published, "outlet": article.outlet,
                                 "text": article.text}
                yield doc, article

        for doc, article in self.nlp.pipe(docs(), as_tuples=True, batch_size=batch_size):
            yield Document(id=article.id, text=article.text, claims=tuple(doc._.cg_claims or ()),
                           published=article.published, outlet=article.outlet, title=article.title)


@lru_cache(maxsize=4)
def _default(model: str | None) -> Extractor:
    return Extractor(model)


def extract(text: str, *, published: str | None = None, outlet: str | None = None,
            doc_id: str = "-", title: str | None = None, model: str | None = None) -> Document:
    """Extract every quantified claim and attributed statement from one article's text.

    ``published`` (ISO date) anchors relative times ("last week"); ``outlet`` is the
    article's own outlet, which is never a source of its own sentences.
    """
    return _default(model).extract(text, doc_id=doc_id, published=published, outlet=outlet, title=title)
