"""Writing a VBA project ([MS-OVBA]) in a compound file ([MS-CFB]) without Excel.

Three small, spec-driven pieces: ``compression`` (2.4.1), ``cfb`` (the container)
and ``project`` (the dir stream, PROJECT stream and module streams). Checked in
the tests by independent readers: olefile and oletools' olevba.
"""
