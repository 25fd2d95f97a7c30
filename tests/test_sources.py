"""Every indicator of the definition and every target of a resolution says where it comes from: a
comment citing a source document by file name (with words quoted from it), or saying it is the
project's own addition. Where the source documents are at hand, each quotation is checked against
the cited file, word for word."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from xlunion.definition import default_path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT.parent / "shared" / "sources"
CITED = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
OWN = re.compile(r"[Pp]roject's own|the demo's own|as the province's")
TARGET_FILES = sorted((ROOT / "schemas" / "targets").rglob("*.yaml"))


def _blocks(path: Path, key: str) -> dict[str, str]:
    """Code → the comment block that governs it: the comments right above it, or above the run of
    entries it belongs to (one comment may cite the source of a whole group of rows)."""
    out, comment, last_was_comment, started = {}, [], False, False
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        started = started or text in ("sheets:", "targets:")
        if not started:
            continue
        if text.startswith("#"):
            comment = comment + [text.lstrip("# ")] if last_was_comment else [text.lstrip("# ")]
            last_was_comment = True
            continue
        last_was_comment = False
        match = re.match(rf"- \{{{key}: ([A-Z0-9_]+)", text)
        if match:
            out[match.group(1)] = " ".join(comment)
        elif re.match(r"- code: PL\d|sheets:|targets:", text):
            comment = []  # a new sheet: a comment never reaches across it
    return out


def _citation_ok(comment: str) -> bool:
    return bool(CITED.search(comment)) or bool(OWN.search(comment))


def test_every_indicator_cites_its_source_or_says_it_is_our_own(defn):
    blocks = _blocks(default_path(), "code")
    assert set(blocks) == set(defn.indicators)
    missing = [code for code, comment in blocks.items() if not _citation_ok(comment)]
    assert missing == [], f"indicators without a cited source: {missing}"


@pytest.mark.parametrize("path", TARGET_FILES, ids=lambda p: p.name)
def test_every_target_cites_its_source(path):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    blocks = _blocks(path, "indicator")
    assert set(blocks) == {t["indicator"] for t in raw["targets"]}
    head = path.read_text(encoding="utf-8").split("\nid:")[0]
    missing = [code for code, comment in blocks.items() if not (_citation_ok(comment) or CITED.search(head))]
    assert missing == [], f"{path.name}: targets without a cited source: {missing}"


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _quotations(comment: str) -> list[tuple[str, str]]:
    """(file, quoted words) for each “…” that follows a cited file name in ``comment``."""
    out = []
    for part in re.split(rf"(?=(?:{CITED.pattern}))", comment):
        cited = CITED.match(part)
        if cited is None:
            continue
        for quote in re.findall(r"“(.+?)”(?=[\s.;:,)]|$)", part):
            out.append((cited.group(0), quote))
    return out


def _all_quotations() -> list[tuple[str, str, str]]:
    found = []
    for path in [default_path(), *TARGET_FILES]:
        text = path.read_text(encoding="utf-8")
        comments = " ".join(line.strip().lstrip("# ") if line.strip().startswith("#") else "\n"
                            for line in text.splitlines())
        for block in comments.split("\n"):
            found += [(path.name, source, quote) for source, quote in _quotations(block)]
    return found


def test_quotations_are_found_in_the_cited_documents():
    if not SOURCES.is_dir():
        pytest.skip(f"the source documents are not beside this checkout ({SOURCES})")
    quotations = _all_quotations()
    assert len(quotations) >= 60
    wrong = []
    for where, source, quote in quotations:
        document = _normal((SOURCES / source).read_text(encoding="utf-8", errors="replace"))
        pieces = [p.strip(" .,") for p in re.split(r"…|\.\.\.", _normal(quote)) if p.strip(" .,")]
        if not all(piece in document for piece in pieces):
            wrong.append((where, source, quote))
    assert wrong == [], f"quotations not found word for word in their source: {wrong[:5]}"


def test_the_quotation_check_catches_a_misquote(tmp_path):
    """Negative control: a quotation that is not in its document is found wanting."""
    if not SOURCES.is_dir():
        pytest.skip(f"the source documents are not beside this checkout ({SOURCES})")
    document = _normal((SOURCES / "002_29566804d8cd20a0.txt").read_text(encoding="utf-8"))
    assert _normal("ít nhất 100 căn nhà") in document
    assert _normal("ít nhất 200 căn nhà") not in document
