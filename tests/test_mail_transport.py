"""Mail a union office can trust, on the wire: verified TLS on SMTP and IMAP, passwords never
in clear outside this machine (nor in a URL or the config), IMAP folders with Vietnamese names,
arrival times from the server, each message fetched once, and faults said in one sentence.

Real servers on loopback (aiosmtpd, Dovecot) with certificates of a test CA (trustme); the
ledger on SQLite and, when CI provides one, PostgreSQL."""

from __future__ import annotations

import datetime as dt
import imaplib
import re
import socket
from email.message import EmailMessage

import pytest
from mailservers import USERS, append, crash, free_port, start_dovecot, start_smtp
from typer.testing import CliRunner

from xlunion.cli import app
from xlunion.errors import XlunionError
from xlunion.ledger import mailbox_position
from xlunion.mail import utf7
from xlunion.mail.config import ImapConfig, imap_from_url, load_config, load_imap_config
from xlunion.mail.imap import mails_from_imap
from xlunion.mail.security import check_plaintext, is_loopback, password
from xlunion.mail.send import send_message
from xlunion.messages import msg

runner = CliRunner()
PYTHON_INSIDES = re.compile(r"b'|b\"|\{'|\(5\d\d, |Errno|Traceback|SSLCertVerificationError|IMAP4")


def _message(subject: str = "Báo cáo", to: tuple[str, ...] = ("ct01@congdoan.test",), date: str | None = None):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "cd0101@congdoan.test", ", ".join(to), subject
    message["Date"] = date or "Mon, 12 Jan 2026 08:00:00 +0700"
    message["Message-ID"] = f"<{subject.encode('utf-8').hex()}@congdoan.test>"
    message.set_content("Kính gửi công đoàn cấp trên")
    return message


