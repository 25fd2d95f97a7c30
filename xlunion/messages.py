"""Every user-facing sentence, in Vietnamese first and English second.

Messages are templates keyed by a stable code, rendered with ``str.format``.
The language is chosen once per process (``set_language`` or the environment
variable ``XLUNION_LANG``); Vietnamese is the default because the officers who
read these messages work in Vietnamese.
"""

from __future__ import annotations

import os
from typing import NamedTuple

LANGUAGES = ("vi", "en")

_CATALOGUE: dict[str, tuple[str, str]] = {
    # report definition
    "def.unreadable": (
        "Không đọc được tệp định nghĩa báo cáo: {reason}",
        "Cannot read the report definition: {reason}",
    ),
    "def.missing_field": (
        "Thiếu trường bắt buộc “{field}”",
        "Required field “{field}” is missing",
    ),
    "def.unknown_field": (
        "Trường không được hỗ trợ: {fields}",
        "Unsupported field(s): {fields}",
    ),
    "def.bad_value": (
        "Giá trị “{value}” của trường “{field}” không hợp lệ: {reason}",
        "Value “{value}” of field “{field}” is invalid: {reason}",
    ),
    "def.narrative": (
        "Câu “{sentence}” của phần báo cáo viết: {problem} (trong “{text}”)",
        "Sentence “{sentence}” of the written report: {problem} (in “{text}”)",
    ),
    "def.duplicate_code": (
        "Mã chỉ tiêu bị trùng (đã khai báo ở {first})",
        "Duplicate indicator code (already declared in {first})",
    ),
    "def.unknown_code": (
        "Quy tắc “{rule}” tham chiếu mã chỉ tiêu không tồn tại “{ref}”",
        "Rule “{rule}” names an unknown indicator code “{ref}”",
    ),
    "def.unknown_unit": (
        "ĐVT “{unit}” chưa được khai báo trong mục units",
        "Unit “{unit}” is not declared under units",
    ),
    "def.sum_cycle": (
        "Quy tắc tổng (sum_of) tạo thành vòng lặp: {cycle}",
        "The sum_of rules form a cycle: {cycle}",
    ),
    "def.part_cycle": (
        "Quy tắc “trong đó” (part_of) tạo thành vòng lặp: {cycle}",
        "The part_of rules form a cycle: {cycle}",
    ),
    "def.ratio_missing": (
        "Chỉ tiêu tỷ lệ phải có cả tử số (numerator) và mẫu số (denominator); thiếu {which}",
        "A ratio needs both a numerator and a denominator; {which} is missing",
    ),
    "def.ratio_of_ratio": (
        "Tử số và mẫu số phải là chỉ tiêu số lượng, không được là tỷ lệ “{ref}”",
        "Numerator and denominator must be counts, not the ratio “{ref}”",
    ),
    "def.mean_weight": (
        "Chỉ tiêu bình quân phải có quyền số (weight) là một chỉ tiêu số lượng",
        "A mean needs a weight that is a count indicator",
    ),
    "def.duplicate_period": (
        "Mã kỳ báo cáo bị trùng “{code}”",
        "Duplicate period code “{code}”",
    ),
    "def.no_baseline": (
        "Phải có đúng một kỳ “Đầu nhiệm kỳ” (role: baseline) và ít nhất một năm",
        "Exactly one baseline period and at least one year are required",
    ),
    "def.sheet_name": (
        "Tên trang tính “{name}” không hợp lệ trong Excel (tối đa 31 ký tự, không chứa : \\ / ? * [ ])",
        "Sheet name “{name}” is not valid in Excel (31 characters at most, none of : \\ / ? * [ ])",
    ),
    # unit registry
    "reg.unreadable": (
        "Không đọc được danh mục đơn vị: {reason}",
        "Cannot read the unit registry: {reason}",
    ),
    "reg.missing_column": (
        "Danh mục đơn vị thiếu cột “{column}”",
        "The unit registry lacks the column “{column}”",
    ),
    "reg.duplicate": (
        "Mã đơn vị “{code}” bị trùng (dòng {row} và dòng {first})",
        "Unit code “{code}” is duplicated (rows {first} and {row})",
    ),
    "reg.unknown_parent": (
        "Dòng {row}: đơn vị “{code}” có mã cấp trên “{parent}” không có trong danh mục",
        "Row {row}: unit “{code}” names parent “{parent}”, which is not in the registry",
    ),
    "reg.unknown_merge": (
        "Dòng {row}: đơn vị “{code}” được hợp nhất vào “{target}”, mã này không có trong danh mục",
        "Row {row}: unit “{code}” is merged into “{target}”, which is not in the registry",
    ),
    "reg.parent_cycle": (
        "Quan hệ cấp trên tạo thành vòng lặp: {cycle}",
        "The parent links form a cycle: {cycle}",
    ),
    "reg.merge_cycle": (
        "Quan hệ hợp nhất tạo thành vòng lặp: {cycle}",
        "The merged_into links form a cycle: {cycle}",
    ),
    "reg.bad_level": (
        "Dòng {row}: cấp “{level}” không hợp lệ; dùng một trong: {choices}",
        "Row {row}: level “{level}” is invalid; use one of: {choices}",
    ),
    "reg.bad_email": (
        "Dòng {row}: “{value}” không phải địa chỉ thư điện tử hợp lệ (nếu có nhiều địa chỉ, ghi cách nhau bằng dấu "
        "“;”)",
        "Row {row}: “{value}” is not an email address (separate several with “;”)",
    ),
    "reg.bad_date": (
        "Dòng {row}: ngày “{value}” ở cột {column} không hợp lệ (dạng ngày/tháng/năm hoặc năm-tháng-ngày)",
        "Row {row}: date “{value}” in column {column} is invalid (day/month/year or year-month-day)",
    ),
    "reg.bad_interval": (
        "Dòng {row}: ngày hết hiệu lực trước ngày bắt đầu hiệu lực",
        "Row {row}: valid_to is before valid_from",
    ),
    "reg.bad_lineage": (
        "Dòng {row}: cột “hợp nhất vào” ghi “{value}”: cần một mã đơn vị, hoặc nhiều mã kèm phần của mỗi "
        "đơn vị cộng lại bằng 100%, ví dụ “CT01 (60%); CT02 (40%)”",
        "Row {row}: merged_into reads “{value}”: give one unit code, or several with each one's share adding up "
        "to 100%, e.g. “CT01 (60%); CT02 (40%)”",
    ),
    "reg.bad_figure": (
        "Dòng {row}: cột số liệu “{column}” ghi “{value}”, không phải là số",
        "Row {row}: the figure column “{column}” holds “{value}”, which is not a number",
    ),
    "reg.empty_field": (
        "Dòng {row}: cột “{column}” không được để trống",
        "Row {row}: column “{column}” must not be empty",
    ),
    # workbooks
    "wb.unreadable": (
        "Không đọc được tệp Excel: {why}; có thể tệp bị hỏng. Hãy mở tệp bằng Excel, lưu lại rồi gửi lại (chi tiết kỹ "
        "thuật: {detail})",
        "Not a readable Excel workbook: {why}; the file may be damaged. Open it in Excel, save it and send it again "
        "(technical detail: {detail})",
    ),
    "wb.sheet_unreadable": (
        "Không đọc được trang tính “{sheet}”: {why}; có thể tệp bị hỏng. Hãy mở tệp bằng Excel, lưu lại rồi gửi lại "
        "(chi tiết kỹ thuật: {detail})",
        "Cannot read sheet “{sheet}”: {why}; the file may be damaged. Open it in Excel, save it and send it again "
        "(technical detail: {detail})",
    ),
    "wb.why.string": (
        "có ô trỏ tới một chuỗi văn bản không có trong tệp",
        "a cell points to a text string the file does not hold",
    ),
    "wb.why.xml": ("nội dung XML không đúng cú pháp", "its XML is malformed"),
    "wb.why.other": (
        "bộ đọc tệp Excel của xlunion báo lỗi",
        "xlunion's Excel file reader reported an error",
    ),
    "wb.no_map": (
        "Không phải biểu mẫu của xlunion (thiếu trang ẩn “_xlunion”); hãy dùng biểu mẫu chuẩn",
        "Not an xlunion report workbook (the hidden “_xlunion” sheet is missing); use the standard template",
    ),
    "wb.missing_sheet": (
        "Thiếu trang tính “{sheet}” của biểu mẫu",
        "The workbook lacks the sheet “{sheet}”",
    ),
    "wb.not_found": ("Không tìm thấy tệp", "File not found"),
    "wb.no_permission": (
        "Không có quyền đọc tệp này; hãy kiểm tra quyền truy cập tệp (nhờ người quản trị máy tính cấp quyền nếu cần) "
        "rồi thử lại",
        "No permission to read this file; check its access rights (ask the computer's administrator if needed) and "
        "try again",
    ),
    "wb.is_directory": (
        "Đây là một thư mục, không phải tệp Excel",
        "This is a folder, not an Excel file",
    ),
    "wb.cannot_open": (
        "Không mở được tệp (hệ điều hành báo: {detail})",
        "The file cannot be opened (the system says: {detail})",
    ),
    "wb.encrypted": (
        "Tệp được đặt mật khẩu; hãy gỡ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc) rồi gửi lại",
        "The file is password-protected; remove the password and send it again",
    ),
    "wb.xls": (
        "Đây là tệp Excel 97–2003 (.xls); hãy mở bằng Excel và lưu thành .xlsx theo biểu mẫu chuẩn",
        "This is an Excel 97–2003 (.xls) file; open it in Excel and save it as .xlsx from the standard template",
    ),
    "wb.html": (
        "Đây là trang HTML đổi đuôi thành .xlsx, không phải tệp Excel",
        "This is an HTML page renamed to .xlsx, not an Excel workbook",
    ),
    "wb.csv": (
        "Đây là tệp văn bản (CSV) đổi đuôi, không phải tệp Excel",
        "This is a text (CSV) file renamed, not an Excel workbook",
    ),
    "wb.truncated": (
        "Tệp bị hỏng hoặc gửi thiếu (không giải nén được); hãy đề nghị đơn vị gửi lại",
        "The file is damaged or incomplete (it cannot be unzipped); ask the unit to send it again",
    ),
    "wb.not_workbook": ("Không phải tệp Excel (.xlsx)", "Not an Excel (.xlsx) workbook"),
    "wb.other_report": (
        "Đây là biểu mẫu của báo cáo “{found}”, không phải “{expected}”",
        "This workbook is for report “{found}”, not “{expected}”",
    ),
    "wb.other_version": (
        "Biểu mẫu phiên bản {found}, cần phiên bản {expected}; hãy dùng biểu mẫu mới",
        "Template version {found}, version {expected} is required; use the current template",
    ),
    "cli.executor": (
        "Không có bộ thực thi “{executor}”; hãy dùng local hoặc dask",
        "No executor “{executor}”; use local or dask",
    ),
    "cli.dask_scheduler": (
        "Cần địa chỉ cụm Dask: --scheduler tcp://máy:8786",
        "A Dask cluster address is needed: --scheduler tcp://host:8786",
    ),
    "wb.unexpected": (
        "xlunion gặp lỗi không lường trước khi đọc tệp này ({reason}); các tệp khác không bị ảnh hưởng. "
        "Hãy gửi tệp cho người quản trị xlunion",
        "xlunion hit an unforeseen error reading this file ({reason}); other files are not affected. "
        "Please send the file to the xlunion maintainers",
    ),
    "wb.bad_map": (
        "Trang ẩn “_xlunion” bị sửa: chỉ tiêu {code} trỏ tới ô “{cell}” không hợp lệ; hãy dùng biểu mẫu chuẩn",
        "The hidden “_xlunion” sheet was edited: indicator {code} points to the invalid cell “{cell}”; use the "
        "standard template",
    ),
    "cons.facts": ("Đã ghi bảng số liệu (Parquet): {path}", "Wrote the figures table (Parquet): {path}"),
    "cli.no_pyarrow": (
        "Cần gói pyarrow để ghi Parquet: pip install 'xlunion[parquet]'",
        "Writing Parquet needs pyarrow: pip install 'xlunion[parquet]'",
    ),
    "cli.no_dask": (
        "Cần gói dask[distributed] để đọc trên cụm Dask: pip install 'xlunion[dask]'",
        "Reading on a Dask cluster needs dask[distributed]: pip install 'xlunion[dask]'",
    ),
    "wb.ods": (
        "Đây là tệp LibreOffice/OpenOffice (.ods) đổi đuôi; hãy lưu thành .xlsx theo biểu mẫu chuẩn",
        "This is a LibreOffice/OpenOffice (.ods) file renamed; save it as .xlsx from the standard template",
    ),
    "wb.xlsb": (
        "Đây là tệp Excel nhị phân (.xlsb) đổi đuôi; hãy lưu thành .xlsx (Sổ làm việc Excel)",
        "This is a binary Excel (.xlsb) file renamed; save it as .xlsx (Excel Workbook)",
    ),
    "wb.too_big": (
        "Tệp quá lớn ({size} MB, tối đa {limit} MB cho một báo cáo); không đọc",
        "The file is too large ({size} MB; a report may be at most {limit} MB); not read",
    ),
    "wb.zip_limits": (
        "Tệp có cấu trúc bất thường ({what}); không đọc để bảo vệ máy",
        "The file has an abnormal structure ({what}); not read, to protect the machine",
    ),
    "wb.zip_duplicate": (
        "Tệp có hai phần cùng tên “{part}” (tệp bị sửa bằng công cụ khác Excel); không đọc",
        "The file holds two parts named “{part}” (edited outside Excel); not read",
    ),
    "wb.zip_bomb": (
        "Tệp nén bất thường: phần “{part}” giải nén ra {size} MB (bom nén); không đọc",
        "Abnormal compression: part “{part}” inflates to {size} MB (a zip bomb); not read",
    ),
    "wb.part_too_big": (
        "Phần “{part}” của tệp quá lớn ({size} MB); không đọc",
        "Part “{part}” of the file is too large ({size} MB); not read",
    ),
    "wb.duplicate_sheet": (
        "Tệp có hai trang tính trùng tên “{sheet}” (Excel không cho phép điều này; tệp đã bị sửa bằng phần mềm khác "
        "ngoài Excel); không đọc. Hãy nhập lại số liệu vào biểu mẫu chuẩn",
        "The workbook holds two sheets named “{sheet}” (Excel does not allow it; it was edited outside Excel); not "
        "read. Type the figures into the standard form again",
    ),
    "wb.strict": (
        "Tệp được lưu theo định dạng “Strict Open XML” mà xlunion không đọc được; hãy mở bằng Excel và lưu lại với "
        "kiểu tệp “Sổ làm việc Excel (*.xlsx)”",
        "The file is saved as Strict Open XML, which xlunion does not read; open it in Excel and save it again as "
        "“Excel Workbook (*.xlsx)”",
    ),
    "wb.other_main_part": (
        "Tệp khai báo phần chính là “{part}” thay vì “xl/workbook.xml” như Excel (tệp đã bị sửa bằng phần mềm khác "
        "ngoài Excel); hãy mở tệp bằng Excel, lưu lại rồi gửi lại",
        "The package names “{part}” as its workbook instead of “xl/workbook.xml” as Excel does (edited outside "
        "Excel); open it in Excel, save it and send it again",
    ),
    "wb.missing_part": (
        "Tệp thiếu phần bắt buộc “{part}” (tệp hỏng hoặc không do Excel tạo ra)",
        "The file lacks the required part “{part}” (damaged, or not made by Excel)",
    ),
    "wb.dtd": (
        "Phần “{part}” khai báo DTD/thực thể XML (có thể là tệp độc hại); không đọc",
        "Part “{part}” declares an XML DTD or entities (possibly malicious); not read",
    ),
    "wb.encoding": (
        "Phần “{part}” của tệp được lưu bằng bảng mã {encoding} thay vì UTF-8 như Excel (tệp đã bị sửa bằng phần mềm "
        "khác ngoài Excel); hãy mở tệp bằng Excel, lưu lại rồi gửi lại",
        "Part “{part}” is encoded in {encoding}, not UTF-8 as Excel saves it (edited outside Excel); open it in "
        "Excel, save it and send it again",
    ),
    "wb.bad_xml": (
        "Phần “{part}” của tệp không phải XML hợp lệ; tệp bị hỏng, hãy mở bằng Excel, lưu lại rồi gửi lại (chi tiết "
        "kỹ thuật: {reason})",
        "Part “{part}” is not valid XML; the file is damaged, open it in Excel, save it and send it again (technical "
        "detail: {reason})",
    ),
    "wb.strings_count": (
        "Phần “{part}” khai báo {count} chuỗi, không khớp với nội dung (tệp hỏng hoặc độc hại); không đọc",
        "Part “{part}” declares {count} strings, which does not match its content (damaged or malicious); not read",
    ),
    "wb.bad_address": (
        "Trang “{sheet}” có địa chỉ ô không hợp lệ “{cell}”; tệp bị hỏng",
        "Sheet “{sheet}” holds an invalid cell address “{cell}”; the file is damaged",
    ),
    "wb.sheet_too_big": (
        "Trang “{sheet}” quá lớn cho một biểu báo cáo (đã tới ít nhất dòng {rows}, cột {cols}; tối đa {max_rows} "
        "dòng, {max_cols} cột); hãy xóa các dòng/cột thừa rồi gửi lại",
        "Sheet “{sheet}” is too large for a report sheet (it reaches at least row {rows}, column {cols}; at most "
        "{max_rows} rows and {max_cols} columns); delete the extra rows/columns and send it again",
    ),
    "wb.crashed": (
        "Bộ đọc dừng bất thường khi đọc tệp này (tệp hỏng hoặc độc hại); các tệp khác không bị ảnh hưởng",
        "The reader stopped abnormally on this file (damaged or malicious); other files are not affected",
    ),
    "wb.timeout": (
        "Đọc tệp quá {seconds} giây nên đã dừng (tệp hỏng hoặc độc hại); các tệp khác không bị ảnh hưởng",
        "Reading the file took over {seconds} s and was stopped (damaged or malicious); other files are "
        "not affected",
    ),
    "wb.out_of_memory": (
        "Đọc tệp cần quá {limit} MB bộ nhớ nên đã dừng (tệp hỏng hoặc độc hại); các tệp khác không bị ảnh hưởng",
        "Reading the file needed over {limit} MB of memory and was stopped (damaged or malicious); other "
        "files are not affected",
    ),
    # validation rules (one template per rule; values are already formatted)
    "rule.not_finite": (
        "{label} ({period}): giá trị {text} không phải là số liệu hợp lệ (số quá lớn hoặc lỗi tính toán)",
        "{label} ({period}): {text} is not a valid figure (too large, or a calculation error)",
    ),
    "rule.merged_input": (
        "Các ô {range} đã bị gộp (merge), che mất ô nhập liệu {cells}; hãy bỏ gộp ô và nhập lại",
        "Cells {range} were merged, hiding the input cells {cells}; unmerge them and enter the figures again",
    ),
    "rule.label_changed": (
        "Tên chỉ tiêu đã bị sửa thành “{text}”; xlunion dùng tên chuẩn “{label}”",
        "The indicator's label was changed to “{text}”; xlunion uses the standard “{label}”",
    ),
    "rule.formula_text": (
        "“{field}” bắt đầu bằng ký tự của công thức (“{text}”); xlunion chỉ lưu dưới dạng chữ, không tính toán",
        "“{field}” starts like a formula (“{text}”); xlunion keeps it as text only, never computes it",
    ),
    "rule.invisible_chars": (
        "“{field}” chứa {count} ký tự ẩn (khoảng trắng độ rộng 0 hoặc đổi chiều chữ); đã bỏ",
        "“{field}” contains {count} invisible characters (zero-width or direction marks); removed",
    ),
    "rule.text_too_long": (
        "“{field}” dài {length} ký tự, vượt giới hạn {limit} của một ô Excel; đã cắt bớt",
        "“{field}” is {length} characters long, over Excel's cell limit of {limit}; truncated",
    ),
    "rule.macros": (
        "Tệp có chứa macro (VBA); xlunion không chạy macro, chỉ đọc số liệu. Không bật macro nếu chưa chắc chắn về "
        "người gửi",
        "The file contains macros (VBA); xlunion never runs them and reads the figures only. Do not enable macros "
        "unless you trust the sender",
    ),
    "rule.external_links": (
        "Tệp có {count} liên kết tới tệp khác; xlunion dùng giá trị đã lưu, không cập nhật liên kết",
        "The file links to {count} other file(s); xlunion uses the stored values and never updates links",
    ),
    "rule.external_formula": (
        "Ô {where} có công thức chạy lệnh hoặc lấy dữ liệu từ bên ngoài tệp ({what}): “={text}”. Hãy xóa công thức và "
        "nhập số liệu trực tiếp; các bản sao do xlunion ghi ra chỉ giữ giá trị đã lưu của ô này",
        "Cell {where} holds a formula that runs a command or fetches data from outside the file ({what}): “={text}”. "
        "Delete it and type the figure; the copies xlunion writes keep only the cell's stored value",
    ),
    "rule.external_name": (
        "Tên vùng “{name}” chứa công thức chạy lệnh hoặc lấy dữ liệu từ bên ngoài tệp ({what}): “{text}”; các bản sao "
        "do xlunion ghi ra sẽ bỏ tên này. Nên xóa tên này trong Excel",
        "The defined name “{name}” holds a formula that runs a command or fetches data from outside the file "
        "({what}): “{text}”; the copies xlunion writes leave it out. Delete the name in Excel",
    ),
    "formula.dde": ("lệnh DDE gọi một chương trình khác", "a DDE command calling another program"),
    "formula.function": ("hàm {name}", "the function {name}"),
    "formula.external": (
        "liên kết tới tệp khác hoặc địa chỉ bên ngoài",
        "a link to another file or an outside address",
    ),
    "formula.name": ("tên vùng {name}", "the defined name {name}"),
    "rule.hidden_sheet": (
        "Trang tính “{sheet}” đang bị ẩn; hãy kiểm tra nội dung trang tính này",
        "Sheet “{sheet}” is hidden; check what it holds",
    ),
    "rule.date1904": (
        "Tệp dùng hệ ngày 1904 (Excel cho Mac đời cũ); ngày tháng được đọc theo hệ này",
        "The file uses the 1904 date system (old Excel for Mac); dates are read accordingly",
    ),
    "rule.not_a_number": (
        "{label} ({period}): “{text}” không phải là số",
        "{label} ({period}): “{text}” is not a number",
    ),
    "rule.excel_error": (
        "{label} ({period}): ô có lỗi Excel {text}",
        "{label} ({period}): the cell holds the Excel error {text}",
    ),
    "rule.text_number": (
        "{label} ({period}): số được nhập dưới dạng chữ “{text}”, đã đọc thành {value}",
        "{label} ({period}): number typed as text “{text}”, read as {value}",
    ),
    "rule.legacy_font": (
        "“{field}” gõ bằng phông cũ {font} (“{text}”), đã chuyển thành “{value}”",
        "“{field}” typed in the legacy font {font} (“{text}”), converted to “{value}”",
    ),
    "rule.structure": (
        "Không tìm thấy dòng “{label}” trên trang tính “{sheet}”: biểu mẫu đã bị sửa cấu trúc; hãy dùng biểu mẫu "
        "chuẩn",
        "The row “{label}” is missing from sheet “{sheet}”: the form's structure was changed; use the standard form",
    ),
    "rule.moved_row": (
        "Dòng “{label}” đã bị dời từ dòng {was} sang dòng {now}; xlunion vẫn đọc đúng dòng này",
        "The row “{label}” moved from row {was} to row {now}; xlunion still reads the right row",
    ),
    "rule.required": (
        "{label} ({period}): chưa nhập số liệu; đây là chỉ tiêu bắt buộc (nhập 0 nếu không phát sinh)",
        "{label} ({period}): no figure; it is required (type 0 if there was none)",
    ),
    "rule.integer": (
        "{label} ({period}) phải là số nguyên, không phải {value}",
        "{label} ({period}) must be a whole number, not {value}",
    ),
    "rule.minimum": (
        "{label} ({period}) = {value} nhỏ hơn mức tối thiểu {bound}",
        "{label} ({period}) = {value} is below the minimum {bound}",
    ),
    "rule.maximum": (
        "{label} ({period}) = {value} lớn hơn mức tối đa {bound}",
        "{label} ({period}) = {value} is above the maximum {bound}",
    ),
    "rule.part_of": (
        "{label} ({period}) = {value}, lớn hơn {whole_label} ({whole})",
        "{label} ({period}) = {value}, larger than {whole_label} ({whole})",
    ),
    "rule.total_mismatch": (
        "{label} ({period}) ghi {stored}, nhưng cộng các dòng chi tiết được {expected}",
        "{label} ({period}) shows {stored}, but its detail rows add up to {expected}",
    ),
    "rule.ratio_mismatch": (
        "{label} ({period}) ghi {stored}, nhưng tính từ tử số và mẫu số được {expected}",
        "{label} ({period}) shows {stored}, but numerator / denominator gives {expected}",
    ),
    "rule.current_mismatch": (
        "{label}: cột “Lũy kế / Hiện tại” ghi {stored}, nhưng tính lại được {expected}",
        "{label}: the “Lũy kế / Hiện tại” (current) column shows {stored}, but recomputing gives {expected}",
    ),
    "rule.balance": (
        "{label} ({period}) = {value}, khác với: số {previous_when} {previous} + kết nạp {plus} − giảm {minus} = "
        "{expected}; hãy kiểm tra hoặc giải thích ở cột “Ghi chú”",
        "{label} ({period}) = {value} differs from {previous_when} {previous} + admitted {plus} − left {minus} = "
        "{expected}; check it or explain in the “Ghi chú” (notes) column",
    ),
    "say.start_of_term": (
        "đầu nhiệm kỳ",
        "the start of the term's",
    ),
    "say.end_of_year": (
        "cuối năm {year}",
        "the end of {year}'s",
    ),
    "judge.met": (
        "Đạt",
        "Met",
    ),
    "judge.not_met": (
        "Chưa đạt",
        "Not yet met",
    ),
    "judge.exceeded": (
        "Vượt chỉ tiêu",
        "Exceeded",
    ),
    "judge.likely": (
        "Có khả năng hoàn thành",
        "Likely to be achieved",
    ),
    "judge.unlikely": (
        "Khó hoàn thành",
        "Unlikely to be achieved",
    ),
    "judge.done": (
        "Đã hoàn thành",
        "Already achieved",
    ),
    "judge.failed": (
        "Không hoàn thành",
        "Missed (deadline passed)",
    ),
    "judge.missed": (
        "Không đạt (đã hết thời hạn)",
        "Missed (deadline passed)",
    ),
    "say.up": (
        "tăng {size}",
        "up {size}",
    ),
    "say.down": (
        "giảm {size}",
        "down {size}",
    ),
    "say.same": (
        "không thay đổi",
        "unchanged",
    ),
    "say.points": (
        "điểm phần trăm",
        "percentage points",
    ),
    "say.range": (
        "từ {low} đến {high}",
        "between {low} and {high}",
    ),
    "say.since_congress": (
        "cộng dồn từ Đại hội",
        "since the congress",
    ),
    "say.above": (
        "cao hơn mức yêu cầu {size}",
        "{size} above what is due by now",
    ),
    "say.below": (
        "thấp hơn mức yêu cầu {size}",
        "{size} below what is due by now",
    ),
    "say.level": (
        "bằng mức yêu cầu",
        "exactly what is due by now",
    ),
    "say.share_due": (
        "bằng {share} mức yêu cầu đến thời điểm sơ kết",
        "{share} of what is due by now",
    ),
    "say.subject_all": (
        "Các cấp công đoàn",
        "Unions at every level",
    ),
    "say.subject_one": (
        "Công đoàn",
        "The union",
    ),
    "say.year": (
        "năm {year}",
        "{year}",
    ),
    "doc.title": (
        "BÁO CÁO",
        "REPORT",
    ),
    "doc.number": (
        "Số: {number}",
        "No.: {number}",
    ),
    "doc.motto1": (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "SOCIALIST REPUBLIC OF VIET NAM",
    ),
    "doc.motto2": (
        "Độc lập - Tự do - Hạnh phúc",
        "Independence - Freedom - Happiness",
    ),
    "doc.place": (
        "{place}, ngày {date}",
        "{place}, {date}",
    ),
    "doc.col.number": (
        "TT",
        "No.",
    ),
    "doc.col.indicator": (
        "Chỉ tiêu",
        "Indicator",
    ),
    "doc.col.target": (
        "Chỉ tiêu Nghị quyết",
        "Target",
    ),
    "doc.col.actual": (
        "Thực hiện",
        "Achieved",
    ),
    "doc.col.reached": (
        "% đạt",
        "% of due",
    ),
    "doc.col.status": (
        "Đánh giá",
        "Status",
    ),
    "doc.col.outlook": (
        "Triển vọng hoàn thành",
        "Outlook",
    ),
    "doc.recipients": (
        "Nơi nhận:",
        "Recipients:",
    ),
    "doc.recipient_above": (
        "- {parent} (để báo cáo);",
        "- {parent} (for its information);",
    ),
    "doc.recipient_archive": (
        "- Lưu: VT.",
        "- Archives.",
    ),
    "doc.chair": (
        "CHỦ TỊCH",
        "PRESIDENT",
    ),
    "doc.exec_committee": (
        "TM. BAN CHẤP HÀNH",
        "ON BEHALF OF THE EXECUTIVE COMMITTEE",
    ),
    "doc.standing_committee": (
        "TM. BAN THƯỜNG VỤ",
        "ON BEHALF OF THE STANDING COMMITTEE",
    ),
    "report.no_narrative": (
        "Định nghĩa báo cáo không có phần báo cáo viết (narrative)",
        "The report definition has no written report (narrative)",
    ),
    "report.written": (
        "Đã ghi dự thảo báo cáo: {path}",
        "Draft report written: {path}",
    ),
    "report.check_ok": (
        "Mọi số liệu trong {file} vẫn khớp với bảng tính",
        "Every figure in {file} still matches the workbook",
    ),
    "report.check_changed": (
        "{count} số liệu trong {file} không còn khớp với bảng tính:",
        "{count} figures in {file} no longer match the workbook:",
    ),
    "report.check_line": (
        "  [{sentence}] {label}: văn bản ghi “{written}”, bảng tính nay là “{now}”",
        "  [{sentence}] {label}: the draft says “{written}”, the workbook now says “{now}”",
    ),
    "report.check_in": (
        "      trong đoạn: “{paragraph}”",
        "      in: “{paragraph}”",
    ),
    "report.needs_output": (
        "Cần -o TỆP.docx (hoặc --check TỆP.docx để đối chiếu)",
        "Give -o FILE.docx (or --check FILE.docx to compare)",
    ),
    "pull.status.ok": (
        "hợp lệ",
        "valid",
    ),
    "pull.status.warnings": (
        "có cảnh báo",
        "with warnings",
    ),
    "pull.status.errors": (
        "có lỗi",
        "with errors",
    ),
    "wb.directory": (
        "mục lục tệp nén lớn tới {size} KB",
        "a zip directory of {size} KB",
    ),
    "wb.parts": (
        "{count} phần",
        "{count} parts",
    ),
    "rule.outlier": (
        "{label} ({period}) = {value}, chênh lệch bất thường (quá {factor} lần) so với {reference_period} "
        "({reference}); hãy kiểm tra hoặc giải thích ở cột “Ghi chú”",
        "{label} ({period}) = {value}, an unusual change (more than {factor} times) from {reference_period} "
        "({reference}); check it or explain in the “Ghi chú” (notes) column",
    ),
    "rule.part_of_term": (
        "{label} cộng dồn từ Đại hội ({value}) lớn hơn {whole_label} cộng dồn ({whole}); hãy kiểm tra hoặc giải thích "
        "ở cột “Ghi chú”",
        "{label} since the congress ({value}) is larger than {whole_label} over the same time ({whole}); check it or "
        "explain in the “Ghi chú” (notes) column",
    ),
    "rule.implausible": (
        "{label} ({period}) = {value}, vượt mức hợp lý {limit} so với {per_label} ({per}); hãy kiểm tra hoặc giải "
        "thích ở cột “Ghi chú”",
        "{label} ({period}) = {value}, beyond a plausible {limit} for {per_label} ({per}); check it or explain in the "
        "“Ghi chú” (notes) column",
    ),
    "rule.parent_renamed": (
        "Biểu mẫu ghi mã công đoàn cấp trên là “{value}”, nhưng “{value}” đã hợp nhất vào “{expected}” "
        "({expected_name}). xlunion tính theo cấp trên mới; hãy sửa “Mã công đoàn cấp trên” ở trang “Thông tin chung”",
        "The workbook names the parent “{value}”, which was merged into “{expected}” ({expected_name}). xlunion uses "
        "the new parent; correct “Mã công đoàn cấp trên” on the “Thông tin chung” sheet",
    ),
    "rule.meta_required": (
        "Chưa điền “{field}” ở trang “Thông tin chung”",
        "“{field}” on the “Thông tin chung” (general information) sheet is empty",
    ),
    "rule.unit_unknown": (
        "Mã đơn vị “{value}” không có trong danh mục đơn vị",
        "Unit code “{value}” is not in the unit registry",
    ),
    "rule.parent_mismatch": (
        "Theo danh mục đơn vị, đơn vị {unit} trực thuộc “{expected}”, nhưng biểu mẫu ghi mã công đoàn cấp trên là "
        "“{value}”",
        "The unit registry puts unit {unit} under “{expected}”, but the workbook names the parent “{value}”",
    ),
    "rule.level_mismatch": (
        "Biểu mẫu ghi cấp công đoàn là “{value}”, nhưng theo danh mục đơn vị, {unit} thuộc cấp “{expected}”; hãy kiểm "
        "tra lại mã đơn vị và cấp công đoàn",
        "The workbook gives the union level as “{value}”, but the unit registry has {unit} at the level “{expected}”; "
        "check the unit code and the level",
    ),
    "rule.name_mismatch": (
        "Tên đơn vị ghi trong biểu mẫu là “{value}”, nhưng theo danh mục đơn vị, mã {unit} là của đơn vị "
        "“{expected}”; hãy kiểm tra lại mã đơn vị và tên đơn vị",
        "The workbook names the unit “{value}”, but in the unit registry code {unit} belongs to “{expected}”; check "
        "the unit code and the name",
    ),
    "rule.consolidated_other": (
        "Phần dữ liệu ẩn của tệp ghi đây là bản tổng hợp của “{value}”, khác với mã đơn vị {unit} ở trang “Thông tin "
        "chung”; xlunion không dùng số liệu của tệp này",
        "The file's hidden data says it is the consolidated workbook of “{value}”, not of unit {unit} named on “Thông "
        "tin chung”; xlunion does not use its figures",
    ),
    "rule.consolidated_leaf": (
        "Tệp ghi là bản tổng hợp của {unit}, nhưng theo danh mục đơn vị, {unit} không có đơn vị trực thuộc nào; "
        "xlunion không dùng số liệu của tệp này",
        "The file says it is the consolidated workbook of {unit}, but the unit registry has no unit under {unit}; "
        "xlunion does not use its figures",
    ),
    "rule.provenance_foreign": (
        "Danh sách tệp nguồn của bản tổng hợp có tệp của đơn vị “{value}”, nhưng theo danh mục đơn vị, đơn vị này "
        "không trực thuộc {unit}; xlunion không dùng số liệu của tệp này",
        "The consolidated workbook's list of source files names unit “{value}”, which is not under {unit} in the unit "
        "registry; xlunion does not use its figures",
    ),
    "rule.provenance_too_long": (
        "Danh sách tệp nguồn của bản tổng hợp có {value} dòng, nhiều hơn mức tối đa {expected} dòng ứng với các đơn "
        "vị trực thuộc {unit} trong danh mục đơn vị; xlunion không dùng số liệu của tệp này",
        "The consolidated workbook lists {value} source files, more than the {expected} the units under {unit} in the "
        "unit registry can give; xlunion does not use its figures",
    ),
    "rule.provenance_unexpected": (
        "Tệp không phải bản tổng hợp nhưng có danh sách {value} tệp nguồn; xlunion bỏ qua danh sách này",
        "The file is not a consolidated workbook but lists {value} source files; xlunion ignores the list",
    ),
    "rule.report_mismatch": (
        "Mục “{field}” trong biểu mẫu ghi “{value}”, nhưng phải là “{expected}”",
        "The workbook's “{field}” reads “{value}”; it must be “{expected}”",
    ),
    "rule.period_mismatch": (
        "Kỳ báo cáo ghi trong biểu mẫu là “{value}”, khác với kỳ báo cáo quy định “{expected}”",
        "The workbook's reporting period “{value}” differs from the report's “{expected}”",
    ),
    "rule.fingerprint": (
        "Cấu trúc biểu mẫu đã bị thay đổi (mã nhận dạng cấu trúc biểu mẫu {value}, cần {expected}); hãy dùng biểu mẫu "
        "chuẩn",
        "The form's structure was changed (structure code {value}, {expected} expected); use the standard form",
    ),
    # files and outputs
    "io.locked": (
        "Không ghi được “{path}”: tệp đang mở trong Excel hoặc bị khóa. Hãy đóng tệp rồi thử lại.",
        "Cannot write “{path}”: the file is open in Excel or locked. Close it and try again.",
    ),
    "io.same_as_input": (
        "Tệp kết quả “{path}” trùng với một tệp đầu vào; xlunion không bao giờ ghi đè tệp đầu vào.",
        "Output “{path}” is one of the inputs; xlunion never overwrites an input.",
    ),
    "io.not_found": ("Không tìm thấy tệp “{path}”", "File “{path}” not found"),
    "io.is_directory": (
        "Không ghi được “{path}”: đó là một thư mục. Hãy ghi rõ tên tệp kết quả, ví dụ “{path}/tong-hop.xlsx”.",
        "Cannot write “{path}”: it is a folder. Give the output file a name, e.g. “{path}/tong-hop.xlsx”.",
    ),
    "io.no_permission": (
        "Không ghi được “{path}”: không có quyền ghi vào thư mục “{folder}”. Hãy chọn thư mục khác hoặc nhờ người "
        "quản trị máy tính cấp quyền.",
        "Cannot write “{path}”: no permission to write in the folder “{folder}”. Choose another folder or ask the "
        "computer's administrator for access.",
    ),
    "io.read_only": (
        "Không ghi được “{path}”: ổ đĩa hoặc thư mục “{folder}” chỉ cho phép đọc. Hãy chọn nơi lưu khác.",
        "Cannot write “{path}”: the disk or folder “{folder}” is read-only. Choose another place to save.",
    ),
    "io.disk_full": (
        "Không ghi được “{path}”: ổ đĩa đã đầy. Tệp cũ (nếu có) vẫn nguyên vẹn; hãy giải phóng dung lượng rồi thử lại.",
        "Cannot write “{path}”: the disk is full. The old file (if any) is intact; free some space and try again.",
    ),
    "io.name_too_long": (
        "Không ghi được “{path}”: tên tệp hoặc đường dẫn quá dài. Hãy đặt tên tệp ngắn hơn hoặc lưu vào thư mục có "
        "đường dẫn ngắn hơn.",
        "Cannot write “{path}”: the file name or path is too long. Use a shorter name or a folder with a shorter path.",
    ),
    "io.not_a_folder": (
        "Không ghi được “{path}”: “{folder}” không phải là thư mục. Hãy kiểm tra lại đường dẫn nơi lưu.",
        "Cannot write “{path}”: “{folder}” is not a folder. Check the path where it is saved.",
    ),
    "io.cannot_write": (
        "Không ghi được “{path}” (hệ điều hành báo: {detail}). Tệp cũ (nếu có) vẫn nguyên vẹn.",
        "Cannot write “{path}” (the system says: {detail}). The old file (if any) is intact.",
    ),
    # template (Excel data validation texts; Excel caps titles at 32 characters)
    "tpl.count.title": ("Nhập số nguyên", "Whole number"),
    "tpl.count.input": (
        "{label} ({unit}): nhập số nguyên từ 0 trở lên. {need}",
        "{label} ({unit}): a whole number, 0 or more. {need}",
    ),
    "tpl.count.error": (
        "Ô này chỉ nhận số nguyên từ 0 trở lên, ví dụ 1250 (không gõ chữ).",
        "This cell takes a whole number of 0 or more, e.g. 1250 (no text).",
    ),
    "tpl.amount.title": ("Nhập số", "Number"),
    "tpl.amount.input": (
        "{label} ({unit}): nhập số từ 0 trở lên, phần thập phân sau dấu phẩy. {need}",
        "{label} ({unit}): a number of 0 or more. {need}",
    ),
    "tpl.amount.error": (
        "Ô này chỉ nhận số từ 0 trở lên (không gõ chữ hay ký hiệu tiền tệ).",
        "This cell takes a number of 0 or more (no text, no currency sign).",
    ),
    "tpl.required": ("Bắt buộc nhập; nhập 0 nếu không phát sinh.", "Required; type 0 if there was none."),
    "tpl.optional": ("Để trống nếu không có số liệu.", "Leave blank if there is no figure."),
    "tpl.bad.title": ("Giá trị không hợp lệ", "Invalid value"),
    "tpl.date.title": ("Nhập ngày", "Date"),
    "tpl.date.input": (
        "Nhập ngày dạng ngày/tháng/năm, ví dụ 31/12/2025.",
        "Enter a date, e.g. 31/12/2025.",
    ),
    "tpl.date.error": ("Ô này chỉ nhận ngày hợp lệ.", "This cell takes a valid date."),
    "tpl.list.title": ("Chọn từ danh sách", "Pick from the list"),
    "tpl.list.input": ("Chọn một giá trị trong danh sách.", "Pick one value from the list."),
    "tpl.list.error": (
        "Giá trị phải là một mục trong danh sách.",
        "The value must be one of the list.",
    ),
    "tpl.own.title": (
        "Số liệu do cấp mình trực tiếp thực hiện (công đoàn cấp trên trực tiếp cơ sở trở lên)",
        "What this union did itself (unions above grassroots)",
    ),
    "tpl.own.note": (
        "Chỉ công đoàn cấp trên trực tiếp cơ sở, LĐLĐ tỉnh, Tổng Liên đoàn điền trang này: hoạt động do cấp mình trực "
        "tiếp tổ chức, không gồm số liệu của đơn vị trực thuộc (khi tổng hợp, xlunion cộng vào số của đơn vị trực "
        "thuộc theo cột “Cách tổng hợp”). CĐCS để trống trang tính này. Ô để trống nếu không có hoạt động.",
        "Only unions above grassroots fill this sheet: what they organised themselves, without their units' figures "
        "(consolidation adds them as the “Cách tổng hợp” column says). Grassroots unions leave it blank. Leave a cell "
        "blank where there was nothing.",
    ),
    "tpl.targets.title": ("Chỉ tiêu Nghị quyết Đại hội", "Congress resolution targets"),
    "tpl.targets.note": (
        "Đơn vị có Nghị quyết Đại hội riêng nhập mức chỉ tiêu vào cột (6) (tỷ lệ nhập dạng %, ví dụ 95%) và ghi số, "
        "ngày, tên Nghị quyết ở trang “Thông tin chung”. Cột (7), (8): mức chỉ tiêu đang áp dụng cho đơn vị và Nghị "
        "quyết đề ra chỉ tiêu đó.",
        "A unit with its own congress resolution types its target levels in column (6) (rates as %, e.g. 95%) and "
        "cites the resolution on the “Thông tin chung” sheet. Columns (7), (8): the target that applies to the unit, "
        "and the resolution that sets it.",
    ),
    "tpl.target.title": (
        "Chỉ tiêu NQ cấp mình",
        "Own resolution's target",
    ),
    "tpl.target.input": (
        "{label} ({unit}): mức chỉ tiêu do Nghị quyết Đại hội cấp mình đề ra. Để trống nếu Nghị quyết không đề ra mức "
        "này.",
        "{label} ({unit}): the level your own congress resolution sets. Leave blank if it sets none.",
    ),
    "tpl.legend": (
        "Ô màu vàng nhạt: nhập số liệu. Ô không tô màu: công thức tự tính, không nhập. “x”: không có số liệu (số phát "
        "sinh trong kỳ thì không có số đầu nhiệm kỳ).",
        "Light yellow cells: enter figures. Cells without colour: formulas, do not type. “x”: no figure (a flow has "
        "none at the start of the term).",
    ),
    "tpl.legend.consolidated": (
        "Ô màu xanh lam nhạt: số liệu tổng hợp từ báo cáo của các đơn vị trực thuộc và số liệu cấp mình (xem trang "
        "“Chi tiết đơn vị”); không sửa trực tiếp tại đây mà sửa ở báo cáo gốc hoặc trang “Số liệu cấp mình” rồi tổng "
        "hợp lại. Ô không tô màu: công thức tự tính.",
        "Light blue cells: figures consolidated from the units' reports and this union's own activities (see “Chi "
        "tiết đơn vị”); do not edit them here: correct the source report or “Số liệu cấp mình”, then consolidate "
        "again. Cells without colour: formulas.",
    ),
    "tpl.required_note": (
        "(*) Thông tin bắt buộc.",
        "(*) Required.",
    ),
    "tpl.hint.fixed": ("Điền sẵn theo biểu mẫu, không sửa.", "Filled in by the form, do not change."),
    "tpl.hint.choice": ("Chọn trong danh sách.", "Pick from the list."),
    "tpl.hint.date": ("Ngày/tháng/năm, ví dụ 31/12/2025.", "Day/month/year, e.g. 31/12/2025."),
    "tpl.hint.code": ("Theo danh mục đơn vị của công đoàn cấp trên.", "As in the parent union's unit registry."),
    # targets as written in a workbook
    "tgt.level": ("{target} đến cuối nhiệm kỳ", "{target} by the end of the term"),
    "tgt.by": ("{target} đến năm {year}", "{target} by {year}"),
    "tgt.each_year": ("{target} hằng năm", "{target} every year"),
    "tgt.per_year": ("{target}/năm", "{target} a year"),
    "tgt.term": ("{target} cả nhiệm kỳ", "{target} over the term"),
    "tgt.basis.level": (
        "Mức phải đạt đến thời hạn Nghị quyết đề ra",
        "A level to reach by the resolution's date",
    ),
    "tgt.basis.each_year": ("Hằng năm", "Every year"),
    "tgt.basis.per_year": ("Mỗi năm, cộng dồn cả nhiệm kỳ", "Each year, added up over the term"),
    "tgt.basis.term": ("Cộng dồn cả nhiệm kỳ", "Added up over the term"),
    "tgt.role.own": ("Nghị quyết cấp mình", "Own resolution"),
    "tgt.role.inherited": ("Kế thừa từ {holder} (trước hợp nhất)", "Taken over from {holder} (before the merger)"),
    "tgt.role.assigned": ("Cấp trên giao ({holder})", "Assigned by {holder}"),
    "tgt.role.contribution": (
        "Chỉ tiêu Nghị quyết của {holder}: đơn vị góp phần thực hiện, không đánh giá riêng",
        "{holder}'s resolution target: the unit contributes, it is not judged on it",
    ),
    "tgt.prose.pct": (
        "từ {value} trở lên",
        "{value} or more",
    ),
    "tgt.prose.count": (
        "ít nhất {value}",
        "at least {value}",
    ),
    "tgt.prose.max": (
        "không quá {value}",
        "at most {value}",
    ),
    "agg.own_plus_sum": ("Cộng với số của các đơn vị trực thuộc", "Added to the units' figures below"),
    "agg.own": (
        "Chỉ lấy số liệu của cấp mình, không cộng số của đơn vị trực thuộc",
        "This union's own figure only; its units' figures are not added",
    ),
    "agg.registry": (
        "Số liệu cấp mình nắm trên địa bàn, không cộng từ đơn vị trực thuộc",
        "This union's own figure for its area, not added up from its units",
    ),
    # annotated workbooks
    "annot.error": ("Lỗi", "Error"),
    "annot.warning": ("Cảnh báo", "Warning"),
    "annot.title": ("Kết quả kiểm tra số liệu", "Validation results"),
    "annot.summary": ("{errors} lỗi, {warnings} cảnh báo", "{errors} errors, {warnings} warnings"),
    "annot.ok": ("Không phát hiện vấn đề nào.", "No problems found."),
    "annot.col.n": ("STT", "No."),
    "annot.col.severity": ("Mức độ", "Severity"),
    "annot.col.sheet": ("Trang tính", "Sheet"),
    "annot.col.cell": ("Ô", "Cell"),
    "annot.col.indicator": ("Chỉ tiêu", "Indicator"),
    "annot.col.period": ("Kỳ", "Period"),
    "annot.col.message": ("Nội dung", "Message"),
    # validate / verify / schema commands
    "val.file_ok": ("{file}: hợp lệ", "{file}: valid"),
    "val.file_summary": ("{file}: {errors} lỗi, {warnings} cảnh báo", "{file}: {errors} errors, {warnings} warnings"),
    "val.unusable": ("{file}: không dùng được: {reason}", "{file}: unusable: {reason}"),
    "val.total": (
        "Tổng cộng {files} tệp: {valid} hợp lệ, {invalid} có lỗi, {unusable} không dùng được; "
        "{errors} lỗi, {warnings} cảnh báo",
        "{files} files: {valid} valid, {invalid} with errors, {unusable} unusable; "
        "{errors} errors, {warnings} warnings",
    ),
    "val.annotated": (
        "Đã ghi bản có đánh dấu lỗi, cảnh báo: {path}",
        "Marked copy written: {path}",
    ),
    "val.stamped": (
        "Đã ghi mã xác nhận kiểm tra vào tệp: {path}",
        "Validation code written into: {path}",
    ),
    "val.write_failed": (
        "{file}: không ghi được bản có đánh dấu lỗi, cảnh báo hoặc mã xác nhận kiểm tra — {reason}",
        "{file}: the marked or stamped copy could not be written — {reason}",
    ),
    "write.timeout": (
        "ghi tệp quá {seconds} giây nên đã dừng (tệp quá lớn, hỏng hoặc độc hại); các tệp khác vẫn được ghi",
        "writing took over {seconds} s and was stopped (the file is too big, damaged or malicious); the other "
        "files are still written",
    ),
    "write.out_of_memory": (
        "ghi tệp cần quá {limit} MB bộ nhớ nên đã dừng (tệp quá lớn, hỏng hoặc độc hại); các tệp khác vẫn được ghi",
        "writing needed over {limit} MB of memory and was stopped (the file is too big, damaged or malicious); "
        "the other files are still written",
    ),
    "write.crashed": (
        "chương trình ghi tệp dừng bất thường (tệp hỏng hoặc độc hại); các tệp khác vẫn được ghi",
        "the writer stopped abnormally (the file is damaged or malicious); the other files are still written",
    ),
    "write.failed": (
        "gặp lỗi khi ghi tệp (chi tiết kỹ thuật: {reason}); các tệp khác vẫn được ghi. Hãy gửi tệp cho người quản trị "
        "xlunion",
        "writing failed (technical detail: {reason}); the other files are still written. Send the file to your "
        "xlunion administrator",
    ),
    "val.not_stamped": (
        "{file}: còn lỗi nên chưa ghi mã xác nhận kiểm tra",
        "{file}: has errors, so no validation code was written",
    ),
    "val.progress": ("Đang kiểm tra", "Validating"),
    "val.no_files": ("Không có tệp .xlsx nào để kiểm tra", "No .xlsx files to validate"),
    "val.col.severity": ("Mức độ", "Severity"),
    "val.col.where": ("Vị trí", "Where"),
    "val.col.message": ("Nội dung", "Message"),
    "verify.unchanged": (
        "{file}: số liệu không thay đổi kể từ khi ghi mã xác nhận kiểm tra lúc {time}",
        "{file}: figures unchanged since the validation code of {time}",
    ),
    "verify.changed": (
        "{file}: số liệu ĐÃ THAY ĐỔI sau khi ghi mã xác nhận kiểm tra lúc {time}; cần kiểm tra lại",
        "{file}: figures CHANGED after the validation code of {time}; validate again",
    ),
    "verify.no_stamp": (
        "{file}: chưa có mã xác nhận kiểm tra (chạy xlunion validate --stamp)",
        "{file}: no validation code (run xlunion validate --stamp)",
    ),
    "schema.written": ("Đã ghi lược đồ pandera: {path}", "pandera schema written: {path}"),
    # submission status (Tình hình nộp báo cáo)
    "status.valid": ("Đã nộp, hợp lệ", "Submitted, valid"),
    "status.warnings": ("Đã nộp, có cảnh báo", "Submitted, with warnings"),
    "status.late": ("Nộp muộn", "Late"),
    "status.errors": ("Có lỗi, không tổng hợp", "Errors, left out"),
    "status.included_invalid": ("Có lỗi, vẫn tổng hợp", "Errors, included on request"),
    "status.missing": ("Chưa nộp", "Not submitted"),
    "status.via_children": (
        "Tổng hợp từ cấp dưới",
        "Consolidated from its units",
    ),
    "status.duplicate": ("Trùng (bản sao giống hệt)", "Duplicate (identical copy)"),
    "status.superseded": (
        "Đã có bản gửi sau thay thế",
        "Replaced by a later version",
    ),
    "status.newer_errors": (
        "Bản mới có lỗi, đang dùng bản trước",
        "Newer version has errors; the earlier one is used",
    ),
    "sender.other_unit": (
        "Thư gửi từ {sender} (địa chỉ của {owner}) nhưng kèm báo cáo của {unit}",
        "Sent from {sender}, the address of {owner}, but carries the report of {unit}",
    ),
    "sender.not_listed": (
        "Địa chỉ gửi {sender} không phải địa chỉ của {unit} trong danh mục đơn vị (danh mục ghi: {known})",
        "The sender {sender} is not among the addresses of {unit} in the registry ({known})",
    ),
    "sender.no_address": (
        "Danh mục đơn vị chưa ghi địa chỉ thư điện tử của {unit}; thư gửi từ {sender}",
        "The registry lists no address for {unit}; the mail came from {sender}",
    ),
    "sender.not_below": (
        "{unit} không trực thuộc {parent}",
        "{unit} is not below {parent}",
    ),
    "sender.several_units": (
        "Một thư kèm báo cáo của nhiều đơn vị: {units}",
        "One mail carries the reports of several units: {units}",
    ),
    "sender.two_versions": (
        "Một thư kèm {count} bản báo cáo khác nhau của {unit}",
        "One mail carries {count} different versions of the report of {unit}",
    ),
    "status.held": (
        "Chờ xác nhận người gửi",
        "Waiting: the sender to be confirmed",
    ),
    "status.rejected": (
        "Đã từ chối",
        "Rejected",
    ),
    "review.line": (
        "Số {id}: {unit}, tệp “{name}”, gửi từ {sender}, nhận lúc {received}",
        "No. {id}: {unit}, file “{name}”, from {sender}, received {received}",
    ),
    "review.summary": (
        "{count} báo cáo chờ xác nhận người gửi. Chấp nhận: xlunion inbox accept SỐ; từ chối: xlunion inbox reject SỐ",
        "{count} reports waiting. Accept: xlunion inbox accept NUMBER; reject: xlunion inbox reject NUMBER",
    ),
    "review.none": (
        "Không có báo cáo nào chờ xác nhận người gửi.",
        "No report is waiting to be confirmed.",
    ),
    "review.accepted": (
        "Đã chấp nhận số {id} ({unit}, “{name}”): từ nay được đưa vào tổng hợp.",
        "Accepted no. {id} ({unit}, “{name}”): from now on it counts.",
    ),
    "review.rejected": (
        "Đã từ chối số {id} ({unit}, “{name}”): không được đưa vào tổng hợp.",
        "Rejected no. {id} ({unit}, “{name}”): it does not count.",
    ),
    "review.unknown_id": (
        "Sổ theo dõi không có báo cáo số {ids}; lệnh xlunion inbox review liệt kê các số.",
        "The ledger has no report no. {ids}; xlunion inbox review lists the numbers.",
    ),
    "status.covered": (
        "Đã có trong báo cáo tổng hợp của cấp trên trực tiếp",
        "Already in its union's consolidated report",
    ),
    "status.foreign": (
        "Không trực thuộc đơn vị tổng hợp",
        "Not below the consolidating unit",
    ),
    "status.unusable": ("Không đọc được", "Unreadable"),
    "detail.title": ("Chi tiết số liệu theo đơn vị", "Figures unit by unit"),
    "detail.note": (
        "Trang dữ liệu: mỗi dòng một đơn vị, dòng “Tổng hợp” là số của báo cáo này; dùng để lọc, sắp xếp, tra "
        "cứu. Bản in gồm cột “Lũy kế / Hiện tại” của mọi chỉ tiêu (số đầu tiên trong tiêu đề cột là phụ lục); "
        "số liệu từng kỳ ở các cột sau, xem trên màn hình.",
        "A data sheet: a row per unit, the “Tổng hợp” row is this report's figure; for filtering, sorting and "
        "looking up. It prints the “Lũy kế / Hiện tại” column of every indicator (the first number of each "
        "heading is its appendix); each period follows in the later columns, for the screen.",
    ),
    "detail.cut": (
        "Có {units} đơn vị; bảng này ghi {shown} đơn vị đầu (theo mã); số liệu đầy đủ của mọi đơn vị: lệnh "
        "tổng hợp với tùy chọn --facts (tệp Parquet).",
        "There are {units} units; this table holds the first {shown} (by code); every unit's figures: the "
        "consolidate command with --facts (a Parquet file).",
    ),
    "changes.title": ("Thay đổi giữa các lần gửi báo cáo", "What resubmitted reports changed"),
    "changes.none": ("Không có đơn vị nào gửi lại báo cáo.", "No unit sent its report again."),
    "detail.own": ("Cấp mình thực hiện", "Done by this union itself"),
    "detail.merged": ("{name} (đã hợp nhất; phần {share} tính vào đây)", "{name} (merged; {share} counts here)"),
    "detail.merged_own": ("{name} (đã hợp nhất; hoạt động cấp mình, phần {share})",
                          "{name} (merged; its own activities, {share} here)"),
    "status.sheet_title": (
        "Tình hình nộp báo cáo của các đơn vị trực thuộc {unit}",
        "Reports of the units below {unit}",
    ),
    "status.own": ("Số liệu cấp mình thực hiện", "This union's own activities"),
    "cons.partial": (
        "Cột “{period}” chỉ có số liệu của {filled}/{units} đơn vị: chưa đầy đủ, không so sánh như số của toàn đơn vị",
        "Column “{period}” holds figures of {filled} of {units} units only: partial, not compared as a whole",
    ),
    "cons.written": ("Đã ghi báo cáo tổng hợp: {path}", "Consolidated workbook written: {path}"),
    "cons.summary": (
        "{parent}: {reported}/{expected} đơn vị trực thuộc đã có số liệu ({pct}); {files} tệp được tổng hợp",
        "{parent}: {reported}/{expected} direct units reported ({pct}); {files} files consolidated",
    ),
    "cmp.written": ("Đã ghi bảng so sánh: {path}", "Comparison written: {path}"),
    "cmp.title": (
        "So sánh kết quả hiện tại với đầu nhiệm kỳ và với nhiệm kỳ trước",
        "Now against the start of the term and against the previous term",
    ),
    "cmp.results_title": (
        "Kết quả thực hiện các chỉ tiêu Nghị quyết Đại hội",
        "The congress resolution's targets: results so far",
    ),
    "cmp.results_rules": (
        "Đánh giá: Đạt / Chưa đạt so với mức chỉ tiêu phải đạt đến nay (chỉ tiêu tính mỗi năm, cộng dồn cả nhiệm kỳ "
        "thì nhân theo số năm đã thực hiện; tỷ lệ so sánh theo điểm phần trăm). Triển vọng: dự báo đến thời hạn của "
        "chỉ tiêu theo xu hướng các năm (tỷ lệ không vượt quá 100%); “Đã hoàn thành” khi đã đạt mức chỉ tiêu cả nhiệm "
        "kỳ, hoặc đã đạt khi chỉ tiêu đến hạn; “Không hoàn thành” khi đã đến hạn mà chưa đạt.",
        "Status: met / not met against the target due by now (a count each year, cumulated over the term, is "
        "multiplied by the years done; rates in points). Outlook: projected to the target's date from the yearly "
        "trend (rates never past 100%); “done” once the term's target is reached, or met when its date came; “not "
        "done” when its date came unmet.",
    ),
    "cmp.chart_data": ("Số liệu cho biểu đồ", "Data for the charts"),
    "cmp.charts_title": (
        "Biểu đồ kết quả thực hiện các chỉ tiêu Nghị quyết",
        "Charts of the resolution's targets",
    ),
    "cmp.chart_rates": ("Các tỷ lệ: đầu nhiệm kỳ và hiện tại", "Rates: start of term and now"),
    "cmp.chart_reached": ("Mức độ đạt chỉ tiêu Nghị quyết", "How far each target is reached"),
    "cmp.unit_line": (
        "Đơn vị: {unit}. {term}; Đại hội ngày {start}; số liệu tính đến ngày {cutoff}; đã thực hiện được "
        "{elapsed}/{years} năm của nhiệm kỳ.",
        "Unit: {unit}. {term}; congress held on {start}; figures as of {cutoff}; {elapsed} of {years} years of the "
        "term done.",
    ),
    "cmp.own_resolution": ("Chỉ tiêu theo {names}.", "Targets of {names}."),
    "cmp.assigned_resolution": ("Chỉ tiêu cấp trên giao theo {names}.", "Targets assigned by {names}."),
    "cmp.contributions": (
        "Với chỉ tiêu số lượng trong Nghị quyết của cấp trên, bảng chỉ ghi phần đóng góp của đơn vị, không đánh giá "
        "đạt hay chưa đạt.",
        "For an upper level's count targets the table shows the unit's contribution only, not a verdict.",
    ),
    "cmp.no_targets": (
        "Đơn vị chưa có chỉ tiêu Nghị quyết áp dụng (Nghị quyết cấp mình hoặc cấp trên giao).",
        "No resolution target applies to this unit (its own or one assigned from above).",
    ),
    "cmp.rules": (
        "Số thời điểm: so sánh số hiện tại với số đầu nhiệm kỳ (tỷ lệ so sánh theo điểm phần trăm). Số phát sinh "
        "trong kỳ: so sánh bình quân mỗi năm với nhiệm kỳ trước (năm tổ chức Đại hội chỉ tính số tháng kể từ ngày Đại "
        "hội).",
        "Levels: now against the start of the term (rates in points). Flows: the yearly average against the previous "
        "term's (the congress year counts only the months since the congress).",
    ),
    "cmp.partial": (
        "Cột “{period}” chỉ có số liệu của {filled}/{units} đơn vị: chưa đầy đủ, không dùng để so sánh.",
        "Column “{period}” holds figures of {filled} of {units} units only: partial, not compared.",
    ),
    "cmp.part_one": (
        "I. So sánh với đầu nhiệm kỳ và nhiệm kỳ trước",
        "I. Against the start of the term and the previous term",
    ),
    "cmp.part_two": ("II. Thực hiện chỉ tiêu Nghị quyết", "II. The resolution's targets"),
    "cmp.line": ("  {label}: {current} / chỉ tiêu {target} — {status}; {outlook}",
                 "  {label}: {current} / target {target} — {status}; {outlook}"),
    "cmp.contribution_line": (
        "  {label}: {current}, đóng góp {share} so với mức chỉ tiêu phải đạt đến nay của {holder} ({target})",
        "  {label}: {current}, {share} of {holder}'s target due by now ({target})",
    ),
    "cli.targets.resolution": ("Theo {name}", "Per {name}"),
    # email
    "mail.subject": ("[{short}] Báo cáo sơ kết giữa nhiệm kỳ năm {year} — {unit}",
                     "[{short}] Mid-term review report {year} — {unit}"),
    "mail.subject_forced": (
        "(CÒN LỖI CHƯA SỬA)",
        "(ERRORS NOT FIXED)",
    ),
    "mail.greeting": (
        "Kính gửi: {parent_name}",
        "Dear {parent_name},",
    ),
    "mail.parent_union": (
        "Công đoàn cấp trên",
        "the union above",
    ),
    "mail.intro": (
        "{unit} (mã đơn vị: {code}) trân trọng gửi {title} ({term}), số liệu tính đến ngày {cutoff}.",
        "{unit} (unit code {code}) sends the {title} ({term}), figures as of {cutoff}.",
    ),
    "mail.forced": (
        "LƯU Ý: Báo cáo còn {errors} lỗi chưa sửa, người lập biểu vẫn quyết định gửi. Đề nghị công đoàn cấp trên xem "
        "xét kỹ trước khi tổng hợp.",
        "NOTE: the report still has {errors} errors; the officer chose to send it anyway. Please check it before "
        "consolidating.",
    ),
    "mail.validation": ("Kết quả kiểm tra: {errors} lỗi, {warnings} cảnh báo.", "Validation: {errors} errors, "
                        "{warnings} warnings."),
    "mail.figures": ("Một số chỉ tiêu chính (lũy kế / hiện tại):", "Key figures (cumulative / current):"),
    "mail.attachment": ("Tệp đính kèm: {name}", "Attachment: {name}"),
    "mail.stamp": (
        "Mã xác nhận kiểm tra: {stamp}",
        "Validation code: {stamp}",
    ),
    "mail.signature": ("Người lập biểu: {officer}", "Prepared by: {officer}"),
    "mail.refused": (
        "{file}: còn {errors} lỗi nên chưa gửi; hãy sửa lỗi (xem trang “Kiểm tra”) rồi gửi lại",
        "{file}: {errors} errors, not sent; fix them (see the “Kiểm tra” sheet), then send again",
    ),
    "mail.refused_hint": (
        "(dùng tùy chọn --force nếu vẫn phải gửi)",
        "(use --force to send anyway)",
    ),
    "mail.sent": ("Đã gửi {name} tới {to}", "Sent {name} to {to}"),
    "mail.draft": ("Đã ghi thư nháp {path}", "Draft written to {path}"),
    "mail.no_recipient": ("Chưa có người nhận: dùng --to hoặc khai báo trong tệp cấu hình",
                          "No recipient: use --to or set one in the config file"),
    "mail.config": ("Tệp cấu hình thư không hợp lệ: {reason}", "Invalid mail configuration: {reason}"),
    "receipt.subject": (
        "[{short}] Xác nhận đã nhận báo cáo — {unit}",
        "[{short}] Report received — {unit}",
    ),
    "receipt.subject_refused": (
        "[{short}] Báo cáo chưa được tiếp nhận — {unit}",
        "[{short}] Report not accepted — {unit}",
    ),
    "receipt.greeting": (
        "Kính gửi: Ban Chấp hành công đoàn đơn vị,",
        "Dear union committee,",
    ),
    "receipt.accepted": (
        "{union} đã nhận tệp “{name}” ({unit}). Báo cáo hợp lệ và được đưa vào tổng hợp.",
        "{union} has received “{name}” ({unit}). The report is valid and will be consolidated.",
    ),
    "receipt.warnings": (
        "{union} đã nhận tệp “{name}” ({unit}). Báo cáo được đưa vào tổng hợp; có {warnings} cảnh báo, đề nghị đơn vị "
        "xem lại các số liệu dưới đây và gửi lại nếu có sai sót.",
        "{union} has received “{name}” ({unit}). It will be consolidated; it has {warnings} warnings: please check "
        "the figures below and send it again if any is wrong.",
    ),
    "receipt.errors": (
        "{union} đã nhận tệp “{name}” ({unit}) nhưng báo cáo còn {errors} lỗi nên CHƯA được tổng hợp. Đề nghị đơn vị "
        "sửa các lỗi dưới đây (trang “Kiểm tra” trong tệp chỉ rõ từng ô) rồi gửi lại.",
        "{union} has received “{name}” ({unit}), but it has {errors} errors and is NOT consolidated. Please fix the "
        "errors below (the “Kiểm tra” sheet marks each cell) and send it again.",
    ),
    "receipt.held": (
        "{union} đã nhận tệp “{name}” ({unit}). Báo cáo đang chờ cán bộ tổng hợp xác nhận người gửi trước khi đưa vào "
        "tổng hợp, vì:",
        "{union} has received “{name}” ({unit}). It waits for the officer to confirm the sender before it counts, "
        "because:",
    ),
    "receipt.superseded": (
        "Tệp “{name}” ({unit}) đã được thay thế bằng bản đơn vị gửi sau: {reason}. Bản gửi sau được dùng để tổng hợp.",
        "“{name}” ({unit}) has been replaced by the version sent later: {reason}. The later one is consolidated.",
    ),
    "receipt.refused": (
        "{union} chưa tiếp nhận tệp “{name}”: {reason}. Đề nghị đơn vị kiểm tra lại tệp (mở bằng Excel, lưu dưới dạng "
        "Sổ làm việc Excel .xlsx, đúng biểu mẫu) rồi gửi lại.",
        "{union} could not accept “{name}”: {reason}. Please check the file (open it in Excel, save it as an Excel "
        "Workbook .xlsx in the standard form) and send it again.",
    ),
    "receipt.empty": (
        "{union} đã nhận thư của đơn vị nhưng thư không có tệp báo cáo (.xlsx) đính kèm. Đề nghị đơn vị gửi lại thư "
        "có đính kèm tệp báo cáo.",
        "{union} received your mail, but no report file (.xlsx) was attached to it. Please send it again with the "
        "report attached.",
    ),
    "receipt.findings": (
        "Kết quả kiểm tra:",
        "Validation findings:",
    ),
    "receipt.more": (
        "… và {count} mục khác (xem trang “Kiểm tra” trong tệp).",
        "… and {count} more (see the “Kiểm tra” sheet in the file).",
    ),
    "receipt.auto": (
        "(Thư tự động của xlunion; đề nghị không trả lời thư này.)",
        "(An automatic message from xlunion; please do not reply to it.)",
    ),
    "remind.subject": (
        "[{short}] Nhắc nộp báo cáo — {unit}",
        "[{short}] Report reminder — {unit}",
    ),
    "remind.missing": (
        "{union} chưa nhận được {title} ({term}) của {unit}. Đề nghị đơn vị hoàn thành và gửi báo cáo.",
        "{union} has not received the {title} ({term}) of {unit}. Please complete and send it.",
    ),
    "remind.missing_before": (
        "{union} chưa nhận được {title} ({term}) của {unit}. Hạn nộp: {deadline}. Đề nghị đơn vị hoàn thành và gửi "
        "báo cáo đúng hạn.",
        "{union} has not received the {title} ({term}) of {unit}. Deadline: {deadline}. Please send it before then.",
    ),
    "remind.missing_after": (
        "Đã quá hạn nộp ({deadline}) nhưng {union} chưa nhận được {title} ({term}) của {unit}. Đề nghị đơn vị khẩn "
        "trương gửi báo cáo.",
        "The deadline ({deadline}) has passed and {union} has not received the {title} ({term}) of {unit}. Please "
        "send it now.",
    ),
    "remind.errors": (
        "Báo cáo do {unit} gửi còn lỗi nên chưa được tổng hợp. Đề nghị đơn vị sửa lỗi (trang “Kiểm tra” trong tệp chỉ "
        "rõ từng ô) rồi gửi lại cho {union}.",
        "The report {unit} sent has errors and is not consolidated. Please fix them (the “Kiểm tra” sheet marks each "
        "cell) and send it again to {union}.",
    ),
    "remind.sent": (
        "Đã gửi thư nhắc {unit} ({state}) tới {to}",
        "Reminder sent to {unit} ({state}) at {to}",
    ),
    "remind.drafted": (
        "Đã ghi thư nhắc {unit} ({state}): {path}",
        "Reminder for {unit} ({state}) written: {path}",
    ),
    "remind.no_address": (
        "{unit}: danh mục đơn vị chưa có địa chỉ thư điện tử nên chưa gửi được thư nhắc; hãy bổ sung vào cột “thư "
        "điện tử”",
        "{unit}: the registry has no address for it, no reminder sent; add it in the “thư điện tử” column",
    ),
    "remind.summary": (
        "Đã gửi thư nhắc {count} đơn vị.",
        "{count} units reminded.",
    ),
    "remind.none": (
        "Tất cả đơn vị trực thuộc đã nộp báo cáo hợp lệ, không cần gửi thư nhắc.",
        "Every unit below has a valid report: no reminder needed.",
    ),
    "receipt.sent": (
        "Đã gửi thư xác nhận ({kind}) tới {to}: {name}",
        "Receipt ({kind}) sent to {to}: {name}",
    ),
    "receipt.drafted": (
        "Đã ghi thư xác nhận ({kind}) gửi {to}: {path}",
        "Receipt ({kind}) for {to} written: {path}",
    ),
    "receipt.failed": (
        "Chưa gửi được thư xác nhận tới {to}: {reason}",
        "Could not send the receipt to {to}: {reason}",
    ),
    "receipt.kind.accepted": (
        "hợp lệ",
        "valid",
    ),
    "receipt.kind.warnings": (
        "có cảnh báo",
        "with warnings",
    ),
    "receipt.kind.errors": (
        "có lỗi",
        "with errors",
    ),
    "receipt.kind.held": (
        "chờ xác nhận người gửi",
        "held",
    ),
    "receipt.kind.superseded": (
        "đã có bản gửi sau thay thế",
        "replaced",
    ),
    "receipt.kind.refused": (
        "không tiếp nhận",
        "refused",
    ),
    "receipt.kind.empty": (
        "không có tệp báo cáo",
        "no file",
    ),
    # mail transport: TLS, passwords, the servers' faults (xlunion.mail.security, faults, send, imap)
    "mail.config_not_found": (
        "Không tìm thấy tệp cấu hình thư “{path}”; hãy kiểm tra lại đường dẫn",
        "Mail config file “{path}” not found; check the path",
    ),
    "mail.password_in_config": (
        "Không được ghi mật khẩu (password) trong tệp cấu hình thư, mục [{table}]: hãy xóa dòng đó rồi lưu mật khẩu "
        "bằng lệnh xlunion mail login (hoặc đặt mật khẩu vào biến môi trường)",
        "No password in the mail config file, table [{table}]: delete that line and store the password with "
        "xlunion mail login (or set the environment variable)",
    ),
    "mail.password_in_url": (
        "Không được ghi mật khẩu trong địa chỉ hộp thư {url} (mật khẩu sẽ lộ trong lịch sử lệnh và danh sách tiến "
        "trình); hãy lưu mật khẩu bằng lệnh xlunion mail login hoặc đặt vào biến môi trường XLUNION_IMAP_PASSWORD",
        "No password in the mailbox address {url} (it would show in the shell history and the process list); "
        "store it with xlunion mail login or set the environment variable XLUNION_IMAP_PASSWORD",
    ),
    "mail.imap_url": (
        "Địa chỉ hộp thư “{url}” không hợp lệ; ví dụ đúng: imaps://ten@may-chu/INBOX",
        "Mailbox address “{url}” is not valid; for example: imaps://user@server/INBOX",
    ),
    "mail.ca_file": (
        "Không đọc được tệp chứng chỉ “{path}” (mục ca_file trong tệp cấu hình thư)",
        "Cannot read the certificate file “{path}” (ca_file in the mail config file)",
    ),
    "mail.plaintext_refused": (
        "Chưa đăng nhập {kind} vào {host} vì kết nối không được mã hóa: mật khẩu sẽ truyền qua mạng ở dạng ai cũng "
        "đọc được. Hãy dùng security = \"ssl\" hoặc \"starttls\"; nếu buộc phải dùng kết nối không mã hóa, ghi "
        "allow_plaintext_password = true vào tệp cấu hình",
        "Will not log in to {kind} at {host} over an unencrypted connection: the password would travel readable. "
        "Use security = \"ssl\" or \"starttls\"; if you must, put allow_plaintext_password = true in the config "
        "file",
    ),
    "mail.plaintext_warning": (
        "CẢNH BÁO: mật khẩu {kind} của {user} được gửi tới {host} qua kết nối không mã hóa "
        "(allow_plaintext_password = true trong tệp cấu hình)",
        "WARNING: the {kind} password of {user} goes to {host} over an unencrypted connection "
        "(allow_plaintext_password = true in the config file)",
    ),
    "mail.no_starttls": (
        "Máy chủ {kind} {host} không hỗ trợ mã hóa kết nối (STARTTLS) nên xlunion dừng lại, chưa gửi mật khẩu; "
        "hãy dùng "
        "security = \"ssl\" hoặc hỏi người quản trị máy chủ thư",
        "The {kind} server {host} offers no encryption (no STARTTLS), so nothing was sent; use "
        "security = \"ssl\" or ask the mail server's administrator",
    ),
    "mail.from_environment": ("biến môi trường {variable}", "the environment variable {variable}"),
    "mail.from_keyring": ("kho mật khẩu của hệ điều hành", "the operating system's keyring"),
    "mail.no_password": (
        "Chưa có mật khẩu {kind} của {user} ({host}): hãy chạy xlunion mail login hoặc đặt biến môi trường "
        "{variable}",
        "No {kind} password for {user} ({host}): run xlunion mail login or set the environment variable {variable}",
    ),
    "mail.no_user": (
        "Chưa có tên đăng nhập hộp thư {host}: ghi user trong mục [imap] của tệp cấu hình, hoặc trong địa chỉ "
        "(imaps://ten@{host}/INBOX)",
        "No login name for the mailbox {host}: put user in the config's [imap] table, or in the address "
        "(imaps://user@{host}/INBOX)",
    ),
    "mail.no_keyring_library": (
        "Cần cài thư viện keyring để lưu mật khẩu vào kho mật khẩu của hệ điều hành (pip install 'xlunion[mail]')",
        "Storing a password in the operating system's keyring needs the keyring library "
        "(pip install 'xlunion[mail]')",
    ),
    "mail.no_keyring": (
        "Máy này không có kho mật khẩu dùng được; hãy đặt mật khẩu vào biến môi trường {variable}",
        "This machine has no usable keyring; put the password in the environment variable {variable}",
    ),
    "mail.auth_failed": (
        "Máy chủ {kind} {host} từ chối đăng nhập của {user}: sai tên đăng nhập hoặc mật khẩu (mật khẩu lấy từ "
        "{origin})",
        "The {kind} server {host} refused the login of {user}: wrong user name or password (the password came "
        "from {origin})",
    ),
    "mail.auth_unsupported": (
        "Máy chủ {kind} {host} không hỗ trợ cách đăng nhập nào mà xlunion dùng được trên kết nối này",
        "The {kind} server {host} accepts no login method xlunion can use on this connection",
    ),
    "mail.tls_certificate": (
        "Đã dừng kết nối {kind} tới {host}:{port} vì chứng chỉ bảo mật của máy chủ không đáng tin cậy: {reason}",
        "Did not connect to {kind} at {host}:{port}: the server's certificate cannot be trusted: {reason}",
    ),
    "mail.cert_untrusted": (
        "chứng chỉ không do một tổ chức chứng thực đáng tin cậy cấp (có thể là chứng chỉ tự ký); nếu máy chủ của "
        "công đoàn dùng chứng chỉ riêng, hãy khai báo tệp chứng chỉ đó ở mục ca_file",
        "it is not issued by a trusted authority (it may be self-signed); if the union's server uses its own, "
        "name that certificate in ca_file",
    ),
    "mail.cert_other_host": (
        "chứng chỉ được cấp cho một máy chủ khác; hãy kiểm tra lại tên máy chủ (host)",
        "it was issued for another server; check the host name",
    ),
    "mail.cert_expired": ("chứng chỉ đã hết hạn hoặc chưa đến ngày hiệu lực",
                          "it has expired or is not valid yet"),
    "mail.cert_invalid": ("chứng chỉ không hợp lệ", "it is not valid"),
    "mail.tls_failed": (
        "Không thiết lập được kết nối mã hóa {kind} với {host}:{port}; hãy kiểm tra cổng (port) và kiểu bảo mật "
        "(security) trong tệp cấu hình",
        "Could not set up an encrypted {kind} connection with {host}:{port}; check the port and security in the "
        "config file",
    ),
    "mail.connect_failed": (
        "Không kết nối được với máy chủ {kind} {host}:{port}: {reason}",
        "Could not connect to the {kind} server {host}:{port}: {reason}",
    ),
    "mail.net_unknown_host": ("không tìm thấy máy chủ có tên này", "no server has this name"),
    "mail.net_refused": ("máy chủ từ chối kết nối (sai cổng, hoặc máy chủ chưa chạy)",
                         "the server refused the connection (wrong port, or the server is not running)"),
    "mail.net_timeout": ("máy chủ không trả lời kịp", "the server did not answer in time"),
    "mail.net_lost": ("kết nối bị ngắt", "the connection was cut"),
    "mail.smtp_rejected": ("Máy chủ {host} không nhận thư: {code} {reason}",
                           "The server {host} did not accept the message: {code} {reason}"),
    "mail.recipients_refused": (
        "Máy chủ {host} không chấp nhận địa chỉ nhận: {refused}. Đã gửi tới: {delivered}",
        "The server {host} refused the recipients: {refused}. Delivered to: {delivered}",
    ),
    "mail.no_folder": (
        "Hộp thư {host} không có thư mục “{folder}”; các thư mục hiện có: {folders}",
        "The mailbox {host} has no folder “{folder}”; its folders: {folders}",
    ),
    "pull.imap_lost": (
        "Mất kết nối với hộp thư IMAP {host} giữa chừng; các thư đã xử lý xong đã được ghi nhận, lần nhận thư sau sẽ "
        "tiếp tục từ thư đầu tiên chưa xử lý",
        "Lost the connection to the IMAP mailbox {host} midway; the messages already handled are recorded, and "
        "the next pull goes on from the first one that was not",
    ),
    "mail.no_source": (
        "Cần chỉ rõ nơi lấy thư: --imap, --from-dir, hoặc mục [imap] trong tệp cấu hình thư (--config)",
        "Say where the mail is: --imap, --from-dir, or an [imap] table in the mail config file (--config)",
    ),
    "mail.login_prompt": ("Mật khẩu {kind} của {user} ({host}), để trống nếu giữ nguyên",
                          "{kind} password of {user} ({host}), empty to keep it as it is"),
    "mail.login_stored": ("Đã lưu mật khẩu {kind} của {user} vào kho mật khẩu của hệ điều hành",
                          "Stored the {kind} password of {user} in the operating system's keyring"),
    "mail.login_kept": ("Giữ nguyên mật khẩu {kind} của {user}", "Kept the {kind} password of {user}"),
    "mail.login_nothing": (
        "Tệp cấu hình thư {path} chưa có tài khoản nào (mục [smtp] hoặc [imap] có user)",
        "The mail config file {path} has no account (an [smtp] or [imap] table with a user)",
    ),
    "pull.stored": ("Đã lưu {file} ({unit}, {status}) từ {sender}", "Stored {file} ({unit}, {status}) from {sender}"),
    "pull.duplicate": ("Đã có sẵn (bỏ qua): {name}", "Already stored (skipped): {name}"),
    "pull.rejected": ("Không lưu {name} ({source}): {reason}", "Not stored {name} ({source}): {reason}"),
    "pull.not_workbook": ("không phải tệp Excel .xlsx", "not an .xlsx workbook"),
    "pull.too_large": ("tệp quá lớn ({size} MB, tối đa {limit} MB)", "too large ({size} MB, limit {limit} MB)"),
    "pull.unknown_unit": ("đơn vị “{unit}” không có trong danh mục", "unit “{unit}” is not in the registry"),
    "pull.unknown_sender": ("người gửi {sender} không có trong danh mục", "sender {sender} is not in the registry"),
    "pull.unreadable": ("tệp không dùng được: {reason}", "unusable file: {reason}"),
    "pull.msg_unsupported": (
        "Đọc tệp Outlook .msg cần thư viện extract-msg (pip install extract-msg)",
        "Reading Outlook .msg files needs the extract-msg library (pip install extract-msg)",
    ),
    "pull.summary": ("Đã lưu {stored}, trùng {duplicates}, không lưu {rejected}",
                     "Stored {stored}, duplicates {duplicates}, rejected {rejected}"),
    "pull.held": (
        "— CHỜ XÁC NHẬN NGƯỜI GỬI: {notes}",
        "— HELD for the sender to be confirmed: {notes}",
    ),
    # every message accounted for (issue #15, point 2)
    "pull.summary_messages": (
        "{messages} thư; {empty} thư không có tệp báo cáo",
        "{messages} messages; {empty} without a report file",
    ),
    "pull.superseded_note": (
        " — đơn vị đã có bản gửi sau nên bản này không được dùng",
        " — the unit has a version that arrived later; this one is not used",
    ),
    "pull.no_report": (
        "Thư {source} từ {sender}: không có tệp báo cáo",
        "Message {source} from {sender}: no report file",
    ),
    "pull.broken_message": (
        "Thư {source} từ {sender}: cấu trúc thư bị hỏng, không tìm thấy tệp đính kèm nào; hãy đề nghị đơn vị gửi lại",
        "Message {source} from {sender}: its structure is broken and no attachment could be found; ask the unit "
        "to send it again",
    ),
    "pull.bad_message": (
        "thư bị hỏng, không đọc được; hãy đề nghị đơn vị gửi lại",
        "the message is broken and cannot be read; ask the unit to send it again",
    ),
    "pull.store_failed": (
        "không ghi được tệp vào thư mục lưu báo cáo nhận được",
        "the file could not be written into the inbox folder",
    ),
    "pull.file_failed": (
        "không xử lý được tệp này ({reason}); các thư khác vẫn được nhận",
        "this file could not be handled ({reason}); the other messages are still pulled",
    ),
    "pull.macro_workbook": (
        "tệp có macro (.xlsm): không tiếp nhận tệp có macro qua thư vì macro có thể chứa mã độc; hãy đề nghị đơn vị "
        "mở tệp trong Excel, lưu lại dưới dạng .xlsx (Sổ làm việc Excel) rồi gửi lại",
        "a workbook with macros (.xlsm): macros are not accepted by mail, they may carry malware; ask the unit to "
        "open it in Excel, save it again as .xlsx (Excel Workbook) and resend it",
    ),
    "pull.archive_broken": ("tệp nén bị hỏng, không mở được", "a broken archive that cannot be opened"),
    "pull.archive_empty": ("tệp nén không chứa tệp nào", "an archive with no file in it"),
    "pull.archive_encrypted": ("tệp trong tệp nén có đặt mật khẩu", "a password-protected file in an archive"),
    "pull.archive_too_many": (
        "tệp nén chứa {count} tệp (tối đa {limit})",
        "an archive of {count} files (limit {limit})",
    ),
    "pull.archive_too_large": (
        "tệp nén sau khi giải nén lớn hơn {limit} MB",
        "an archive larger than {limit} MB once unpacked",
    ),
    "pull.archive_too_deep": (
        "tệp nén lồng nhau quá {depth} lớp",
        "archives nested more than {depth} deep",
    ),
    "pull.tnef_unsupported": (
        "cần cài thư viện tnefparse để đọc tệp winmail.dat (pip install tnefparse)",
        "reading winmail.dat needs the tnefparse library (pip install tnefparse)",
    ),
    "wb.macro_workbook": (
        "tệp có macro (.xlsm) không được dùng vì macro có thể chứa mã độc; hãy mở tệp trong Excel, lưu lại dưới "
        "dạng .xlsx (Sổ làm việc Excel) rồi dùng tệp đó",
        "a workbook with macros (.xlsm) is not used, macros may carry malware; open it in Excel, save it again "
        "as .xlsx (Excel Workbook) and use that file",
    ),
    "cli.imap_or_dir": (
        "Cần chọn một trong hai: --imap hoặc --from-dir",
        "Give one of --imap or --from-dir",
    ),
    "cli.bad_lang": (
        "Không có ngôn ngữ “{value}”; chọn một trong: {languages}",
        "No language “{value}”; choose one of: {languages}",
    ),
    "cli.bad_format": (
        "Không có định dạng “{value}”; chọn một trong: {formats}",
        "No format “{value}”; choose one of: {formats}",
    ),
    "cli.unit_needs_registry": (
        "--unit cần có --registry (danh mục đơn vị)",
        "--unit needs --registry (the unit registry)",
    ),
    "cli.inputs_and_unit": (
        "Cần các tệp báo cáo (hoặc --ledger) và --unit",
        "Give the workbooks (or --ledger) and --unit",
    ),
    "pull.imap_failed": ("Không đọc được hộp thư IMAP {host}: {reason}", "Cannot read the IMAP mailbox {host}: "
                         "{reason}"),
    "ledger.failed": ("Không mở được sổ theo dõi ({reason})", "Cannot open the ledger ({reason})"),
    "ledger.not_found": (
        "Không tìm thấy sổ theo dõi “{path}”; hãy kiểm tra lại đường dẫn (sổ được tạo khi chạy xlunion inbox pull)",
        "Ledger “{path}” not found; check the path (a ledger is created by xlunion inbox pull)",
    ),
    "status.summary": (
        "{reported}/{expected} đơn vị trực thuộc đã nộp hợp lệ ({pct}); sổ theo dõi có báo cáo của {files} đơn vị",
        "{reported}/{expected} direct units submitted valid reports ({pct}); the ledger holds {files} units",
    ),
    "status.title": (
        "Tình hình nộp báo cáo của các đơn vị trực thuộc {unit}",
        "Reports of the units below {unit}",
    ),
    "status.col.unit": ("Đơn vị", "Unit"),
    "status.col.status": ("Tình trạng", "Status"),
    "status.col.received": ("Thời gian nhận", "Received"),
    "status.col.file": ("Tệp", "File"),
    "diff.none": ("Không có thay đổi số liệu", "No figures changed"),
    "diff.col.indicator": ("Chỉ tiêu", "Indicator"),
    "diff.col.period": ("Kỳ", "Period"),
    "diff.col.old": ("Bản cũ", "Old"),
    "diff.col.new": ("Bản mới", "New"),
    # Excel add-in
    "addin.no_xlwings": (
        "Cần cài xlwings để tạo phần bổ trợ: pip install 'xlunion[addin]'",
        "Building the add-in needs xlwings: pip install 'xlunion[addin]'",
    ),
    "addin.no_donor": (
        "Không tìm thấy mẫu add-in của xlwings trong gói đã cài (quickstart_addin_ribbon.xlam)",
        "xlwings' add-in template (quickstart_addin_ribbon.xlam) was not found in the installed package",
    ),
    "addin.failed": (
        "Không thực hiện được: {message}",
        "Could not complete the action: {message}",
    ),
    "addin.unexpected": (
        "Đã xảy ra lỗi không mong đợi ({error}). Chi tiết kỹ thuật được ghi ở {log}; hãy gửi tệp này cho cán bộ "
        "hỗ trợ.",
        "An unexpected error occurred ({error}). Technical details are in {log}; send that file to support.",
    ),
    "addin.no_registry": (
        "Không tìm thấy tệp danh mục đơn vị trong cùng thư mục với tệp này (tên tệp phải là một trong: {names})",
        "No unit registry in this workbook's folder (its name must be one of: {names})",
    ),
    "addin.pick_folder": (
        "Chọn thư mục chứa báo cáo của các đơn vị trực thuộc",
        "Choose the folder holding your units' reports",
    ),
    "addin.consolidated": (
        "Đã tổng hợp {files} báo cáo; {missing} đơn vị chưa nộp, {errors} báo cáo có lỗi không được tổng hợp. "
        "Xem trang “Tình hình nộp báo cáo”.",
        "Consolidated {files} reports; {missing} units missing, {errors} reports with errors left out. "
        "See “Tình hình nộp báo cáo”.",
    ),
    "addin.compared": ("Đã lập lại trang so sánh đầu nhiệm kỳ – hiện tại", "The comparison sheet was rebuilt"),
    "addin.sent": (
        "Đã kiểm tra, ghi mã xác nhận kiểm tra và soạn sẵn thư gửi báo cáo: {path}. Hãy mở tệp thư này bằng chương "
        "trình thư điện tử để gửi.",
        "Validated, wrote the validation code and prepared the email: {path}. Open that mail file in your mail "
        "program to send it.",
    ),
    "addin.template": ("Đã tạo biểu mẫu mới: {path}", "New template written: {path}"),
    "addin.report": (
        "Đã soạn dự thảo báo cáo: {path}",
        "Draft report written: {path}",
    ),
    "addin.help": (
        "Ô màu vàng nhạt: nhập số liệu; ô không tô màu: công thức tự tính; ô màu xanh lam nhạt: số liệu tổng hợp. "
        "Kiểm tra: tô đỏ ô có lỗi, tô cam có gạch chéo ô có cảnh báo cần xem lại và lập trang “Kiểm tra”. Tổng hợp: "
        "chọn thư mục chứa báo cáo của các đơn vị trực thuộc để tổng hợp vào biểu mẫu này (cùng số liệu cấp mình). So "
        "sánh: lập trang so sánh với đầu nhiệm kỳ và kết quả thực hiện chỉ tiêu Nghị quyết. Gửi báo cáo: kiểm tra, "
        "ghi mã xác nhận kiểm tra và soạn thư. Soạn báo cáo: soạn dự thảo báo cáo bằng Word từ số liệu của biểu "
        "mẫu. Biểu mẫu mới: tạo biểu mẫu trống cho đơn vị.",
        "Light yellow cells: enter figures; cells without colour: formulas; light blue cells: consolidated figures. "
        "Validate marks errors light red and warnings orange with hatching, and lists them on “Kiểm tra” "
        "(validation). Consolidate merges a folder of your units' reports (with this union's own activities) into "
        "this workbook. Compare rebuilds the comparison and the targets' results. Send validates, writes the "
        "validation code and prepares the email. Draft report writes the Word draft of the written report from the "
        "workbook's figures. New template writes a blank workbook for the unit.",
    ),
    "install.no_excel": (
        "Máy này không chạy Excel (Linux); dùng --dir để chỉ thư mục XLSTART của máy có Excel",
        "Excel does not run on this machine (Linux); use --dir to name the XLSTART folder of a machine with Excel",
    ),
    "install.done": (
        "Đã cài phần bổ trợ (add-in) vào {path}; xlwings sẽ dùng Python tại {python} (cấu hình {config}). Hãy khởi "
        "động lại Excel.",
        "Add-in installed to {path}; xlwings will use the Python at {python} (config {config}). Restart Excel.",
    ),
    "install.path_not_ansi": (
        "Đường dẫn “{path}” có ký tự mà Excel (VBA, bảng mã {encoding}) không đọc được, và Windows không có tên ngắn "
        "8.3 cho đường dẫn này: hãy cài Python vào thư mục có tên không dấu (ví dụ C:\\xlunion) rồi cài lại",
        "The path “{path}” has characters Excel's VBA cannot read in code page {encoding}, and Windows has no 8.3 "
        "short name for it: install Python in a folder with a plain name (e.g. C:\\xlunion), then install again",
    ),
    "install.removed": ("Đã gỡ: {path}", "Removed: {path}"),
    "install.nothing": ("Không có gì để gỡ", "Nothing to remove"),
    "doctor.no_config": (
        "Bước 2 chưa xong: chưa có cấu hình {path}. Chạy “xlunion addin install” (hoặc nháy đúp "
        "cai-dat-xlunion.cmd) để xlwings biết dùng Python nào",
        "Step 2 not done: no {path}. Run “xlunion addin install” (or double-click cai-dat-xlunion.cmd) so that "
        "xlwings knows which Python to start",
    ),
    "doctor.config_ok": ("Tệp cấu hình của phần bổ trợ: {path}", "The add-in's settings: {path}"),
    "doctor.interpreter_missing": (
        "Bước 1 chưa xong: không tìm thấy Python “{path}” ghi trong {config}. Nháy đúp cai-dat-xlunion.cmd để cài "
        "lại Python và xlunion",
        "Step 1 not done: the Python “{path}” named in {config} does not exist. Double-click cai-dat-xlunion.cmd "
        "to install Python and xlunion again",
    ),
    "doctor.interpreter_ok": (
        "Python dùng cho phần bổ trợ: {path}",
        "Python for the add-in: {path}",
    ),
    "doctor.python_lacks": (
        "Bước 1 chưa xong: Python {path} chưa đủ gói để chạy các nút ({error}). Nháy đúp cai-dat-xlunion.cmd để "
        "cài lại xlunion",
        "Step 1 not done: the Python {path} lacks what the buttons need ({error}). Double-click "
        "cai-dat-xlunion.cmd to reinstall xlunion",
    ),
    "doctor.python_broken": (
        "Bước 1 chưa xong: không chạy được Python {path} ({error}). Nháy đúp cai-dat-xlunion.cmd để cài lại",
        "Step 1 not done: the Python {path} does not run ({error}). Double-click cai-dat-xlunion.cmd to install "
        "it again",
    ),
    "doctor.python_ok": (
        "Python của phần bổ trợ có xlunion và xlwings {version}",
        "The add-in's Python has xlunion and xlwings {version}",
    ),
    "doctor.no_marker": (
        "Bước 2 chưa xong: thiếu tệp đánh dấu đã cài ({path}), nên mỗi lần bấm nút, Excel phải hỏi lại Python. Chạy "
        "“xlunion addin install”",
        "Step 2 not done: no install marker ({path}), so each click must ask Python first. Run “xlunion addin install”",
    ),
    "doctor.marker_ok": ("Tệp đánh dấu đã cài: {path}", "Install marker: {path}"),
    "doctor.no_xlwings": (
        "Chưa cài xlwings trong môi trường này: pip install 'xlunion[addin]'",
        "xlwings is not installed in this environment: pip install 'xlunion[addin]'",
    ),
    "doctor.addin_missing": (
        "Bước 2 chưa xong: chưa có phần bổ trợ trong thư mục khởi động của Excel ({path}). Chạy “xlunion addin "
        "install”",
        "Step 2 not done: the add-in is not in Excel's start-up folder ({path}). Run “xlunion addin install”",
    ),
    "doctor.addin_ok": (
        "Phần bổ trợ (add-in) đã cài: {path}",
        "Add-in installed: {path}",
    ),
    "doctor.conda": (
        "Đang dùng môi trường conda “{env}”: cấu hình đã ghi CONDA PATH và CONDA ENV để xlwings kích hoạt đúng "
        "môi trường",
        "Using the conda environment “{env}”: CONDA PATH and CONDA ENV are set so xlwings activates it",
    ),
    "doctor.conda_not_activated": (
        "Python {path} thuộc một môi trường conda nhưng cấu hình không ghi CONDA PATH và CONDA ENV: xlwings sẽ "
        "không kích hoạt môi trường (lỗi “DLL load failed”). Chạy “xlunion addin install” từ cửa sổ Anaconda Prompt "
        "đã kích hoạt môi trường đó",
        "The Python {path} is a conda environment's but the config has no CONDA PATH and CONDA ENV: xlwings will "
        "not activate it (“DLL load failed”). Run “xlunion addin install” from an Anaconda Prompt with that "
        "environment active",
    ),
    "doctor.no_conda": ("Không dùng conda", "Not using conda"),
    "doctor.vba_ok": (
        "Excel đã nạp và biên dịch mã VBA của phần bổ trợ {path}",
        "Excel loaded and compiled the add-in's VBA project {path}",
    ),
    "doctor.vba_failed": (
        "Excel không chạy được mã VBA của phần bổ trợ {path} ({error}): tải bản phần bổ trợ mới rồi chạy lại "
        "“xlunion addin install”",
        "Excel could not run the VBA of the add-in {path} ({error}): get a fresh add-in, then run “xlunion addin "
        "install” again",
    ),
    "doctor.vba_other_config": (
        "Phần bổ trợ đọc cấu hình ở {path}, không phải {config}: chạy lại “xlunion addin install”",
        "The add-in reads its settings from {path}, not {config}: run “xlunion addin install” again",
    ),
    "doctor.excel_unavailable": (
        "Không khởi động được Excel để kiểm tra mã VBA ({error})",
        "Excel could not be started to check the VBA project ({error})",
    ),
    "doctor.child_blocked": (
        "Quy tắc bảo mật “Chặn ứng dụng Office tạo tiến trình con” đang bật: Excel không thể chạy Python. "
        "Nhờ quản trị mạng cho phép Excel khởi động Python (ngoại lệ cho quy tắc ASR)",
        "The “Block Office applications from creating child processes” rule is on: Excel cannot start Python. "
        "Ask IT for an exception to that ASR rule",
    ),
    "doctor.child_ok": ("Excel được phép khởi động Python", "Excel may start Python"),
    "doctor.motw": (
        "Macro trong tệp tải từ Internet hoặc thư điện tử bị chặn; vì vậy báo cáo gửi đi là tệp .xlsx không có macro, "
        "còn mã chương trình nằm trong phần bổ trợ cài trên máy",
        "Macros in files from the internet or email are blocked; that is why reports travel as macro-free .xlsx and "
        "the code lives in the locally installed add-in",
    ),
    "doctor.mac_permission": (
        "macOS chưa cho Excel chạy RunPython: chạy “xlwings runpython install” (tạo tệp {path})",
        "macOS does not let Excel use RunPython yet: run “xlwings runpython install” (creates {path})",
    ),
    "doctor.mac_ok": ("macOS cho phép Excel chạy RunPython ({path})", "macOS lets Excel use RunPython ({path})"),
    "doctor.no_excel": (
        "Máy này ({platform}) không chạy Excel: phần bổ trợ chỉ dùng được trên Windows hoặc macOS",
        "This machine ({platform}) does not run Excel: the add-in works on Windows or macOS",
    ),
    # before and around the button's Python (addin.py, macros/CongDoan.bas, scripts/windows/)
    "addin.no_caller": (
        "Python không tìm thấy tệp Excel đang mở ({error}). Hãy lưu tệp vào một thư mục trên máy (không mở trực tiếp "
        "từ thư điện tử hay trình duyệt) rồi bấm lại nút",
        "Python could not find the workbook open in Excel ({error}). Save the workbook in a folder on this computer "
        "(not opened from an email or a browser), then press the button again",
    ),
    "addin.missing_module": (
        "Python {python} thiếu gói “{module}” cần cho nút này. Cách sửa: {fix}",
        "The Python {python} lacks the package “{module}” this button needs. To fix it: {fix}",
    ),
    "addin.precheck_no_config": (
        "Phần bổ trợ xlunion chưa được cài đặt đầy đủ: không có tệp cấu hình {path}. Cách sửa: {fix}",
        "The xlunion add-in is not fully installed: there is no settings file {path}. To fix it: {fix}",
    ),
    "addin.precheck_no_python": (
        "Không tìm thấy Python cho phần bổ trợ xlunion (“{path}”). Cách sửa: {fix}",
        "The xlunion add-in's Python (“{path}”) was not found. To fix it: {fix}",
    ),
    "addin.precheck_no_xlunion": (
        "Python “{path}” chưa cài xlunion hoặc xlwings. Cách sửa: {fix}",
        "The Python “{path}” does not have xlunion or xlwings. To fix it: {fix}",
    ),
    "addin.fix_windows": (
        "nháy đúp tệp cai-dat-xlunion.cmd (đi kèm phần bổ trợ), chờ báo xong rồi mở lại Excel.",
        "double-click cai-dat-xlunion.cmd (shipped with the add-in), wait until it says done, then reopen Excel.",
    ),
    "addin.fix_mac": (
        "mở Terminal, chạy lệnh xlunion addin install rồi mở lại Excel.",
        "open Terminal, run xlunion addin install, then reopen Excel.",
    ),
    "addin.folder_note": (
        "Trên máy Mac, xlunion tổng hợp các báo cáo trong thư mục {path} (đặt cạnh tệp Excel này).",
        "On a Mac, xlunion consolidates the reports in {path} (beside this workbook).",
    ),
    "addin.built_with_excel": (
        "Excel đã tạo phần bổ trợ (add-in): {path}",
        "Add-in built by Excel: {path}",
    ),
    "install.excel_build_windows": (
        "Chỉ tạo được phần bổ trợ bằng Excel trên Windows có cài Excel; trên máy này hãy bỏ tùy chọn --with-excel",
        "Only Windows with Excel can build the add-in through Excel; drop --with-excel on this machine",
    ),
    "install.vbproject_locked": (
        "Excel không cho sửa dự án VBA ({error}): bật File > Options > Trust Center > Trust Center Settings > Macro "
        "Settings > “Trust access to the VBA project object model” rồi chạy lại",
        "Excel refuses access to the VBA project ({error}): turn on File > Options > Trust Center > Trust Center "
        "Settings > Macro Settings > “Trust access to the VBA project object model”, then run again",
    ),
    "addin.setup_written": (
        "Đã ghi tệp cài đặt cho máy Windows chưa có Python: {path} (gửi kèm phần bổ trợ)",
        "Setup for a Windows PC without Python written: {path} (ship it with the add-in)",
    ),
    "addin.setup_start": ("Cài đặt xlunion cho Excel", "Setting up xlunion for Excel"),
    "addin.setup_uv": ("Bước 1: cài uv (công cụ cài Python)", "Step 1: installing uv (the Python installer)"),
    "addin.setup_xlunion": (
        "Bước 2: cài Python và xlunion vào môi trường riêng",
        "Step 2: installing Python and xlunion into their own environment",
    ),
    "addin.setup_addin": (
        "Bước 3: cài phần bổ trợ vào Excel và kiểm tra",
        "Step 3: installing the add-in into Excel and checking it",
    ),
    "addin.setup_failed": (
        "Cài đặt chưa hoàn tất. Hãy chụp màn hình cửa sổ này gửi cán bộ hỗ trợ.",
        "Setup did not finish. Send a screenshot of this window to support.",
    ),
    "addin.setup_done": (
        "Đã cài xong. Mở lại Excel và bấm nút trên thẻ Công đoàn.",
        "Done. Reopen Excel and press a button on the Công đoàn tab.",
    ),
    "addin.built": (
        "Đã tạo phần bổ trợ (add-in): {path}",
        "Add-in built: {path}",
    ),
    # command line
    "cli.template.written": ("Đã ghi biểu mẫu: {path}", "Template written: {path}"),
    "cli.demo.written": ("Đã tạo dữ liệu mẫu trong {path}", "Demo data written to {path}"),
    "cli.demo.registry": ("Danh mục đơn vị: {path} ({count} đơn vị)", "Unit registry: {path} ({count} units)"),
    "cli.demo.children": (
        "{files} tệp báo cáo của {count} CĐCS trong {path}",
        "{files} workbooks of {count} grassroots unions in {path}",
    ),
    "cli.demo.own": (
        "Số liệu cấp mình của {count} công đoàn cấp trên (kể cả hai LĐLĐ huyện đã hợp nhất năm 2025) trong {path}",
        "Own activities of {count} upper unions (the two district federations merged in 2025 included) in {path}",
    ),
    "cli.demo.resolutions": ("Nghị quyết Đại hội (chỉ tiêu) dùng để đánh giá: {path}",
                             "Congress resolutions (targets) judged against: {path}"),
    "cli.demo.validated": (
        "Đã kiểm tra {files} báo cáo CĐCS: {errors} lỗi, {warnings} cảnh báo",
        "Validated {files} grassroots workbooks: {errors} errors, {warnings} warnings",
    ),
    "cli.demo.mail": (
        "Đã “gửi” {drafts} thư nháp vào {path} ({refused} báo cáo còn lỗi không được gửi)",
        "“Sent” {drafts} drafts to {path} ({refused} reports with errors were refused)",
    ),
    "cli.demo.targets": ("Kết quả so với chỉ tiêu Nghị quyết — {unit}:", "Against the resolution's targets — {unit}:"),
    "cli.demo.mistake": ("Lỗi cố ý để kiểm thử: {file}: {what}", "Planted mistake: {file}: {what}"),
    "demo.not_demo_dir": (
        "Thư mục này đã có “inbox” không do lệnh demo tạo ra; hãy chọn thư mục khác để không ghi đè",
        "This folder already has an “inbox” the demo did not write; choose another folder so nothing is overwritten",
    ),
    "demo.part_over_whole": ("{part} lớn hơn {whole} ({period})", "{part} larger than {whole} ({period})"),
    "demo.text_number": (
        "{label} ({period}) gõ thành chữ “{text}”",
        "{label} ({period}) typed as the text “{text}”",
    ),
    "demo.legacy_font": (
        "tên đơn vị và người lập biểu gõ bằng phông cũ TCVN3 ({font})",
        "unit name and officer typed in the legacy TCVN3 font ({font})",
    ),
    "demo.missing": (
        "bỏ trống “{label}” ({period}), là chỉ tiêu bắt buộc",
        "required “{label}” ({period}) left blank",
    ),
    "demo.old_parent": (
        "còn ghi cấp trên cũ là {old} (đã hợp nhất vào {successor})",
        "still names its former parent {old} (merged into {successor})",
    ),
    "demo.implausible": (
        "{label} ({period}) = {value} với {members} đoàn viên",
        "{label} ({period}) = {value} with {members} members",
    ),
    "demo.identical_copy": ("bản sao giống hệt của {original}", "identical copy of {original}"),
    "demo.second_version": ("bản gửi lại lần 2 của {original}", "second version of {original}"),
    "cli.unknown_unit": ("Không có đơn vị “{code}” trong danh mục", "No unit “{code}” in the registry"),
    "cli.no_folder": (
        "Không tìm thấy thư mục “{path}”; hãy kiểm tra lại đường dẫn",
        "Folder “{path}” not found; check the path",
    ),
    "cli.error": ("Lỗi: {message}", "Error: {message}"),
}

