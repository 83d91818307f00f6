"""Dataset files → checked models. The schema (models), text in two languages (bilingual), the closed vocabularies
(vocab), reading YAML with positions (reading), every check with file:line (loader), the JSON/Parquet cache (cache),
numbers as printed (numbers), the source texts and what of them the dataset covers (sources, coverage), plain-text
helpers (text). Imports nothing else of the dashboard."""
