"""原文 Source: the digest's text, readable, with the quote a link names highlighted and scrolled to, and the
citation saying what is known of the issue and what is not.

The quote comes from the dataset by its reference (`quote=<measure id>[.<figure>]`); nothing from the URL is
ever highlighted as given. The text is escaped before the one <mark> goes in.
"""

import html
from dataclasses import replace

import streamlit as st

from dashboard.data import sources
from dashboard.data.text import escape_markdown, marked
from dashboard.i18n import t
from dashboard.ui import data as app_data
from dashboard.ui import state, widgets
from dashboard.ui.pages import PAGE_FILES
from dashboard.ui.url_state import to_query_params

data, view = widgets.page_context()
lang, d = view.lang, data.dataset

quote = sources.find_quote(d, view.quote) if view.quote else None
source_id = quote.source_id if quote else view.source if view.source in d.sources_by_id else d.sources[0].id
st.title(t("page_source", lang))
if len(d.sources) > 1:
    ids = list(d.sources_by_id)

    def _choose() -> None:  # another document: the highlighted quote was in the one before
        state.set_value("source", st.session_state.get("source_pick", source_id))
        state.set_value("quote", None)

    st.session_state["source_pick"] = source_id
    st.selectbox(t("source_choose", lang), options=ids, key="source_pick", on_change=state.callback(_choose),
                 format_func=lambda i: f"{d.sources_by_id[i].title.text(lang)} ({d.sources_by_id[i].file})")
source = d.sources_by_id[source_id]

st.subheader(escape_markdown(source.title.text(lang)))
widgets.citation(source, lang)

if quote is not None:  # what the highlighted sentence belongs to, and the way back to it
    with st.container(border=True):
        if quote.measure_id:
            region, measure = d.measures_by_id[quote.measure_id]
            what = t("source_quote_of_figure" if quote.kind == "figure" else "source_quote_of_measure", lang,
                     region=escape_markdown(region.short.text(lang)),
                     title=escape_markdown(measure.title.text(lang)))
            st.markdown(what)
            st.page_link(PAGE_FILES["measure"], label=t("open_measure_page", lang), icon=":material/article:",
                         query_params=to_query_params(replace(view, measure=quote.measure_id), "measure"))
        else:
            st.markdown(t("source_quote_of_left_out", lang))
            st.page_link(PAGE_FILES["about"], label=t("page_about", lang), icon=":material/info:",
                         query_params=to_query_params(view, "about"))



def show_text(text: str) -> None:
    """The document, escaped, the quote marked and scrolled to."""
    readable = sources.readable_text(text)
    span = sources.locate(readable, quote.text) if quote is not None else None
    if quote is not None and span is None:
        st.warning(t("source_quote_not_found", lang))
    number = sources.locate(readable[span[0]:span[1]], quote.printed) if span and quote.printed else None
    if span is not None:
        st.caption(escape_markdown(t("source_number_hint", lang, printed=quote.printed)) if number is not None
                   else t("source_quote_hint", lang))
    if number is not None:  # a figure's sentence, and inside it the number itself
        start, end = span[0] + number[0], span[0] + number[1]
        body = (html.escape(readable[: span[0]]) + '<mark class="source-quote">' + html.escape(readable[span[0]:start])
                + '<mark class="source-number">' + html.escape(readable[start:end]) + "</mark>"
                + html.escape(readable[end : span[1]]) + "</mark>" + html.escape(readable[span[1] :]))
    else:
        body = marked(readable, [span] if span else [], html.escape).replace("<mark>", '<mark class="source-quote">', 1)
    # the page's own markup and script around the escaped text: the script scrolls the mark into view once drawn
    st.html(f"""<div class="source-text" lang="zh">{body}</div>
    <style>
    .source-text {{ white-space: pre-wrap; line-height: 1.9; font-size: 1rem; max-width: 46rem; }}
    .source-text mark.source-quote {{ background: #ffe08a; padding: 0.1em 0; scroll-margin: 30vh; }}
    .source-text mark.source-number {{ background: #f5a623; font-weight: 700; outline: 2px solid #b36b00; }}
    </style>
    <script>
    (function () {{
      let tries = 0;
      const timer = setInterval(function () {{
        const mark = document.querySelector('.source-text mark.source-quote');
        if (mark || ++tries > 50) {{
          clearInterval(timer);
          if (mark) {{ mark.scrollIntoView({{block: 'center'}}); mark.dataset.scrolled = '1'; }}
        }}
      }}, 100);
    }})();
    </script>""", unsafe_allow_javascript=True)


text = app_data.source_text(data, source_id)
if text is None:  # (no st.stop(): it would also stop the app's navigation, drawn after the page)
    st.warning(t("source_missing", lang, file=escape_markdown(source.file)))
else:
    show_text(text)
