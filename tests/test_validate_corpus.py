"""A corpus of wrong workbooks, one or more per rule and per input quirk, each with the
exact findings it must give (rule, cell, severity); and the clean demo children, which
must give none. All cases are validated in one call, as a parent would validate its inbox."""

from __future__ import annotations

import openpyxl
import pytest

from xlunion.errors import WorkbookError
from xlunion.io.read import read_raw, read_submission
from xlunion.io.template import Filling, write_workbook
from xlunion.layout import HIDDEN_SHEET, META_SHEET, layout
from xlunion.legacy import to_tcvn3, to_vni
from xlunion.registry import load_registry
from xlunion.validation import validate_files

BASE_UNIT = "CD0112"  # a non-state enterprise union: every sheet has figures


def base_filling(defn, path) -> Filling:
    raw = read_raw(path)
    values = {k: v for k, v in raw.values.items()
              if not k[0].startswith("@") and k[1] in {p.code for p in defn.periods}
              and not defn[k[0]].computed and v != ""}
    meta = {k[1:]: v for (k, _c), v in raw.values.items() if k.startswith("@") and v != ""}
    notes = {k[0]: v for k, v in raw.values.items() if k[1] == "GC" and v}
    return Filling(meta=meta, values=values, notes=notes)


def cell(defn, code, period):
    sheet, c = layout(defn).cell(code, period)
    return f"{sheet}!{c}"


def meta_cell(defn, field):
    return f"{META_SHEET}!{layout(defn).meta_cell(field)}"


class Corpus:
    """Builds the case workbooks from the clean base child."""

    def __init__(self, defn, base, folder):
        self.defn, self.base, self.folder = defn, base, folder
        self.cases: dict[str, set] = {}

    def filled(self, name, change, expected):
        filling = base_filling(self.defn, self.base)
        change(filling)
        write_workbook(self.defn, self.folder / f"{name}.xlsx", filling)
        self.cases[f"{name}.xlsx"] = expected

    def edited(self, name, change, expected):
        """Edit with openpyxl, as an officer's spreadsheet program would (formula caches are lost)."""
        book = openpyxl.load_workbook(self.base)
        change(book)
        book.save(self.folder / f"{name}.xlsx")
        self.cases[f"{name}.xlsx"] = expected


def _set(code, period, value):
    def change(f):
        f.values[code, period] = value
    return change


def _drop(code, period):
    def change(f):
        f.values.pop((code, period), None)
    return change


