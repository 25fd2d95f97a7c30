"""Installing the add-in on an officer's PC: the config as xlwings' VBA reads it, the doctor's
steps, the Mac's folders, and the build through Excel. Excel does not run here, so the Windows
and Mac paths run against fake xlwings objects that record what they are asked."""

from __future__ import annotations

import re
import sys
import types
import zipfile
from pathlib import Path

import pytest

from xlunion.errors import XlunionError
from xlunion.excel import config as cfg
from xlunion.excel import doctor as doc
from xlunion.excel import install as inst
from xlunion.excel.build import build_with_excel
from xlunion.excel.live import ask_folder_mac
from xlunion.messages import msg
from xlunion.vba.xlam import MACROS, decoded_modules, load_donor


def vba_input(data: bytes, encoding: str) -> dict[str, str]:
    """What ``Input #f, name, value`` gives, line by line: bytes decoded in the ANSI code page,
    each quoted field taken whole (the reading xlwings' GetConfigFromFile does)."""
    fields = {}
    for line in data.decode(encoding).split("\r\n"):
        if line:
            name, value = line.split('","')
            fields[name.lstrip('"')] = value.rstrip('"')
    return fields


# -- the config file ----------------------------------------------------------------------------------


CONDA = {"CONDA_PREFIX": r"C:\Users\an\miniconda3\envs\xlunion", "CONDA_DEFAULT_ENV": "xlunion",
         "CONDA_EXE": r"C:\Users\an\miniconda3\Scripts\conda.exe"}


def test_conda_keys_are_the_ones_xlwings_reads():
    settings = cfg.interpreter_settings(CONDA["CONDA_PREFIX"] + r"\python.exe", CONDA, "win32")
    assert settings == {"INTERPRETER_WIN": CONDA["CONDA_PREFIX"] + r"\python.exe",
                        "CONDA PATH": r"C:\Users\an\miniconda3", "CONDA ENV": "xlunion"}
    module = load_donor().xlwings_module  # the RunPython module the add-in ships
    for key in ("CONDA PATH", "CONDA ENV"):
        assert f'GetConfig("{key}")' in module
    assert "CONDA_PATH" not in module and "CONDA_ENV" not in module


def test_conda_keys_only_when_conda_runs_this_python():
    venv = r"C:\Users\an\xlunion-venv\Scripts\python.exe"
    assert cfg.interpreter_settings(venv, CONDA, "win32") == {"INTERPRETER_WIN": venv}
    assert cfg.interpreter_settings(CONDA["CONDA_PREFIX"] + r"\python.exe", {}, "win32") == {
        "INTERPRETER_WIN": CONDA["CONDA_PREFIX"] + r"\python.exe"}
    on_mac = cfg.interpreter_settings("/Users/an/miniconda3/envs/x/bin/python", {
        "CONDA_PREFIX": "/Users/an/miniconda3/envs/x", "CONDA_EXE": "/Users/an/miniconda3/bin/conda"}, "darwin")
    assert on_mac == {"INTERPRETER_MAC": "/Users/an/miniconda3/envs/x/bin/python"}  # xlwings: Windows only


def test_config_is_read_back_by_vba_in_the_ansi_code_page(tmp_path):
    """A Vietnamese user name that the Vietnamese code page (1258) holds letter for letter."""
    exe = r"C:\Users\Lê Văn Tâm\AppData\Roaming\uv\tools\xlunion\Scripts\python.exe"
    path = cfg.write_config(tmp_path / "xlunion.conf", {"INTERPRETER_WIN": exe}, "cp1258", short_path=lambda p: None)
    data = path.read_bytes()
    assert vba_input(data, "cp1258") == {"INTERPRETER_WIN": exe}
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the old UTF-8 file gave VBA “LÃª VÄƒn”
    assert cfg.read_config(path, "cp1258") == {"INTERPRETER_WIN": exe}


