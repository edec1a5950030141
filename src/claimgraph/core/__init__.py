"""The pure extraction core: text in, claims out. Never imports the I/O edges."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from typing import TYPE_CHECKING

from claimgraph.models import Claim, Document

if TYPE_CHECKING:  # spaCy loads with the pipeline, not on import: store commands start fast
    from spacy.language import Language
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
        from claimgraph.core.version import extractor_version

        self.nlp = build_pipeline(model)
        for _, component in self.nlp.pipeline:
            try:
                getattr(component, "set_error_handler", lambda handler: None)(_record_error)
            except AttributeError:  # compiled components (spaCy's parser) take no handler: see _batch
                pass
        self.version = extractor_version(model)

    def extract(self, text: str, *, doc_id: str = "-", published: str | None = None,
                outlet: str | None = None, title: str | None = None) -> Document:
        return next(self.pipe([Article(doc_id, text, published, outlet, title)]))

    def pipe(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Document]:
        """Extract from many articles, streaming: documents come out in input order.

        An article the pipeline fails on comes out with no claims and the failure in its
        ``error``; the rest of the batch goes on.
        """
        iterator = iter(articles)
        while batch := list(islice(iterator, batch_size)):
            yield from self._batch(batch)

    def _batch(self, batch: list[Article]) -> Iterator[Document]:
        docs: list[Doc | str] = []
        for article in batch:
            try:
                doc = self.nlp.make_doc(article.text)
            except ValueError as err:  # e.g. longer than the tokenizer's max_length
                docs.append(f"cannot tokenize: {err}")
                continue
            doc._.cg_meta = {"id": article.id, "published": article.published, "outlet": article.outlet,
                             "title": article.title, "text": article.text}
            docs.append(doc)
        ready = [doc for doc in docs if not isinstance(doc, str)]
        try:  # a component that fails on a document reports it to _record_error and the document is left out
            done = {id(doc) for doc in self.nlp.pipe(ready, batch_size=max(len(ready), 1))}
        except Exception:  # noqa: BLE001  a compiled component failed (it takes no handler): one at a time
            done = {id(doc) for doc in ready if _alone(self.nlp, doc)}
        for article, made in zip(batch, docs):
            if isinstance(made, str):
                yield _failed(article, made, None, self.version)
            elif id(made) in done and "error" not in made._.cg_meta:
                yield _document(article, made._.cg_claims or (), version=self.version)
            else:
                yield _failed(article, None, made, self.version)


def _alone(nlp: Language, doc: Doc) -> bool:
    """Run the pipeline on one document; False (with the failure noted on it) when a component fails."""
    try:
        nlp(doc)
    except Exception as err:  # noqa: BLE001  any component's failure is this document's, not the batch's
        _record_error("pipeline", None, [doc], err)
        return False
    return True


def _record_error(name: str, proc: object, docs: list[Doc], error: Exception) -> None:
    """spaCy's error handler: note which component failed on which documents, and go on."""
    for doc in docs:
        if doc._.cg_meta is not None:
            doc._.cg_meta["error"] = f"{name} failed: {error!r}"


def _document(article: Article, claims: Iterable[Claim], error: str | None = None, *, version: str) -> Document:
    return Document(id=article.id, text=article.text, claims=tuple(claims), published=article.published,
                    outlet=article.outlet, title=article.title, error=error, extractor=version)


def _failed(article: Article, error: str | None, doc: Doc | None, version: str) -> Document:
    if error is None and doc is not None and doc._.cg_meta is not None:
        error = doc._.cg_meta.get("error")
    return _document(article, (), f"extraction failed: {error or 'unknown error'}", version=version)


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
