"""Fuzzing, bounded for CI: hypothesis properties over submissions and over mutated workbooks,
the regression files the long atheris runs found, and a one-minute atheris run of the reader.
The long run is documented in docs/fuzzing.md."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import parts, rezip
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from xlunion.errors import WorkbookError
from xlunion.io.read import read_submission
from xlunion.io.template import Filling, write_workbook

HERE = Path(__file__).resolve().parent
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])


def read_or_refuse(path: Path, defn):
    """The reader's contract: a Submission, or a WorkbookError that is not the safety net's."""
    try:
        return read_submission(path, defn)
    except WorkbookError as exc:
        assert exc.key != "wb.unexpected", exc.render("en")
        assert str(path) in str(exc)
        return None


numbers = st.one_of(st.integers(-10**6, 10**7), st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from([-0.0, 1e308, 0.5, 91.2]))
texts = st.one_of(st.sampled_from(["1.250", "1,5", "91,2%", "-", "x", "không", "#DIV/0!", "=HYPERLINK(\"a\")",
                                   "CD0101\u200b", " 12 "]), st.text(max_size=30))


def _inputs():
    from xlunion.definition import load_definition

    defn = load_definition()
    return [(i.code, p.code) for i in defn.indicators.values() if not i.computed for p in defn.periods
            if i.applies(p.role)]


INPUTS = _inputs()


@SETTINGS
@given(values=st.dictionaries(st.sampled_from(INPUTS), st.one_of(numbers, texts), min_size=1, max_size=12),
       note=texts)
# What hypothesis found, kept: xlsxwriter refused a NaN in a filling; two figures of 9e307 made
# the total's math.fsum raise OverflowError.
@example(values={INPUTS[0]: math.nan}, note="")
@example(values={("NGUNGVIEC", "N2023"): 8.988465674311579e307, ("NGUNGVIEC", "N2024"): 8.98846567431158e307},
         note="1.250")
def test_any_typed_figures_are_read_back_or_reported_never_raised(defn, tmp_path_factory, values, note):
    notes = {next(iter(values))[0]: note}
    path = tmp_path_factory.mktemp("prop") / "child.xlsx"
    write_workbook(defn, path, Filling(meta={"unit_code": "CD0101"}, values=values, notes=notes))
    sub = read_or_refuse(path, defn)
    assert sub is not None  # a workbook xlunion wrote is always readable
    flagged = {(f.indicator, f.period) for f in sub.findings}
    for key, typed in values.items():
        if isinstance(typed, int | float) and math.isfinite(typed) and abs(typed) < 1e15:
            ind = defn[key[0]]
            if not ind.is_percent:
                # Excel (and xlsxwriter's %.16g) keep 15–16 significant digits, not Python's 17
                same = sub.values[key] is not None and math.isclose(sub.values[key], typed, rel_tol=1e-15)
                assert same or key in flagged, (key, typed, sub.values[key])
        if isinstance(typed, float) and not math.isfinite(typed):
            assert sub.values[key] is None  # never a NaN or an infinity among the figures


@pytest.fixture(scope="module")
def clean_parts(demo):
    return list(parts(demo.children[0].read_bytes()).items())


@SETTINGS
@given(data=st.data())
def test_mutated_workbooks_are_read_or_refused_with_a_reason(defn, clean_parts, tmp_path_factory, data):
    members = list(clean_parts)
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.integers(0, len(members) - 1))
        name, body = members[i]
        action = data.draw(st.sampled_from(["flip", "drop", "duplicate", "truncate", "garbage"]))
        if action == "flip" and body:
            body = bytearray(body)
            for at in data.draw(st.lists(st.integers(0, len(body) - 1), min_size=1, max_size=8)):
                body[at] ^= data.draw(st.integers(1, 255))
            members[i] = (name, bytes(body))
        elif action == "drop":
            members.pop(i)
        elif action == "duplicate":
            members.append((name, body))
        elif action == "truncate":
            members[i] = (name, body[:data.draw(st.integers(0, len(body)))])
        else:
            members[i] = (name, data.draw(st.binary(max_size=200)))
    whole = rezip(members)
    if data.draw(st.booleans()):  # and sometimes damage the zip itself
        at = data.draw(st.integers(0, len(whole) - 1))
        whole = whole[:at] + bytes([whole[at] ^ 0xFF]) + whole[at + 1:]
    path = tmp_path_factory.mktemp("mut") / "child.xlsx"
    path.write_bytes(whole)
    read_or_refuse(path, defn)


@pytest.mark.parametrize("path", sorted((HERE / "data" / "fuzz").glob("*.xlsx")), ids=lambda p: p.name)
def test_what_the_fuzzers_found_stays_fixed(defn, path):
    assert read_or_refuse(path, defn) is None  # each of them is refused, with its reason


def test_atheris_runs_the_reader_for_a_minute_without_a_crash(tmp_path):
    pytest.importorskip("atheris")
    target = HERE / "fuzz" / "fuzz_reader.py"
    seeds, work = tmp_path / "seeds", tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    subprocess.run([sys.executable, str(target), "--seeds", str(seeds)], check=True, env=env, capture_output=True)
    seconds = int(os.environ.get("XLUNION_FUZZ_SECONDS", "60"))
    run = subprocess.run([sys.executable, str(target), f"-max_total_time={seconds}", "-timeout=20",
                          "-rss_limit_mb=3000", f"-artifact_prefix={tmp_path}/", str(work), str(seeds)],
                         capture_output=True, text=True, env=env, timeout=seconds + 120)
    log = run.stderr[-3000:]
    assert run.returncode == 0, log
    assert "Done" in log and "runs in" in log  # it really fuzzed
