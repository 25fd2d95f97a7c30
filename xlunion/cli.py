"""The ``xlunion`` command line: a thin adapter over the library.

Each command imports only what it uses (pandas and pandera are slow to import).
Operational failures print one clear message and exit with status 2.
The help of every command and option, in Vietnamese and English, is in :mod:`xlunion.cli_help`,
keyed by the command's and the parameter's names here.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated

import typer

from .cli_help import LocalizedTyper
from .errors import XlunionError
from .messages import moment_text, msg, number_text, set_language
from .terminal import console, echo
from .terminal import text as shown_text

app = LocalizedTyper(add_completion=False, no_args_is_help=True)

ReportOpt = Annotated[Path | None, typer.Option("--report")]
TargetsOpt = Annotated[list[Path] | None, typer.Option("--targets")]


def _targets(defn, extra: list[Path] | None, registry: Path | None = None):
    """The resolutions to judge by: beside the definition, those given, and a ``chi-tieu`` folder
    beside the registry (where the demo and an office keep theirs)."""
    from .targets import load_target_sets

    folders = list(extra or [])
    if registry is not None and (Path(registry).parent / "chi-tieu").is_dir():
        folders.append(Path(registry).parent / "chi-tieu")
    return load_target_sets(defn, folders)


def _language_option(value: str | None) -> str | None:
    """``--lang`` is vi or en; another value is a usage error, not a traceback."""
    from .messages import LANGUAGES

    if value is not None and value not in LANGUAGES:
        raise typer.BadParameter(msg("cli.bad_lang", value=value, languages=", ".join(LANGUAGES)))
    return value


def _format_option(value: str) -> str:
    """``--format`` is text or json; another value is a usage error, not silently text."""
    if value not in FORMATS:
        raise typer.BadParameter(msg("cli.bad_format", value=value, formats=", ".join(FORMATS)))
    return value


FORMATS = ("text", "json")


@app.callback()
def main(lang: Annotated[str | None, typer.Option("--lang", callback=_language_option)] = None) -> None:
    # the root group has already chosen the language (for --help); this checks the value given
    if lang:
        set_language(lang)


def _echo(text: str) -> None:
    echo(text)


def handles_errors(func):
    """Turn an XlunionError into one message and exit status 2, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except XlunionError as exc:
            echo(msg("cli.error", message=exc.render()), err=True, color="red")
            raise typer.Exit(2) from None

    return wrapper


@app.command()
@handles_errors
def template(
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
    report: ReportOpt = None,
    registry: Annotated[Path | None, typer.Option("--registry")] = None,
    unit: Annotated[str | None, typer.Option("--unit")] = None,
    targets: TargetsOpt = None,
) -> None:
    from .definition import load_definition
    from .io.template import blank_filling, template_name, write_workbook
    from .registry import load_registry

    defn = load_definition(report)
    filling = blank_filling(defn)
    if unit:
        if registry is None:
            raise typer.BadParameter(msg("cli.unit_needs_registry"), param_hint="--unit")
        reg = load_registry(registry)
        if unit not in reg:
            raise XlunionError(registry, "cli.unknown_unit", code=unit)
        found = reg[unit]
        filling = blank_filling(defn, found, reg[found.parent] if found.parent else None, reg,
                                _targets(defn, targets, registry))
    path = write_workbook(defn, output or Path(template_name(defn, unit)), filling)
    _echo(msg("cli.template.written", path=path))


