"""The ``xlunion`` command line: a thin adapter over the library.

Each command imports only what it uses (pandas and pandera are slow to import).
Operational failures print one clear message and exit with status 2.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated

import typer

from .errors import XlunionError
from .messages import msg, set_language, vn_number

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="xlunion — báo cáo số liệu Công đoàn theo cấp, trong Excel.")

ReportOpt = Annotated[Path | None, typer.Option("--report", help="Tệp định nghĩa báo cáo (schemas/*.yaml).")]
TargetsOpt = Annotated[list[Path] | None, typer.Option(
    "--targets", help="Tệp hoặc thư mục chỉ tiêu Nghị quyết (.yaml), thêm vào schemas/targets/; có thể lặp lại.")]


def _targets(defn, extra: list[Path] | None, registry: Path | None = None):
    """The resolutions to judge by: beside the definition, those given, and a ``chi-tieu`` folder
    beside the registry (where the demo and an office keep theirs)."""
    from .targets import load_target_sets

    folders = list(extra or [])
    if registry is not None and (Path(registry).parent / "chi-tieu").is_dir():
        folders.append(Path(registry).parent / "chi-tieu")
    return load_target_sets(defn, folders)


@app.callback()
def main(lang: Annotated[str, typer.Option("--lang", help="Ngôn ngữ thông báo: vi | en.")] = "vi") -> None:
    set_language(lang)


def _echo(text: str) -> None:
    typer.echo(text)


def handles_errors(func):
    """Turn an XlunionError into one message and exit status 2, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except XlunionError as exc:
            typer.secho(msg("cli.error", message=exc.render()), err=True, fg="red")
            raise typer.Exit(2) from None

    return wrapper


@app.command()
@handles_errors
def template(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Tệp kết quả .xlsx.")] = None,
    report: ReportOpt = None,
    registry: Annotated[Path | None, typer.Option("--registry", help="Danh mục đơn vị (.csv/.xlsx).")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Mã đơn vị để điền sẵn.")] = None,
    targets: TargetsOpt = None,
) -> None:
    """Ghi biểu mẫu trống (có thể điền sẵn mã, tên đơn vị, cấp trên và chỉ tiêu cấp trên giao)."""
    from .definition import load_definition
    from .io.template import blank_filling, template_name, write_workbook
    from .registry import load_registry

    defn = load_definition(report)
    filling = blank_filling(defn)
    if unit:
        if registry is None:
            raise typer.BadParameter("--unit cần --registry", param_hint="--unit")
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
    directory: Annotated[Path, typer.Argument(help="Thư mục ghi dữ liệu mẫu.")] = Path("demo"),
    report: ReportOpt = None,
    seed: Annotated[int, typer.Option(help="Hạt giống ngẫu nhiên (cùng hạt giống, cùng số liệu).")] = 2025,
    mail: Annotated[bool, typer.Option("--mail", help="Thêm vòng gửi thư nháp, nhận vào hộp thư, ghi sổ.")] = False,
) -> None:
    """Tạo tỉnh mẫu: danh mục đơn vị, Nghị quyết, báo cáo của mọi CĐCS và số liệu cấp mình của cấp trên."""
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
    for parent, count in sorted(Counter(p.parent.name for p in result.children).items()):
        _echo("  " + msg("cli.demo.children", count=count, path=directory / "inbox" / parent))
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
    from .core.compare import judge_all
    from .core.derive import derive
    from .core.findings import show_value
    from .io.read import read_submission
    from .io.template import filling_of
    from .targets import target_text

    sub = read_submission(path, defn)
    filling = filling_of(defn, sub, registry, sets)
    _echo(msg("cli.demo.targets", unit=sub.meta.get("unit_name", "")))
    judgements = judge_all(defn, derive(defn, sub.values), filling.applied, sub.meta.get("cutoff") or None)
    for resolution in sorted({j.applied.resolution for j in judgements if j.applied.judged}):
        _echo("  " + msg("cli.targets.resolution", name=resolution))
    for j in judgements:
        ind = j.indicator
        shown = "—" if j.actual is None else (vn_number(j.actual * 100, 1) + "%" if ind.is_percent
                                               else show_value(float(j.actual)))
        target = target_text(ind, j.applied.target)
        if not j.applied.judged:
            share = "—" if j.reached is None else vn_number(j.reached * 100, 1) + "%"
            _echo(msg("cmp.contribution_line", label=ind.label, current=shown, target=target, share=share,
                      holder=j.applied.holder_name or j.applied.holder))
            continue
        _echo(msg("cmp.line", label=ind.label, current=shown, target=target, status=j.status or "—",
                  outlook=j.outlook or "—"))


