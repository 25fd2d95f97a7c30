"""The validation receipt: a digest of a workbook's facts, so later changes show."""

from __future__ import annotations

import hashlib
import json

from ..definition import Definition
from .submission import Submission

STAMP_KEYS = ("stamp_report", "stamp_version", "stamp_facts_sha256", "stamp_time", "stamp_xlunion")


def receipt(defn: Definition, sub: Submission, time: str) -> dict[str, str]:
    """The hidden-sheet lines that stamp ``sub`` as validated at ``time`` (ISO text)."""
    from .. import __version__

    values = (defn.id, defn.version, facts_digest(defn, sub), time, __version__)
    return dict(zip(STAMP_KEYS, values, strict=True))


def facts_digest(defn: Definition, sub: Submission) -> str:
    """SHA-256 of the canonical facts: unit, every typed figure, in definition order, then what the
    union did itself and the targets it typed.

    Formatting, comments, marks and formula caches do not change it; a changed
    figure, unit code, period, own activity or target does.
    """
    facts = [["unit", sub.unit], ["report", defn.id, defn.version]]
    for code in defn.indicators:
        for p in defn.periods:
            value = sub.values.get((code, p.code))
            if value is not None:
                facts.append([code, p.code, repr(float(value))])
    facts += [["own", code, period, repr(float(value))] for (code, period), value in sorted(sub.own.items())]
    facts += [["target", code, repr(float(value))] for code, value in sorted(sub.targets.items())]
    blob = json.dumps(facts, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()
