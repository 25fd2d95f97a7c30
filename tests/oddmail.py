"""Odd but ordinary mail, built in code: what a union office receives from forty mail programs.

Each :class:`Odd` is one message and the number of files a pull must give a line for (0: the
message has none, and gets one "no report file" line). Workbooks are the demo's, each made a
distinct file by its zip comment, so that every name-related case really reaches the filesystem.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

SENDER = "cd0101@congdoan-songhong.vn"
SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VN_LONG = ("Báo cáo sơ kết giữa nhiệm kỳ Đại hội Công đoàn Việt Nam của Công đoàn Trường Trung học phổ thông "
           "Bình Minh thuộc Liên đoàn Lao động phường Bình Minh tỉnh Sông Hồng số kỳ")
"""A realistic long Vietnamese name: 174 characters and 230 bytes once ".xlsx" is added."""


@dataclass
class Odd:
    name: str
    raw: bytes
    files: int
    """How many files the message carries (each must get exactly one line)."""


def variant(workbook: bytes, n: int) -> bytes:
    """The same workbook as a different file (another SHA-256): only the zip comment differs."""
    out = io.BytesIO(workbook)
    with zipfile.ZipFile(out, "a") as archive:
        archive.comment = f"odd-{n}".encode()
    return out.getvalue()


def zipped(files: list[tuple[str, bytes]], encrypted: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(zipfile.ZipInfo(name, (2026, 1, 10, 8, 0, 0)), data, zipfile.ZIP_DEFLATED)
    data = bytearray(out.getvalue())
    if encrypted:  # zipfile cannot write encryption: set the flag that says so, in both headers
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = data.find(signature)
            data[at + offset] |= 0x1
    return bytes(data)


def tnef(files: list[tuple[str, bytes]]) -> bytes:
    """A minimal winmail.dat (MS-OXTNEF): signature, key, version, code page, then per file its
    rendering, title and data attributes."""
    def attribute(level: int, ident: int, kind: int, data: bytes) -> bytes:
        return struct.pack("<BHHI", level, ident, kind, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)

    out = struct.pack("<IH", 0x223E9F78, 1)
    out += attribute(1, 0x9006, 0x0008, struct.pack("<I", 0x10000))
    out += attribute(1, 0x9007, 0x0006, struct.pack("<II", 65001, 0))
    for name, data in files:
        out += attribute(2, 0x9002, 0x0006, b"\x01\x00\xff\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00")
        out += attribute(2, 0x8010, 0x0001, name.encode() + b"\x00")
        out += attribute(2, 0x800F, 0x0006, data)
    return out


def _headers(msg, n: int, sender: str = SENDER, date: str | None = None) -> None:
    msg["From"] = f"Công đoàn Trường THPT Bình Minh <{sender}>"
    msg["To"] = "ct01@congdoan-songhong.vn"
    msg["Subject"] = f"Báo cáo sơ kết số {n}"
    msg["Date"] = date or f"Mon, 12 Jan 2026 08:{n % 60:02d}:00 +0700"
    msg["Message-ID"] = f"<odd-{n}@congdoan-songhong.vn>"


def _simple(n: int, attachments: list[tuple[str, bytes, str]], text: str = "Kính gửi báo cáo.", **head) -> bytes:
    msg = EmailMessage()
    _headers(msg, n, **head)
    msg.set_content(text)
    for name, data, ctype in attachments:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


def _part(data: bytes, ctype: str = SHEET, **params) -> MIMEBase:
    maintype, subtype = ctype.split("/")
    part = MIMEApplication(data, subtype) if maintype == "application" else MIMEBase(maintype, subtype)
    if maintype != "application":
        part.set_payload(data)
        from email import encoders

        encoders.encode_base64(part)
    for key, value in params.items():
        if key == "disposition":
            part.add_header("Content-Disposition", value)
        else:
            part.set_param(key, value)
    return part


def _tree(n: int, root: MIMEBase, **head) -> bytes:
    _headers(root, n, **head)
    return root.as_bytes()


def odd_mails(book: bytes) -> list[Odd]:  # noqa: PLR0915 - one catalogue, read top to bottom
    """At least forty odd messages; ``book`` is a valid workbook of unit CD0101."""
    v = [variant(book, n) for n in range(40)]
    x = "tep.xlsx"
    mails: list[Odd] = []

    def add(name: str, raw: bytes, files: int) -> None:
        mails.append(Odd(f"{len(mails) + 1:02d}-{name}.eml", raw, files))

    add("ordinary", _simple(1, [("bao-cao.xlsx", v[1], SHEET)]), 1)
    # forwarded: the workbook inside a message/rfc822, once and twice
    inner = MIMEMultipart()
    _headers(inner, 100)
    inner.attach(MIMEText("báo cáo gốc", "plain", "utf-8"))
    inner.attach(_part(v[2], disposition='attachment; filename="bao-cao-goc.xlsx"'))
    outer = MIMEMultipart()
    outer.attach(MIMEText("Chuyển tiếp", "plain", "utf-8"))
    outer.attach(MIMEMessage(inner))
    add("forwarded", _tree(2, outer), 1)
    twice = MIMEMultipart()
    twice.attach(MIMEText("Fwd: Fwd:", "plain", "utf-8"))
    wrapper = MIMEMultipart()
    _headers(wrapper, 101)
    wrapper.attach(MIMEMessage(inner))
    twice.attach(MIMEMessage(wrapper))
    add("forwarded-twice", _tree(3, twice), 1)
    single_fwd = MIMEMessage(inner)
    add("only-a-forward", _tree(4, single_fwd), 1)
    # a gateway's nested multiparts
    deep = MIMEMultipart()
    level = deep
    for _ in range(4):
        nested = MIMEMultipart()
        level.attach(nested)
        level = nested
    level.attach(_part(v[3], disposition='attachment; filename="long-sau.xlsx"'))
    add("gateway-nested", _tree(5, deep), 1)
    # Apple Mail: the file inline between two text parts
    apple = MIMEMultipart()
    apple.attach(MIMEText("Kính gửi,", "plain", "utf-8"))
    apple.attach(_part(v[4], disposition='inline; filename="Bao cao Apple.xlsx"'))
    apple.attach(MIMEText("Trân trọng.", "plain", "utf-8"))
    add("apple-mail", _tree(6, apple), 1)
    # iPhone: alternative > related > html + the file
    iphone = MIMEMultipart("alternative")
    iphone.attach(MIMEText("Gửi từ iPhone", "plain", "utf-8"))
    related = MIMEMultipart("related")
    related.attach(MIMEText("<p>Gửi từ iPhone</p>", "html", "utf-8"))
    related.attach(_part(v[5], disposition='inline; filename="iphone.xlsx"'))
    iphone.attach(related)
    add("iphone", _tree(7, iphone), 1)
    # names: only in Content-Type, RFC 2231, encoded words, raw UTF-8, none at all
    only_type = MIMEMultipart()
    only_type.attach(MIMEText("x", "plain", "utf-8"))
    only_type.attach(_part(v[6], name="chi-co-ten-trong-kieu.xlsx"))
    add("name-in-content-type", _tree(8, only_type), 1)
    rfc2231 = MIMEMultipart()
    part = _part(v[7])
    part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", "Báo cáo sơ kết.xlsx"))
    rfc2231.attach(part)
    add("rfc2231-name", _tree(9, rfc2231), 1)
    add("encoded-word-name", _tree(10, _with(MIMEMultipart(), _part(
        v[8], disposition='attachment; filename="=?utf-8?b?QsOhbyBjw6FvIHbDrSBk4bulLnhsc3g=?="'))), 1)
    raw8 = _simple(11, [("PLACEHOLDER.xlsx", v[9], SHEET)]).replace(b"PLACEHOLDER", "Báo-cáo-8bit".encode())
    add("raw-utf8-name", raw8, 1)
    add("no-name-sheet-type", _tree(12, _with(MIMEMultipart(), MIMEText("x", "plain", "utf-8"),
                                              _part(v[10]))), 1)
    add("no-name-octet-stream", _tree(13, _with(MIMEMultipart(), _part(v[11], "application/octet-stream",
                                                                       disposition="attachment"))), 1)
    # single-part messages whose whole body is the file
    add("single-part-named", _tree(14, _part(v[12], name="mot-phan.xlsx")), 1)
    add("single-part-no-name", _tree(15, _part(v[13])), 1)
    # broken boundaries: the close missing (Python recovers the file), the start never found
    good = _simple(16, [("ranh-gioi.xlsx", v[14], SHEET)])
    boundary = good.split(b'boundary="')[1].split(b'"')[0]
    add("close-boundary-missing", good.replace(b"--" + boundary + b"--", b""), 1)
    wrong = _simple(17, [("khong-thay.xlsx", v[15], SHEET)])
    boundary = wrong.split(b'boundary="')[1].split(b'"')[0]
    add("start-boundary-wrong", wrong.replace(b'boundary="' + boundary + b'"', b'boundary="khac-han"'), 0)
    # no attachment at all
    add("text-only", _simple(18, [], "Đơn vị xin gửi báo cáo sau."), 0)
    html = MIMEMultipart("alternative")
    html.attach(MIMEText("Chỉ có chữ", "plain", "utf-8"))
    html.attach(MIMEText("<p>Chỉ có chữ</p>", "html", "utf-8"))
    add("html-only", _tree(19, html), 0)
    # archives
    add("zip", _simple(20, [("a.zip", zipped([("bao-cao.xlsx", v[16])]), "application/zip")]), 1)
    add("zip-two-files", _simple(21, [("ho-so.zip", zipped([("thu-muc/bao-cao.xlsx", v[17]),
                                                             ("doc-toi.txt", b"hello")]), "application/zip")]), 2)
    add("zip-in-zip", _simple(22, [("ngoai.zip", zipped([("trong.zip", zipped([("bc.xlsx", v[18])]))]),
                                    "application/zip")]), 1)
    three = zipped([("2.zip", zipped([("3.zip", zipped([("bc.xlsx", v[19])]))]))])
    add("zip-too-deep", _simple(23, [("1.zip", three, "application/zip")]), 1)
    add("zip-bomb", _simple(24, [("bom.zip", zipped([("bom.xlsx", bytes(30 << 20))]), "application/zip")]), 1)
    add("zip-too-many", _simple(25, [("nhieu.zip", zipped([(f"f{i}.txt", b"x") for i in range(60)]),
                                      "application/zip")]), 1)
    add("zip-broken", _simple(26, [("hong.zip", zipped([("bc.xlsx", v[20])])[:200], "application/zip")]), 1)
    add("zip-encrypted", _simple(27, [("mat-khau.zip", zipped([("bc.xlsx", v[21])], encrypted=True),
                                       "application/zip")]), 1)
    add("winmail-dat", _simple(28, [("winmail.dat", tnef([("bao-cao-outlook.xlsx", v[22])]),
                                     "application/ms-tnef")]), 1)
    add("tnef-no-name", _tree(29, _with(MIMEMultipart(), _part(tnef([("bc-tnef.xlsx", v[23])]),
                                                               "application/ms-tnef"))), 1)
    add("tnef-broken", _simple(30, [("winmail.dat", b"\x78\x9f\x3e\x22\x01\x00garbage-here", "application/ms-tnef")]),
        1)
    # kinds of file
    add("xlsm", _simple(31, [("co-macro.xlsm", v[24], "application/vnd.ms-excel.sheet.macroEnabled.12")]), 1)
    add("xls-and-pdf", _simple(32, [("cu.xls", b"\xd0\xcf\x11\xe0old", "application/vnd.ms-excel"),
                                    ("bien-ban.pdf", b"%PDF-1.4", "application/pdf"),
                                    ("bc.xlsx", v[25], SHEET)]), 3)
    add("not-a-workbook-inside", _simple(33, [("gia.xlsx", b"this is not a workbook", SHEET)]), 1)
    # dates: year 9999, unparsable, none, and a Received header that says when it really arrived
    add("date-9999", _simple(34, [(x, v[26], SHEET)], date="Fri, 31 Dec 9999 23:59:59 +0000"), 1)
    add("date-garbage", _simple(35, [(x, v[27], SHEET)], date="hôm qua lúc 8 giờ"), 1)
    nodate = _simple(36, [(x, v[28], SHEET)])
    add("no-date", b"\n".join(line for line in nodate.split(b"\n") if not line.startswith(b"Date:")), 1)
    add("received-header", b"Received: from mx.congdoan-songhong.vn by imap; Tue, 20 Jan 2026 17:30:00 +0700\n"
        + _simple(37, [(x, v[29], SHEET)], date="Mon, 05 Jan 2026 08:00:00 +0700"), 1)
    # names a filesystem or a database chokes on
    add("nul-in-name", _tree(38, _with(MIMEMultipart(), _named(v[30], "bao\x00cao.xlsx"))), 1)
    add("escape-in-name", _tree(39, _with(MIMEMultipart(), _named(v[31], "\x1b[2J\x1b]0;owned\x07bc.xlsx"))), 1)
    add("path-in-name", _tree(40, _with(MIMEMultipart(), _named(v[32], "../../etc/bao-cao.xlsx"))), 1)
    add("bidi-in-name", _tree(41, _with(MIMEMultipart(), _named(v[33], "bc\u202excod.xlsx"))), 1)
    add("230-byte-name", _tree(42, _with(MIMEMultipart(), _named(v[34], VN_LONG + ".xlsx"))), 1)
    add("412-char-name", _tree(43, _with(MIMEMultipart(), _named(v[35], "b" * 407 + ".xlsx"))), 1)
    long_id = _simple(44, [(x, v[36], SHEET)]).replace(b"<odd-44@", b"<" + b"m" * 10_000 + b"@")
    add("10000-char-message-id", long_id, 1)
    # senders and repeats
    add("unknown-sender", _simple(45, [(x, v[37], SHEET)], sender="nguoi-la@gmail.com"), 1)
    add("same-file-again", _simple(46, [("lai-lan-nua.xlsx", v[1], SHEET)]), 1)
    add("two-workbooks", _simple(47, [("mot.xlsx", v[38], SHEET), ("hai.xlsx", v[39], SHEET)]), 2)
    add("empty-file", b"", 0)
    add("not-mail-at-all", bytes(range(256)) * 4, 0)
    return mails


def _with(root: MIMEMultipart, *parts) -> MIMEMultipart:
    for part in parts:
        root.attach(part)
    return root


def _named(data: bytes, name: str) -> MIMEBase:
    part = _part(data)
    part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", name))
    return part
