"""Shared fixtures. Keep this small: fixtures used by one test module live in that module."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest

# The project's shared folder (corpus, gold, scorer) stands beside the repository;
# CLAIMGRAPH_SHARED points elsewhere (as tests/test_samples.py honours it too).
SHARED = Path(os.environ.get("CLAIMGRAPH_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared corpus of English news articles (UTF-8 .txt); tests using it skip when it is absent."""
    corpus = SHARED / "corpus"
    if not (corpus / "seed-nk-troops.txt").is_file():
        pytest.skip(f"the shared corpus is not at {corpus} (it stands beside the repository as ../shared)")
    return corpus


@pytest.fixture(scope="session")
def seed_text(corpus_dir: Path) -> str:
    """The seed article: English, with curly quotes, numbers and attribution."""
    return (corpus_dir / "seed-nk-troops.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def foreign_texts() -> dict[str, str]:
    """News paragraphs in languages other than English, written for these tests."""
    return {
        "fr": "Selon des sources proches du dossier, la Corée du Nord pourrait envoyer jusqu'à 100 000 "
              "soldats pour soutenir la Russie dans sa guerre contre l'Ukraine. Le ministre a déclaré que "
              "les estimations de certains pays du G20 montrent une coopération croissante entre Pyongyang "
              "et Moscou. Les troupes seraient déployées par rotation plutôt qu'en une seule fois.\n",
        "de": "Nach Angaben von Quellen, die mit den Schätzungen einiger G20-Länder vertraut sind, könnte "
              "Nordkorea bis zu 100.000 Soldaten zur Unterstützung Russlands in den Krieg gegen die Ukraine "
              "schicken. Der Botschafter sagte, dass Kiew erwartet, dass Nordkorea bis zu 15.000 Soldaten in "
              "die Region Kursk entsenden wird. Die Einheiten würden alle paar Monate ausgetauscht.\n",
        "ru": "Северная Корея может направить до 100 000 военнослужащих для поддержки России в войне против "
              "Украины, сообщили источники, знакомые с оценками некоторых стран «Большой двадцатки». "
              "По словам посла, Киев ожидает, что Пхеньян отправит до 15 000 военных в Курскую область.\n",
    }


@pytest.fixture(scope="session")
def png_bytes() -> bytes:
    """A real 1x1 PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say loudly how many tests were skipped, and why: most skips mean ../shared is missing."""
    skipped = terminalreporter.stats.get("skipped", [])
    if not skipped:
        return
    reasons: dict[str, int] = {}
    for report in skipped:
        reason = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        key = "shared" if str(SHARED) in reason or "../shared" in reason else reason
        reasons[key] = reasons.get(key, 0) + 1
    writer = terminalreporter
    if "shared" in reasons:
        writer.write_sep("!", f"{reasons.pop('shared')} tests SKIPPED: the evaluation data (corpus, gold, scorers, "
                              f"treebanks) is not at {SHARED}", red=True, bold=True)
        writer.write_line("Clone it beside the checkout as ../shared, or set CLAIMGRAPH_SHARED to its folder, "
                          "and run the tests again: the quality gate and every corpus test need it.", red=True)
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
        writer.write_line(f"{count} skipped: {reason}", yellow=True)
