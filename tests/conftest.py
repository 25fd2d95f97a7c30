"""Shared fixtures: the definition, a demo province written once per session, LibreOffice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from xlunion.definition import load_definition
from xlunion.demo import write_demo

pytest_plugins = ["mailservers"]  # the SMTP and IMAP servers, for every mail test file


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true",
                     help="rewrite tests/data/golden from the current code (review the diff!)")


@pytest.fixture(scope="session")
def regen_golden(request) -> bool:
    return request.config.getoption("--regen-golden")


@pytest.fixture(scope="session")
def defn():
    return load_definition()


@pytest.fixture(scope="session")
def demo(defn, tmp_path_factory):
    """The demo province, written once; tests must not modify it."""
    return write_demo(defn, tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def soffice():
    from xlunion.io.libreoffice import soffice as find

    if find() is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc); .ci/run installs it")
    return find()


@pytest.fixture(scope="session")
def writer(soffice):
    """LibreOffice Writer, which converts a .docx (Debian's libreoffice-calc does not bring it)."""
    if not (Path(soffice).resolve().parent / "swriter").exists():
        pytest.skip("LibreOffice Writer is not installed (apt-get install libreoffice-writer); .ci/run installs it")
    return soffice


@pytest.fixture(scope="session")
def pdftools():
    if not (shutil.which("pdftotext") and shutil.which("pdfinfo")):
        pytest.skip("poppler-utils (pdftotext, pdfinfo) is not installed; .ci/run installs it")


@pytest.fixture(autouse=True)
def vietnamese_after_each_test():
    """Commands may switch the process language; every test starts in Vietnamese."""
    from xlunion.messages import set_language

    set_language("vi")
    yield
    set_language("vi")


@pytest.fixture(autouse=True)
def no_patched_workers(request):
    """Reader workers are kept between calls; a test that patches anything must not leave
    workers forked with its patch behind it."""
    yield
    from xlunion import isolation

    if "monkeypatch" in request.fixturenames and isolation._POOLS:
        isolation.close_pools(wait=True)
