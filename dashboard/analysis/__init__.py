"""Checked models → tidy frames, and what is worked out from them: filters and labels (frames), the comparison rule
that says which figures share an axis (comparison), policy instruments (instruments), the benchmark of a home region
against peers (benchmark) and a home typed in or uploaded (home_input), search, and the briefing basket (basket).
Pure functions; imports data and i18n only."""
