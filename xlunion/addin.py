"""What the “Công đoàn” ribbon buttons run (``RunPython "import xlunion.addin; …"``).

One small function per button. Each takes the calling workbook (``xw.Book.caller()``
through :class:`~xlunion.excel.live.LiveWorkbook`, or any other
:class:`~xlunion.excel.adapter.Workbook`), hands it to the same code the command line
uses, and reports in a Vietnamese message box — never a Python traceback.
"""

from __future__ import annotations

import functools
import sys
import tempfile
import traceback
from pathlib import Path

from .errors import XlunionError
from .excel.adapter import Workbook
from .messages import msg

REGISTRY_NAMES = ("registry.csv", "registry.xlsx", "danh-muc-don-vi.csv", "danh-muc-don-vi.xlsx")
INBOX_FOLDER = "bao-cao-don-vi"


def caller() -> Workbook:
    """The workbook whose button was pressed (xlwings' ``Book.caller()``)."""
    from .excel.live import LiveWorkbook

    return LiveWorkbook.caller()


def no_workbook():
    """Where a message goes when the workbook could not be reached (tests swap it for a file)."""
    from .excel.notice import Notice

    return Notice()


def _fix() -> str:
    return msg("addin.fix_mac" if sys.platform == "darwin" else "addin.fix_windows")


def _failure(book, exc: BaseException) -> None:
    """The officer's sentence for ``exc``; the technical detail goes to a log file."""
    if isinstance(exc, XlunionError):
        book.show(msg("addin.failed", message=exc.render()), title="xlunion")
    elif isinstance(exc, ImportError):  # a package missing or broken in the add-in's Python
        module = exc.name or str(exc)
        book.show(msg("addin.missing_module", python=sys.executable, module=module, fix=_fix()), title="xlunion")
    else:
        log = Path(tempfile.gettempdir()) / "xlunion-addin.log"
        log.write_text(traceback.format_exc(), encoding="utf-8")
        book.show(msg("addin.unexpected", error=exc.__class__.__name__, log=log), title="xlunion")


def _button(action):
    """Run ``action`` on the calling workbook; any failure becomes a message box, including
    failing to reach the workbook at all (xlwings missing, ``Book.caller()`` refused)."""

    @functools.wraps(action)
    def run(book: Workbook | None = None):
        if book is None:
            try:
                book = caller()
            except ImportError as exc:
                _failure(no_workbook(), exc)
                return None
            except Exception as exc:  # noqa: BLE001 - COM or AppleScript errors of every kind
                no_workbook().show(msg("addin.no_caller", error=_short(exc)), title="xlunion")
                return None
        try:
            return action(book)
        except Exception as exc:  # noqa: BLE001 - an officer sees a sentence, the log keeps the rest
            _failure(book, exc)
        return None

    return run


def _short(exc: Exception) -> str:
    return (str(exc).splitlines() or [""])[0][:160] or exc.__class__.__name__


def _definition():
    from .definition import load_definition

    return load_definition()


def find_registry(start: Path) -> Path | None:
    """The unit registry beside the workbook or in a folder above it."""
    for folder in (start, *list(start.parents)[:2]):
        for name in REGISTRY_NAMES:
            if (folder / name).exists():
                return folder / name
    return None


def _targets(defn, book: Workbook):
    """The resolutions beside the definition, and in a ``chi-tieu`` folder beside the workbook or
    its registry (an office keeps its own and its children's resolutions there)."""
    from .targets import load_target_sets

    registry = find_registry(book.path.parent)
    folders = {p / "chi-tieu" for p in (book.path.parent, registry.parent if registry else None) if p}
    return load_target_sets(defn, sorted(f for f in folders if f.is_dir()))


def _registry(book: Workbook, required: bool = True):
    from .registry import load_registry

    path = find_registry(book.path.parent)
    if path is None:
        if required:
            raise XlunionError(book.path.parent, "addin.no_registry", names=", ".join(REGISTRY_NAMES))
        return None
    return load_registry(path)


@_button
def validate(book: Workbook):
    """Kiểm tra: mark every finding on its cell and list them on “Kiểm tra”."""
    from .validation import validate_files

    registry = _registry(book, required=False)
    parents = registry.parents() if registry else None
    result = validate_files([book.snapshot()], _definition(), parents).files[0]
    if result.error is not None:
        raise result.error
    book.mark(result.findings)
    errors = sum(f.severity == "error" for f in result.findings)
    book.show(msg("annot.summary", errors=errors, warnings=len(result.findings) - errors))
    return result


