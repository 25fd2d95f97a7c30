"""Real mail servers on loopback for the mail tests: aiosmtpd (SMTP) and a throwaway Dovecot (IMAP)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def smtp_server():
    from aiosmtpd.controller import Controller

    class Collect:
        def __init__(self):
            self.messages: list[bytes] = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
            self.messages.append(envelope.original_content or envelope.content)
            return "250 OK"

    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


@pytest.fixture()
def imap_server(tmp_path):
    """A throwaway Dovecot on loopback with one mailbox (user xlunion, password secret)."""
    if shutil.which("dovecot") is None and not Path("/usr/sbin/dovecot").exists():
        pytest.skip("Dovecot is not installed (apt-get install dovecot-imapd); .ci/run installs it")
    if os.geteuid() != 0:
        pytest.skip("the throwaway Dovecot runs its mailbox as the dovecot user, which needs root")
    # the auth process runs as the dovecot user: its files must not sit in pytest's private tmp
    root, port = Path(tempfile.mkdtemp(prefix="xlunion-dovecot-")), free_port()
    root.chmod(0o755)
    for folder in ("mail", "home", "state", "run"):
        (root / folder).mkdir(parents=True)
    (root / "passwd").write_text("xlunion:{PLAIN}secret\n")
    (root / "dovecot.conf").write_text(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
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
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
""")
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
        pytest.fail("Dovecot did not start: " + (root / "dovecot.log").read_text(errors="replace"))
    yield port
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(root, ignore_errors=True)


def append(port: int, *messages: bytes) -> None:
    import imaplib

    with imaplib.IMAP4("127.0.0.1", port) as client:
        client.login("xlunion", "secret")
        for raw in messages:
            client.append("INBOX", None, None, raw)