@pytest.fixture(scope="module")
def corpus(defn, demo, tmp_path_factory):
    base = next(p for p in demo.children if BASE_UNIT in p.name)
    c = Corpus(defn, base, tmp_path_factory.mktemp("corpus"))
    v = base_filling(defn, base).values
    E, W = "error", "warning"

    c.filled("clean_copy", lambda f: None, set())
    c.filled("part_women", _set("DV_NU", "N2024", v["DV_TONG", "N2024"] + 1),
             {("part_of", cell(defn, "DV_NU", "N2024"), E)})
    # admission follows introduction by months: more admitted than introduced within a year is no error ...
    c.filled("party_within_a_year", _set("DANG_KN", "N2024", v["DANG_GT", "N2024"] + 1), set())
    # ... but over the whole term it is worth a look
    c.filled("party_over_the_term", lambda f: [_set("DANG_KN", y, v["DANG_GT", y] + 1)(f)
                                               for y in ("N2023", "N2024", "N2025")],
             {("part_of_term", cell(defn, "DANG_KN", "HT"), W)})
    c.filled("part_enterprises", lambda f: (_set("DN20_TONG", "DNK", 1)(f), _set("DN20_CO_CD", "DNK", 2)(f)),
             {("part_of", cell(defn, "DN20_CO_CD", "DNK"), E)})
    members = v["DV_TONG", "N2025"]
    c.filled("implausible_party", _set("DANG_GT", "N2025", members),  # every member introduced in a year
             {("implausible", cell(defn, "DANG_GT", "N2025"), W), ("outlier", cell(defn, "DANG_GT", "N2025"), W)})
    c.filled("implausible_explained", lambda f: (_set("DANG_GT", "N2025", members)(f),
                                                  f.notes.__setitem__("DANG_GT", "Đợt bồi dưỡng nhận thức về Đảng")),
             set())
    c.filled("parent_before_the_merger", lambda f: f.meta.__setitem__("parent_code", "H02"),
             {("parent_renamed", meta_cell(defn, "parent_code"), W)})
    c.filled("flow_typed_at_the_start", _set("DV_KETNAP", "DNK", 40), set())
    fewer = v["DV_TONG", "N2025"] - 1
    c.filled("part_members_workers", _set("LD_TONG", "N2025", fewer),
             {("part_of", cell(defn, part.code, "N2025"), E) for part in defn.indicators.values()
              if part.part_of == "LD_TONG" and v[part.code, "N2025"] > fewer})
    c.filled("part_cadres", _set("CB_CDCS_NGOAINN", "N2025", v["CB_CDCS", "N2025"] + 3),
             {("part_of", cell(defn, "CB_CDCS_NGOAINN", "N2025"), E)})
    c.filled("part_strikes", lambda f: (_set("NGUNGVIEC", "N2023", 1)(f), _set("NGUNGVIEC_CD", "N2023", 2)(f)),
             {("part_of", cell(defn, "NGUNGVIEC_CD", "N2023"), E)})
    c.filled("cutoff_missing", lambda f: f.meta.pop("cutoff"), {("meta_required", meta_cell(defn, "cutoff"), E)})
    c.filled("fraction_as_text", _set("UBKT_CUOC", "N2025", "1,5"),
             {("text_number", cell(defn, "UBKT_CUOC", "N2025"), W), ("integer", cell(defn, "UBKT_CUOC", "N2025"), E)})
    c.filled("required_missing", _drop("LD_TONG", "DNK"), {("required", cell(defn, "LD_TONG", "DNK"), E)})
    c.filled("optional_previous_term_blank", lambda f: [f.values.pop(k) for k in list(f.values) if k[1] == "NKT"],
             set())
    c.filled("integer_fraction", _set("CB_CDCS", "N2024", v["CB_CDCS", "N2024"] + 0.5),
             {("integer", cell(defn, "CB_CDCS", "N2024"), E)})
    c.filled("negative", _set("TUVAN_PL", "N2023", -3), {("minimum", cell(defn, "TUVAN_PL", "N2023"), E)})
    c.filled("text_thousands", _set("LD_TONG", "N2024", f"{int(v['LD_TONG', 'N2024']):,}".replace(",", ".")),
             {("text_number", cell(defn, "LD_TONG", "N2024"), W)})
    c.filled("text_money", _set("LUONG_BQ", "N2025", f"{int(v['LUONG_BQ', 'N2025']):,}".replace(",", ".")),
             {("text_number", cell(defn, "LUONG_BQ", "N2025"), W)})
    c.filled("text_decimal_comma", _set("HOTRO_TIEN", "N2024", str(v["HOTRO_TIEN", "N2024"]).replace(".", ",")),
             {("text_number", cell(defn, "HOTRO_TIEN", "N2024"), W)})
    c.filled("not_a_number", _set("DOITHOAI", "N2024", "khoảng 3"),
             {("not_a_number", cell(defn, "DOITHOAI", "N2024"), E)})
    c.filled("dash_means_zero", _set("TRANHCHAP", "N2024", "-"), set())
    c.filled("x_in_required", _set("TRANHCHAP", "N2025", "x"), {("required", cell(defn, "TRANHCHAP", "N2025"), E)})
    c.filled("balance_gap", lambda f: (_set("DV_TONG", "N2024", v["DV_TONG", "N2024"] + 200)(f),
                                        _set("LD_TONG", "N2024", v["LD_TONG", "N2024"] + 250)(f)),
             {("balance", cell(defn, "DV_TONG", "N2024"), W), ("balance", cell(defn, "DV_TONG", "N2025"), W)})
    c.filled("balance_explained", lambda f: (_set("DV_TONG", "N2024", v["DV_TONG", "N2024"] + 200)(f),
                                              _set("LD_TONG", "N2024", v["LD_TONG", "N2024"] + 250)(f),
                                              f.notes.__setitem__("DV_TONG", "Sáp nhập tổ công đoàn xưởng B")),
             set())
    c.filled("outlier_jump", _set("SANGKIEN", "N2025", v["SANGKIEN", "N2024"] * 10 + 25),
             {("outlier", cell(defn, "SANGKIEN", "N2025"), W)})
    c.filled("outlier_explained", lambda f: (_set("SANGKIEN", "N2025", v["SANGKIEN", "N2024"] * 10 + 25)(f),
                                              f.notes.__setitem__("SANGKIEN", "Phát động hội thi sáng kiến 2025")),
             set())
    c.filled("unit_unknown", lambda f: f.meta.__setitem__("unit_code", "CD9999"),
             {("unit_unknown", meta_cell(defn, "unit_code"), E)})
    c.filled("parent_wrong", lambda f: f.meta.__setitem__("parent_code", "CT03"),
             {("parent_mismatch", meta_cell(defn, "parent_code"), E)})
    c.filled("officer_missing", lambda f: f.meta.pop("officer"),
             {("meta_required", meta_cell(defn, "officer"), E)})
    c.filled("tcvn3_name", lambda f: (f.meta.__setitem__("unit_name", to_tcvn3(str(f.meta["unit_name"]))),
                                       f.fonts.__setitem__("unit_name", ".VnTime")),
             {("legacy_font", meta_cell(defn, "unit_name"), W)})
    c.filled("vni_officer", lambda f: (f.meta.__setitem__("officer", to_vni(str(f.meta["officer"]))),
                                        f.fonts.__setitem__("officer", "VNI-Times")),
             {("legacy_font", meta_cell(defn, "officer"), W)})

    lay = layout(defn)

    def at(code, period):
        return lay.cell(code, period)

    def typed(code, period, value):
        def change(book):
            sheet, c_ = at(code, period)
            book[sheet][c_] = value
        return change

    c.edited("resaved_without_caches", lambda book: None, set())
    c.edited("total_overwritten", typed("TU_HIEULUC", "N2024", 99),
             {("total_mismatch", cell(defn, "TU_HIEULUC", "N2024"), E)})
    c.edited("ratio_typed_wrong", typed("TL_DV_LD", "N2024", "50%"),
             {("ratio_mismatch", cell(defn, "TL_DV_LD", "N2024"), E)})
    c.edited("current_typed_wrong", typed("DV_TONG", "HT", 1),
             {("current_mismatch", cell(defn, "DV_TONG", "HT"), E)})

    def error_value(book):
        sheet, c_ = at("LOP_TH", "N2024")
        book[sheet][c_].value = "#DIV/0!"
        book[sheet][c_].data_type = "e"

    c.edited("excel_error", error_value, {("excel_error", cell(defn, "LOP_TH", "N2024"), E)})
    c.edited("period_changed", lambda book: book[META_SHEET].__setitem__(lay.meta_cell("period"),
                                                                         "Nhiệm kỳ 2018–2023"),
             {("period_mismatch", meta_cell(defn, "period"), E)})
    c.edited("fingerprint_tampered", lambda book: book[HIDDEN_SHEET].__setitem__("B4", "0000000000000000"),
             {("fingerprint", f"{HIDDEN_SHEET}!B4", E)})

    def insert_row(book):
        book[lay.sheet_names["DV_NU"]].insert_rows(lay.rows["DV_NU"] + 1)  # above DV_NU (openpyxl is 1-based)

    first = defn.sheets[0].indicators
    moved = first[first.index("DV_NU"):]
    c.edited("row_inserted", insert_row,
             {("moved_row", f"{lay.sheet_names[code]}!{lay.cell(code, 'NKT')[1][:1]}{lay.rows[code] + 2}", W)
              for code in moved})

    def delete_row(book):
        book[lay.sheet_names["LDG"]].delete_rows(lay.rows["LDG"] + 1)

    sheet = lay.sheet_names["LDG"]
    after = [code for code, row in lay.rows.items() if lay.sheet_names[code] == sheet and row > lay.rows["LDG"]]
    c.edited("row_deleted", delete_row, {("structure", f"{sheet}!", E)}
             | {("moved_row", f"{sheet}!{lay.cell(code, 'NKT')[1][:1]}{lay.rows[code]}", W) for code in after})
    return c