@app.command()
@handles_errors
def demo(
    directory: Annotated[Path, typer.Argument()] = Path("demo"),
    report: ReportOpt = None,
    seed: Annotated[int, typer.Option()] = 2025,
    mail: Annotated[bool, typer.Option("--mail")] = False,
) -> None:
    from collections import Counter

    from .definition import load_definition
    from .demo import write_demo
    from .io.template import template_name, write_workbook

    defn = load_definition(report)
    result = write_demo(defn, directory, seed=seed)
    blank = write_workbook(defn, directory / template_name(defn))
    _echo(msg("cli.demo.written", path=directory))
    _echo("  " + msg("cli.template.written", path=blank))
    from .registry import load_registry

    _echo("  " + msg("cli.demo.registry", path=result.registry, count=len(load_registry(result.registry))))
    for parent, files in sorted(Counter(p.parent.name for p in result.children).items()):
        units = {p.name.split("_")[2] for p in result.children if p.parent.name == parent}  # copies, versions
        _echo("  " + msg("cli.demo.children", files=files, count=len(units), path=directory / "inbox" / parent))
    _echo("  " + msg("cli.demo.own", count=len(result.own), path=directory / "cap-minh"))
    _echo("  " + msg("cli.demo.resolutions", path=result.targets))
    for path, key, values in result.mistakes:
        _echo("  " + msg("cli.demo.mistake", file=path.name, what=msg(key, **values)))
    from .demo import run_chain

    chain = run_chain(defn, directory, result)
    _echo(msg("cli.demo.validated", files=chain.files, errors=chain.errors, warnings=chain.findings - chain.errors))
    reg = load_registry(result.registry)
    for (_code, summary), path in zip(chain.summaries, [*chain.consolidated, chain.province], strict=True):
        _echo(msg("cons.written", path=path))
        _print_consolidation(summary, reg, defn)
    _print_targets(defn, chain.province, reg, chain.targets)
    if mail:
        _print_mail_trip(defn, directory, result, reg)


def _print_mail_trip(defn, directory: Path, result, reg) -> None:
    from .demo import mail_round_trip

    trip = mail_round_trip(defn, directory, result)
    _echo(msg("cli.demo.mail", drafts=len(trip.drafts), path=directory / "thu-di", refused=len(trip.refused)))
    _echo(msg("pull.summary", stored=len(trip.pulled.stored), duplicates=len(trip.pulled.duplicates),
              rejected=len(trip.pulled.rejected)))
    _echo(msg("cons.written", path=trip.consolidated))
    _print_consolidation(trip.result, reg, defn)


def _print_targets(defn, path: Path, registry, sets) -> None:
    """How the unit of ``path`` stands against the targets that apply to it."""
    from .core.compare import judge_all, said
    from .core.derive import derive
    from .core.findings import show_value
    from .io.template import filling_of
    from .targets import target_text
    from .validation import read_one

    sub = read_one(path, defn)
    filling = filling_of(defn, sub, registry, sets)
    _echo(msg("cli.demo.targets", unit=sub.meta.get("unit_name", "")))
    judgements = judge_all(defn, derive(defn, sub.values), filling.applied, sub.meta.get("cutoff") or None)
    for resolution in sorted({j.applied.resolution for j in judgements if j.applied.judged}):
        _echo("  " + msg("cli.targets.resolution", name=resolution))
    for j in judgements:
        ind = j.indicator
        shown = "—" if j.actual is None else (number_text(j.actual * 100, 1) + "%" if ind.is_percent
                                               else show_value(float(j.actual)))
        target = target_text(ind, j.applied.target)
        if not j.applied.judged:
            share = "—" if j.reached is None else number_text(j.reached * 100, 1) + "%"
            _echo(msg("cmp.contribution_line", label=ind.label, current=shown, target=target, share=share,
                      holder=j.applied.holder_name or j.applied.holder))
            continue
        _echo(msg("cmp.line", label=ind.label, current=shown, target=target, status=said(j.status) or "—",
                  outlook=said(j.outlook) or "—"))


if __name__ == "__main__":  # pragma: no cover
    app()


def _parents(registry: Path | None) -> dict[str, str] | None:
    if registry is None:
        return None
    from .registry import load_registry

    return load_registry(registry).parents()


WorkersOpt = Annotated[int | None, typer.Option("--workers")]
ExecutorOpt = Annotated[str, typer.Option("--executor")]
SchedulerOpt = Annotated[str | None, typer.Option("--scheduler")]


