"""Paralegal training (SPEC §3): curriculum, participant modules with a self-check quiz,
the trainer edition and print-ready handouts.

Small modules, one job each: `trainer` splits trainer-only notes out of a module's Markdown,
`quiz` reads and renders self-check questions, `check` validates modules, `links` moves a
module's relative links to another folder, `pages` builds the pages, `feature` plugs it all
into the pipeline.
"""