@pytest.fixture(scope="module")
def corpus_report(defn, demo, corpus):
    parents = load_registry(demo.registry).parents()
    return validate_files([corpus.folder], defn, parents)


def test_corpus_is_large_enough(corpus):
    assert sum(1 for expected in corpus.cases.values() if expected) >= 30


def test_every_case_gives_exactly_its_findings(corpus, corpus_report):
    got = {r.path.name: {(f.rule, f"{f.sheet}!{f.cell}", f.severity) for f in r.findings}
           for r in corpus_report.files}
    for name, expected in sorted(corpus.cases.items()):
        assert got[name] == expected, name


def test_parsed_values_of_quirks(defn, corpus):
    folder = corpus.folder
    base = base_filling(defn, corpus.base).values
    assert read_submission(folder / "text_thousands.xlsx", defn).values["LD_TONG", "N2024"] == base["LD_TONG",
                                                                                                      "N2024"]
    assert read_submission(folder / "dash_means_zero.xlsx", defn).values["TRANHCHAP", "N2024"] == 0
    sub = read_submission(folder / "tcvn3_name.xlsx", defn)
    assert sub.meta["unit_name"] == base_filling(defn, corpus.base).meta["unit_name"]
    sub = read_submission(folder / "row_inserted.xlsx", defn)
    assert sub.values["DN20_CO_CD", "N2025"] == base["DN20_CO_CD", "N2025"]  # read by code, not position