if __name__ == "__main__":  # pragma: no cover
    app()


def _parents(registry: Path | None) -> dict[str, str] | None:
    if registry is None:
        return None
    from .registry import load_registry

    return load_registry(registry).parents()


WorkersOpt = Annotated[int | None, typer.Option("--workers", help="Số tiến trình đọc tệp (mặc định: số lõi CPU).")]
ExecutorOpt = Annotated[str, typer.Option("--executor", help="local | dask (đọc trên cụm Dask).")]
SchedulerOpt = Annotated[str | None, typer.Option("--scheduler", help="Địa chỉ cụm Dask, tcp://máy:8786.")]


@app.command()
@handles_errors
def validate(
    files: Annotated[list[Path], typer.Argument(help="Tệp .xlsx hoặc thư mục.")],
    registry: Annotated[Path | None, typer.Option("--registry", help="Danh mục đơn vị để kiểm tra mã.")] = None,
    annotate: Annotated[Path | None, typer.Option("--annotate", help="Thư mục ghi bản đánh dấu.")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Đánh dấu ngay trên tệp gốc.")] = False,
    stamp: Annotated[bool, typer.Option("--stamp", help="Đóng dấu kiểm tra vào tệp không có lỗi.")] = False,
    output_format: Annotated[str, typer.Option("--format", help="text | json")] = "text",
    outlier_factor: Annotated[float, typer.Option(help="Hệ số thay đổi bất thường.")] = 3.0,
    lang: Annotated[str | None, typer.Option("--lang", help="vi | en (như tùy chọn chung --lang).")] = None,
    report: ReportOpt = None,
    workers: WorkersOpt = None,
    executor: ExecutorOpt = "local",
    scheduler: SchedulerOpt = None,
) -> None:
    """Kiểm tra số liệu; mã thoát 0 hợp lệ, 1 có lỗi, 2 tệp không dùng được."""
    if lang:
        set_language(lang)
    from .definition import load_definition
    from .validation import validate_files, workbook_paths

    defn = load_definition(report)
    paths = workbook_paths(files)
    if not paths:
        typer.secho(msg("val.no_files"), err=True, fg="red")
        raise typer.Exit(2)
    with _progress(len(paths)) as advance:
        result = validate_files(paths, defn, _parents(registry), outlier_factor, progress=advance, workers=workers,
                                executor=executor, scheduler=scheduler)
    if annotate or in_place or stamp:
        _write_back(defn, result, annotate, in_place, stamp)
    if output_format == "json":
        _print_json(result)
    else:
        _print_table(result)
    raise typer.Exit(result.exit_code)


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


def _write_back(defn, result, annotate: Path | None, in_place: bool, stamp: bool) -> None:
    from .core.receipt import receipt
    from .io.annotate import annotate as write_marks
    from .io.annotate import now_iso

    for r in result.files:
        if r.submission is None:
            continue
        target = r.path if (in_place or (stamp and not annotate)) else annotate / r.path.name
        info = None
        if stamp and r.status != "errors":
            info = receipt(defn, r.submission, now_iso())
        elif stamp:
            _echo(msg("val.not_stamped", file=r.path.name))
        if target == r.path and not (in_place or info):
            continue
        write_marks(r.path, r.findings, target, info=info)
        _echo(msg("val.stamped" if info else "val.annotated", path=target))


def _print_table(result) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    if result.findings:
        table = Table(show_lines=False)
        for key in ("severity", "where", "message"):
            table.add_column(msg(f"val.col.{key}"))
        for f in result.findings:
            color = "red" if f.severity == "error" else "yellow"
            table.add_row(f"[{color}]{msg('annot.' + f.severity)}[/]", f"{f.file}\n{f.sheet}!{f.cell}", f.message())
        console.print(table)
    counts = {"errors": 0, "warnings": 0}
    for r in result.files:
        if r.error is not None:
            console.print(msg("val.unusable", file=r.path.name, reason=r.error.render()), style="red")
            continue
        e = sum(f.severity == "error" for f in r.findings)
        counts["errors"] += e
        counts["warnings"] += len(r.findings) - e
    statuses = [r.status for r in result.files]
    console.print(msg("val.total", files=len(statuses), valid=statuses.count("ok") + statuses.count("warnings"),
                      invalid=statuses.count("errors"), unusable=statuses.count("unusable"), **counts))


def _print_json(result) -> None:
    import json

    out = {"files": [{"file": str(r.path), "status": r.status,
                      "error": r.error.render() if r.error else None,
                      "reason": r.error.key if r.error else None,
                      "findings": [f.as_dict() for f in r.findings]} for r in result.files],
           "exit_code": result.exit_code}
    typer.echo(json.dumps(out, ensure_ascii=False, indent=1, default=str))


@app.command()
@handles_errors
def verify(file: Annotated[Path, typer.Argument(help="Tệp đã đóng dấu kiểm tra.")], report: ReportOpt = None) -> None:
    """Cho biết số liệu có thay đổi sau khi đóng dấu kiểm tra không (0 không đổi, 1 đã đổi, 2 chưa có dấu)."""
    from .core.receipt import facts_digest
    from .definition import load_definition
    from .io.read import read_submission

    defn = load_definition(report)
    sub = read_submission(file, defn)
    stamped = sub.info.get("stamp_facts_sha256")
    if not stamped:
        _echo(msg("verify.no_stamp", file=file.name))
        raise typer.Exit(2)
    same = stamped == facts_digest(defn, sub)
    _echo(msg("verify.unchanged" if same else "verify.changed", file=file.name, time=sub.info.get("stamp_time")))
    raise typer.Exit(0 if same else 1)


schema_app = typer.Typer(help="Lược đồ pandera sinh từ định nghĩa báo cáo.")
app.add_typer(schema_app, name="schema")


@schema_app.command("export")
@handles_errors
def schema_export(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Tệp YAML kết quả.")] = None,
    report: ReportOpt = None,
) -> None:
    """Ghi lược đồ pandera (dạng YAML của pandera) bên cạnh định nghĩa trong schemas/."""
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
    inputs: Annotated[list[Path] | None, typer.Argument(help="Tệp .xlsx hoặc thư mục của các đơn vị trực thuộc.")]
    = None,
    registry: Annotated[Path, typer.Option("--registry", help="Danh mục đơn vị.")] = Path("registry.csv"),
    unit: Annotated[str, typer.Option("--unit", help="Mã đơn vị tổng hợp (cấp trên).")] = "",
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp báo cáo tổng hợp .xlsx.")] = Path("tong-hop.xlsx"),
    ledger: Annotated[str | None, typer.Option("--ledger", help="Lấy bản hợp lệ mới nhất của mỗi đơn vị từ sổ.")]
    = None,
    include_invalid: Annotated[bool, typer.Option("--include-invalid", help="Tổng hợp cả báo cáo có lỗi.")] = False,
    deadline: Annotated[str | None, typer.Option("--deadline", help="Hạn nộp (31/01/2026).")] = None,
    officer: Annotated[str | None, typer.Option("--officer", help="Người lập biểu tổng hợp.")] = None,
    own: Annotated[Path | None, typer.Option(
        "--own", help="Biểu mẫu của chính đơn vị tổng hợp: số liệu cấp mình, Nghị quyết, chỉ tiêu.")] = None,
    targets: TargetsOpt = None,
    report: ReportOpt = None,
    facts: Annotated[Path | None, typer.Option("--facts", help="Ghi thêm số liệu dạng bảng (Parquet) để phân tích.")]
    = None,
    workers: WorkersOpt = None,
    executor: ExecutorOpt = "local",
    scheduler: SchedulerOpt = None,
) -> None:
    """Tổng hợp báo cáo của các đơn vị trực thuộc vào báo cáo của cấp trên."""
    from .consolidation import consolidate_files
    from .definition import load_definition
    from .registry import load_registry

    defn = load_definition(report)
    reg = load_registry(registry)
    paths = list(inputs or [])
    if ledger:
        from .ledger import Ledger

        book = Ledger(ledger)
        paths += [Path(e.file) for e in book.latest(defn.id, defn.term.name)]
        book.close()
    if not paths or not unit:
        raise typer.BadParameter("INPUTS (hoặc --ledger) và --unit")
    from .validation import workbook_paths

    with _progress(len(workbook_paths(paths))) as advance:
        result = consolidate_files(paths, reg, unit, output, defn, include_invalid, _parse_deadline(deadline),
                                   officer, progress=advance, facts=facts, workers=workers, executor=executor,
                                   scheduler=scheduler, own=own, targets=_targets(defn, targets, registry))
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
    file: Annotated[Path, typer.Argument(help="Báo cáo (của một đơn vị hoặc đã tổng hợp).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp kết quả .xlsx.")],
    registry: Annotated[Path | None, typer.Option(
        "--registry", help="Danh mục đơn vị: để biết chỉ tiêu cấp trên giao cho đơn vị.")] = None,
    targets: TargetsOpt = None,
    report: ReportOpt = None,
) -> None:
    """Bảng so sánh đầu nhiệm kỳ – hiện tại với chỉ tiêu Nghị quyết, có biểu đồ."""
    from .consolidation import compare_file
    from .definition import load_definition
    from .registry import load_registry

    defn = load_definition(report)
    reg = load_registry(registry) if registry else None
    path = compare_file(file, output, defn, reg, _targets(defn, targets, registry))
    _echo(msg("cmp.written", path=path))