@app.command()
@handles_errors
def validate(
    files: Annotated[list[Path], typer.Argument()],
    registry: Annotated[Path | None, typer.Option("--registry")] = None,
    annotate: Annotated[Path | None, typer.Option("--annotate")] = None,
    in_place: Annotated[bool, typer.Option("--in-place")] = False,
    stamp: Annotated[bool, typer.Option("--stamp")] = False,
    output_format: Annotated[str, typer.Option("--format", callback=_format_option)] = "text",
    outlier_factor: Annotated[float, typer.Option()] = 3.0,
    lang: Annotated[str | None, typer.Option("--lang", callback=_language_option)] = None,
    report: ReportOpt = None,
    workers: WorkersOpt = None,
    executor: ExecutorOpt = "local",
    scheduler: SchedulerOpt = None,
) -> None:
    if lang:
        set_language(lang)
    from .definition import load_definition
    from .validation import validate_files, workbook_paths

    defn = load_definition(report)
    paths = workbook_paths(files)
    if not paths:
        echo(msg("val.no_files"), err=True, color="red")
        raise typer.Exit(2)
    with _progress(len(paths)) as advance:
        result = validate_files(paths, defn, _parents(registry), outlier_factor, progress=advance, workers=workers,
                                executor=executor, scheduler=scheduler)
    written = []
    if annotate or in_place or stamp:
        from .write_back import write_back

        written = write_back(defn, result, annotate, in_place, stamp, workers)
    code = 2 if any(w.failed for w in written) else result.exit_code  # a copy asked for is missing
    if output_format == "json":
        _print_json(result, written, code)  # stdout holds the JSON alone: what was written is in it
    else:
        for w in written:
            echo(w.message(), err=w.failed, color="red" if w.failed else None)
        _print_table(result)
    raise typer.Exit(code)


class _progress:
    """A progress bar on the terminal for long runs; silent otherwise."""

    def __init__(self, total: int):
        self.total, self.bar = total, None

    def __enter__(self):
        import sys

        if self.total >= 20 and sys.stderr.isatty():
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.bar.start()
            task = self.bar.add_task(msg("val.progress"), total=self.total)
            return lambda _path: self.bar.advance(task)
        return lambda _path: None

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()


def _print_table(result) -> None:
    from rich.table import Table

    screen = console()
    if result.findings:
        table = Table(show_lines=False)
        for key in ("severity", "where", "message"):
            table.add_column(msg(f"val.col.{key}"))
        for f in result.findings:
            color = "red" if f.severity == "error" else "yellow"
            table.add_row(shown_text(msg("annot." + f.severity), color), shown_text(f"{f.file}\n{f.sheet}!{f.cell}"),
                          shown_text(f.message()))
        screen.print(table)
    counts = {"errors": 0, "warnings": 0}
    for r in result.files:
        if r.error is not None:
            screen.print(shown_text(msg("val.unusable", file=r.path.name, reason=r.error.render()), "red"))
            continue
        e = sum(f.severity == "error" for f in r.findings)
        counts["errors"] += e
        counts["warnings"] += len(r.findings) - e
    statuses = [r.status for r in result.files]
    total = msg("val.total", files=len(statuses), valid=statuses.count("ok") + statuses.count("warnings"),
                invalid=statuses.count("errors"), unusable=statuses.count("unusable"), **counts)
    screen.print(shown_text(total))


def _print_json(result, written=(), code: int | None = None) -> None:
    import json

    done = {w.path: w for w in written if w.target is not None}
    notes: dict = {}
    for w in written:
        notes.setdefault(w.path, []).append(w.message())
    out = {"files": [{"file": str(r.path), "status": r.status,
                      "error": r.error.render() if r.error else None,
                      "reason": r.error.key if r.error else None,
                      "findings": [f.as_dict() for f in r.findings],
                      "written": str(done[r.path].target) if r.path in done else None,
                      "notes": notes.get(r.path, [])} for r in result.files],
           "exit_code": result.exit_code if code is None else code}
    typer.echo(json.dumps(out, ensure_ascii=False, indent=1, default=str))


@app.command()
@handles_errors
def verify(file: Annotated[Path, typer.Argument()], report: ReportOpt = None) -> None:
    from .core.receipt import facts_digest
    from .definition import load_definition
    from .validation import read_one

    defn = load_definition(report)
    sub = read_one(file, defn)
    stamped = sub.info.get("stamp_facts_sha256")
    if not stamped:
        _echo(msg("verify.no_stamp", file=file.name))
        raise typer.Exit(2)
    same = stamped == facts_digest(defn, sub)
    _echo(msg("verify.unchanged" if same else "verify.changed", file=file.name,
              time=moment_text(sub.info.get("stamp_time"))))
    raise typer.Exit(0 if same else 1)


