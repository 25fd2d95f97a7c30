"""A demo province: its unit registry, its resolutions, a filled workbook for every grassroots union,
each upper union's own workbook, and the whole chain run on them.

The figures are invented but internally consistent, at the scale of a small province. A handful of
files carry the mistakes officers really make, so that every later step has something to catch.
The same seed always gives the same files.
"""

from .chain import ChainResult, MailRoundTrip, demo_targets, mail_round_trip, run_chain
from .province import DEADLINE, LATE_UNIT, OWN_FOLDER, PROVINCE_DEADLINE, TARGETS_FOLDER, DemoResult, write_demo
from .synthetic import write_province
from .units import MAIL_DOMAIN, PROVINCE, REPORT_YEAR, demo_registry_rows, write_registry

__all__ = ["DEADLINE", "LATE_UNIT", "MAIL_DOMAIN", "OWN_FOLDER", "PROVINCE", "PROVINCE_DEADLINE", "REPORT_YEAR",
           "TARGETS_FOLDER", "ChainResult", "DemoResult", "MailRoundTrip", "demo_registry_rows", "demo_targets",
           "mail_round_trip", "run_chain", "write_demo", "write_province", "write_registry"]