@app.command()
@handles_errors
def send(
    file: Annotated[Path, typer.Argument(help="Báo cáo cần gửi.")],
    to: Annotated[list[str] | None, typer.Option("--to", help="Người nhận (có thể lặp lại).")] = None,
    draft: Annotated[Path | None, typer.Option("--draft", help="Ghi thư nháp .eml thay vì gửi.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Vẫn gửi khi còn lỗi (thư sẽ nói rõ).")] = False,
    config: Annotated[Path | None, typer.Option("--config", help="Tệp cấu hình thư (TOML).")] = None,
    registry: Annotated[Path | None, typer.Option("--registry", help="Danh mục đơn vị.")] = None,
    version: Annotated[int, typer.Option("--version", help="Lần gửi (đặt tên tệp _vN).")] = 1,
    report: ReportOpt = None,
) -> None:
    """Kiểm tra, đóng dấu và gửi báo cáo lên cấp trên (hoặc ghi thư nháp .eml)."""
    from .definition import load_definition
    from .mail.outbox import deliver, prepare
    from .mail.send import load_config

    defn = load_definition(report)
    settings = load_config(config)
    outgoing = prepare(defn, file, settings, to, force, version, _parents(registry))
    if outgoing.refused:
        typer.secho(msg("mail.refused", file=file.name, errors=outgoing.errors), err=True, fg="red")
        raise typer.Exit(1)
    written = deliver(outgoing, settings, draft)
    if written:
        _echo(msg("mail.draft", path=written))
    else:
        _echo(msg("mail.sent", name=outgoing.name, to=outgoing.message["To"]))