schema_app = LocalizedTyper()
app.add_typer(schema_app, name="schema")


@schema_app.command("export")
@handles_errors
def schema_export(
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
    report: ReportOpt = None,
) -> None:
    from .core.schema import build_schema, schema_yaml
    from .definition import load_definition
    from .io.atomic import atomic_path

    defn = load_definition(report)
    source = Path(defn.source)
    target = output or source.with_name(source.stem + ".pandera.yaml")
    with atomic_path(target) as tmp:
        tmp.write_text(schema_yaml(build_schema(defn).schema), encoding="utf-8")
    _echo(msg("schema.written", path=target))


def _parse_deadline(text: str | None):
    import datetime as dt

    if not text:
        return None
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d/%m/%Y"):
        try:
            day = dt.datetime.strptime(text, fmt)
            return day if ":" in text else day.replace(hour=23, minute=59, second=59)
        except ValueError:
            continue
    raise typer.BadParameter(text, param_hint="--deadline")


@app.command()
@handles_errors
def consolidate(
    inputs: Annotated[list[Path] | None, typer.Argument()] = None,
    registry: Annotated[Path, typer.Option("--registry")] = Path("registry.csv"),
    unit: Annotated[str, typer.Option("--unit")] = "",
    output: Annotated[Path, typer.Option("-o", "--output")] = Path("tong-hop.xlsx"),
    ledger: Annotated[str | None, typer.Option("--ledger")] = None,
    include_invalid: Annotated[bool, typer.Option("--include-invalid")] = False,
    deadline: Annotated[str | None, typer.Option("--deadline")] = None,
    officer: Annotated[str | None, typer.Option("--officer")] = None,
    own: Annotated[Path | None, typer.Option("--own")] = None,
    targets: TargetsOpt = None,
    report: ReportOpt = None,
    facts: Annotated[Path | None, typer.Option("--facts")] = None,
    workers: WorkersOpt = None,
    executor: ExecutorOpt = "local",
    scheduler: SchedulerOpt = None,
) -> None:
    from .consolidation import consolidate_files
    from .definition import load_definition
    from .registry import load_registry

    defn = load_definition(report)
    reg = load_registry(registry)
    paths, arrivals, held = list(inputs or []), None, None
    if ledger:
        from .consolidation import ledger_inputs
        from .ledger import Ledger

        book = Ledger(ledger, create=False)
        given = ledger_inputs(book, defn)
        book.close()
        paths, arrivals, held = paths + given.paths, given.arrivals, given.held
    if not paths or not unit:
        raise typer.BadParameter(msg("cli.inputs_and_unit"))
    from .validation import workbook_paths

    with _progress(len(workbook_paths(paths))) as advance:
        result = consolidate_files(paths, reg, unit, output, defn, include_invalid, _parse_deadline(deadline),
                                   officer, progress=advance, facts=facts, workers=workers, executor=executor,
                                   scheduler=scheduler, own=own, targets=_targets(defn, targets, registry),
                                   arrivals=arrivals, held=held)
    _echo(msg("cons.written", path=output))
    if facts:
        _echo(msg("cons.facts", path=facts))
    _print_consolidation(result, reg, defn)


def _print_consolidation(result, reg, defn=None) -> None:
    from collections import Counter

    from .core.compare import partial

    expected = [u.code for u in reg.children(result.parent, on=None)]
    reported = {r.unit for r in result.status if r.unit in expected and r.status in
                ("valid", "warnings", "late", "included_invalid", "via_children")}
    pct = f"{len(reported) / len(expected):.0%}" if expected else "—"
    _echo(msg("cons.summary", parent=reg[result.parent].name, reported=len(reported), expected=len(expected),
              pct=pct, files=len(result.counted)))
    for status, count in sorted(Counter(r.status for r in result.status).items()):
        _echo(f"  {msg(f'status.{status}')}: {count}")
    for period in defn.periods if defn is not None else ():
        if partial(result.completeness, period.code):
            filled, units = result.completeness[period.code]
            _echo("  " + msg("cons.partial", period=period.label, filled=filled, units=units))


