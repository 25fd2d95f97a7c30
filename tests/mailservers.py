"""Real mail servers on loopback for the mail tests: aiosmtpd (SMTP) and a throwaway Dovecot (IMAP).

The plain fixtures (``smtp_server``, ``imap_server``) speak without TLS; :func:`start_smtp` and
:func:`start_dovecot` also serve STARTTLS and implicit TLS (SMTPS, IMAPS) with a certificate of the
test CA of :func:`test_ca` (``trustme``), and take logins.
"""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Collect:
    """The messages aiosmtpd received, and its envelopes (who the mail went to)."""

    def __init__(self, refuse: tuple[str, ...] = ()):
        self.messages: list[bytes] = []
        self.recipients: list[list[str]] = []
        self.logins: list[str] = []
        """Every login tried, as the server received it: a password never offered leaves none."""
        self.refuse = refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(envelope.original_content or envelope.content)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


@contextmanager
def start_smtp(tls: str | None = None, certificate=None, users: dict[str, str] | None = None,
               refuse: tuple[str, ...] = (), host: str = "127.0.0.1"):
    """aiosmtpd on ``host`` (loopback unless told): ``tls`` None (plain), "starttls" or "ssl" with
    ``certificate`` (a trustme LeafCert); ``users`` {login: password} it accepts (AUTH PLAIN and
    LOGIN, UTF-8); ``refuse`` the recipients it answers 550."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    def authenticate(server, session, envelope, mechanism, auth_data):
        login = auth_data.login.decode("utf-8", errors="replace")
        secret = auth_data.password.decode("utf-8", errors="replace")
        handler.logins.append(login)
        return AuthResult(success=bool(users) and users.get(login) == secret, handled=False)  # False: 535 sent

    handler = Collect(refuse)
    options: dict = {"hostname": host, "port": free_port()}
    if users is not None:
        # aiosmtpd knows only STARTTLS as TLS: on SMTPS (already encrypted) it must not ask for it
        options.update(authenticator=authenticate, auth_require_tls=tls == "starttls")
    if tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        certificate.configure_cert(context)
        options["tls_context" if tls == "starttls" else "ssl_context"] = context
        options["require_starttls"] = tls == "starttls"
    controller = Controller(handler, **options)
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


@pytest.fixture()
def smtp_server():
    with start_smtp() as server:
        yield server


@pytest.fixture(scope="session")
def test_ca():
    """A CA of the tests' own, and a server certificate it issued for 127.0.0.1 only."""
    trustme = pytest.importorskip("trustme", reason="trustme makes the test certificates (pip install trustme)")
    ca = trustme.CA(organization_name="xlunion test CA")
    return ca, ca.issue_cert("127.0.0.1")


USERS = {"xlunion": "secret", "vanthu": "Mật khẩu Công đoàn 2026"}
"""Dovecot's logins: the second one's password is not ASCII."""


@dataclass
class ImapServer:
    port: int
    """IMAP (STARTTLS too when the server has a certificate)."""
    imaps_port: int
    process: subprocess.Popen


def _dovecot_missing() -> str | None:
    if shutil.which("dovecot") is None and not Path("/usr/sbin/dovecot").exists():
        return "Dovecot is not installed (apt-get install dovecot-imapd); .ci/run installs it"
    if os.geteuid() != 0:
        return "the throwaway Dovecot runs its mailbox as the dovecot user, which needs root"
    return None


@contextmanager
def start_dovecot(certificate=None):
    """A throwaway Dovecot on loopback (users of :data:`USERS`); with ``certificate`` (trustme) it
    also offers STARTTLS on the plain port and IMAPS on ``imaps_port``."""
    missing = _dovecot_missing()
    if missing:
        pytest.skip(missing)
    # the auth process runs as the dovecot user: its files must not sit in pytest's private tmp
    root, port = Path(tempfile.mkdtemp(prefix="xlunion-dovecot-")), free_port()
    imaps_port = free_port() if certificate else 0
    root.chmod(0o755)
    for folder in ("mail", "home", "state", "run"):
        (root / folder).mkdir(parents=True)
    (root / "passwd").write_text("".join(f"{u}:{{PLAIN}}{p}\n" for u, p in USERS.items()), encoding="utf-8")
    ssl_lines = "ssl = no"
    if certificate:
        certificate.private_key_pem.write_to_path(str(root / "key.pem"))
        certificate.cert_chain_pems[0].write_to_path(str(root / "cert.pem"))
        ssl_lines = f"ssl = yes\nssl_cert = <{root}/cert.pem\nssl_key = <{root}/key.pem"
    (root / "dovecot.conf").write_text(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
{ssl_lines}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = 0
passdb {{
  driver = passwd-file
  args = {root}/passwd
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
  }}
}}
service anvil {{
  chroot =
}}
""", encoding="utf-8")
    shutil.chown(root / "mail", "dovecot", "dovecot")
    shutil.chown(root / "home", "dovecot", "dovecot")
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    process = subprocess.Popen([binary, "-F", "-c", str(root / "dovecot.conf")], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        process.wait(timeout=10)
        pytest.fail("Dovecot did not start: " + (root / "dovecot.log").read_text(errors="replace"))
    try:
        yield ImapServer(port, imaps_port, process)
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


def _parents() -> dict[int, int]:
    """Each process's parent, from /proc (Linux, where Dovecot runs)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
    return parents


def crash(server: ImapServer) -> None:
    """The server goes away mid-session: Dovecot and every process it started (by their ids) are
    killed, the imap process serving an open connection included (a clean stop lets it finish)."""
    import signal

    children = [pid for pid, parent in _parents().items() if parent == server.process.pid]
    server.process.kill()
    for pid in children:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    server.process.wait(timeout=10)


@pytest.fixture()
def imap_server():
    """A throwaway Dovecot on loopback with one mailbox (user xlunion, password secret)."""
    with start_dovecot() as server:
        yield server.port


def append(port: int, *messages: bytes, folder: str = "INBOX", user: str = "xlunion", when=None) -> None:
    """Put ``messages`` in ``folder`` (created if need be, a name in modified UTF-7 as IMAP wants);
    ``when`` sets their INTERNALDATE (an aware datetime), the arrival time the server keeps."""
    import imaplib

    from xlunion.mail import utf7

    with imaplib.IMAP4("127.0.0.1", port) as client:
        token = f"\0{user}\0{USERS[user]}".encode()  # AUTHENTICATE PLAIN: UTF-8, where LOGIN is ASCII
        client.authenticate("PLAIN", lambda _challenge: token)
        if folder != "INBOX":
            client.create(utf7.quoted(folder))
        for raw in messages:
            status, reply = client.append(utf7.quoted(folder), None, when and imaplib.Time2Internaldate(when), raw)
            assert status == "OK", reply


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger(request, tmp_path):
    """An empty ledger on SQLite, and on PostgreSQL when CI provides one (every table emptied)."""
    from xlunion.ledger import Ledger, metadata

    if request.param == "sqlite":
        book = Ledger(tmp_path / "ledger.sqlite")
    else:
        url = os.environ.get("XLUNION_TEST_PG")
        if not url:
            pytest.skip("no PostgreSQL: .ci/run starts one and sets XLUNION_TEST_PG")
        book = Ledger(url)
        with book.engine.begin() as conn:
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())
    yield book
    book.close()
