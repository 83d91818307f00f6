"""Tools for the people who keep the dataset: `validate` (every problem with file:line) and `draft` (the next
digest's measures and figures, from its text, for a person to review). No streamlit."""
