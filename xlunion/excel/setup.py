"""The setup a release ships beside ``xlunion.xlam`` for a Windows PC that has Excel and nothing
else: ``cai-dat-xlunion.cmd`` (double-clicked) runs ``cai-dat-xlunion.ps1``, which installs uv,
then Python and xlunion in an environment of their own, then the add-in, then runs the doctor."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..io.atomic import atomic_path
from ..resources import resource_dir

SCRIPTS = ("cai-dat-xlunion.cmd", "cai-dat-xlunion.ps1")


def setup_dir() -> Path:
    return resource_dir("macros") / "windows"


def write_setup(folder: Path) -> Path:
    """Copy the two files into ``folder``; returns the one the officer double-clicks."""
    for name in SCRIPTS:
        with atomic_path(folder / name) as tmp:
            shutil.copyfile(setup_dir() / name, tmp)
    return folder / SCRIPTS[0]