@app.command()
@handles_errors
def compare(
    file: Annotated[Path, typer.Argument()],
    output: Annotated[Path, typer.Option("-o", "--output")],
    registry: Annotated[Path | None, typer.Option("--registry")] = None,
    targets: TargetsOpt = None,
    report: ReportOpt = None,
) -> None:
    from .consolidation import compare_file
    from .definition import load_definition
    from .registry import load_registry

    defn = load_definition(report)
    reg = load_registry(registry) if registry else None
    path = compare_file(file, output, defn, reg, _targets(defn, targets, registry))
    _echo(msg("cmp.written", path=path))


@app.command("report")
@handles_errors
def report_command(
    workbook: Annotated[Path, typer.Argument()],
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
    check: Annotated[Path | None, typer.Option("--check")] = None,
    registry: Annotated[Path | None, typer.Option("--registry")] = None,
    targets: TargetsOpt = None,
    template: Annotated[Path | None, typer.Option("--template")] = None,
    report: ReportOpt = None,
) -> None:
    from .definition import load_definition
    from .io.report_docx import check_report, facts_of, write_report
    from .messages import language
    from .registry import load_registry

    if (output is None) == (check is None):
        raise typer.BadParameter(msg("report.needs_output"))
    defn = load_definition(report)
    reg = load_registry(registry) if registry else None
    facts = facts_of(workbook, defn, reg, _targets(defn, targets, registry))
    if output is not None:
        _echo(msg("report.written", path=write_report(facts, output, language(), template)))
        return
    changed = check_report(check, facts, language())
    if not changed:
        _echo(msg("report.check_ok", file=check.name))
        return
    _echo(msg("report.check_changed", count=len(changed), file=check.name))
    for c in changed:
        _echo(msg("report.check_line", sentence=c.sentence, label=c.label, written=c.written, now=c.now))
        _echo(msg("report.check_in", paragraph=c.paragraph[:160] + ("…" if len(c.paragraph) > 160 else "")))
    raise typer.Exit(1)


@app.command()
@handles_errors
def send(
    file: Annotated[Path, typer.Argument()],
    to: Annotated[list[str] | None, typer.Option("--to")] = None,
    draft: Annotated[Path | None, typer.Option("--draft")] = None,
    force: Annotated[bool, typer.Option("--force")] = False,
    config: Annotated[Path | None, typer.Option("--config")] = None,
    registry: Annotated[Path | None, typer.Option("--registry")] = None,
    version: Annotated[int, typer.Option("--version")] = 1,
    report: ReportOpt = None,
) -> None:
    from .definition import load_definition
    from .mail.outbox import deliver, prepare
    from .mail.send import load_config

    defn = load_definition(report)
    settings = load_config(config)
    outgoing = prepare(defn, file, settings, to, force, version, _parents(registry))
    if outgoing.refused:
        echo(msg("mail.refused", file=file.name, errors=outgoing.errors) + " " + msg("mail.refused_hint"),
                    err=True, color="red")
        raise typer.Exit(1)
    written = deliver(outgoing, settings, draft)
    if written:
        _echo(msg("mail.draft", path=written))
    else:
        _echo(msg("mail.sent", name=outgoing.name, to=outgoing.message["To"]))


inbox_app = LocalizedTyper()
app.add_typer(inbox_app, name="inbox")


