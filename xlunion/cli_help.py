"""The help of the command line, in Vietnamese first and English second, typer's own strings included.

typer prints the help while it parses the arguments (``--help`` is an eager option), before the
callback that reads ``--lang`` has run. So the root group looks for the language itself — the last
``--lang X`` anywhere on the command line, else the environment variable ``XLUNION_LANG``, else
Vietnamese — and writes the texts of that language into every command and parameter before it lets
typer parse (:class:`LocalizedGroup`).

Keys of :data:`HELP`: ``app`` (the root), a command (``validate``, ``schema.export``), a parameter of
a command (``validate.files``) or ``opt.<name>`` for an option several commands share; ``typer.*``
are typer's own strings and ``metavar.*`` the words that stand for a value on the usage line.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from .messages import LANGUAGES, set_language

HELP: dict[str, tuple[str, str]] = {
    # typer's own strings
    "typer.usage": ("Cách dùng: ", "Usage: "),
    "typer.options_metavar": ("[TÙY_CHỌN]", "[OPTIONS]"),
    "typer.subcommand_metavar": ("LỆNH [THAM_SỐ]...", "COMMAND [ARGS]..."),
    "typer.arguments": ("Tham số", "Arguments"),
    "typer.options": ("Tùy chọn", "Options"),
    "typer.commands": ("Lệnh", "Commands"),
    "typer.error": ("Lỗi", "Error"),
    "typer.try_help": ("Gõ [blue]'{command_path} {help_option}'[/] để xem hướng dẫn.",
                       "Try [blue]'{command_path} {help_option}'[/] for help."),
    "typer.default": ("[mặc định: {}]", "[default: {}]"),
    "typer.required": ("[bắt buộc]", "[required]"),
    "typer.envvar": ("[biến môi trường: {}]", "[env var: {}]"),
    "typer.deprecated": ("(không còn dùng) ", "(deprecated) "),
    "typer.aborted": ("Đã dừng.", "Aborted."),
    "typer.help": ("Hiện hướng dẫn này rồi thoát.", "Show this message and exit."),
    # words that stand for a value
    "metavar.file": ("TỆP", "FILE"),
    "metavar.old_file": ("TỆP_CŨ", "OLD_FILE"),
    "metavar.new_file": ("TỆP_MỚI", "NEW_FILE"),
    "metavar.folder": ("THƯ_MỤC", "FOLDER"),
    "metavar.code": ("MÃ", "CODE"),
    "metavar.number": ("SỐ", "NUMBER"),
    "metavar.date": ("NGÀY", "DATE"),
    "metavar.name": ("HỌ_TÊN", "NAME"),
    "metavar.address": ("ĐỊA_CHỈ", "ADDRESS"),
    "metavar.email": ("ĐỊA_CHỈ_THƯ", "EMAIL"),
    "metavar.ledger": ("SỔ", "LEDGER"),
    "metavar.language": ("vi|en", "vi|en"),
    "metavar.format": ("text|json", "text|json"),
    "metavar.executor": ("local|dask", "local|dask"),
    # the root and the options several commands share
    "app": ("xlunion — báo cáo số liệu Công đoàn theo từng cấp, trong Excel.",
            "xlunion — trade union reports, level by level, in Excel."),
    "app.lang": ("Ngôn ngữ hiển thị: vi (tiếng Việt) hoặc en (tiếng Anh).",
                 "Language of messages and help: vi (Vietnamese) or en (English)."),
    "opt.report": ("Tệp định nghĩa báo cáo (schemas/*.yaml); mặc định là báo cáo kèm theo chương trình.",
                   "Report definition file (schemas/*.yaml); by default the one that comes with xlunion."),
    "opt.registry": ("Danh mục đơn vị (.csv hoặc .xlsx).", "Unit registry (.csv or .xlsx)."),
    "opt.targets": (
        "Tệp hoặc thư mục chỉ tiêu Nghị quyết (.yaml), thêm vào các chỉ tiêu trong schemas/targets/; có thể lặp lại.",
        "Resolution targets, a file or a folder (.yaml), added to those in schemas/targets/; may be repeated.",
    ),
    "opt.workers": ("Số tiến trình đọc tệp cùng lúc (mặc định: bằng số lõi CPU của máy).",
                    "How many processes read files at once (default: the machine's CPU cores)."),
    "opt.executor": ("Nơi đọc tệp: local (trên máy này) hoặc dask (trên cụm máy Dask).",
                     "Where files are read: local (on this machine) or dask (on a Dask cluster)."),
    "opt.scheduler": ("Địa chỉ cụm máy Dask, ví dụ tcp://may-chu:8786.",
                      "Address of the Dask cluster, e.g. tcp://server:8786."),
    "opt.deadline": ("Hạn nộp, ví dụ 31/01/2026 hoặc 31/01/2026 17:00; báo cáo đến sau hạn là nộp muộn.",
                     "Deadline, e.g. 31/01/2026 or 31/01/2026 17:00; reports received after it are late."),
    "opt.folder": ("Thư mục Excel tự mở khi khởi động (XLSTART); mặc định là thư mục của Excel trên máy này.",
                   "Folder Excel opens at start-up (XLSTART); by default the one of Excel on this machine."),
    # template
    "template": (
        "Ghi biểu mẫu trống để đơn vị điền số liệu (có thể điền sẵn mã, tên đơn vị, cấp trên và chỉ tiêu "
        "cấp trên giao).",
        "Write a blank form for a unit to fill in (optionally with the unit's code, name, parent and the "
        "targets its parent set already filled in).",
    ),
    "template.output": ("Tệp biểu mẫu sẽ ghi (.xlsx); mặc định đặt tên theo báo cáo và đơn vị.",
                        "Form to write (.xlsx); by default named after the report and the unit."),
    "template.registry": ("Danh mục đơn vị (.csv hoặc .xlsx), cần khi dùng --unit.",
                          "Unit registry (.csv or .xlsx), needed with --unit."),
    "template.unit": ("Mã đơn vị để điền sẵn vào biểu mẫu, ví dụ CD0101.",
                      "Code of the unit to fill in, e.g. CD0101."),
    # demo
    "demo": (
        "Tạo một tỉnh mẫu để dùng thử: danh mục đơn vị, Nghị quyết, báo cáo của mọi CĐCS (vài báo cáo có lỗi "
        "cố ý) và số liệu cấp mình của cấp trên; rồi kiểm tra, tổng hợp và so với chỉ tiêu.",
        "Create a sample province to try things out: unit registry, resolutions, a report from every "
        "grassroots union (a few with planted mistakes) and the upper unions' own figures; then validate, "
        "consolidate and compare with the targets.",
    ),
    "demo.directory": ("Thư mục ghi dữ liệu mẫu.", "Folder to write the sample data to."),
    "demo.seed": ("Số khởi tạo ngẫu nhiên: cùng số thì ra cùng bộ số liệu mẫu.",
                  "Random seed: the same seed gives the same sample figures."),
    "demo.mail": ("Thử thêm vòng thư: ghi thư nháp, nhận vào hộp thư đến và ghi sổ theo dõi.",
                  "Also try the mail round: write drafts, take them into the inbox and record them in the ledger."),
    # validate
    "validate": (
        "Kiểm tra số liệu các báo cáo: chỉ ra từng ô sai, rồi cho biết bao nhiêu tệp hợp lệ, bao nhiêu tệp "
        "có lỗi và tệp nào không đọc được.",
        "Check the figures of reports and point to each wrong cell. Exit status: 0 all valid, 1 errors "
        "found, 2 a file could not be read.",
    ),
    "validate.files": ("Các tệp báo cáo .xlsx, hoặc thư mục chứa chúng.",
                       "Report workbooks (.xlsx), or folders holding them."),
    "validate.registry": ("Danh mục đơn vị, để kiểm tra mã đơn vị và cấp trên.",
                          "Unit registry, to check unit codes and parents."),
    "validate.annotate": ("Thư mục ghi bản sao của báo cáo, có đánh dấu các ô sai.",
                          "Folder to write copies of the reports to, with the wrong cells marked."),
    "validate.in_place": ("Đánh dấu các ô sai ngay trên tệp gốc.", "Mark the wrong cells in the original files."),
    "validate.stamp": ("Ghi mã xác nhận kiểm tra vào các tệp không có lỗi (xem lại bằng lệnh verify).",
                       "Record a check confirmation in each file without errors (see it later with verify)."),
    "validate.output_format": ("Cách in kết quả: text (bảng để đọc) hoặc json (cho chương trình khác).",
                               "How to print the result: text (a table to read) or json (for other programs)."),
    "validate.outlier_factor": (
        "Cảnh báo khi một số liệu tăng hoặc giảm quá số lần này so với năm trước mà không có ghi chú giải thích.",
        "Warn when a figure grows or shrinks more than this many times from the year before, unless a note "
        "explains it.",
    ),
    "validate.lang": ("Ngôn ngữ thông báo của lệnh này: vi hoặc en (như tùy chọn chung --lang).",
                      "Language of this command's messages: vi or en (like the global --lang)."),
    # verify
    "verify": (
        "Cho biết số liệu của báo cáo có bị sửa sau khi ghi mã xác nhận kiểm tra hay không.",
        "Tell whether the figures of a report changed after its check confirmation was recorded. Exit "
        "status: 0 unchanged, 1 changed, 2 no confirmation.",
    ),
    "verify.file": ("Tệp báo cáo đã ghi mã xác nhận kiểm tra (bằng validate --stamp hoặc send).",
                    "Report with a check confirmation (recorded by validate --stamp or send)."),
    # consolidate
    "consolidate": ("Tổng hợp báo cáo của các đơn vị trực thuộc thành báo cáo của cấp trên.",
                    "Consolidate the reports of the subordinate units into the report of their parent."),
    "consolidate.inputs": ("Các tệp .xlsx, hoặc thư mục, của các đơn vị trực thuộc.",
                           "Workbooks (.xlsx), or folders, of the subordinate units."),
    "consolidate.unit": ("Mã đơn vị cấp trên nhận tổng hợp, ví dụ CT03.",
                         "Code of the parent unit to consolidate for, e.g. CT03."),
    "consolidate.output": ("Tệp báo cáo tổng hợp sẽ ghi (.xlsx).", "Consolidated report to write (.xlsx)."),
    "consolidate.ledger": (
        "Lấy bản hợp lệ mới nhất của mỗi đơn vị từ sổ theo dõi (tệp SQLite hoặc địa chỉ cơ sở dữ liệu).",
        "Take each unit's latest valid report from the ledger (an SQLite file or a database URL).",
    ),
    "consolidate.include_invalid": ("Tổng hợp cả những báo cáo còn lỗi.", "Also count reports that have errors."),
    "consolidate.officer": ("Họ tên người lập biểu tổng hợp.", "Name of the officer who prepares the report."),
    "consolidate.own": ("Biểu mẫu của chính đơn vị tổng hợp: số liệu cấp mình, Nghị quyết và chỉ tiêu.",
                        "The consolidating unit's own form: its own figures, resolution and targets."),
    "consolidate.facts": ("Ghi thêm toàn bộ số liệu thành bảng (tệp Parquet) để phân tích.",
                          "Also write every figure as a table (a Parquet file) for analysis."),
    # compare
    "compare": ("Lập bảng so sánh đầu nhiệm kỳ với hiện tại và với chỉ tiêu Nghị quyết, có biểu đồ.",
                "Build a table comparing the start of the term with now and with the resolution's targets, "
                "with charts."),
    "compare.file": ("Báo cáo của một đơn vị, hoặc báo cáo đã tổng hợp.",
                     "Report of one unit, or a consolidated one."),
    "compare.output": ("Tệp kết quả sẽ ghi (.xlsx).", "Workbook to write (.xlsx)."),
    "compare.registry": ("Danh mục đơn vị, để biết chỉ tiêu cấp trên giao cho đơn vị.",
                         "Unit registry, to know the targets the parent set for the unit."),
    # report
    "report": ("Soạn dự thảo báo cáo (.docx) từ số liệu của bảng tính, mỗi số liệu ghi rõ nguồn; hoặc đối "
               "chiếu một dự thảo đã sửa với bảng tính (--check).",
               "Draft the written report (.docx) from a workbook's figures, each traced to its source; or "
               "compare an edited draft with the workbook (--check)."),
    "report.workbook": ("Báo cáo của một đơn vị, hoặc báo cáo đã tổng hợp.",
                        "Report of one unit, or a consolidated one."),
    "report.output": ("Tệp dự thảo sẽ ghi (.docx).", "Draft to write (.docx)."),
    "report.check": ("Dự thảo đã soạn (.docx) cần đối chiếu: liệt kê các số liệu không còn khớp với bảng tính.",
                     "A draft (.docx) to compare: lists the figures that no longer match the workbook."),
    "report.registry": ("Danh mục đơn vị, để biết chỉ tiêu cấp trên giao cho đơn vị.",
                        "Unit registry, to know the targets the parent set for the unit."),
    "report.template": ("Tệp Word mẫu (.docx) có kiểu chữ của đơn vị; mặc định: kiểu theo Nghị định 30/2020/NĐ-CP.",
                        "A Word template (.docx) with the office's styles; by default those of Decree 30/2020."),
    # send
    "send": ("Kiểm tra báo cáo, ghi mã xác nhận kiểm tra rồi gửi lên cấp trên qua thư điện tử (hoặc chỉ ghi "
             "thư nháp).",
             "Check a report, record its check confirmation and send it to the parent by email (or only "
             "write a draft)."),
    "send.file": ("Tệp báo cáo cần gửi.", "Report to send."),
    "send.to": ("Địa chỉ thư của người nhận; có thể lặp lại.", "Email address of a recipient; may be repeated."),
    "send.draft": ("Ghi thư nháp vào tệp này (.eml) thay vì gửi.",
                   "Write the message to this file as a draft (.eml) instead of sending it."),
    "send.force": ("Vẫn gửi khi báo cáo còn lỗi (thư sẽ nói rõ).",
                   "Send even if the report has errors (the message says so)."),
    "send.config": ("Tệp cấu hình thư (TOML): máy chủ gửi thư, người gửi, người nhận; mặc định "
                    "~/.config/xlunion/mail.toml.",
                    "Mail settings (TOML): outgoing server, sender, recipients; by default "
                    "~/.config/xlunion/mail.toml."),
    "send.version": ("Lần gửi thứ mấy (ghi vào tên tệp dạng _vN).", "Which sending this is (_vN in the file name)."),
    # inbox
    "inbox": ("Hộp thư đến: nhận báo cáo gửi qua thư điện tử.", "Inbox: take in reports sent by email."),
    "inbox.pull": (
        "Lấy các tệp báo cáo đính kèm từ hộp thư (IMAP) hoặc từ thư mục thư đã lưu, lưu mỗi báo cáo một lần "
        "và ghi sổ theo dõi.",
        "Take report attachments from a mailbox (IMAP) or from a folder of saved messages, store each "
        "report once and record it in the ledger.",
    ),
    "inbox.pull.imap": ("Hộp thư IMAP, ví dụ imaps://ten@may-chu/INBOX (không ghi mật khẩu ở đây).",
                        "IMAP mailbox, e.g. imaps://user@server/INBOX (never a password here)."),
    "inbox.pull.from_dir": ("Thư mục chứa thư đã lưu (.eml hoặc .msg).", "Folder of saved messages (.eml or .msg)."),
    "inbox.pull.inbox": ("Thư mục lưu báo cáo nhận được.", "Folder to store the reports received in."),
    "inbox.pull.ledger": ("Sổ theo dõi (tệp SQLite hoặc địa chỉ cơ sở dữ liệu); mặc định inbox/ledger.sqlite.",
                          "Ledger (an SQLite file or a database URL); by default inbox/ledger.sqlite."),
    "inbox.pull.max_mb": ("Dung lượng lớn nhất của một tệp đính kèm, tính bằng MB.",
                          "Largest attachment accepted, in MB."),
    "inbox.pull.unit": ("Mã đơn vị nhận báo cáo (cấp trên): báo cáo của đơn vị không trực thuộc được giữ lại chờ xác "
                        "nhận người gửi; tên đơn vị này được ghi cuối thư xác nhận.",
                        "Code of the receiving (parent) unit: a report of a unit not below it is held for the "
                        "operator; its name signs the receipts."),
    "inbox.pull.receipts": ("Gửi thư xác nhận tới người gửi cho từng tệp nhận được (máy chủ gửi thư khai báo ở mục "
                            "[smtp]).",
                            "Mail each sender a receipt for each file pulled (the outgoing server in [smtp])."),
    "inbox.pull.receipts_dir": ("Không gửi: ghi thư xác nhận thành tệp .eml vào thư mục này để xem trước.",
                                "Do not send: write the receipts as .eml files in this folder, to look at first."),
    "inbox.review": ("Liệt kê các báo cáo đang chờ xác nhận người gửi: địa chỉ gửi không khớp với đơn vị, đơn vị "
                     "không trực thuộc, một thư kèm báo cáo của nhiều đơn vị hoặc nhiều bản.",
                     "Reports waiting for the sender to be confirmed: an address that does not match the unit, a "
                     "unit not below, one mail carrying several units or versions."),
    "inbox.review.ledger": ("Sổ theo dõi (tệp SQLite hoặc địa chỉ cơ sở dữ liệu).",
                            "Ledger (an SQLite file or a database URL)."),
    "inbox.accept": ("Chấp nhận các báo cáo đang chờ xác nhận (theo số thứ tự trong sổ theo dõi): từ nay được đưa vào "
                     "tổng hợp.",
                     "Accept waiting reports (by their number in the ledger): from now on they count."),
    "inbox.accept.ids": ("Số thứ tự trong sổ theo dõi (xem bằng lệnh inbox review).",
                         "Numbers in the ledger (inbox review lists them)."),
    "inbox.accept.ledger": ("Sổ theo dõi (tệp SQLite hoặc địa chỉ cơ sở dữ liệu).",
                            "Ledger (an SQLite file or a database URL)."),
    "inbox.reject": ("Từ chối các báo cáo đang chờ xác nhận (theo số thứ tự trong sổ theo dõi): không bao giờ được "
                     "đưa vào tổng hợp.",
                     "Reject waiting reports (by their number in the ledger): they never count."),
    "inbox.reject.ids": ("Số thứ tự trong sổ theo dõi (xem bằng lệnh inbox review).",
                         "Numbers in the ledger (inbox review lists them)."),
    "inbox.reject.ledger": ("Sổ theo dõi (tệp SQLite hoặc địa chỉ cơ sở dữ liệu).",
                            "Ledger (an SQLite file or a database URL)."),
    "inbox.pull.config": ("Tệp cấu hình thư (TOML): hộp thư ở mục [imap], tệp chứng chỉ ca_file; mặc định "
                          "~/.config/xlunion/mail.toml.",
                          "Mail settings (TOML): the mailbox in [imap], the ca_file certificate; by default "
                          "~/.config/xlunion/mail.toml."),
    # mail
    "mail": ("Tài khoản thư điện tử: mật khẩu gửi và nhận thư.", "Mail accounts: the passwords to send and receive."),
    "mail.login": (
        "Lưu mật khẩu gửi thư (SMTP) và nhận thư (IMAP) vào kho mật khẩu của hệ điều hành; mật khẩu được hỏi "
        "khi chạy lệnh và không hiện trên màn hình.",
        "Store the sending (SMTP) and receiving (IMAP) passwords in the operating system's keyring; they are "
        "asked for and not shown on screen.",
    ),
    "mail.login.config": ("Tệp cấu hình thư (TOML) có các tài khoản ở mục [smtp] và [imap]; mặc định "
                          "~/.config/xlunion/mail.toml.",
                          "Mail settings (TOML) with the accounts in [smtp] and [imap]; by default "
                          "~/.config/xlunion/mail.toml."),
    # status
    "status": ("Tình hình nộp báo cáo của các đơn vị trực thuộc, theo sổ theo dõi.",
               "Which subordinate units have reported, from the ledger."),
    "status.unit": ("Mã đơn vị cấp trên.", "Code of the parent unit."),
    "status.ledger": ("Sổ theo dõi (tệp SQLite hoặc địa chỉ cơ sở dữ liệu).",
                      "Ledger (an SQLite file or a database URL)."),
    # remind
    "remind": ("Gửi thư nhắc các đơn vị trực thuộc chưa nộp báo cáo hoặc báo cáo còn lỗi, theo sổ theo dõi.",
               "Mail a reminder to every unit below whose report is missing or has errors, from the ledger."),
    "remind.unit": ("Mã đơn vị cấp trên (đơn vị gửi thư nhắc).", "Code of the parent unit (the one reminding)."),
    "remind.ledger": ("Sổ theo dõi (tệp SQLite hoặc địa chỉ cơ sở dữ liệu).",
                      "Ledger (an SQLite file or a database URL)."),
    "remind.deadline": ("Hạn nộp (ví dụ 15/01/2026 hoặc 2026-01-15 17:00): thư nhắc ghi rõ còn hạn hay đã quá hạn.",
                        "Deadline (e.g. 15/01/2026 or 2026-01-15 17:00): the mail says before or after it."),
    "remind.config": ("Tệp cấu hình thư (TOML); mặc định ~/.config/xlunion/mail.toml.",
                      "Mail settings (TOML); by default ~/.config/xlunion/mail.toml."),
    "remind.dry_run": ("Không gửi: ghi từng thư nhắc thành tệp .eml vào thư mục này để xem trước.",
                       "Do not send: write each reminder as an .eml file in this folder, to look at first."),
    # diff
    "diff": ("Các số liệu đã thay đổi giữa hai lần gửi một báo cáo.",
             "The figures that changed between two versions of a report."),
    "diff.old": ("Bản gửi trước.", "The earlier version."),
    "diff.new": ("Bản gửi sau.", "The later version."),
    # schema
    "schema": ("Quy tắc kiểm tra sinh từ định nghĩa báo cáo (dành cho người phát triển).",
               "Validation rules derived from the report definition (for developers)."),
    "schema.export": ("Ghi quy tắc kiểm tra (lược đồ pandera, dạng YAML) bên cạnh định nghĩa trong schemas/.",
                      "Write the validation rules (a pandera schema, as YAML) next to the definition in schemas/."),
    "schema.export.output": ("Tệp YAML sẽ ghi; mặc định bên cạnh tệp định nghĩa.",
                             "YAML file to write; by default next to the definition."),
    # addin
    "addin": ("Phần bổ trợ Excel (thẻ Công đoàn trong Excel): tạo, cài, gỡ và chẩn đoán.",
              "The Excel add-in (the union tab in Excel): build, install, uninstall and diagnose it."),
    "addin.build": ("Tạo tệp phần bổ trợ xlunion.xlam từ thư mục macros/ (không cần Excel).",
                    "Build the add-in file xlunion.xlam from macros/ (Excel is not needed)."),
    "addin.build.output": ("Tệp phần bổ trợ sẽ ghi (.xlam).", "Add-in file to write (.xlam)."),
    "addin.build.macros": ("Thư mục chứa mã VBA và thẻ của phần bổ trợ (mặc định: macros/ kèm theo).",
                           "Folder with the add-in's VBA code and tab (default: the macros/ that comes with it)."),
    "addin.build.with_excel": (
        "Để Excel (trên Windows) tạo phần bổ trợ: nhập mã VBA và thẻ vào mẫu phần bổ trợ của xlwings rồi lưu; dành "
        "cho bản phát hành.",
        "Have Excel (on Windows) write the add-in: import the VBA and the tab into xlwings' add-in template and "
        "save it; for releases.",
    ),
    "addin.install": (
        "Cài phần bổ trợ vào thư mục Excel tự mở khi khởi động, để thẻ Công đoàn hiện trong Excel và dùng "
        "Python này.",
        "Install the add-in where Excel opens it at start-up, so that the union tab appears in Excel and "
        "uses this Python.",
    ),
    "addin.install.xlam": ("Tệp phần bổ trợ đã tạo (mặc định: tạo mới).",
                           "Add-in file already built (default: build a new one)."),
    "addin.uninstall": ("Gỡ phần bổ trợ Excel và tệp cấu hình của nó.",
                        "Remove the Excel add-in and its settings file."),
    "addin.doctor": ("Chẩn đoán các lỗi thường gặp khi cài phần bổ trợ Excel.",
                     "Diagnose common problems with the installation of the Excel add-in."),
}

# the word that stands for the value of each parameter (by its name in cli.py); flags have none
METAVARS: dict[str, str] = {
    "lang": "language", "report": "file", "registry": "file", "targets": "file", "output": "file",
    "unit": "code", "directory": "folder", "seed": "number", "files": "file", "annotate": "folder",
    "output_format": "format", "outlier_factor": "number", "workers": "number", "executor": "executor",
    "scheduler": "address", "file": "file", "inputs": "file", "ledger": "ledger", "deadline": "date",
    "officer": "name", "own": "file", "facts": "file", "to": "email", "draft": "file", "config": "file",
    "version": "number", "imap": "address", "from_dir": "folder", "inbox": "folder", "max_mb": "number",
    "old": "old_file", "new": "new_file", "macros": "folder", "xlam": "file", "folder": "folder",
    "workbook": "file", "check": "file", "template": "file", "ids": "number", "dry_run": "folder",
    "receipts_dir": "folder",
}

# typer reads these module constants of typer.rich_utils when it prints help or an error
_TYPER_STRINGS = {
    "ARGUMENTS_PANEL_TITLE": "typer.arguments", "OPTIONS_PANEL_TITLE": "typer.options",
    "COMMANDS_PANEL_TITLE": "typer.commands", "ERRORS_PANEL_TITLE": "typer.error", "RICH_HELP": "typer.try_help",
    "DEFAULT_STRING": "typer.default", "REQUIRED_LONG_STRING": "typer.required", "ENVVAR_STRING": "typer.envvar",
    "DEPRECATED_STRING": "typer.deprecated", "ABORTED_TEXT": "typer.aborted",
}


def text(key: str, lang: str) -> str:
    vi, en = HELP[key]
    return en if lang == "en" else vi


def language_of(args: Sequence[str]) -> str:
    """The language asked for: the last valid ``--lang`` on the command line (the global one or a
    command's), else ``XLUNION_LANG``, else Vietnamese."""
    chosen = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        else:
            continue
        if value in LANGUAGES:
            chosen = value
    env = os.environ.get("XLUNION_LANG")
    return chosen or (env if env in LANGUAGES else "vi")


def help_key(command_key: str, param_name: str) -> str | None:
    """The catalogue key of a parameter's help: the command's own text, else the shared one."""
    for key in (f"{command_key}.{param_name}", f"opt.{param_name}"):
        if key in HELP:
            return key
    return None


def localize(command: TyperCommand | TyperGroup, lang: str, key: str = "app") -> None:
    """Write the texts of ``lang`` into ``command``, its parameters and its sub-commands. A text
    missing from the catalogue leaves typer's (tests/test_cli_help.py makes sure none is missing)."""
    command.help_language = lang
    if key in HELP:
        command.help = text(key, lang)
    command.options_metavar = text("typer.options_metavar", lang)
    for param in command.params:
        if (found := help_key(key, param.name)) is not None:
            param.help = text(found, lang)
        if getattr(param, "is_flag", False):
            param.metavar = ""
        elif param.name in METAVARS:
            word = text("metavar." + METAVARS[param.name], lang)
            param.metavar = word + "..." if isinstance(param, TyperArgument) and param.nargs != 1 else word
    if isinstance(command, TyperGroup):
        command.subcommand_metavar = text("typer.subcommand_metavar", lang)
        for name, sub in command.commands.items():
            localize(sub, lang, name if key == "app" else f"{key}.{name}")


class _Argument(TyperArgument):
    """An argument shown by its word alone: ``TỆP...`` in the table (no ``<list[Path]>`` beside it),
    ``TỆP...`` or ``[THƯ_MỤC]`` on the usage line (not ``{files}...``)."""

    def display_type_rich(self, ctx) -> str | None:
        return None if self.metavar else super().display_type_rich(ctx)

    def get_usage_pieces(self, ctx) -> list[str]:
        if not self.metavar:
            return super().get_usage_pieces(ctx)
        return [self.metavar if self.required else f"[{self.metavar}]"]


class _Localized:
    """What groups and commands share: the usage line, typer's strings and the help option in the
    language :func:`localize` chose."""

    help_language = "vi"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:  # typer builds them itself and has no hook for the class
                param.__class__ = _Argument

    def format_usage(self, ctx, formatter) -> None:
        """The usage line opens both the help and an error message, so typer's strings are set here."""
        from typer import rich_utils  # imported only to print help or an error (rich is slow to import)

        for name, key in _TYPER_STRINGS.items():
            setattr(rich_utils, name, text(key, self.help_language))
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=text("typer.usage", self.help_language))

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help, option.metavar = text("typer.help", self.help_language), ""
        return option


