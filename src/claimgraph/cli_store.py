"""Commands that read the store: `claims`, `sources`, `entities`, `show`, `export`."""

from __future__ import annotations