@inbox_app.command("pull")
@handles_errors
def inbox_pull(
    registry: Annotated[Path, typer.Option("--registry")],
    imap: Annotated[str | None, typer.Option("--imap")] = None,
    from_dir: Annotated[Path | None, typer.Option("--from-dir")] = None,
    inbox: Annotated[Path, typer.Option("--inbox")] = Path("inbox"),
    ledger: Annotated[str | None, typer.Option("--ledger")] = None,
    max_mb: Annotated[float, typer.Option("--max-mb")] = 20,
    config: Annotated[Path | None, typer.Option("--config")] = None,
    unit: Annotated[str | None, typer.Option("--unit")] = None,
    receipts: Annotated[bool, typer.Option("--receipts")] = False,
    receipts_dir: Annotated[Path | None, typer.Option("--receipts-dir")] = None,
    report: ReportOpt = None,
) -> None:
    from .definition import load_definition
    from .ledger import Ledger
    from .mail.inbox import mails_from_dir, mails_from_imap, pull
    from .registry import load_registry

    if imap and from_dir:
        raise typer.BadParameter(msg("cli.imap_or_dir"))
    if from_dir and not from_dir.is_dir():
        raise XlunionError(None, "cli.no_folder", path=from_dir)
    account = None if from_dir else _imap_account(imap, config)  # a password in the URL: refused first
    reg, defn = load_registry(registry), load_definition(report)
    if unit and unit not in reg:
        raise XlunionError(registry, "cli.unknown_unit", code=unit)
    book = Ledger(ledger or inbox / "ledger.sqlite")
    mails = mails_from_imap(account, book) if account else mails_from_dir(from_dir)
    result = pull(mails, inbox, book, defn, reg, max_mb, parent=unit, said=_say_pulled)
    _echo(msg("pull.summary", stored=len(result.stored), duplicates=len(result.duplicates),
              rejected=len(result.rejected)))
    _echo(msg("pull.summary_messages", messages=len(result.messages),
              empty=sum(p.outcome == "empty" for p in result.messages)))
    if receipts or receipts_dir:
        _send_receipts(defn, result, book, reg, unit, config, receipts_dir)
    book.close()
    if result.interrupted is not None:  # what was stored is said above; then why the pull stopped
        raise result.interrupted


def _say_pulled(pulled) -> None:
    """A message's lines as soon as it is done: every message has one, every file has one."""
    for line in pulled.lines:
        echo(line.text(), color="yellow" if line.outcome in ("refused", "empty") else None)


def _send_receipts(defn, result, book, reg, unit: str | None, config: Path | None, folder: Path | None) -> None:
    """A receipt for each file pulled, mailed (or written to ``folder``) and recorded in the ledger; one
    that cannot be sent is said and the others still go."""
    from .mail.replies import receipt_message, receipts
    from .mail.send import load_config, send_message, write_draft

    settings = load_config(config)
    sender = settings.sender or settings.user or (reg[unit].email if unit else "") or "xlunion@localhost"
    union = reg[unit].name if unit else sender
    for index, (item, entry) in enumerate(receipts(result, book, reg), 1):
        message = receipt_message(defn, item, sender, union)
        kind = msg(f"receipt.kind.{item.kind}")
        try:
            draft = write_draft(message, folder / f"xac-nhan_{index:03}.eml") if folder else None
            if draft is None:
                send_message(message, settings)
        except XlunionError as exc:
            echo(msg("receipt.failed", to=item.to, reason=exc.render(short=True)), color="yellow")
            continue
        book.record_reply(f"receipt.{item.kind}", message, unit=entry.unit if entry else "",
                          draft=str(draft) if draft else None, submission=entry.id if entry else None)
        _echo(msg("receipt.drafted", kind=kind, to=item.to, path=draft) if draft else
              msg("receipt.sent", kind=kind, to=item.to, name=item.name))


@inbox_app.command("review")
@handles_errors
def inbox_review(ledger: Annotated[str, typer.Option("--ledger")], report: ReportOpt = None) -> None:
    from .definition import load_definition
    from .ledger import Ledger

    defn = load_definition(report)
    book = Ledger(ledger, create=False)
    waiting = book.held(defn.id, defn.term.name)
    book.close()
    for entry in waiting:
        _echo(msg("review.line", id=entry.id, unit=entry.unit, sender=entry.sender or "?",
                  received=entry.received.isoformat(sep=" ", timespec="minutes"), name=entry.original_name))
        for key, values in entry.note_list():
            _echo("    " + msg(key, **values))
    _echo(msg("review.summary", count=len(waiting)) if waiting else msg("review.none"))


