"""Outdated translations, block by block (issue 13).

When a translation is stamped (`kb translations --stamp`), the original is cut into blocks
(`blocks.py`: front-matter text fields, headings, paragraphs, list items, admonitions, table
rows, code) and that list is kept as a snapshot keyed by the original's fingerprint
(`snapshots.py`, in `content/.stamped/`). Later, the stamped snapshot and the original as it
is now are compared block by block (`diff.py`), which gives the terminal and HTML reports
(`report.py`), the sections named in the reader's notice (`notice.py`) and `--accept`
(`accept.py`).
"""
