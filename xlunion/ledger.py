"""The ledger: every submission received, once, with where it came from and what it was worth.

An embedded SQLite file by default (beside the inbox); any SQLAlchemy URL works,
so an office can share one PostgreSQL ledger (``postgresql+psycopg://…``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    select,
    update,
)

metadata = MetaData()
submissions = Table(
    "submissions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("unit", String(40), nullable=False, index=True),
    Column("report", String(40), nullable=False),
    Column("period", String(80), nullable=False),
    Column("file", String(500), nullable=False),
    Column("original_name", String(300), nullable=False),
    Column("received", DateTime, nullable=False),
    Column("sender", String(300), nullable=False, default=""),
    Column("message_id", String(300), nullable=False, default=""),
    Column("status", String(20), nullable=False),
    Column("errors", Integer, nullable=False, default=0),
    Column("warnings", Integer, nullable=False, default=0),
    Column("superseded_by", Integer, nullable=True),
)


@dataclass(frozen=True)
class Entry:
    id: int
    sha256: str
    unit: str
    report: str
    period: str
    file: str
    original_name: str
    received: dt.datetime
    sender: str
    message_id: str
    status: str
    errors: int
    warnings: int
    superseded_by: int | None


def _safe(url: str | Path) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    text = ledger_url(url)
    try:
        return make_url(text).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown as given
        return text


def ledger_url(value: str | Path) -> str:
    """A path means an SQLite file; anything with ``://`` is a database URL."""
    text = str(value)
    return text if "://" in text else f"sqlite:///{Path(text).resolve()}"


class Ledger:
    def __init__(self, url: str | Path, create: bool = True):
        """``create`` is False for the commands that only read it (status, consolidate --ledger): a
        mistyped path is then an error, not a new empty ledger where every unit has sent nothing."""
        from sqlalchemy.exc import SQLAlchemyError

        from .errors import XlunionError

        if "://" not in str(url):
            if not create and not Path(url).is_file():
                raise XlunionError(None, "ledger.not_found", path=url)
            Path(url).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine = create_engine(ledger_url(url), future=True)
            metadata.create_all(self.engine)
        except (SQLAlchemyError, ImportError) as exc:  # a missing driver is an ImportError
            raise XlunionError(_safe(url), "ledger.failed", reason=exc.__class__.__name__) from exc

    def close(self) -> None:
        self.engine.dispose()

    def find(self, sha256: str) -> Entry | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(submissions).where(submissions.c.sha256 == sha256)).first()
        return Entry(**row._mapping) if row else None

    def record(self, **fields) -> Entry:
        """Add a submission (once per SHA-256) and mark the unit's older versions superseded."""
        existing = self.find(fields["sha256"])
        if existing:
            return existing
        with self.engine.begin() as conn:
            new_id = conn.execute(submissions.insert().values(**fields)).inserted_primary_key[0]
            self._supersede(conn, fields["unit"], fields["report"], fields["period"])
        return self.get(new_id)

    def get(self, entry_id: int) -> Entry:
        with self.engine.connect() as conn:
            row = conn.execute(select(submissions).where(submissions.c.id == entry_id)).one()
        return Entry(**row._mapping)

    def _supersede(self, conn, unit: str, report: str, period: str) -> None:
        rows = conn.execute(select(submissions.c.id, submissions.c.received).where(
            submissions.c.unit == unit, submissions.c.report == report, submissions.c.period == period)).all()
        latest = max(rows, key=lambda r: (r.received, r.id)).id
        for row in rows:
            conn.execute(update(submissions).where(submissions.c.id == row.id).values(
                superseded_by=None if row.id == latest else latest))

    def entries(self, report: str | None = None, period: str | None = None) -> list[Entry]:
        query = select(submissions).order_by(submissions.c.unit, submissions.c.received, submissions.c.id)
        if report:
            query = query.where(submissions.c.report == report)
        if period:
            query = query.where(submissions.c.period == period)
        with self.engine.connect() as conn:
            return [Entry(**row._mapping) for row in conn.execute(query)]

    def latest(self, report: str | None = None, period: str | None = None, valid_only: bool = True) -> list[Entry]:
        """The current submission of each unit (the latest valid one when ``valid_only``)."""
        out: dict[str, Entry] = {}
        for entry in self.entries(report, period):
            if valid_only and entry.status not in ("ok", "warnings"):
                continue
            if entry.unit not in out or (entry.received, entry.id) >= (out[entry.unit].received, out[entry.unit].id):
                out[entry.unit] = entry
        return [out[u] for u in sorted(out)]


# -- where each IMAP pull stopped (xlunion.mail.imap) ------------------------------------------------
from sqlalchemy import BigInteger  # noqa: E402 - kept with the one table that needs it

mailboxes = Table(
    "mailboxes", metadata,
    Column("host", String(255), primary_key=True),
    Column("login", String(255), primary_key=True),
    Column("folder", String(1000), primary_key=True),  # nested folders make long names
    Column("uidvalidity", BigInteger, nullable=False),  # UIDs are unsigned 32-bit: beyond INTEGER
    Column("last_uid", BigInteger, nullable=False),
)


def mailbox_position(ledger: Ledger, host: str, login: str, folder: str) -> tuple[int, int] | None:
    """The folder's UIDVALIDITY and the last UID a pull finished with, if it was ever pulled."""
    key = (mailboxes.c.host == host) & (mailboxes.c.login == login) & (mailboxes.c.folder == folder)
    with ledger.engine.connect() as conn:
        row = conn.execute(select(mailboxes.c.uidvalidity, mailboxes.c.last_uid).where(key)).first()
    return (row.uidvalidity, row.last_uid) if row else None


def remember_mailbox(ledger: Ledger, host: str, login: str, folder: str, uidvalidity: int, last_uid: int) -> None:
    """Move the folder's position forward (never back: a slower concurrent pull does not undo a
    faster one's), or start it again under a new UIDVALIDITY."""
    from sqlalchemy.exc import IntegrityError

    key = (mailboxes.c.host == host) & (mailboxes.c.login == login) & (mailboxes.c.folder == folder)
    ahead = (mailboxes.c.uidvalidity != uidvalidity) | (mailboxes.c.last_uid < last_uid)
    for _attempt in range(2):  # a concurrent pull may insert the row between our look and our insert
        try:
            with ledger.engine.begin() as conn:
                moved = conn.execute(update(mailboxes).where(key & ahead).values(
                    uidvalidity=uidvalidity, last_uid=last_uid)).rowcount
                if not moved and conn.execute(select(mailboxes.c.host).where(key)).first() is None:
                    conn.execute(mailboxes.insert().values(host=host, login=login, folder=folder,
                                                           uidvalidity=uidvalidity, last_uid=last_uid))
            return
        except IntegrityError:
            continue
