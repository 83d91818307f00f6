"""Text from a URL or from the dataset on its way to the page, and quotes as the validator compares them. Pure
functions, no Streamlit.

Streamlit renders st.markdown, captions, alerts, titles, widget labels and help tooltips as Markdown (with
GitHub extensions, LaTeX and its own `:color[...]`/`:icon:` directives). Anything a person did not write into
the app's own labels goes through `escape_markdown` so it shows literally: no link, HTML, emphasis or maths.
"""

from __future__ import annotations

import re
from functools import lru_cache

# CommonMark lets every ASCII punctuation character be escaped with a backslash, which then shows as itself.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# control characters, and the line and paragraph separators, would start new Markdown blocks
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# GitHub's autolinks (`www.x`, `https://x`, `a@b.c`) form even from escaped characters; an invisible
# U+2060 WORD JOINER inside `www.`, `://` and after `@` stops them
_JOINER = "\u2060"
_WWW = re.compile(r"(?i)(www)(\\\.)")


def plain(text: object) -> str:
    """One line of text with control characters turned into spaces."""
    return _CONTROL.sub(" ", str(text))


def shorten(text: object, limit: int = 40) -> str:
    """At most `limit` characters of `text` on one line, '…' marking a cut."""
    text = plain(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape_markdown(text: object) -> str:
    """`text` as Markdown that shows exactly these characters: no link, HTML, emphasis, maths or directive."""
    escaped = _PUNCTUATION.sub(r"\\\1", plain(text))
    escaped = _WWW.sub("\\1" + _JOINER + "\\2", escaped)
    return escaped.replace("\\:\\/", "\\:" + _JOINER + "\\/").replace("@", "@" + _JOINER)


def escape_plotly(text: object) -> str:
    """`text` for Plotly's titles, labels and hover text, which take a little HTML (links included): `&`, `<` and
    `>` as entities, and nothing else, because plotly.js decodes only a few named entities (`&quot;` would show)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def marked(text: str, spans: list[tuple[int, int]], escape) -> str:
    """`text` with each (start, end) span wrapped in <mark>: every piece of the text is escaped on its own
    (`escape`: escape_markdown for st.markdown, html.escape for st.html), so only the marks are markup."""
    out, at = [], 0
    for start, end in sorted(spans):
        start = max(start, at)
        if end <= start:
            continue
        out += [escape(text[at:start]), "<mark>", escape(text[start:end]), "</mark>"]
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)  # a quote is squashed for its measure and again for each of its figures
def squash_whitespace(text: str) -> str:
    """The source is PDF text with line breaks inside sentences: compare without any whitespace."""
    return _WHITESPACE.sub("", text)
