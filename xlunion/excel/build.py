"""``xlunion addin build --with-excel``: the add-in written by Excel itself, for releases.

Excel opens a copy of xlwings' quickstart ribbon add-in, its standard modules are replaced
through the object model (``VBProject.VBComponents``: xlwings' custom-add-in module with our
PROJECT_NAME, then ``macros/*.bas``) and Excel saves it, so the VBA project, its p-code and
its caches are Excel's own. Excel's object model has no call for the ribbon, so the ribbon
part is put into the saved package afterwards, as the Office RibbonX Editor does.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from ..errors import XlunionError
from ..io.atomic import atomic_path
from ..vba.xlam import MACROS, PROJECT, load_donor, with_ribbon, xlwings_dir

STANDARD_MODULE = 1  # vbext_ct_StdModule
TEMPLATE = "quickstart_addin_ribbon.xlam"


def build_with_excel(output: str | Path, macros: Path = MACROS, xw=None) -> Path:
    """Write ``output`` through a hidden Excel (Windows); ``xw`` is the xlwings module to drive it."""
    if xw is None:
        if sys.platform != "win32":
            raise XlunionError(None, "install.excel_build_windows")
        import xlwings as xw
    donor = load_donor()
    with tempfile.TemporaryDirectory(prefix="xlunion-") as tmp:
        work = Path(tmp) / "xlunion.xlam"
        shutil.copyfile(xlwings_dir() / TEMPLATE, work)
        sources = [_ansi(Path(tmp) / "xlwings.bas", donor.xlwings_module)]
        sources += [_ansi(Path(tmp) / p.name, p.read_text(encoding="utf-8")) for p in sorted(macros.glob("*.bas"))]
        _edit_in_excel(xw, work, sources)
        package = with_ribbon(work.read_bytes(), (macros / "customUI14.xml").read_bytes())
    with atomic_path(output) as tmp_out:
        tmp_out.write_bytes(package)
    return Path(output)


def _ansi(path: Path, text: str) -> Path:
    # VBComponents.Import reads the ANSI code page and wants Windows line ends
    path.write_bytes(text.replace("\r\n", "\n").replace("\n", "\r\n").encode("cp1252"))
    return path


def _edit_in_excel(xw, work: Path, sources: list[Path]) -> None:
    app = xw.App(visible=False, add_book=False)
    try:
        app.display_alerts = False
        book = app.books.open(str(work))
        try:
            project = book.api.VBProject
            components = project.VBComponents
        except Exception as exc:  # noqa: BLE001 - "Programmatic access to Visual Basic Project is not trusted"
            raise XlunionError(None, "install.vbproject_locked", error=_reason(exc)) from exc
        for component in [c for c in components if c.Type == STANDARD_MODULE]:
            components.Remove(component)  # the template's xlwings and RibbonMyAddin
        for source in sources:
            components.Import(str(source))
        project.Name = PROJECT
        book.api.Save()
        book.close()
    finally:
        app.quit()


def _reason(exc: Exception) -> str:
    return " ".join(str(a) for a in exc.args if isinstance(a, (str, int)))[:200] or exc.__class__.__name__
