"""Commands over measures and entities: `timeline`, `changes`, `measures`, corrections."""

from __future__ import annotations