def test_a_name_the_code_page_cannot_hold_is_written_so_vba_finds_the_same_file(tmp_path):
    exe = r"C:\Users\Nguyễn Thị Hồng\AppData\Roaming\uv\tools\xlunion\Scripts\python.exe"
    short = r"C:\Users\NGUYNT~1\AppData\Roaming\uv\tools\xlunion\Scripts\python.exe"
    for encoding in ("cp1258", "cp1252"):  # “ễ” is two characters in 1258, absent from 1252
        path = cfg.write_config(tmp_path / f"{encoding}.conf", {"INTERPRETER_WIN": exe}, encoding,
                                short_path={exe: short}.get)
        assert vba_input(path.read_bytes(), encoding) == {"INTERPRETER_WIN": short}
    # no 8.3 name (disabled on the volume): the profile folder through %USERPROFILE%, expanded by WScript
    home = r"C:\Users\Nguyễn Thị Hồng"
    written = cfg.portable_path(exe, "cp1258", home=home, short_path=lambda p: None)
    assert written == r"%USERPROFILE%\AppData\Roaming\uv\tools\xlunion\Scripts\python.exe"
    assert written.replace("%USERPROFILE%", home) == exe
    with pytest.raises(XlunionError) as caught:
        cfg.portable_path(r"D:\Phần mềm\python.exe", "cp1252", home=home, short_path=lambda p: None)
    assert "Phần mềm" in str(caught.value) and "không dấu" in str(caught.value)


def test_install_writes_the_config_and_the_marker_last(xlam_file, tmp_path, monkeypatch):
    monkeypatch.setattr(cfg, "ansi_encoding", lambda platform=sys.platform: "cp1258")
    target, config = inst.install(xlam_file, tmp_path / "XLSTART", tmp_path / "home" / "xlunion.conf")
    assert target.read_bytes() == xlam_file.read_bytes()
    assert vba_input(config.read_bytes(), "cp1258")["INTERPRETER_MAC"] == sys.executable
    assert cfg.marker_path(config).read_bytes().decode("cp1258").strip() == sys.executable
    removed = inst.uninstall(tmp_path / "XLSTART", config)
    assert set(removed) == {target, config, cfg.marker_path(config)}


@pytest.fixture(scope="module")
def xlam_file(tmp_path_factory):
    from xlunion.vba.xlam import build_xlam

    return build_xlam(tmp_path_factory.mktemp("addin") / "xlunion.xlam")


# -- the doctor, step by step --------------------------------------------------------------------------


def _keys(checks):
    return [(c.ok, c.key) for c in checks]


def test_doctor_walks_the_steps_from_a_bare_pc(xlam_file, tmp_path):
    folder, config = tmp_path / "XLSTART", tmp_path / "home" / "xlunion.conf"
    bare = _keys(doc.doctor(folder, config))
    assert bare[0] == (False, "doctor.no_config") and (False, "doctor.addin_missing") in bare
    config.parent.mkdir()
    config.write_text('"INTERPRETER_MAC","/nonexistent/python"\r\n', encoding="utf-8")
    assert (False, "doctor.interpreter_missing") in _keys(doc.doctor(folder, config))
    other = tmp_path / "other-python"  # a Python without xlunion: this one, stripped of its site-packages
    other.write_text(f"#!/bin/sh\nexec {sys.executable} -I -S \"$@\"\n")
    other.chmod(0o755)
    config.write_text(f'"INTERPRETER_MAC","{other}"\r\n', encoding="utf-8")
    lacking = doc.doctor(folder, config)
    (packages,) = [c for c in lacking if c.key.startswith("doctor.python_")]
    assert packages.key == "doctor.python_lacks" and "xlunion" in packages.values["error"]
    inst.install(xlam_file, folder, config)
    ready = _keys(doc.doctor(folder, config))
    assert {(True, "doctor.python_ok"), (True, "doctor.marker_ok"), (True, "doctor.addin_ok")} <= set(ready)


class FakeApp:
    """What the doctor and the Excel build ask of ``xlwings.App``, recorded."""

    def __init__(self, run=None, components=None, **_kw):
        self.calls, self.quit_called, self._run = [], False, run
        self.books = types.SimpleNamespace(open=self._open)
        self.api = types.SimpleNamespace(Run=self._macro)
        self.components = components

    def _open(self, path):
        self.calls.append(("open", path))
        return FakeBook(self, Path(path))

    def _macro(self, name):
        self.calls.append(("Run", name))
        if isinstance(self._run, Exception):
            raise self._run
        return self._run

    def quit(self):
        self.quit_called = True


def _fake_xlwings(app):
    return types.SimpleNamespace(App=lambda **kw: app)


