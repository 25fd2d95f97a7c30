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
from .messages import msg, set_language

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="xlunion — báo cáo số liệu Công đoàn theo cấp, trong Excel.")

ReportOpt = Annotated[Path | None, typer.Option("--report", help="Tệp định nghĩa báo cáo (schemas/*.yaml).")]


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
) -> None:
    """Ghi biểu mẫu trống (có thể điền sẵn mã, tên đơn vị và cấp trên)."""
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
        filling = blank_filling(defn, found, reg[found.parent] if found.parent else None)
    path = write_workbook(defn, output or Path(template_name(defn, unit)), filling)
    _echo(msg("cli.template.written", path=path))


@app.command()
@handles_errors
def demo(
    directory: Annotated[Path, typer.Argument(help="Thư mục ghi dữ liệu mẫu.")] = Path("demo"),
    report: ReportOpt = None,
    seed: Annotated[int, typer.Option(help="Hạt giống ngẫu nhiên (cùng hạt giống, cùng số liệu).")] = 2025,
) -> None:
    """Tạo tỉnh mẫu: danh mục đơn vị và báo cáo đã điền của mọi CĐCS."""
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
    for path, key, values in result.mistakes:
        _echo("  " + msg("cli.demo.mistake", file=path.name, what=msg(key, **values)))


if __name__ == "__main__":  # pragma: no cover
    app()