def _decide(ledger: str, ids: list[int], decision: str) -> None:
    from .ledger import Ledger

    book = Ledger(ledger, create=False)
    try:
        known = {e.id: e for e in book.entries()}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise XlunionError(None, "review.unknown_id", ids=", ".join(map(str, unknown)))
        for entry_id in ids:
            entry = book.decide(entry_id, decision)
            _echo(msg(f"review.{decision}", id=entry.id, unit=entry.unit, name=entry.original_name))
    finally:
        book.close()


@inbox_app.command("accept")
@handles_errors
def inbox_accept(ids: Annotated[list[int], typer.Argument()],
                 ledger: Annotated[str, typer.Option("--ledger")]) -> None:
    _decide(ledger, ids, "accepted")


@inbox_app.command("reject")
@handles_errors
def inbox_reject(ids: Annotated[list[int], typer.Argument()],
                 ledger: Annotated[str, typer.Option("--ledger")]) -> None:
    _decide(ledger, ids, "rejected")


def _imap_account(url: str | None, config: Path | None):
    """The mailbox of ``--imap`` (with the config's CA file and opt-in) or of the config's ``[imap]``."""
    from .mail.config import imap_from_url, load_imap_config

    settings = load_imap_config(config)
    if url:
        return imap_from_url(url, settings)
    if settings is None:
        raise typer.BadParameter(msg("mail.no_source"))
    return settings


mail_app = LocalizedTyper()
app.add_typer(mail_app, name="mail")


@mail_app.command("login")
@handles_errors
def mail_login(config: Annotated[Path | None, typer.Option("--config")] = None) -> None:
    from .mail.config import DEFAULT_CONFIG, load_config, load_imap_config
    from .mail.security import store_password
    from .terminal import shown

    accounts = [("smtp", load_config(config)), ("imap", load_imap_config(config))]
    accounts = [(kind, a) for kind, a in accounts if a is not None and a.user]
    if not accounts:
        raise XlunionError(None, "mail.login_nothing", path=config or DEFAULT_CONFIG)
    for kind, account in accounts:
        values = {"kind": kind.upper(), "user": account.user}
        secret = typer.prompt(shown(msg("mail.login_prompt", host=account.host, **values)), default="",
                              show_default=False, hide_input=True)
        if secret:
            store_password(kind, account.user, secret)
            _echo(msg("mail.login_stored", **values))
        else:
            _echo(msg("mail.login_kept", **values))


def _parent_ledger(registry: Path, unit: str, ledger: str, report: Path | None):
    """The definition, the registry holding ``unit``, and the existing ledger, for the commands that
    read how a parent's units stand (a mistyped path or code is an error, never an empty answer)."""
    from .definition import load_definition
    from .ledger import Ledger
    from .registry import load_registry

    defn, reg = load_definition(report), load_registry(registry)
    if unit not in reg:
        raise XlunionError(registry, "cli.unknown_unit", code=unit)
    return defn, reg, Ledger(ledger, create=False)


@app.command()
@handles_errors
def status(
    registry: Annotated[Path, typer.Option("--registry")],
    unit: Annotated[str, typer.Option("--unit")],
    ledger: Annotated[str, typer.Option("--ledger")],
    deadline: Annotated[str | None, typer.Option("--deadline")] = None,
    report: ReportOpt = None,
) -> None:
    from rich.table import Table

    from .mail.tracking import completeness

    defn, reg, book = _parent_ledger(registry, unit, ledger, report)
    rows, summary = completeness(defn, reg, unit, book, _parse_deadline(deadline))
    table = Table(title=shown_text(msg("status.title", unit=reg[unit].name)))
    for key in ("unit", "status", "received", "file"):
        table.add_column(msg(f"status.col.{key}"))
    for code, name, state, received, file in rows:
        table.add_row(*map(shown_text, (f"{code} {name}", msg(f"status.{state}"), received, file)))
    console().print(table)
    _echo(msg("status.summary", **summary))
    book.close()