inbox_app = typer.Typer(help="Hộp thư đến: nhận báo cáo từ thư điện tử.")
app.add_typer(inbox_app, name="inbox")


@inbox_app.command("pull")
@handles_errors
def inbox_pull(
    registry: Annotated[Path, typer.Option("--registry", help="Danh mục đơn vị.")],
    imap: Annotated[str | None, typer.Option("--imap", help="imap://user@host:port/INBOX")] = None,
    from_dir: Annotated[Path | None, typer.Option("--from-dir", help="Thư mục chứa tệp .eml/.msg.")] = None,
    inbox: Annotated[Path, typer.Option("--inbox", help="Thư mục lưu báo cáo.")] = Path("inbox"),
    ledger: Annotated[str | None, typer.Option("--ledger", help="Sổ theo dõi (tệp SQLite hoặc URL).")] = None,
    max_mb: Annotated[float, typer.Option("--max-mb", help="Dung lượng tối đa một tệp.")] = 20,
    report: ReportOpt = None,
) -> None:
    """Lấy tệp báo cáo đính kèm từ hộp thư IMAP hoặc thư mục .eml, lưu một lần và ghi sổ."""
    from .definition import load_definition
    from .ledger import Ledger
    from .mail.inbox import mails_from_dir, mails_from_imap, pull
    from .registry import load_registry

    if bool(imap) == bool(from_dir):
        raise typer.BadParameter("--imap hoặc --from-dir (một trong hai)")
    book = Ledger(ledger or inbox / "ledger.sqlite")
    mails = mails_from_imap(imap) if imap else mails_from_dir(from_dir)
    result = pull(mails, inbox, book, load_definition(report), load_registry(registry), max_mb)
    for entry in result.stored:
        _echo(msg("pull.stored", file=entry.file, unit=entry.unit, status=entry.status, sender=entry.sender))
    for name, _entry in result.duplicates:
        _echo(msg("pull.duplicate", name=name))
    for source, name, key, values in result.rejected:
        typer.secho(msg("pull.rejected", name=name, source=source, reason=msg(key, **values)), fg="yellow")
    _echo(msg("pull.summary", stored=len(result.stored), duplicates=len(result.duplicates),
              rejected=len(result.rejected)))
    book.close()


