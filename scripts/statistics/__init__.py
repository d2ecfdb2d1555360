"""Aggregate statistics: read `aggregates/`, protect small counts, publish evidence pages.

The pipeline inside the feature is one-way, and only its last steps see readable figures:
reader (files -> checked datasets) -> relations (which cells add up to which) ->
disclosure (what may be published) -> publication (what readers may see, nothing more) ->
charts, summaries, pages and downloads, all drawn from the publication alone.
"""
