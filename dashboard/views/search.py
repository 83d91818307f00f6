"""搜索 Search: one query over measures, figures, notes, left-out numbers, glossary, themes, indicators and
regions; results grouped by kind, each with a snippet that marks the words it matched and a link to it."""

import streamlit as st

from dashboard.analysis import frames, search
from dashboard.data.bilingual import LANGS, Bilingual
from dashboard.data.text import escape_markdown, marked
from dashboard.i18n import t
from dashboard.ui import data as app_data
from dashboard.ui import state, widgets
from dashboard.ui.pages import PAGE_FILES
from dashboard.ui.url_state import to_query_params

SHOWN = 10  # results listed per kind before "show all"

data, view = widgets.page_context()
lang = view.lang
st.title(t("page_search", lang))
widgets.search_box(lang, "search")
view = state.current()
query = view.find
# (no st.stop() on these pages: it would also stop the app's navigation, drawn after the page)
results = app_data.search_results(data, query) if frames.keyword_groups(query) else None
if results is None:
    st.info(t("search_prompt", lang))
elif not results.total:
    st.info(t("search_none", lang, query=escape_markdown(query)))
else:
    st.markdown(t("search_count", lang, n=results.total, query=escape_markdown(query)))


def _hit(row: dict) -> None:
    """A result: its title and a snippet, the matched words marked (every piece of text escaped), and a link."""
    title = row[Bilingual.column("title", lang)]
    line = "**" + marked(title, search.match_spans(title, query), escape_markdown) + "**"
    if row["kind"] == "measure":
        line = escape_markdown(data.dataset.region(row["region_id"]).short.text(lang)) + " · " + line
    reading = sorted(LANGS, key=lambda code: code != lang)  # the reader's language first
    texts = tuple(text for code in reading for text in row[Bilingual.column("texts", code)])
    piece, spans = search.snippet(texts, query)
    with st.container(border=True):
        st.markdown(line + ("  \n" + marked(piece, spans, escape_markdown) if piece else ""), unsafe_allow_html=True)
        target = view.updated(**row["target"])
        st.page_link(PAGE_FILES[row["page"]], label=t(f"search_open_{row['page']}", lang),
                     icon=":material/arrow_forward:", query_params=to_query_params(target, row["page"]))


for kind, rows in (results.groups.items() if results is not None else ()):
    st.subheader(t(f"search_kind_{kind}", lang) + f" · {len(rows)}")
    show_all = len(rows) > SHOWN and st.toggle(t("search_show_all", lang, n=len(rows)), key=f"search_all_{kind}")
    for row in frames.records(rows if show_all else rows.head(SHOWN)):
        _hit(row)
    if kind == "measure":  # the same rows in the Measures table, with the same keyword
        target = view.updated(keyword=query, themes=(), regions=(), statuses=())
        st.page_link(PAGE_FILES["measures"], label=t("search_in_measures", lang, n=len(rows)),
                     icon=":material/list_alt:", query_params=to_query_params(target, "measures"))