def _config(tmp_path, table: str, **values) -> str:
    lines = [f"[{table}]"] + [f"{k} = {v}" if isinstance(v, bool | int) else f'{k} = "{v}"'
                              for k, v in values.items()]
    path = tmp_path / f"{table}.toml"
    path.write_text("\n".join(lines).replace("= True", "= true") + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture()
def ca_file(test_ca, tmp_path):
    ca, _cert = test_ca
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    return "ca.pem"  # relative: beside the config file


@pytest.fixture()
def passwords(monkeypatch):
    monkeypatch.setenv("XLUNION_SMTP_PASSWORD", "secret")
    monkeypatch.setenv("XLUNION_IMAP_PASSWORD", "secret")


def _render(exc: pytest.ExceptionInfo) -> str:
    text = exc.value.render()
    assert not PYTHON_INSIDES.search(text), text
    return text


# -- TLS: a certificate nobody vouches for, or for another host, is refused on all four ways in ---------

PROTOCOLS = ["smtp-starttls", "smtps", "imap-starttls", "imaps"]


def _connect_and_use(protocol, server, tmp_path, host, ca_file):
    """Send one message (SMTP) or fetch the folder (IMAP) through ``host``; what arrived."""
    extra = {"ca_file": ca_file} if ca_file else {}
    if protocol.startswith("smtp"):
        controller, handler = server
        security = "ssl" if protocol == "smtps" else "starttls"
        config = load_config(_config(tmp_path, "smtp", host=host, port=controller.port, security=security,
                                     user="xlunion", **extra))
        send_message(_message(), config)
        return handler.messages
    port = server.imaps_port if protocol == "imaps" else server.port
    security = "ssl" if protocol == "imaps" else "starttls"
    account = load_imap_config(_config(tmp_path, "imap", host=host, port=port, security=security, user="xlunion",
                                       **extra))
    return [m.message_id for m in mails_from_imap(account)]


def _server(protocol, certificate, stack):
    if protocol.startswith("smtp"):
        tls = "ssl" if protocol == "smtps" else "starttls"
        return stack.enter_context(start_smtp(tls, certificate, users={"xlunion": "secret"}))
    server = stack.enter_context(start_dovecot(certificate))
    append(server.port, _message().as_bytes())
    return server


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_tls_refuses_an_untrusted_certificate_or_another_hosts(protocol, test_ca, ca_file, passwords, tmp_path):
    from contextlib import ExitStack

    _ca, certificate = test_ca  # issued for 127.0.0.1 only, by a CA no system trusts
    with ExitStack() as stack:
        server = _server(protocol, certificate, stack)
        with pytest.raises(XlunionError) as untrusted:
            _connect_and_use(protocol, server, tmp_path, "127.0.0.1", None)
        assert untrusted.value.key == "mail.tls_certificate"
        assert msg("mail.cert_untrusted") in _render(untrusted)
        assert msg("mail.cert_untrusted", lang="en") in untrusted.value.render("en")  # one language throughout
        with pytest.raises(XlunionError) as other_host:  # trusted now, but not for this name
            _connect_and_use(protocol, server, tmp_path, "localhost", ca_file)
        assert other_host.value.key == "mail.tls_certificate"
        assert msg("mail.cert_other_host") in _render(other_host)
        if protocol.startswith("smtp"):
            assert server[1].logins == [] and server[1].messages == []  # no password, no mail went out
        # the same server, trusted through the config's CA file and reached by its certified name
        arrived = _connect_and_use(protocol, server, tmp_path, "127.0.0.1", ca_file)
        assert len(arrived) == 1
        if protocol.startswith("smtp"):
            assert server[1].logins == ["xlunion"]


def test_tls_is_the_default_for_imap_and_smtp(tmp_path):
    assert load_imap_config(_config(tmp_path, "imap", host="mail.ldld.vn")).security == "ssl"
    assert load_imap_config(_config(tmp_path, "imap", host="mail.ldld.vn")).port == 993
    assert imap_from_url("imap://tonghop@mail.ldld.vn/INBOX").security == "starttls"
    assert load_config(_config(tmp_path, "smtp", host="mail.ldld.vn")).security == "starttls"
    assert load_config(_config(tmp_path, "smtp", host="mail.ldld.vn", security="ssl")).port == 465


def test_a_server_hiding_starttls_is_not_given_the_password(tmp_path, passwords):
    """STARTTLS stripped (or never offered) by a host outside this machine: nothing is sent."""
    address = _own_address()
    with start_smtp(users={"xlunion": "secret"}, host=address) as (controller, handler):
        config = load_config(_config(tmp_path, "smtp", host=address, port=controller.port, user="xlunion"))
        with pytest.raises(XlunionError) as refused:
            send_message(_message(), config)
        assert refused.value.key == "mail.no_starttls" and handler.logins == [] and handler.messages == []


# -- no password in clear outside loopback without the config's opt-in ------------------------------------


def test_the_plaintext_decision():
    warned = []
    for host in ("localhost", "LOCALHOST.", "127.0.0.1", "127.3.4.5", "::1", "[::1]"):
        check_plaintext("smtp", host, "user", False, None, warned.append)
        assert is_loopback(host)
    check_plaintext("smtp", "mail.ldld.vn", "", False, None, warned.append)  # no login, no password
    assert warned == []
    for host in ("mail.ldld.vn", "192.0.2.10", "10.0.0.1", "127.0.0.1.evil.test", "::ffff:192.0.2.1",
                 "localhost.evil.test", "a.localhost"):
        with pytest.raises(XlunionError, match="allow_plaintext_password"):
            check_plaintext("imap", host, "user", False, "mail.toml", warned.append)
    check_plaintext("imap", "mail.ldld.vn", "tonghop", True, None, warned.append)
    assert warned == [msg("mail.plaintext_warning", kind="IMAP", host="mail.ldld.vn", user="tonghop")]


def test_the_cli_refuses_a_plain_login_to_a_remote_host(defn, demo, tmp_path, passwords):
    from helpers import demo_child

    smtp = _config(tmp_path, "smtp", host="192.0.2.10", port=25, security="none", user="cd0101")
    result = runner.invoke(app, ["send", str(demo_child(demo, "CD0101")), "--to", "ct01@x.vn", "--config", smtp])
    assert result.exit_code == 2 and "allow_plaintext_password" in result.output
    assert "192.0.2.10" in result.output and "kết nối" in result.output
    imap = _config(tmp_path, "imap", host="192.0.2.10", port=143, security="none", user="ct01")
    result = runner.invoke(app, ["inbox", "pull", "--registry", str(demo.registry), "--config", imap,
                                 "--inbox", str(tmp_path / "inbox")])
    assert result.exit_code == 2 and "allow_plaintext_password" in result.output


def _own_address() -> str:
    """An address of this machine outside loopback (the route to a test network; nothing is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
            address = probe.getsockname()[0]
        except OSError:
            address = ""
    if not address or is_loopback(address):
        pytest.skip("this machine has no address outside loopback")
    return address


def test_plain_login_to_this_machines_network_address(tmp_path, passwords, capsys):
    """A real server on a non-loopback address: refused without the opt-in, warned with it."""
    address = _own_address()
    with start_smtp(users={"xlunion": "secret"}, host=address) as (controller, handler):
        values = {"host": address, "port": controller.port, "security": "none", "user": "xlunion"}
        with pytest.raises(XlunionError) as refused:
            send_message(_message(), load_config(_config(tmp_path, "smtp", **values)))
        assert refused.value.key == "mail.plaintext_refused" and handler.logins == []
        capsys.readouterr()
        send_message(_message(), load_config(_config(tmp_path, "smtp", allow_plaintext_password=True, **values)))
        assert handler.logins == ["xlunion"] and len(handler.messages) == 1
        warning = capsys.readouterr().err
        assert "CẢNH BÁO" in warning and "allow_plaintext_password" in warning and address in warning


# -- passwords: never from a URL or the config; the environment, or the keyring via `mail login` ----------


def test_a_password_in_the_imap_url_or_the_config_is_refused(tmp_path):
    with pytest.raises(XlunionError) as in_url:
        imap_from_url("imaps://tonghop:123456@mail.ldld.vn/INBOX")
    text = _render(in_url)
    assert "123456" not in text and "XLUNION_IMAP_PASSWORD" in text and "xlunion mail login" in text
    result = runner.invoke(app, ["inbox", "pull", "--registry", "r.csv", "--imap",
                                 "imaps://tonghop:123456@mail.ldld.vn/INBOX"])
    assert result.exit_code == 2 and "123456" not in result.output and "mail login" in result.output
    path = tmp_path / "mail.toml"
    path.write_text('[imap]\nhost = "mail.ldld.vn"\nuser = "a"\npassword = "123456"\n', encoding="utf-8")
    with pytest.raises(XlunionError, match=r"\[imap\]") as in_config:
        load_imap_config(path)
    assert "123456" not in _render(in_config)


class MemoryKeyring:
    """An OS keyring that lives in this process only."""

    def __init__(self):
        from keyring.backend import KeyringBackend

        class Backend(KeyringBackend):
            priority = 1
            store: dict = {}

            def get_password(self, service, username):
                return self.store.get((service, username))

            def set_password(self, service, username, secret):
                self.store[(service, username)] = secret

            def delete_password(self, service, username):
                self.store.pop((service, username), None)

        self.backend = Backend()


@pytest.fixture()
def memory_keyring(monkeypatch):
    keyring = pytest.importorskip("keyring", reason="keyring is the mail extra (pip install 'xlunion[mail]')")
    monkeypatch.delenv("XLUNION_SMTP_PASSWORD", raising=False)
    monkeypatch.delenv("XLUNION_IMAP_PASSWORD", raising=False)
    previous = keyring.get_keyring()
    memory = MemoryKeyring().backend
    memory.store.clear()
    keyring.set_keyring(memory)
    yield memory.store
    keyring.set_keyring(previous)


def test_mail_login_stores_both_passwords_in_the_keyring(memory_keyring, tmp_path, monkeypatch):
    path = tmp_path / "mail.toml"
    path.write_text('[smtp]\nhost = "mail.ldld.vn"\nuser = "gui@ldld.vn"\n\n'
                    '[imap]\nhost = "mail.ldld.vn"\nuser = "nhan@ldld.vn"\n', encoding="utf-8")
    result = runner.invoke(app, ["mail", "login", "--config", str(path)], input="Gửi-mật-khẩu\nNhận-mật-khẩu\n")
    assert result.exit_code == 0, result.output
    assert "Gửi-mật-khẩu" not in result.output and "Nhận-mật-khẩu" not in result.output  # typed unseen
    assert memory_keyring == {("xlunion-smtp", "gui@ldld.vn"): "Gửi-mật-khẩu",
                              ("xlunion-imap", "nhan@ldld.vn"): "Nhận-mật-khẩu"}
    secret, where = password("smtp", "gui@ldld.vn")
    assert secret == "Gửi-mật-khẩu" and where.render() == msg("mail.from_keyring")
    monkeypatch.setenv("XLUNION_IMAP_PASSWORD", "from-env")  # the environment comes first
    assert password("imap", "nhan@ldld.vn")[0] == "from-env"
    result = runner.invoke(app, ["mail", "login", "--config", str(path)], input="\n\n")  # empty: kept
    assert result.exit_code == 0 and memory_keyring[("xlunion-smtp", "gui@ldld.vn")] == "Gửi-mật-khẩu"


def test_mail_login_without_a_usable_keyring_or_account(tmp_path, monkeypatch):
    keyring = pytest.importorskip("keyring", reason="keyring is the mail extra (pip install 'xlunion[mail]')")
    from keyring.backends.fail import Keyring as NoKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        config = _config(tmp_path, "smtp", host="mail.ldld.vn", user="gui@ldld.vn")
        result = runner.invoke(app, ["mail", "login", "--config", config], input="mật khẩu\n")
    finally:
        keyring.set_keyring(previous)
    assert result.exit_code == 2 and "XLUNION_SMTP_PASSWORD" in result.output
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["mail", "login", "--config", str(empty)])
    assert result.exit_code == 2 and "[smtp]" in result.output
    result = runner.invoke(app, ["mail", "login", "--config", str(tmp_path / "mial.toml")])  # mistyped
    assert result.exit_code == 2 and "mial.toml" in result.output and "Traceback" not in result.output


def test_a_pull_with_the_keyring_password_and_without_any(memory_keyring, tmp_path):
    with start_dovecot() as server:
        append(server.port, _message().as_bytes())
        account = ImapConfig(host="127.0.0.1", port=server.port, security="starttls", user="xlunion")
        with pytest.raises(XlunionError) as missing:
            list(mails_from_imap(account))
        assert missing.value.key == "mail.no_password" and "xlunion mail login" in _render(missing)
        memory_keyring[("xlunion-imap", "xlunion")] = "secret"
        assert len(list(mails_from_imap(account))) == 1


def test_non_ascii_passwords(tmp_path, monkeypatch):
    monkeypatch.setenv("XLUNION_IMAP_PASSWORD", USERS["vanthu"])
    with start_dovecot() as server:
        append(server.port, _message().as_bytes(), user="vanthu")
        account = ImapConfig(host="127.0.0.1", port=server.port, security="starttls", user="vanthu")
        assert [m.sender for m in mails_from_imap(account)] == ["cd0101@congdoan.test"]
        monkeypatch.setenv("XLUNION_IMAP_PASSWORD", "Mật khẩu sai")
        with pytest.raises(XlunionError) as wrong:
            list(mails_from_imap(account))
        assert wrong.value.key == "mail.auth_failed" and "XLUNION_IMAP_PASSWORD" in _render(wrong)
    monkeypatch.setenv("XLUNION_SMTP_PASSWORD", "Mật khẩu Công đoàn 2026")
    with start_smtp(users={"văn.thư": "Mật khẩu Công đoàn 2026"}) as (controller, handler):
        config = load_config(_config(tmp_path, "smtp", host="127.0.0.1", port=controller.port, security="none",
                                     user="văn.thư"))
        send_message(_message(), config)
        assert handler.logins == ["văn.thư"] and len(handler.messages) == 1
        monkeypatch.setenv("XLUNION_SMTP_PASSWORD", "sai")
        with pytest.raises(XlunionError) as wrong:
            send_message(_message(), config)
        assert wrong.value.key == "mail.auth_failed" and len(handler.messages) == 1
        _render(wrong)


# -- IMAP: folders by their Vietnamese names, arrival times, each message once ---------------------------


def test_modified_utf7():
    assert utf7.encode("Báo cáo") == "B&AOE-o c&AOE-o"
    assert utf7.encode("~peter/mail/台北/日本語") == "~peter/mail/&U,BTFw-/&ZeVnLIqe-"  # RFC 3501's example
    assert utf7.encode("A&B") == "A&-B" and utf7.decode("A&-B") == "A&B"
    for name in ("Thư đến 2026", "Đã gửi", "INBOX", "a\"b\\c", "Báo cáo/Năm 2025"):
        assert utf7.decode(utf7.encode(name)) == name
    assert utf7.quoted('Ý kiến "gấp"') == '"&AN0- ki&Hr8-n \\"g&HqU-p\\""'


def test_a_vietnamese_folder_name_with_spaces(tmp_path, passwords):
    with start_dovecot() as server:
        append(server.port, _message("một").as_bytes(), _message("hai").as_bytes(), folder="Báo cáo")
        append(server.port, _message("ba").as_bytes())
        config = _config(tmp_path, "imap", host="127.0.0.1", port=server.port, security="starttls", user="xlunion",
                         folder="Ba\u0301o ca\u0301o")  # typed on a Mac: decomposed
        assert len(list(mails_from_imap(load_imap_config(config)))) == 2
        url = f"imap://xlunion@127.0.0.1:{server.port}/B%C3%A1o%20c%C3%A1o"
        assert len(list(mails_from_imap(url))) == 2
        with pytest.raises(XlunionError) as missing:
            list(mails_from_imap(f"imap://xlunion@127.0.0.1:{server.port}/Báo cáo 2025"))
        text = _render(missing)
        assert missing.value.key == "mail.no_folder" and "“Báo cáo 2025”" in text
        assert "“Báo cáo”" in text and "“INBOX”" in text  # what there is to choose from


def test_arrival_time_is_the_servers_internaldate(tmp_path, passwords):
    arrived = dt.datetime(2026, 1, 15, 17, 45, 12, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    with start_dovecot() as server:
        append(server.port, _message(date="Mon, 01 Dec 2025 08:00:00 +0700").as_bytes(), when=arrived)
        (mail,) = mails_from_imap(f"imap://xlunion@127.0.0.1:{server.port}/INBOX")
    assert mail.received == arrived.astimezone().replace(tzinfo=None)  # naive local time
    assert mail.sent == dt.datetime(2025, 12, 1, 1, 0, tzinfo=dt.UTC).astimezone().replace(tzinfo=None)
    assert mail.uid == 1




def test_the_remembered_position_only_moves_forward(ledger):
    from xlunion.ledger import remember_mailbox

    assert mailbox_position(ledger, "mail.ldld.vn", "tonghop", "Báo cáo") is None
    remember_mailbox(ledger, "mail.ldld.vn", "tonghop", "Báo cáo", uidvalidity=4_000_000_000, last_uid=7)
    remember_mailbox(ledger, "mail.ldld.vn", "tonghop", "Báo cáo", uidvalidity=4_000_000_000, last_uid=5)
    assert mailbox_position(ledger, "mail.ldld.vn", "tonghop", "Báo cáo") == (4_000_000_000, 7)
    remember_mailbox(ledger, "mail.ldld.vn", "tonghop", "Báo cáo", uidvalidity=12, last_uid=2)  # renumbered
    assert mailbox_position(ledger, "mail.ldld.vn", "tonghop", "Báo cáo") == (12, 2)
    assert mailbox_position(ledger, "mail.ldld.vn", "tonghop", "INBOX") is None


def test_each_message_is_fetched_once(ledger, tmp_path, passwords):
    with start_dovecot() as server:
        url = f"imap://xlunion@127.0.0.1:{server.port}/Báo cáo"
        append(server.port, *(_message(f"thư {i}").as_bytes() for i in range(3)), folder="Báo cáo")
        assert len(list(mails_from_imap(url, ledger))) == 3
        assert list(mails_from_imap(url, ledger)) == []  # the second pull fetches nothing
        append(server.port, _message("thư 3").as_bytes(), folder="Báo cáo")
        assert [m.uid for m in mails_from_imap(url, ledger)] == [4]
        validity, last = mailbox_position(ledger, "127.0.0.1", "xlunion", "Báo cáo")
        assert last == 4 and validity > 0
        assert list(mails_from_imap(url, ledger)) == []


def test_a_message_whose_processing_failed_is_fetched_again(ledger, tmp_path, passwords):
    with start_dovecot() as server:
        url = f"imap://xlunion@127.0.0.1:{server.port}/INBOX"
        append(server.port, *(_message(f"thư {i}").as_bytes() for i in range(3)))
        pulling = mails_from_imap(url, ledger)
        assert next(pulling).uid == 1
        assert next(pulling).uid == 2  # resumed: the first one is done
        pulling.close()  # the second one's processing raised: the pull stops there
        assert [m.uid for m in mails_from_imap(url, ledger)] == [2, 3]


def test_a_new_uidvalidity_fetches_everything_again(ledger, tmp_path, passwords):
    with start_dovecot() as server:
        url = f"imap://xlunion@127.0.0.1:{server.port}/Báo cáo"
        append(server.port, _message("một").as_bytes(), _message("hai").as_bytes(), folder="Báo cáo")
        assert len(list(mails_from_imap(url, ledger))) == 2
        before = mailbox_position(ledger, "127.0.0.1", "xlunion", "Báo cáo")
        with imaplib.IMAP4("127.0.0.1", server.port) as client:  # the folder rebuilt: UIDs start over
            client.login("xlunion", "secret")
            assert client.delete(utf7.quoted("Báo cáo"))[0] == "OK"
        append(server.port, _message("một").as_bytes(), _message("hai").as_bytes(), folder="Báo cáo")
        assert [m.uid for m in mails_from_imap(url, ledger)] == [1, 2]
        after = mailbox_position(ledger, "127.0.0.1", "xlunion", "Báo cáo")
        assert after[0] != before[0] and after[1] == 2


def test_the_imap_server_going_away_midway(ledger, tmp_path, passwords):
    with start_dovecot() as server:
        url = f"imap://xlunion@127.0.0.1:{server.port}/INBOX"
        append(server.port, *(_message(f"thư {i}").as_bytes() for i in range(3)))
        pulling = mails_from_imap(url, ledger)
        assert next(pulling).uid == 1
        crash(server)
        with pytest.raises(XlunionError) as lost:
            next(pulling)
        assert lost.value.key == "pull.imap_lost" and "127.0.0.1" in _render(lost)
    assert mailbox_position(ledger, "127.0.0.1", "xlunion", "INBOX")[1] == 1  # the first one stays taken


def test_pull_from_the_configs_imap_table(defn, demo, tmp_path, passwords):
    from helpers import demo_child

    from xlunion.mail.outbox import prepare
    from xlunion.mail.send import SmtpConfig

    outgoing = prepare(defn, demo_child(demo, "CD0101"), SmtpConfig(to=["ct01@congdoan-songhong.vn"]))
    with start_dovecot() as server:
        append(server.port, outgoing.message.as_bytes(), folder="Báo cáo")
        config = _config(tmp_path, "imap", host="127.0.0.1", port=server.port, security="starttls",
                         user="xlunion", folder="Báo cáo")
        args = ["inbox", "pull", "--registry", str(demo.registry), "--config", config, "--inbox",
                str(tmp_path / "inbox")]
        first = runner.invoke(app, args)
        assert first.exit_code == 0, first.output
        assert "Đã lưu 1, trùng 0" in first.output
        again = runner.invoke(app, args)
        assert again.exit_code == 0 and "Đã lưu 0, trùng 0, không lưu 0" in again.output  # nothing fetched
    neither = runner.invoke(app, ["inbox", "pull", "--registry", str(demo.registry), "--config",
                                  _config(tmp_path, "smtp", host="x")])
    assert neither.exit_code == 2 and "[imap]" in neither.output


# -- SMTP faults, said plainly -----------------------------------------------------------------------------


def test_refused_recipients_are_named_with_the_servers_reason(tmp_path):
    with start_smtp(refuse=("ct03@congdoan.test", "ct04@congdoan.test")) as (controller, handler):
        config = load_config(_config(tmp_path, "smtp", host="127.0.0.1", port=controller.port, security="none"))
        with pytest.raises(XlunionError) as some:
            send_message(_message(to=("ct01@congdoan.test", "ct03@congdoan.test")), config)
        text = _render(some)
        assert "ct03@congdoan.test (550 5.1.1 <ct03@congdoan.test>: Recipient address rejected" in text
        assert "Đã gửi tới: ct01@congdoan.test" in text and handler.recipients == [["ct01@congdoan.test"]]
        with pytest.raises(XlunionError) as all_of_them:
            send_message(_message(to=("ct03@congdoan.test", "ct04@congdoan.test")), config)
        text = _render(all_of_them)
        assert "ct03@congdoan.test (550" in text and "ct04@congdoan.test (550" in text and text.endswith("—")


def test_connection_faults_are_one_sentence(tmp_path, passwords):
    with pytest.raises(XlunionError) as nobody:  # asked before any connection
        list(mails_from_imap("imaps://192.0.2.10/INBOX"))
    assert nobody.value.key == "mail.no_user" and "[imap]" in _render(nobody)
    closed = free_port()
    config = load_config(_config(tmp_path, "smtp", host="127.0.0.1", port=closed, security="none"))
    with pytest.raises(XlunionError) as refused:
        send_message(_message(), config)
    assert refused.value.key == "mail.connect_failed" and msg("mail.net_refused") in _render(refused)
    with pytest.raises(XlunionError) as imap_refused:
        list(mails_from_imap(f"imaps://xlunion@127.0.0.1:{closed}/INBOX"))
    assert imap_refused.value.key == "mail.connect_failed"
    with start_smtp() as (controller, _handler):  # SMTPS spoken to a plain server
        config = load_config(_config(tmp_path, "smtp", host="127.0.0.1", port=controller.port, security="ssl"))
        with pytest.raises(XlunionError) as tls:
            send_message(_message(), config)
        assert tls.value.key == "mail.tls_failed" and "security" in _render(tls)
    with start_dovecot() as server:
        with pytest.raises(XlunionError) as wrong:
            list(mails_from_imap(ImapConfig(host="127.0.0.1", port=server.port, security="starttls",
                                            user="nobody")))
        assert wrong.value.key == "mail.auth_failed" and "nobody" in _render(wrong)