def test_doctor_proves_the_vba_compiled_by_running_it_in_excel(tmp_path):
    xlam, config = tmp_path / "xlunion.xlam", tmp_path / ".xlunion" / "xlunion.conf"
    app = FakeApp(run=str(config))
    check = doc.vba_compiles(xlam, config, xw=_fake_xlwings(app))
    assert check.ok and check.key == "doctor.vba_ok"
    assert app.calls == [("open", str(xlam)), ("Run", "'xlunion.xlam'!CongDoan.ConfigPath")] and app.quit_called
    assert "Public Function ConfigPath() As String" in (MACROS / "CongDoan.bas").read_text()

    compile_error = Exception(-2147352567, "Exception occurred.", (0, "Microsoft Excel", "Cannot run the macro", 0))
    app = FakeApp(run=compile_error)
    failed = doc.vba_compiles(xlam, config, xw=_fake_xlwings(app))
    assert not failed.ok and failed.key == "doctor.vba_failed" and app.quit_called
    assert "Exception occurred" in msg(failed.key, **failed.values)
    elsewhere = doc.vba_compiles(xlam, config, xw=_fake_xlwings(FakeApp(run=r"C:\Users\x\.xlunion\other.conf")))
    assert elsewhere.key == "doctor.vba_other_config"

    def no_excel(**_kw):
        raise OSError("Excel is not installed")

    assert doc.vba_compiles(xlam, config, xw=types.SimpleNamespace(App=no_excel)).key == "doctor.excel_unavailable"


def test_doctor_on_windows_runs_the_vba_check(xlam_file, tmp_path, monkeypatch):
    folder, config = tmp_path / "XLSTART", tmp_path / "home" / "xlunion.conf"
    inst.install(xlam_file, folder, config)
    asked = []
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(doc, "vba_compiles", lambda xlam, conf: asked.append((xlam, conf)) or doc.Check(
        True, "doctor.vba_ok", {"path": xlam}))
    monkeypatch.setattr(doc, "_child_processes", lambda: doc.Check(True, "doctor.child_ok", {}))
    keys = _keys(doc.doctor(folder, config))
    assert asked == [(folder / "xlunion.xlam", config)] and (True, "doctor.vba_ok") in keys


# -- the Mac ----------------------------------------------------------------------------------------------


def test_mac_startup_folder_comes_from_excel_with_the_documented_fallback(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setenv("HOME", str(tmp_path))
    excel = tmp_path / "Library" / "Group Containers" / "UBF8T346G9.Office" / "User Content" / "Startup" / "Excel"

    class App:
        startup_path = str(tmp_path / "asked")

        def __init__(self, **_kw):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *_a):
            return False

    monkeypatch.setitem(sys.modules, "xlwings", types.SimpleNamespace(apps=[], App=App))
    assert inst.xlstart() == tmp_path / "asked"
    monkeypatch.setitem(sys.modules, "xlwings", None)  # no xlwings or no Excel to ask
    assert inst.xlstart() == excel
    assert "Containers/com.microsoft.Excel/Data/Library" not in str(inst.xlstart())


def test_mac_applescript_must_be_the_installed_xlwings_version(tmp_path):
    scripts = tmp_path / "Library" / "Application Scripts" / "com.microsoft.Excel"
    scripts.mkdir(parents=True)
    (scripts / "xlwings-0.30.0.applescript").write_text("old")
    assert doc.mac_permission(tmp_path, "0.37.8").key == "doctor.mac_permission"
    (scripts / "xlwings-0.37.8.applescript").write_text("current")
    assert doc.mac_permission(tmp_path, "0.37.8").ok


def test_mac_folder_picker(tmp_path):
    default = tmp_path / "bao-cao-don-vi"
    shown = []

    def chose(args, **_kw):
        assert args[0] == "osascript" and "choose folder" in args[2] and str(tmp_path) in args[2]
        return types.SimpleNamespace(returncode=0, stdout=str(tmp_path / "inbox") + "/\n", stderr="")

    assert ask_folder_mac("Chọn thư mục", default, shown.append, run=chose) == tmp_path / "inbox"
    cancelled = types.SimpleNamespace(returncode=1, stdout="", stderr="execution error: User canceled. (-128)")
    assert ask_folder_mac("Chọn", default, shown.append, run=lambda *a, **k: cancelled) is None and not shown
    refused = types.SimpleNamespace(returncode=1, stdout="", stderr="Not authorized to send Apple events (-1743)")
    assert ask_folder_mac("Chọn", default, shown.append, run=lambda *a, **k: refused) == default
    assert shown == [msg("addin.folder_note", path=default)] and "Mac" in shown[0]


