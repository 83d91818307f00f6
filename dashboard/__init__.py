"""Regional Innovation Measures Dashboard. Data flows one way through the packages, each importing only those
before it (tests/test_architecture.py checks it):

    data      dataset files → checked models (schema, vocabularies, reading, checks, caches, source texts)
    i18n      the interface's words in two languages: the catalogs i18n/zh.toml and i18n/en.toml
    analysis  models → frames; filters, the comparison rule, instruments, benchmark, search, basket
    charts    frames → Plotly charts (colours, fonts, the briefing's chart set)
    export    frames and charts → CSV, Parquet, XLSX, ZIP, PPTX, DOCX bytes
    curation  tools for the people who keep the dataset: validate, draft the next digest
    ui        Streamlit: cached loading, session and URL state, shared widgets
    views     one file per page

Only ui/ and views/ (and streamlit_app.py) import streamlit; `python -m dashboard` is the command line.
"""