_language = os.environ.get("XLUNION_LANG", "vi") if os.environ.get("XLUNION_LANG") in LANGUAGES else "vi"


def set_language(lang: str) -> None:
    """Choose the language of every message rendered from now on."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {lang!r}")
    _language = lang


def language() -> str:
    return _language


class Phrase(NamedTuple):
    """A part of a message that is itself a message, rendered in the language of the message it goes
    into (“đầu nhiệm kỳ” / “the start of the term's”)."""

    key: str
    values: dict = {}

    def render(self, lang: str | None = None) -> str:
        return msg(self.key, lang=lang, **self.values)


def msg(key: str, lang: str | None = None, **values: object) -> str:
    """Render message ``key`` in ``lang`` (default: the process language)."""
    vi, en = _CATALOGUE[key]
    template = en if (lang or _language) == "en" else vi
    values = {k: v.render(lang) if isinstance(v, Phrase) else v for k, v in values.items()}
    return template.format(**values)


def keys() -> list[str]:
    return sorted(_CATALOGUE)


def vn_number(value: float, decimals: int = 0) -> str:
    """Vietnamese style: thousands dot, decimal comma (13.000; 91,2)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def number_text(value: float, decimals: int = 0, lang: str | None = None) -> str:
    """A number as a reader of ``lang`` writes it: “13.000,5” in Vietnamese, “13,000.5” in English
    (where “1.142” reads as one and a bit)."""
    return f"{value:,.{decimals}f}" if (lang or _language) == "en" else vn_number(value, decimals)


def moment_text(stamp: str | None) -> str:
    """An ISO time from a workbook as a reader here writes it, in this machine's time zone with its
    offset (“28/11/2026 19:05 (UTC+07:00)”); a time without an offset is shown as written, a text
    that is no time at all is quoted as it is."""
    import datetime as dt

    if not stamp:
        return "?"
    try:
        moment = dt.datetime.fromisoformat(str(stamp).strip())
    except ValueError:
        return str(stamp)[:40]
    if moment.tzinfo is None:
        return moment.strftime("%d/%m/%Y %H:%M")
    local = moment.astimezone()
    offset = local.strftime("%z")
    return f"{local.strftime('%d/%m/%Y %H:%M')} (UTC{offset[:3]}:{offset[3:]})"