@app.command()
@handles_errors
def remind(
    registry: Annotated[Path, typer.Option("--registry")],
    unit: Annotated[str, typer.Option("--unit")],
    ledger: Annotated[str, typer.Option("--ledger")],
    deadline: Annotated[str | None, typer.Option("--deadline")] = None,
    config: Annotated[Path | None, typer.Option("--config")] = None,
    dry_run: Annotated[Path | None, typer.Option("--dry-run")] = None,
    report: ReportOpt = None,
) -> None:
    from .mail.reminders import remind as send_reminders
    from .mail.send import load_config

    defn, reg, book = _parent_ledger(registry, unit, ledger, report)
    try:
        done = send_reminders(defn, reg, unit, book, load_config(config), _parse_deadline(deadline), dry_run)
    finally:
        book.close()
    for item in done:
        name = f"{item.unit} {reg[item.unit].name}"
        if not item.to:
            echo(msg("remind.no_address", unit=name), color="yellow")
        else:
            _echo(msg("remind.drafted" if item.draft else "remind.sent", unit=name, to=", ".join(item.to),
                      state=msg(f"status.{item.state}"), path=item.draft or ""))
    _echo(msg("remind.summary", count=sum(bool(i.to) for i in done)) if done else msg("remind.none"))


@app.command()
@handles_errors
def diff(
    old: Annotated[Path, typer.Argument()],
    new: Annotated[Path, typer.Argument()],
    report: ReportOpt = None,
) -> None:
    from rich.table import Table

    from .core.diff import diff as changes
    from .core.findings import show_value
    from .definition import load_definition
    from .validation import read_one

    defn = load_definition(report)
    found = changes(defn, read_one(old, defn), read_one(new, defn))
    if not found:
        _echo(msg("diff.none"))
        return
    labels = {p.code: p.label for p in defn.periods}
    table = Table()
    for key in ("indicator", "period", "old", "new"):
        table.add_column(msg(f"diff.col.{key}"))
    for c in found:
        table.add_row(*map(shown_text, (defn[c.indicator].label, labels[c.period],
                                         "" if c.old is None else show_value(float(c.old)),
                                         "" if c.new is None else show_value(float(c.new)))))
    console().print(table)


addin_app = LocalizedTyper()
app.add_typer(addin_app, name="addin")


@addin_app.command("build")
@handles_errors
def addin_build(output: Annotated[Path, typer.Option("-o", "--output")] = Path("xlunion.xlam"),
                macros: Annotated[Path | None, typer.Option("--macros")] = None,
                with_excel: Annotated[bool, typer.Option("--with-excel")] = False) -> None:
    from .excel.setup import write_setup
    from .vba.xlam import MACROS, build_xlam

    if with_excel:  # a release: the VBA project written by Excel itself (Windows with Excel)
        from .excel.build import build_with_excel

        _echo(msg("addin.built_with_excel", path=build_with_excel(output, macros or MACROS)))
    else:
        _echo(msg("addin.built", path=build_xlam(output, macros or MACROS)))
    _echo(msg("addin.setup_written", path=write_setup(output.parent)))


@addin_app.command("install")
@handles_errors
def addin_install(
    xlam: Annotated[Path | None, typer.Option("--file")] = None,
    folder: Annotated[Path | None, typer.Option("--dir")] = None,
) -> None:
    import sys
    import tempfile

    from .excel.install import install
    from .vba.xlam import build_xlam

    with tempfile.TemporaryDirectory() as tmp:
        source = xlam or build_xlam(Path(tmp) / "xlunion.xlam")
        target, config = install(source, folder)
    _echo(msg("install.done", path=target, python=sys.executable, config=config))


@addin_app.command("uninstall")
@handles_errors
def addin_uninstall(folder: Annotated[Path | None, typer.Option("--dir")] = None) -> None:
    from .excel.install import uninstall

    removed = uninstall(folder)
    for path in removed:
        _echo(msg("install.removed", path=path))
    if not removed:
        _echo(msg("install.nothing"))


@addin_app.command("doctor")
@handles_errors
def addin_doctor(folder: Annotated[Path | None, typer.Option("--dir")] = None) -> None:
    from .excel.doctor import doctor

    checks = doctor(folder)
    for check in checks:
        echo(("✓ " if check.ok else "✗ ") + msg(check.key, **check.values), color=None if check.ok else "yellow")
    raise typer.Exit(0 if all(c.ok for c in checks) else 1)