# -- the build through Excel -------------------------------------------------------------------------------


class FakeComponent:
    def __init__(self, name, kind):
        self.Name, self.Type = name, kind


class FakeComponents(list):
    def __init__(self, *items):
        super().__init__(items)
        self.imported: list[tuple[str, bytes]] = []

    def Remove(self, component):  # noqa: N802 - Excel's object model
        self.remove(component)

    def Import(self, path):  # noqa: N802
        self.imported.append((Path(path).name, Path(path).read_bytes()))


class FakeBook:
    """An open workbook: its VBA project refuses access when the app has no components (the
    Trust Center setting off), as Excel's COM object does."""

    def __init__(self, app, path):
        self.app, self.path, self.saved, self.closed = app, path, False, False
        self.project = types.SimpleNamespace(Name="MyAddin", VBComponents=app.components)
        self.api = FakeApi(self)
        app.book = self

    def close(self):
        self.closed = True


class FakeApi:
    def __init__(self, book):
        self.book = book

    @property
    def VBProject(self):  # noqa: N802 - Excel's object model
        if self.book.app.components is None:
            raise Exception(-2147352567, "Programmatic access to Visual Basic Project is not trusted")
        return self.book.project

    def Save(self):  # noqa: N802
        self.book.saved = True


def test_build_with_excel_imports_the_modules_and_puts_the_ribbon(tmp_path):
    components = FakeComponents(FakeComponent("ThisWorkbook", 100), FakeComponent("Sheet2", 100),
                                FakeComponent("Dictionary", 2), FakeComponent("xlwings", 1),
                                FakeComponent("RibbonMyAddin", 1))
    app = FakeApp(components=components)
    out = build_with_excel(tmp_path / "xlunion.xlam", xw=_fake_xlwings(app))
    assert [c.Name for c in components] == ["ThisWorkbook", "Sheet2", "Dictionary"]
    names = [name for name, _data in components.imported]
    assert names == ["xlwings.bas", "CongDoan.bas"]
    xlwings_bas = dict(components.imported)["xlwings.bas"].decode("cp1252")
    assert 'PROJECT_NAME As String = "xlunion"' in xlwings_bas and "\r\n" in xlwings_bas
    assert dict(components.imported)["CongDoan.bas"].decode("cp1252").replace("\r\n", "\n") == (
        MACROS / "CongDoan.bas").read_text()
    assert app.book.project.Name == "xlunion" and app.book.saved and app.quit_called
    with zipfile.ZipFile(out) as zf:
        assert "customUI/customUI.xml" not in zf.namelist()
        assert zf.read("customUI/customUI14.xml") == (MACROS / "customUI14.xml").read_bytes()
        rels = zf.read("_rels/.rels").decode()
    assert rels.count("ui/extensibility") == 1 and "customUI/customUI14.xml" in rels


def test_build_with_excel_explains_a_locked_vba_project(tmp_path):
    app = FakeApp(components=None)
    with pytest.raises(XlunionError) as caught:
        build_with_excel(tmp_path / "xlunion.xlam", xw=_fake_xlwings(app))
    assert caught.value.key == "install.vbproject_locked" and app.quit_called
    assert "Trust access to the VBA project object model" in str(caught.value)
    assert not (tmp_path / "xlunion.xlam").exists()