@app.command()
@handles_errors
def status(
    registry: Annotated[Path, typer.Option("--registry", help="Danh mục đơn vị.")],
    unit: Annotated[str, typer.Option("--unit", help="Đơn vị cấp trên.")],
    ledger: Annotated[str, typer.Option("--ledger", help="Sổ theo dõi (tệp SQLite hoặc URL).")],
    deadline: Annotated[str | None, typer.Option("--deadline", help="Hạn nộp.")] = None,
    report: ReportOpt = None,
) -> None:
    """Tình hình nộp báo cáo của các đơn vị trực thuộc theo sổ theo dõi."""
    from rich.console import Console
    from rich.table import Table

    from .definition import load_definition
    from .ledger import Ledger
    from .mail.tracking import completeness
    from .registry import load_registry

    defn = load_definition(report)
    reg = load_registry(registry)
    book = Ledger(ledger)
    rows, summary = completeness(defn, reg, unit, book, _parse_deadline(deadline))
    table = Table(title=msg("status.title", unit=reg[unit].name))
    for key in ("unit", "status", "received", "file"):
        table.add_column(msg(f"status.col.{key}"))
    for code, name, state, received, file in rows:
        table.add_row(f"{code} {name}", msg(f"status.{state}"), received, file)
    Console(highlight=False).print(table)
    _echo(msg("status.summary", **summary))
    book.close()


@app.command()
@handles_errors
def diff(
    old: Annotated[Path, typer.Argument(help="Bản cũ.")],
    new: Annotated[Path, typer.Argument(help="Bản mới.")],
    report: ReportOpt = None,
) -> None:
    """Các số liệu đã thay đổi giữa hai lần gửi báo cáo."""
    from rich.console import Console
    from rich.table import Table

    from .core.diff import diff as changes
    from .core.findings import show_value
    from .definition import load_definition
    from .io.read import read_submission

    defn = load_definition(report)
    found = changes(defn, read_submission(old, defn), read_submission(new, defn))
    if not found:
        _echo(msg("diff.none"))
        return
    labels = {p.code: p.label for p in defn.periods}
    table = Table()
    for key in ("indicator", "period", "old", "new"):
        table.add_column(msg(f"diff.col.{key}"))
    for c in found:
        table.add_row(f"{c.indicator} {defn[c.indicator].label}", labels[c.period],
                      "" if c.old is None else str(show_value(float(c.old))),
                      "" if c.new is None else str(show_value(float(c.new))))
    Console(highlight=False).print(table)


addin_app = typer.Typer(help="Add-in Excel: thẻ Công đoàn.")
app.add_typer(addin_app, name="addin")


@addin_app.command("build")
@handles_errors
def addin_build(output: Annotated[Path, typer.Option("-o", "--output", help="Tệp .xlam.")] = Path("xlunion.xlam"),
                macros: Annotated[Path | None, typer.Option("--macros", help="Thư mục nguồn VBA và ribbon.")] = None
                ) -> None:
    """Tạo xlunion.xlam từ macros/ (không cần Excel)."""
    from .vba.xlam import MACROS, build_xlam

    _echo(msg("addin.built", path=build_xlam(output, macros or MACROS)))


@addin_app.command("install")
@handles_errors
def addin_install(
    xlam: Annotated[Path | None, typer.Option("--file", help="Add-in đã tạo (mặc định: tạo mới).")] = None,
    folder: Annotated[Path | None, typer.Option("--dir", help="Thư mục XLSTART (mặc định của Excel).")] = None,
) -> None:
    """Cài add-in vào nơi Excel tự mở và chỉ cho xlwings dùng Python này."""
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
def addin_uninstall(folder: Annotated[Path | None, typer.Option("--dir", help="Thư mục XLSTART.")] = None) -> None:
    """Gỡ add-in và cấu hình của nó."""
    from .excel.install import uninstall

    removed = uninstall(folder)
    for path in removed:
        _echo(msg("install.removed", path=path))
    if not removed:
        _echo(msg("install.nothing"))


@addin_app.command("doctor")
@handles_errors
def addin_doctor(folder: Annotated[Path | None, typer.Option("--dir", help="Thư mục XLSTART.")] = None) -> None:
    """Chẩn đoán các lỗi cài đặt thường gặp."""
    from .excel.install import doctor

    checks = doctor(folder)
    for check in checks:
        typer.secho(("✓ " if check.ok else "✗ ") + msg(check.key, **check.values), fg=None if check.ok else "yellow")
    raise typer.Exit(0 if all(c.ok for c in checks) else 1)
