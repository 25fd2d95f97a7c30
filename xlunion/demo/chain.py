"""The demo's whole chain: validate every grassroots workbook, consolidate each union above them
with its own workbook (and the ended district federation it succeeded), then the province; and the
mail round trip of one union's children."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..definition import Definition
from ..registry import load_registry
from ..targets import TargetSet, load_target_sets
from .province import DEADLINE, PROVINCE_DEADLINE, DemoResult
from .units import ABOVE, MAIL_DOMAIN, PROVINCE, REPORT_YEAR


@dataclass
class ChainResult:
    findings: int = 0
    errors: int = 0
    files: int = 0
    consolidated: list[Path] = field(default_factory=list)
    province: Path | None = None
    summaries: list = field(default_factory=list)
    """(unit, Consolidation) for every consolidating unit, the province last."""
    targets: list[TargetSet] = field(default_factory=list)
    """The resolutions the chain judged by."""


def demo_targets(defn: Definition, demo: DemoResult) -> list[TargetSet]:
    """The demo's resolutions (and any beside the definition)."""
    return load_target_sets(defn, [demo.targets] if demo.targets else [])


def run_chain(defn: Definition, out: Path, demo: DemoResult) -> ChainResult:
    """Validate every CĐCS, consolidate each union above them, then the province."""
    from ..consolidation import consolidate_files
    from ..validation import validate_files

    registry = load_registry(demo.registry)
    report = validate_files(demo.children, defn, registry.parents())
    chain = ChainResult(findings=len(report.findings), files=len(report.files),
                        errors=sum(f.severity == "error" for f in report.findings),
                        targets=demo_targets(defn, demo))
    folder = out / "tong-hop"
    for code, _name, _members, predecessor in ABOVE:
        target = folder / f"{defn.short}_{REPORT_YEAR}_{code}_tong-hop.xlsx"
        inputs = [out / "inbox" / code, *([demo.own[predecessor]] if predecessor in demo.own else [])]
        result = consolidate_files(inputs, registry, code, target, defn, deadline=DEADLINE, own=demo.own.get(code),
                                   targets=chain.targets)
        sent = (DEADLINE + dt.timedelta(days=3)).timestamp()  # sent up before the province's own deadline
        os.utime(target, (sent, sent))
        chain.consolidated.append(target)
        chain.summaries.append((code, result))
    province = out / f"{defn.short}_{REPORT_YEAR}_{PROVINCE[0]}_tong-hop-tinh.xlsx"
    result = consolidate_files([folder, out / "inbox" / PROVINCE[0]], registry, PROVINCE[0], province, defn,
                               deadline=PROVINCE_DEADLINE, own=demo.own.get(PROVINCE[0]), targets=chain.targets)
    chain.province = province
    chain.summaries.append((PROVINCE[0], result))
    return chain


@dataclass
class MailRoundTrip:
    drafts: list[Path] = field(default_factory=list)
    refused: list[Path] = field(default_factory=list)
    pulled: object = None
    consolidated: Path | None = None
    result: object = None


def mail_round_trip(defn: Definition, out: Path, demo: DemoResult, parent: str = "CT03") -> MailRoundTrip:
    """Every child of ``parent`` “sent” as an .eml draft, pulled into an inbox with a ledger,
    then consolidated from the ledger as ``consolidate --ledger`` does (every version, the one rule)."""
    from ..consolidation import consolidate_files, ledger_inputs
    from ..ledger import Ledger
    from ..mail.inbox import mails_from_dir, pull
    from ..mail.outbox import prepare
    from ..mail.send import SmtpConfig, write_draft

    registry = load_registry(demo.registry)
    trip = MailRoundTrip()
    outbox, inbox = out / "thu-di", out / "hop-thu"
    for path in sorted((out / "inbox" / parent).glob("*.xlsx")):
        config = SmtpConfig(to=[registry[parent].email or f"{parent.lower()}@{MAIL_DOMAIN}"])
        sent = dt.datetime.fromtimestamp(path.stat().st_mtime).isoformat(timespec="seconds")  # the demo's clock
        outgoing = prepare(defn, path, config, version=2 if path.stem.endswith("_v2") else 1, stamp_time=sent)
        if outgoing.refused:
            trip.refused.append(path)
            continue
        trip.drafts.append(write_draft(outgoing.message, outbox / f"{path.stem}.eml"))
    ledger = Ledger(inbox / "ledger.sqlite")
    trip.pulled = pull(mails_from_dir(outbox), inbox, ledger, defn, registry)
    given = ledger_inputs(ledger, defn)  # as consolidate --ledger does
    ledger.close()
    trip.consolidated = out / f"{defn.short}_{REPORT_YEAR}_{parent}_tu-so-theo-doi.xlsx"
    trip.result = consolidate_files(given.paths, registry, parent, trip.consolidated, defn, own=demo.own.get(parent),
                                    targets=demo_targets(defn, demo), arrivals=given.arrivals, held=given.held)
    return trip