def test_build_with_excel_needs_windows(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    with pytest.raises(XlunionError) as caught:
        build_with_excel(tmp_path / "x.xlam")
    assert caught.value.key == "install.excel_build_windows"
    from typer.testing import CliRunner

    from xlunion.cli import app

    result = CliRunner().invoke(app, ["addin", "build", "--with-excel", "-o", str(tmp_path / "x.xlam")])
    assert result.exit_code != 0 and "Chỉ tạo được phần bổ trợ bằng Excel trên Windows" in result.output
    assert not (tmp_path / "x.xlam").exists()


def _excel_built(tmp_path) -> Path | None:
    """An add-in Excel wrote: built here on Windows with Excel, or handed in by XLUNION_EXCEL_XLAM."""
    import os

    given = os.environ.get("XLUNION_EXCEL_XLAM")
    if given:
        return Path(given)
    if sys.platform == "win32":
        try:
            return build_with_excel(tmp_path / "excel.xlam")
        except Exception:  # noqa: BLE001 - no Excel on this Windows: skip below
            return None
    return None


def test_the_linux_build_matches_the_excel_build(xlam_file, tmp_path):
    excel = _excel_built(tmp_path)
    if excel is None:
        pytest.skip("no Excel-built add-in: build one on Windows with Excel (xlunion addin build --with-excel) "
                    "and name it in XLUNION_EXCEL_XLAM")
    ours, theirs = decoded_modules(xlam_file), decoded_modules(excel)
    for name in ("CongDoan", "xlwings"):
        assert ours[name] == theirs[name], name


# -- the setup for a PC with Excel only ----------------------------------------------------------------------


def _setup_script() -> bytes:
    from xlunion.excel.setup import setup_dir

    return (setup_dir() / "cai-dat-xlunion.ps1").read_bytes()


def test_setup_script_speaks_the_catalogues_vietnamese():
    """Windows PowerShell 5.1 reads a BOM-less script as ANSI: the BOM keeps the Vietnamese whole."""
    from xlunion.messages import _CATALOGUE

    data = _setup_script()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    said = re.findall(r"^\s*Say '([^']*)'", data[3:].decode("utf-8"), re.M)
    setup = [vi for k, (vi, _en) in _CATALOGUE.items() if k.startswith("addin.setup_") and k != "addin.setup_written"]
    assert sorted(said) == sorted(setup) and len(said) == 6


def test_setup_script_installs_then_runs_commands_that_exist(tmp_path):
    from typer.testing import CliRunner

    from xlunion.cli import app
    from xlunion.excel.setup import setup_dir

    script = _setup_script().decode("utf-8")
    steps = [line.strip() for line in script.splitlines()]
    order = [next(i for i, s in enumerate(steps) if s.startswith(prefix)) for prefix in
             ("winget install --id astral-sh.uv", "uv tool install --force --python 3.12 $package",
              "if (Test-Path $xlam) { & $xlunion addin install --file $xlam }", "& $xlunion addin doctor")]
    assert order == sorted(order)
    assert "--file" in CliRunner().invoke(app, ["addin", "install", "--help"]).output
    cmd = (setup_dir() / "cai-dat-xlunion.cmd").read_text(encoding="ascii")
    assert '-ExecutionPolicy Bypass -File "%~dp0cai-dat-xlunion.ps1"' in cmd
    result = CliRunner().invoke(app, ["addin", "build", "-o", str(tmp_path / "xlunion.xlam")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cai-dat-xlunion.cmd").read_bytes() == (setup_dir() / "cai-dat-xlunion.cmd").read_bytes()
    assert (tmp_path / "cai-dat-xlunion.ps1").read_bytes() == _setup_script()


def _rendered_by(line: str, keys: list[str]) -> str | None:
    """The catalogue key whose Vietnamese template renders ``line`` (placeholders match anything)."""
    from xlunion.messages import _CATALOGUE

    for key in keys:
        parts = re.split(r"\{\w+\}", _CATALOGUE[key][0])
        if re.fullmatch("(.+)".join(map(re.escape, parts)), line):
            return key
    return None


def test_readme_shows_what_excel_and_the_doctor_really_say():
    """The README's Excel section quotes the messages; each quoted line must be one of them."""
    from xlunion.messages import _CATALOGUE

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Excel: thẻ “Công đoàn”"):readme.index("## Danh mục đơn vị")]
    assert section.index("chỉ có\nExcel") < section.index("```")  # it starts from a PC with Excel only
    blocks = re.findall(r"```text\n(.*?)```", section, re.S)
    excel_lines = blocks[0].splitlines()
    doctor_lines = [line[2:] for line in blocks[1].splitlines() if line[:2] in ("✗ ", "✓ ")]
    addin_keys = [k for k in _CATALOGUE if k.startswith("addin.")]
    doctor_keys = [k for k in _CATALOGUE if k.startswith("doctor.")]
    quoted = {_rendered_by(line, addin_keys) for line in excel_lines}
    assert quoted == {"addin.precheck_no_config", "addin.precheck_no_python", "addin.precheck_no_xlunion",
                      "addin.no_caller", "addin.missing_module"}
    failures = {_rendered_by(line, doctor_keys) for line in doctor_lines}
    assert None not in failures
    assert failures >= {"doctor.no_config", "doctor.interpreter_missing", "doctor.python_lacks", "doctor.no_marker",
                        "doctor.addin_missing", "doctor.conda_not_activated", "doctor.vba_failed",
                        "doctor.child_blocked", "doctor.mac_permission"}
