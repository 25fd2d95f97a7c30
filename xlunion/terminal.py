"""What the command line shows a person, made safe for a terminal.

Text from child workbooks, file names and mail reaches the screen in findings and status lines.
None of it may act there: rich's console markup ("12 [/i]" crashed the findings table,
"[link=…]" hid a hyperlink, "CD0105 [bản sửa lần 2].xlsx" lost its bracket) and control
characters (an ESC sequence clears the screen or sets the window title; a bidi override
reorders what is shown) are shown as what they are. Every line the CLI prints goes through
:func:`shown`; rich renders only :class:`rich.text.Text`, which it never parses as markup.
"""

from __future__ import annotations

import re

import typer

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 except tab and newline, DEL, C1, and the bidi marks, embeddings, overrides and isolates."""


def _escaped(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: object) -> str:
    """``text`` with every control character written out (``\\x1b``, ``\\u202e``)."""
    return _CONTROLS.sub(_escaped, str(text))


def echo(text: str, err: bool = False, color: str | None = None) -> None:
    """One line for a person: controls written out, never parsed as markup."""
    typer.secho(shown(text), err=err, fg=color)


def text(value: object, style: str | None = None):
    """A rich Text of ``value``: rich prints it as is (no markup, no emoji codes)."""
    from rich.text import Text

    return Text(shown(value), style=style or "")


def console(err: bool = False):
    """A rich Console that interprets nothing it is given (strings included)."""
    from rich.console import Console

    return Console(stderr=err, highlight=False, markup=False, emoji=False)
