"""Evidence briefs: the protected statistics turned into one- or two-page messages (issue 17).

`content/briefs/<slug>.<lang>.md` holds the message with figure placeholders
(`{{ figure("cases", "2021", "perpetrator", "healthcare") }}`), which are compiled in the
letters' Jinja sandbox (`appeals/sandbox.py`) and filled with the statistics feature's
published figures: `placeholders.py` (parse and fill), `checks.py` (which figures exist and
are published), `figures.py` (a figure or a trend as text), `page.py` (the pages),
`feature.py` (the glue).
"""