def test_messages_carry_labels_and_vietnamese_numbers(corpus_report):
    by_name = {r.path.name: r for r in corpus_report.files}
    (women,) = by_name["part_women.xlsx"].findings
    assert women.message().startswith("Đoàn viên nữ (") and "lớn hơn tổng số đoàn viên công đoàn (" in women.message()
    assert "larger than" in women.message("en") and "2,300" in women.message("en")  # English separators
    (text,) = by_name["text_thousands.xlsx"].findings
    assert "đã đọc thành" in text.message() and "." in text.message().split("đã đọc thành")[1]


PLANTED = ("CD0105", "CD0301", "CD0203", "CD0207", "CD0208", "CD0102")


def test_clean_demo_children_give_no_findings(defn, demo):
    clean = [p for p in demo.children if not any(bad in p.name for bad in PLANTED)]
    parents = load_registry(demo.registry).parents()
    report = validate_files(clean, defn, parents)
    assert [(r.path.name, r.findings) for r in report.files if r.findings] == []
    assert report.exit_code == 0


def test_planted_demo_mistakes_are_found(defn, demo):
    report = validate_files(demo.children, defn, load_registry(demo.registry).parents())
    rules = {(r.path.name.split("_")[2], f.rule) for r in report.files for f in r.findings}
    assert rules == {("CD0105", "part_of"), ("CD0301", "text_number"), ("CD0203", "legacy_font"),
                     ("CD0207", "required"), ("CD0208", "parent_renamed"), ("CD0102", "implausible"),
                     ("CD0102", "outlier")}
    assert report.exit_code == 1


