"""PDFs of documents (issue 14): guides, handouts and blank letters, A4 and tagged, by WeasyPrint.

`kinds.py` says what a printable document is and lists the kinds (`KINDS`); `documents.py`
holds the site's own kinds; `html.py` turns a page's Markdown into print HTML; `layout.py`
lays it out with WeasyPrint and reports what cannot be laid out; `step.py` is the build step
(fingerprints, cache, worker processes, download links).
"""
