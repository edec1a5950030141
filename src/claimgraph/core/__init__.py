"""The pure extraction core: text in, claims out. Never imports the I/O edges."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from typing import TYPE_CHECKING

from claimgraph.models import Claim, Document

if TYPE_CHECKING:  # spaCy loads with the pipeline, not on import: store commands start fast
    from spacy.tokens import Doc


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
        self.nlp.set_error_handler(_record_error)  # type: ignore[arg-type]  # spaCy types the handler as NoReturn

    def extract(self, text: str, *, doc_id: str = "-", published: str | None = None,
                outlet: str | None = None, title: str | None = None) -> Document:
        return next(self.pipe([Article(doc_id, text, published, outlet, title)]))

    def pipe(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Document]:
        """Extract from many articles, streaming: documents come out in input order.

        An article the pipeline fails on comes out with no claims and the failure in its
        ``warnings``; the rest of the batch goes on.
        """
        pending: deque[tuple[Doc | None, Article, str | None]] = deque()

        def docs() -> Iterator[Doc]:
            for article in articles:
                try:
                    doc = self.nlp.make_doc(article.text)
                except ValueError as err:  # e.g. longer than the tokenizer's max_length
                    pending.append((None, article, f"cannot tokenize: {err}"))
                    continue
                doc._.cg_meta = {"id": article.id, "published": article.published, "outlet": article.outlet,
                                 "text": article.text}
                pending.append((doc, article, None))
                yield doc

        for doc in self.nlp.pipe(docs(), batch_size=batch_size):
            while pending:
                queued, article, error = pending.popleft()
                if queued is doc:
                    yield _document(article, doc._.cg_claims or ())
                    break
                yield _failed(article, error, queued)
        while pending:
            queued, article, error = pending.popleft()
            yield _failed(article, error, queued)


def _record_error(name: str, proc: object, docs: list[Doc], error: Exception) -> None:
    """spaCy's error handler: note which component failed on which documents, and go on."""
    for doc in docs:
        if doc._.cg_meta is not None:
            doc._.cg_meta["error"] = f"{name} failed: {error!r}"


def _document(article: Article, claims: Iterable[Claim], error: str | None = None) -> Document:
    return Document(id=article.id, text=article.text, claims=tuple(claims), published=article.published,
                    outlet=article.outlet, title=article.title, error=error)


def _failed(article: Article, error: str | None, doc: Doc | None) -> Document:
    if error is None and doc is not None and doc._.cg_meta is not None:
        error = doc._.cg_meta.get("error")
    return _document(article, (), f"extraction failed: {error or 'unknown error'}")


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