class LocalizedCommand(_Localized, TyperCommand):
    pass


class LocalizedGroup(_Localized, TyperGroup):
    def parse_args(self, ctx, args: list[str]) -> list[str]:
        """The root finds the language before typer parses anything (``--help`` acts while parsing)."""
        if ctx.parent is None and "xlunion.lang" not in ctx.meta:
            ctx.meta["xlunion.lang"] = lang = language_of(args)
            set_language(lang)
            localize(self, lang)
        return super().parse_args(ctx, args)


class LocalizedTyper(typer.Typer):
    """A typer app whose groups and commands speak the language asked for."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cls=LocalizedGroup, **kwargs)

    def command(self, name: str | None = None, *, cls=LocalizedCommand, **kwargs):
        return super().command(name, cls=cls, **kwargs)


# -- typer's error sentences ------------------------------------------------------------------------
# typer writes its usage errors in English (f-strings, no catalogue); the Vietnamese frame around
# them is ours, so the sentence inside is translated too, by its shape.

_ERRORS = [
    (r"No such option: (\S+) \(Possible options: (.*)\)", "Không có tùy chọn {0} (có thể là: {1})"),
    (r"No such option: (\S+)", "Không có tùy chọn {0}"),
    (r"Missing argument (.+)\.", "Thiếu tham số {0}."),
    (r"Missing option (.+)\.", "Thiếu tùy chọn {0}."),
    (r"Missing parameter: (.+)", "Thiếu tham số {0}"),
    (r"Option (.+) requires an argument\.", "Tùy chọn {0} cần có giá trị."),
    (r"Option (.+) does not take a value\.", "Tùy chọn {0} không nhận giá trị."),
    (r"No such command (.+)\.", "Không có lệnh {0}."),
    (r"Got unexpected extra arguments? \((.*)\)", "Thừa tham số: {0}"),
    (r"Invalid value for (.+?): (.*)", "Giá trị không hợp lệ cho {0}: {1}"),
    (r"Invalid value: (.*)", "Giá trị không hợp lệ: {0}"),
]
_REASONS = [
    (r"Input should be a valid integer.*", "cần một số nguyên"),
    (r"Input should be a valid number.*", "cần một số"),
    (r"(.+) is not one of (.+)\.", "{0} không phải một trong các giá trị {1}"),
    (r"'(.+)' is not a valid (integer|float)\.?", "“{0}” không phải là số"),
    # click quotes the path as Python does ('…'); the sentence quotes it as Vietnamese does (“…”)
    (r"(?i:file|path|directory) ['\"](.+)['\"] does not exist\.", "không có tệp hoặc thư mục “{0}”"),
    (r"(?i:file|path|directory) ['\"](.+)['\"] is not readable\.", "không có quyền đọc “{0}”"),
    (r"(?i:file|path|directory) ['\"](.+)['\"] is not writable\.", "không có quyền ghi vào “{0}”"),
    (r"(?i:file|path) ['\"](.+)['\"] is a directory\.", "“{0}” là một thư mục, không phải tệp"),
    (r"(?i:directory|path) ['\"](.+)['\"] is a file\.", "“{0}” là một tệp, không phải thư mục"),
]


def translate_error(text: str) -> str:
    """A usage error of typer's, in Vietnamese (the text unchanged when its shape is not known)."""
    import re

    for pattern, vi in _ERRORS:
        found = re.fullmatch(pattern, text.strip(), re.S)
        if found:
            parts = list(found.groups())
            if pattern.startswith("Invalid value"):  # and why, said by the type
                parts[-1] = _reason(parts[-1])
            return vi.format(*parts)
    return text


def _reason(text: str) -> str:
    import re

    for pattern, vi in _REASONS:
        found = re.fullmatch(pattern, text.strip(), re.S)
        if found:
            return vi.format(*found.groups())
    return text


def _localized_errors(show):
    """typer's error panel, with the sentence in the language of the command's help."""
    if getattr(show, "localized", False):
        return show

    def localized(error) -> None:
        from typer import rich_utils

        from .messages import language

        lang = language()  # chosen by the root group before parsing (an error may come before any ctx)
        for name, key in _TYPER_STRINGS.items():
            setattr(rich_utils, name, text(key, lang))
        if lang == "vi" and hasattr(error, "format_message"):
            said = translate_error(error.format_message())
            error.format_message = lambda: said
        show(error)

    localized.localized = True
    return localized


def _install_error_translation() -> None:
    from typer import rich_utils

    rich_utils.rich_format_error = _localized_errors(rich_utils.rich_format_error)


_install_error_translation()
