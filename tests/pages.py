"""The workbooks an officer prints, rendered to PDF by LibreOffice and read page by page.

Used by ``test_print.py`` and, as a script, to refresh the page images in ``docs/pages/``:

    python tests/pages.py OUT_DIR --docs docs/pages

Every page is named by its footer (“Trang p/n” and the sheet's name, which xlunion puts on
every sheet it writes), so a page can be checked against the sheet it comes from.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

FOOTER = re.compile(r"Trang (\d+)/(\d+)\s+(.+?)\s*$")


@dataclass
class Page:
    number: int
    sheet: str
    text: str
    width: float
    height: float
    smallest: float  # points: the smallest character on the page as printed


def samples(defn, out: Path) -> dict[str, Path]:
    """The five workbooks of issue #14: the blank template, a filled child, a child marked by the
    Validate button, the province's consolidated workbook and a child's comparison."""
    from xlunion.consolidation import compare_file
    from xlunion.demo import demo_targets, run_chain, write_demo
    from xlunion.io.annotate import annotate
    from xlunion.io.template import write_workbook
    from xlunion.registry import load_registry
    from xlunion.validation import validate_files

    demo = write_demo(defn, out / "demo")
    chain = run_chain(defn, out / "demo", demo)
    child = next(p for p in demo.children if "CD0101" in p.name)
    bad = next(p for p in demo.children if "CD0105" in p.name)
    registry = load_registry(demo.registry)
    found = {
        "template": write_workbook(defn, out / "template.xlsx"),
        "child": shutil.copy(child, out / "child.xlsx"),
        "marked": annotate(bad, validate_files([bad], defn).findings, out / "marked.xlsx"),
        "parent": shutil.copy(chain.province, out / "parent.xlsx"),
        "comparison": compare_file(child, out / "comparison.xlsx", defn, registry, demo_targets(defn, demo)),
    }
    return {name: Path(path) for name, path in found.items()}


def render(books: dict[str, Path], out: Path) -> dict[str, Path]:
    """Each workbook as a PDF, in one LibreOffice run."""
    from xlunion.io.libreoffice import convert_many

    names = list(books)
    return dict(zip(names, convert_many([books[n] for n in names], out, "pdf"), strict=True))


def pages(pdf: Path) -> list[Page]:
    import pdfplumber

    found = []
    with pdfplumber.open(pdf) as doc:
        for i, whole in enumerate(doc.pages):
            page = whole.within_bbox(whole.bbox)  # a chart crossing a page is drawn, clipped, on both
            text = page.extract_text() or ""
            footers = [m for m in map(FOOTER.search, text.splitlines()) if m]  # a chart's text may come after it
            sizes = [c["size"] for c in page.chars if c["text"].strip()]
            found.append(Page(i + 1, footers[-1].group(3) if footers else "", text, whole.width, whole.height,
                              min(sizes) if sizes else 99.0))
    return found


# Pages for the README: (workbook, sheet, which page of that sheet, image name)
SHOWN = [
    ("child", "PL1 Lao động, đoàn viên", 1, "phu-luc-1.png"),
    ("marked", "Kiểm tra", 1, "kiem-tra.png"),
    ("marked", "PL1 Lao động, đoàn viên", 1, "o-bi-danh-dau.png"),
    ("parent", "Tình hình nộp báo cáo", 1, "tinh-hinh-nop.png"),
    ("parent", "So sánh đầu nhiệm kỳ – hiện tại", 1, "so-sanh.png"),
    ("parent", "So sánh đầu nhiệm kỳ – hiện tại", 2, "so-sanh-trang-2.png"),
    ("parent", "Thực hiện chỉ tiêu Nghị quyết", 1, "chi-tieu.png"),
    ("parent", "Biểu đồ chỉ tiêu", 2, "bieu-do-ty-le.png"),
    ("parent", "Biểu đồ chỉ tiêu", 3, "bieu-do-muc-dat.png"),
    ("report", None, 1, "bao-cao.png"),
    ("report", None, 4, "bao-cao-trang-4.png"),
]


def images(pdfs: dict[str, Path], docs: Path, resolution: int = 60) -> list[Path]:
    """PNGs of the pages in :data:`SHOWN`."""
    docs.mkdir(parents=True, exist_ok=True)
    written = []
    for book, sheet, nth, name in SHOWN:
        numbers = [p.number for p in pages(pdfs[book]) if sheet is None or p.sheet == sheet]
        number = numbers[nth - 1 if nth > 0 else nth]
        stem = docs / Path(name).stem
        subprocess.run(["pdftoppm", "-r", str(resolution), "-png", "-singlefile", "-f", str(number), "-l",
                        str(number), str(pdfs[book]), str(stem)], check=True)
        written.append(stem.with_suffix(".png"))
    return written


def main(argv: list[str]) -> None:
    from xlunion.definition import load_definition
    from xlunion.io.report_docx import facts_of, write_report
    from xlunion.registry import load_registry
    from xlunion.targets import load_target_sets

    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    defn = load_definition()
    books = samples(defn, out)
    demo = out / "demo"  # the draft of the province's written report (issue #17)
    targets = load_target_sets(defn, [demo / "chi-tieu"])
    books["report"] = write_report(facts_of(books["parent"], defn, load_registry(demo / "registry.csv"), targets),
                                   out / "bao-cao.docx")
    pdfs = render(books, out / "pdf")
    for name, pdf in pdfs.items():
        found = pages(pdf)
        print(f"{name}: {len(found)} pages, smallest text {min(p.smallest for p in found):.1f} pt")
    if "--docs" in argv:
        for path in images(pdfs, Path(argv[argv.index("--docs") + 1])):
            print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