@_button
def consolidate(book: Workbook):
    """Tổng hợp: the children's workbooks in a folder into this (the parent's) workbook."""
    from .consolidation import consolidate_files
    from .io.parent import STATUS_SHEET
    from .io.read import read_submission

    defn = _definition()
    folder = book.ask_folder(msg("addin.pick_folder"), book.path.parent / INBOX_FOLDER)
    if folder is None:
        return None
    registry = _registry(book)
    own = book.snapshot()  # this workbook is the union's own: what it did itself, its resolution, its targets
    unit = read_submission(own, defn).unit
    with tempfile.TemporaryDirectory(prefix="xlunion-") as tmp:
        out = Path(tmp) / book.path.name
        result = consolidate_files([folder], registry, unit, out, defn, own=own, replace_own=True,
                                   targets=_targets(defn, book))
        book.replace(out, activate=STATUS_SHEET)
    book.show(msg("addin.consolidated", files=len(result.counted), missing=result.count("missing"),
                  errors=result.count("errors")))
    return result


@_button
def compare(book: Workbook):
    """So sánh: rebuild the comparison sheet from the workbook's figures."""
    from .consolidation import compare_file
    from .io.compare_sheet import COMPARE_SHEET

    defn = _definition()
    with tempfile.TemporaryDirectory(prefix="xlunion-") as tmp:
        out = compare_file(book.snapshot(), Path(tmp) / book.path.name, defn, _registry(book, required=False),
                           _targets(defn, book))
        book.replace(out, activate=COMPARE_SHEET)
    book.show(msg("addin.compared"))
    return COMPARE_SHEET


@_button
def send(book: Workbook):
    """Gửi báo cáo: validate, stamp and prepare the email (an .eml beside the workbook)."""
    from .mail.outbox import prepare
    from .mail.send import load_config, write_draft

    registry = _registry(book, required=False)
    config = load_config()
    if not config.to and registry is not None:
        from .io.read import read_submission

        unit = read_submission(book.snapshot(), _definition()).unit
        parent = registry[registry[unit].parent] if unit in registry and registry[unit].parent else None
        config.to = [parent.email] if parent is not None and parent.email else []
    outgoing = prepare(_definition(), book.snapshot(), config)
    if outgoing.refused:
        book.show(msg("mail.refused", file=book.path.name, errors=outgoing.errors))
        return None
    draft = write_draft(outgoing.message, book.path.parent / "thu-gui" / (Path(outgoing.name).stem + ".eml"))
    book.show(msg("addin.sent", path=draft))
    return draft


@_button
def report(book: Workbook):
    """Soạn báo cáo: the written report drafted from this workbook's figures (a .docx beside it)."""
    from .io.report_docx import facts_of, write_report
    from .messages import language

    defn = _definition()
    facts = facts_of(book.snapshot(), defn, _registry(book, required=False), _targets(defn, book))
    path = write_report(facts, book.path.with_name(book.path.stem + "_bao-cao.docx"), language())
    book.show(msg("addin.report", path=path))
    return path


@_button
def new_template(book: Workbook):
    """Biểu mẫu mới: a blank workbook pre-filled for this workbook's unit, beside it."""
    from .io.read import read_submission
    from .io.template import blank_filling, template_name, write_workbook

    defn = _definition()
    registry = _registry(book, required=False)
    unit_code = read_submission(book.snapshot(), defn).unit
    unit = registry[unit_code] if registry and unit_code in registry else None
    parent = registry[unit.parent] if unit and unit.parent else None
    target = book.path.parent / template_name(defn, unit_code or None)
    if target.resolve() == book.path.resolve():
        target = target.with_name(target.stem + "_moi.xlsx")
    write_workbook(defn, target, blank_filling(defn, unit, parent, registry, _targets(defn, book)))
    book.show(msg("addin.template", path=target))
    return target


@_button
def help(book: Workbook):  # noqa: A001 - the button is called Hướng dẫn (help)
    """Hướng dẫn: what the colours and the buttons mean."""
    book.show(msg("addin.help"), title="Hướng dẫn")
    return msg("addin.help")