def _bytes_case(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, make, key", [
    ("random.xlsx", lambda base: bytes(range(256)) * 4, "wb.not_workbook"),
    ("encrypted.xlsx", lambda base: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 200
     + "EncryptionInfo".encode("utf-16-le") + b"\0" * 200, "wb.encrypted"),
    ("old.xlsx", lambda base: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 400 + "Workbook".encode("utf-16-le"),
     "wb.xls"),
    ("truncated.xlsx", lambda base: base[: len(base) // 2], "wb.truncated"),
    ("renamed.xlsx", lambda base: "Mã đơn vị,Số đoàn viên\nCD0101,120\n".encode(), "wb.csv"),
    ("page.xlsx", lambda base: b"<html><body><table><tr><td>1</td></tr></table></body></html>", "wb.html"),
])
def test_unusable_files_are_refused_with_the_reason(defn, demo, tmp_path, name, make, key):
    base = demo.children[0].read_bytes()
    path = _bytes_case(tmp_path, name, make(base))
    with pytest.raises(WorkbookError) as info:
        read_submission(path, defn)
    assert info.value.key == key and name in str(info.value)


def test_a_zip_that_is_not_a_workbook(defn, tmp_path):
    import zipfile

    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(WorkbookError, match="Không phải tệp Excel"):
        read_submission(path, defn)


@pytest.mark.parametrize("key, value, error", [
    ("B2", "BCTK", "wb.other_report"), ("B3", "0.9", "wb.other_version")])
def test_workbook_of_another_report_or_version(defn, demo, tmp_path, key, value, error):
    book = openpyxl.load_workbook(demo.children[0])
    book[HIDDEN_SHEET][key] = value
    book.save(tmp_path / "other.xlsx")
    with pytest.raises(WorkbookError) as info:
        read_submission(tmp_path / "other.xlsx", defn)
    assert info.value.key == error


def test_workbook_without_the_hidden_map(defn, tmp_path):
    book = openpyxl.Workbook()
    book.active["A1"] = "Số đoàn viên"
    book.save(tmp_path / "plain.xlsx")
    with pytest.raises(WorkbookError, match="_xlunion"):
        read_submission(tmp_path / "plain.xlsx", defn)


def test_one_bad_file_never_stops_the_others(defn, demo, tmp_path):
    bad = _bytes_case(tmp_path, "bad.xlsx", b"not a workbook")
    report = validate_files([bad, *demo.children[:3]], defn)
    assert [r.status for r in report.files][0] == "unusable"
    assert all(r.submission is not None for r in report.files[1:])
    assert report.exit_code == 2


def test_reading_in_worker_processes_gives_the_same_report(defn, demo, tmp_path, monkeypatch):
    import os

    from xlunion import isolation, validation

    readers = tmp_path / "pids"
    original = isolation.read_one

    def counted(path, source):  # runs in the forked worker: say which process read
        with open(readers, "a") as out:
            out.write(f"{os.getpid()}\n")
        return original(path, source)

    bad = _bytes_case(tmp_path, "bad.xlsx", b"not a workbook")
    files = [bad, *demo.children]
    one = validation.validate_files(files, defn, workers=1)
    isolation.close_pools(wait=True)  # fresh workers, forked with the patch
    monkeypatch.setattr(isolation, "read_one", counted)
    many = validation.validate_files(files, defn, workers=2)
    pids = set(readers.read_text().split())
    assert len(pids) == 2 and str(os.getpid()) not in pids  # two worker processes, not this one
    assert [(r.path, r.status) for r in many.files] == [(r.path, r.status) for r in one.files]
    assert many.findings == one.findings
    assert many.files[0].error.key == "wb.not_workbook" and "bad.xlsx" in str(many.files[0].error)


def test_a_parent_that_ended_is_named_with_its_successor(corpus_report):
    (finding,) = [f for r in corpus_report.files if r.path.name == "parent_before_the_merger.xlsx" for f in r.findings]
    assert finding.severity == "warning"
    assert "“H02”" in finding.message() and "“CT01” (Công đoàn phường Bình Minh)" in finding.message()
    assert "was merged into “CT01”" in finding.message("en")
