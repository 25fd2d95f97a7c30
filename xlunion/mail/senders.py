"""Is this mail's sender the unit whose workbook it carries? Notes for the operator, never a verdict.

The From header is whatever the sender's program wrote: it authenticates nobody. What it can do is
catch the ordinary slips and the odd forgery early — one unit's address sending another unit's
workbook, a unit not under this union, one mail carrying several units or two versions of one —
so the operator looks before the file counts. A workbook with notes is held in the ledger until the
operator accepts it (``xlunion inbox accept``) or rejects it (``xlunion inbox reject``).
"""

from __future__ import annotations

from collections import Counter

from ..registry import Registry

Note = tuple[str, dict]
"""(message key, values): rendered with :func:`xlunion.messages.msg` where it is shown."""


def sender_notes(sender: str, unit: str, units_in_mail: list[str], registry: Registry,
                 parent: str | None = None) -> list[Note]:
    """What the operator should look at before ``unit``'s workbook from ``sender`` counts.

    ``units_in_mail`` is the unit of every distinct workbook the same message carries (this one
    included; identical copies once); ``parent`` is the union pulling the mail, when known."""
    notes: list[Note] = []
    if any(u.addresses for u in registry):  # a registry without addresses cannot say who sends
        notes += _address_notes(sender, unit, registry)
    if parent and unit in registry and parent in registry and parent not in registry.ancestors(unit):
        notes.append(("sender.not_below", {"unit": _label(registry, unit), "parent": _label(registry, parent)}))
    if set(units_in_mail) - {unit}:
        notes.append(("sender.several_units", {"units": ", ".join(sorted(set(units_in_mail)))}))
    if Counter(units_in_mail)[unit] > 1:
        notes.append(("sender.two_versions", {"unit": _label(registry, unit), "count": Counter(units_in_mail)[unit]}))
    return notes


def _address_notes(sender: str, unit: str, registry: Registry) -> list[Note]:
    own = registry[unit].addresses if unit in registry else ()
    if sender and sender in own:
        return []
    owners = [u.code for u in registry if sender and sender in u.addresses]
    if owners:
        return [("sender.other_unit", {"sender": sender, "unit": _label(registry, unit),
                                       "owner": ", ".join(_label(registry, o) for o in sorted(owners))})]
    if own:
        return [("sender.not_listed", {"sender": sender or "?", "unit": _label(registry, unit),
                                       "known": ", ".join(own)})]
    return [("sender.no_address", {"sender": sender or "?", "unit": _label(registry, unit)})]


def _label(registry: Registry, code: str) -> str:
    return f"{code} {registry[code].name}" if code in registry else code
