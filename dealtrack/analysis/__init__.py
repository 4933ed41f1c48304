"""Analysis: pure functions from a loaded dataset to result objects (totals, shares, timeline,
summary, show, list). Nothing here prints; ``dealtrack.render`` draws the results.
"""
