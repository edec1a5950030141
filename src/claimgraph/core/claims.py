"""Assemble claims from an annotated Doc."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimgraph.models import Document

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from claimgraph.core import Article


def build_document(doc: Doc, article: Article) -> Document:
    return Document(id=article.id, text=article.text, published=article.published,
                    outlet=article.outlet, title=article.title)
