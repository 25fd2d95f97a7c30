"""The ledger: every submission received, once, with where it came from and what it was worth.

An embedded SQLite file by default (beside the inbox); any SQLAlchemy URL works,
so an office can share one PostgreSQL ledger (``postgresql+psycopg://…``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
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
    Column("sent", DateTime, nullable=True),
    Column("message", String(64), nullable=True),  # the digest of the message it came in
    Column("review", String(10), nullable=True),
    Column("notes", Text, nullable=True),
)
replies = Table(
    "replies", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),  # receipt.<kind> (mail/replies.py RECEIPTS) or remind.<state>
    Column("unit", String(40), nullable=False, default=""),
    Column("recipients", String(1000), nullable=False),
    Column("subject", String(500), nullable=False),
    Column("message_id", String(300), nullable=False),
    Column("sent", DateTime, nullable=False),
    Column("draft", String(1000), nullable=True),  # the .eml written instead of sending (a dry run)
    Column("submission", Integer, nullable=True),
)
REVIEWS = ("pending", "accepted", "rejected")
"""``review``: None when nothing needed looking at; ``pending`` holds the file back until the operator
accepts or rejects it. ``notes`` is the JSON list of the sender notes that held it."""
messages = Table(
    "messages", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # SHA-256 of the source and of the message's bytes: one row a message, however often it is pulled
    Column("digest", String(64), nullable=False, unique=True),
    Column("source", String(500), nullable=False),
    Column("uid", BigInteger, nullable=True),
    Column("message_id", String(300), nullable=False, default=""),
    Column("sender", String(300), nullable=False, default=""),
    Column("received", DateTime, nullable=False),
    Column("sent", DateTime, nullable=True),
    Column("outcome", String(20), nullable=False),  # stored, superseded, duplicate, refused or empty
    Column("detail", String(2000), nullable=False, default=""),  # one line a file, as the pull printed it
)
OUTCOME_RANK = {"empty": 0, "refused": 0, "duplicate": 1, "superseded": 2, "stored": 2}
"""A message pulled again keeps its row; the row changes only when the new pull did more with it (a
refused message stored once its sender is registered), never when it merely found it again."""


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
    sent: dt.datetime | None = None
    message: str | None = None
    review: str | None = None
    notes: str | None = None

    @property
    def counts(self) -> bool:
        """Whether the file may count: neither held for the operator nor rejected by them."""
        return self.review not in ("pending", "rejected")

    def note_list(self) -> list[tuple[str, dict]]:
        import json

        return [(key, values) for key, values in json.loads(self.notes or "[]")]


PULL_LOCK = 0x786C756E  # "xlun": the advisory lock key every xlunion pull takes


def fit(table: Table, values: dict) -> dict:
    """``values`` made storable in ``table`` by every back end, in this one place: text cut to its
    column's length (SQLite ignores VARCHAR lengths, PostgreSQL refuses what exceeds them), NUL written
    out (PostgreSQL refuses it in text) and text that is not Unicode repaired (psycopg cannot encode
    it). What fits is kept in full."""
    out = dict(values)
    for name, value in values.items():
        if not isinstance(value, str):
            continue
        text = value.replace("\x00", "\\x00").encode("utf-8", "replace").decode("utf-8")
        length = getattr(table.c[name].type, "length", None)
        out[name] = text[:length] if length else text
    return out


def _grow(engine) -> None:
    """Add the nullable columns a ledger made by an older xlunion lacks (ALTER TABLE ADD COLUMN), so an
    office's existing ledger keeps working; a column another process added meanwhile is left alone."""
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import SQLAlchemyError

    found = inspect(engine)
    for table in metadata.sorted_tables:
        present = {c["name"] for c in found.get_columns(table.name)}
        for column in table.columns:
            if column.name in present or not column.nullable:
                continue
            kind = column.type.compile(dialect=engine.dialect)
            try:
                with engine.begin() as conn:
                    conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))
            except SQLAlchemyError:
                if column.name not in {c["name"] for c in inspect(engine).get_columns(table.name)}:
                    raise


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

        self.path = None if "://" in str(url) else Path(url)
        if self.path is not None:
            if not create and not self.path.is_file():
                raise XlunionError(None, "ledger.not_found", path=url)
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.url = _safe(url)
        try:
            self.engine = create_engine(ledger_url(url), future=True)
            with self.exclusive() if create else contextlib.nullcontext():  # two first pulls create it once
                metadata.create_all(self.engine)
                _grow(self.engine)
        except (SQLAlchemyError, ImportError) as exc:  # a missing driver is an ImportError
            raise XlunionError(self.url, "ledger.failed", reason=exc.__class__.__name__) from exc

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the ledger for one pull: a second pull waits here until the first is done, so two pulls
        never judge the same message at once. A lock file beside an SQLite ledger; a session advisory lock
        on PostgreSQL (released by the server if this process dies)."""
        database = self.engine.url.database if self.engine.dialect.name == "sqlite" else None
        if database and database != ":memory:":  # a path, or an sqlite:/// URL naming a file
            from filelock import FileLock

            with FileLock(database + ".lock"):
                yield
        elif self.engine.dialect.name == "postgresql":
            from sqlalchemy import func

            with self.engine.connect() as conn:
                conn.execute(select(func.pg_advisory_lock(PULL_LOCK)))
                conn.commit()
                try:
                    yield
                finally:
                    conn.execute(select(func.pg_advisory_unlock(PULL_LOCK)))
                    conn.commit()
        else:
            yield

    def close(self) -> None:
        self.engine.dispose()

    def find(self, sha256: str) -> Entry | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(submissions).where(submissions.c.sha256 == sha256)).first()
        return Entry(**row._mapping) if row else None

    def record(self, **fields) -> Entry:
        """Add a submission (once per SHA-256) and mark the unit's older versions superseded."""
        from sqlalchemy.exc import IntegrityError

        existing = self.find(fields["sha256"])
        if existing:
            return existing
        try:
            with self.engine.begin() as conn:
                new_id = conn.execute(submissions.insert().values(**fit(submissions, fields))).inserted_primary_key[0]
                self._supersede(conn, fields["unit"], fields["report"], fields["period"])
        except IntegrityError:  # another process stored the same file between find and insert
            existing = self.find(fields["sha256"])
            if existing is None:
                raise
            return existing
        return self.get(new_id)

    def note_message(self, **fields) -> None:
        """The message's one row: added the first time it is pulled, updated only when a later pull did
        more with it (see ``OUTCOME_RANK``)."""
        from sqlalchemy.exc import IntegrityError

        values = fit(messages, fields)
        with self.engine.begin() as conn:
            row = conn.execute(select(messages.c.id, messages.c.outcome).where(
                messages.c.digest == values["digest"])).first()
            if row is None:
                try:
                    with conn.begin_nested():
                        conn.execute(messages.insert().values(**values))
                    return
                except IntegrityError:  # noted meanwhile by another process: fall through to the update rule
                    row = conn.execute(select(messages.c.id, messages.c.outcome).where(
                        messages.c.digest == values["digest"])).one()
            if OUTCOME_RANK.get(values["outcome"], 0) > OUTCOME_RANK.get(row.outcome, 0):
                conn.execute(update(messages).where(messages.c.id == row.id).values(
                    outcome=values["outcome"], detail=values["detail"]))

    def message_rows(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(messages).order_by(messages.c.id))]

    def get(self, entry_id: int) -> Entry:
        with self.engine.connect() as conn:
            row = conn.execute(select(submissions).where(submissions.c.id == entry_id)).one()
        return Entry(**row._mapping)

    def _supersede(self, conn, unit: str, report: str, period: str) -> None:
        """Point every version of the unit at the newest one; a file held for the operator or rejected is
        outside that chain (a forged newer file must not mark the unit's good report as replaced)."""
        rows = conn.execute(select(submissions.c.id, submissions.c.received, submissions.c.review).where(
            submissions.c.unit == unit, submissions.c.report == report, submissions.c.period == period)).all()
        chain = [r for r in rows if r.review not in ("pending", "rejected")]
        latest = max(chain, key=lambda r: (r.received, r.id)).id if chain else None
        for row in rows:
            newer = latest if row in chain and row.id != latest else None
            conn.execute(update(submissions).where(submissions.c.id == row.id).values(superseded_by=newer))

    def _review(self, entry_id: int, **values) -> Entry:
        with self.engine.begin() as conn:
            conn.execute(update(submissions).where(submissions.c.id == entry_id).values(**values))
            entry = Entry(**conn.execute(select(submissions).where(submissions.c.id == entry_id)).one()._mapping)
            self._supersede(conn, entry.unit, entry.report, entry.period)
        return self.get(entry_id)

    def entries(self, report: str | None = None, period: str | None = None) -> list[Entry]:
        query = select(submissions).order_by(submissions.c.unit, submissions.c.received, submissions.c.id)
        if report:
            query = query.where(submissions.c.report == report)
        if period:
            query = query.where(submissions.c.period == period)
        with self.engine.connect() as conn:
            return [Entry(**row._mapping) for row in conn.execute(query)]

    def versions(self, report: str | None = None, period: str | None = None) -> dict[str, list[Entry]]:
        """Each unit's submissions, oldest first (by arrival, then by the order they were recorded)."""
        out: dict[str, list[Entry]] = {}
        for entry in sorted(self.entries(report, period), key=lambda e: (e.unit, e.received, e.id)):
            out.setdefault(entry.unit, []).append(entry)
        return out

    def counted(self, report: str | None = None, period: str | None = None) -> dict[str, tuple[Entry, Entry]]:
        """Unit → (the version that counts, the newest version), by the rule consolidation uses
        (:func:`xlunion.core.consolidate.counted_version`)."""
        from .core.consolidate import counted_version

        out = {}
        for unit, entries in self.versions(report, period).items():
            entries = [e for e in entries if e.counts]
            if entries:
                out[unit] = (entries[counted_version([e.status == "errors" for e in entries])], entries[-1])
        return out

    def decide(self, entry_id: int, decision: str) -> Entry:
        """The operator's word on a held file: ``accepted`` (it counts) or ``rejected`` (it never does)."""
        assert decision in ("accepted", "rejected")
        return self._review(entry_id, review=decision)

    def clear_hold(self, entry_id: int) -> Entry:
        """Release a held file without the operator: its own unit sent the same bytes (see the pull)."""
        return self._review(entry_id, review=None, notes=None)

    def record_reply(self, kind: str, message, unit: str = "", draft: str | None = None,
                     submission: int | None = None) -> None:
        """A receipt or reminder sent (or written as a draft), so that the office can show what it said."""
        values = dict(kind=kind, unit=unit, recipients=str(message["To"] or ""), subject=str(message["Subject"] or ""),
                      message_id=str(message["Message-ID"] or ""), sent=dt.datetime.now().replace(microsecond=0),
                      draft=draft, submission=submission)
        with self.engine.begin() as conn:
            conn.execute(replies.insert().values(**fit(replies, values)))

    def replies(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(select(replies).order_by(replies.c.id))]

    def held(self, report: str | None = None, period: str | None = None) -> list[Entry]:
        """Files waiting for the operator, oldest first."""
        return [e for e in self.entries(report, period) if e.review == "pending"]

    def latest(self, report: str | None = None, period: str | None = None, valid_only: bool = True) -> list[Entry]:
        """Each unit's version that counts (:meth:`counted`), or with ``valid_only`` off its newest one;
        a unit whose every version has errors has none that counts."""
        counted = self.counted(report, period)
        chosen = [used if valid_only else newest for used, newest in counted.values()]
        return sorted((e for e in chosen if not valid_only or e.status != "errors"), key=lambda e: e.unit)


# -- where each IMAP pull stopped (xlunion.mail.imap) ------------------------------------------------

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
