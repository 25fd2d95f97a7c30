"""Where the report definitions (``schemas/``) and add-in sources (``macros/``) are.

In a checkout they sit beside the package; an installed wheel carries them as data
files under ``<prefix>/share/xlunion/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent


def resource_dir(name: str) -> Path:
    for base in (CHECKOUT, Path(sys.prefix) / "share" / "xlunion", Path(sys.base_prefix) / "share" / "xlunion"):
        if (base / name).is_dir():
            return base / name
    return CHECKOUT / name
