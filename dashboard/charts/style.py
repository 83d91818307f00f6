"""The look every chart shares: fonts, the regions' colours (`REGION_COLOURS`, the benchmark's `HOME_COLOUR`
and `PEER_COLOUR`), titles and subtitles wrapped for a phone, value and rank axes, and the figure shell the chart
builders of plots.py fill. Dataset text reaches Plotly only through `esc`."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.data.models import Dataset
from dashboard.data.text import escape_plotly
from dashboard.i18n import format_number, t

FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, Source Han Sans SC, sans-serif"
REGION_COLOURS = ["#1f5fa8", "#d9822b", "#2a9d8f", "#c0392b", "#7b5ea7", "#6b8e23", "#8c564b", "#e377c2"]
# Plotly renders a subset of HTML (links included) in titles, labels and hover text: dataset text is escaped
esc = escape_plotly

LOG_RATIO = 50  # when the largest value is this many times the smallest, bars give way to dots on a log axis


class Chart:
    """A figure built as plain dicts and made a go.Figure once, unvalidated. Plotly's own `update_*`, `add_*` and
    `make_subplots` parse property paths and validate every value on every call: that took 80–90% of a chart's
    build (about 0.1 s a chart, most of a new view's time on Compare). What this builds is what those calls
    built (tests compare the two, and validate every chart of the test views)."""

    def __init__(self) -> None:
        self.data: list[dict] = []
        self.layout: dict = {}

    def rows(self, heights: list[float], spacing: float, titles: list[str]) -> None:
        """One column of subplots, the first on top, as make_subplots(rows=len(heights), cols=1, row_heights=...,
        vertical_spacing=..., subplot_titles=...) lays them out (the same arithmetic, so the same domains)."""
        n = len(heights)
        total = float(sum(heights))
        sized = list(reversed([(1.0 - spacing * (n - 1)) * (h / total) for h in heights]))
        starts = [sum(sized[:r]) + r * spacing for r in range(n)][::-1]  # from the top row down
        for row in range(n):
            bottom, top = starts[row], starts[row] + sized[-1 - row]
            bottom, top = (min(max(v, 0.0), 1.0) if -0.01 < v < 1.01 else v for v in (bottom, top))
            x, y = axis_id("x", row + 1), axis_id("y", row + 1)
            self.layout[f"xaxis{x[1:]}"] = {"anchor": y, "domain": [0.0, 1.0]}
            self.layout[f"yaxis{y[1:]}"] = {"anchor": x, "domain": [bottom, top]}
            if row < len(titles) and titles[row]:
                self.annotate(y=top, xref="paper", x=0.5, yref="paper", text=titles[row], showarrow=False,
                              font={"size": 16}, xanchor="center", yanchor="bottom")

    def add(self, trace: dict, row: int | None = None) -> None:
        """A trace (with its `type`); `row`: on that subplot's axes."""
        if row is not None:
            trace = {**trace, "xaxis": axis_id("x", row), "yaxis": axis_id("y", row)}
        self.data.append(trace)

    def annotate(self, **props: object) -> None:
        self.layout.setdefault("annotations", []).append(props)

    def update(self, **props: object) -> None:
        merge(self.layout, props)

    def axis(self, letter: str, row: int = 1, **props: object) -> None:
        merge(self.layout.setdefault(f"{letter}axis{axis_id(letter, row)[1:]}", {}), props)

    def figure(self) -> go.Figure:
        return go.Figure({"data": self.data, "layout": self.layout}, _validate=False)


def axis_id(letter: str, row: int) -> str:
    """'x', 'x2', … : the id a trace names its axis by (its layout key is 'xaxis', 'xaxis2', …)."""
    return f"{letter}{row if row > 1 else ''}"


def with_befores(rows: pd.DataFrame) -> pd.Series:
    """A panel's values and its 'before' values: what its value axis must hold."""
    return pd.concat([rows["value"], rows["before"].dropna()])


def merge(target: dict, props: Mapping) -> None:
    """`props` into `target` as Plotly's update does: nested dicts merge, anything else replaces."""
    for key, value in props.items():
        if isinstance(value, Mapping):
            if not isinstance(target.get(key), dict):
                target[key] = {}
            merge(target[key], value)
        else:
            target[key] = value


def region_colours(dataset: Dataset, region_ids: Iterable[str]) -> dict[str, str]:
    """A colour per region of a view, in the dataset's order: the same region keeps its colour in every chart
    of the view, and no two of the first eight regions in view share one, however large the dataset."""
    wanted = set(region_ids)
    in_view = [r.id for r in dataset.regions if r.id in wanted]
    return {rid: REGION_COLOURS[i % len(REGION_COLOURS)] for i, rid in enumerate(in_view)}


HOME_COLOUR = "#c2410c"  # the benchmark's home region: one strong colour in every chart
PEER_COLOUR = "#8795a8"  # its peers, in a quiet grey-blue, so home stands out


def home_colours(dataset: Dataset, home: str, peers: Iterable[str], *, faded: bool = False) -> dict[str, str]:
    """A benchmark's colours: home in HOME_COLOUR (it may be a region typed in, not in the dataset); the peers in
    PEER_COLOUR, or `faded` in their own view colours (where several peers stand side by side, as in the theme mix)."""
    peers = list(peers)
    own = region_colours(dataset, peers)
    colours = {p: blend(own[p], "#ffffff", 0.55) if faded else PEER_COLOUR for p in peers if p in own}
    return {**colours, home: HOME_COLOUR}


def wrap(text: str, width: int) -> str:
    """Break long labels with <br>: by words for English, by characters for Chinese."""
    if len(text) <= width:
        return text
    if " " in text:
        lines, line = [], ""
        for word in text.split(" "):
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        return "<br>".join([*lines, line])
    for joiner in "与和及":  # Chinese: break after a conjunction near the middle ('项目与<br>诚信管理')
        cut = text.find(joiner, 1)
        if 0 < cut < len(text) - 1:
            return text[: cut + 1] + "<br>" + text[cut + 1 :]
    return "<br>".join(text[i : i + width] for i in range(0, len(text), width))


SUBTITLE_CHARS = {"zh": 28, "en": 60}  # what fits on one line of a chart on a 390 px phone
TITLE_CHARS = {"zh": 20, "en": 38}  # the same for the title (17 px, bold): wrapped on a phone only
LEGEND_CHARS = {"zh": 24, "en": 50}  # a legend entry at 12 px, after its colour swatch
MATRIX_HEADER_CHARS = {"zh": 6, "en": 13}  # a theme name across the matrix's top, wrapped over two or three columns
MATRIX_HEADER_ROWS = {"zh": (2, 12), "en": (3, 11)}  # staggered header rows and their font size
MIX_THEME_CHARS = {"zh": 6, "en": 14}  # a theme name under the theme mix's bars


def wrap_markup(text: str, lang: str, limit: int | None = None) -> str:
    """Break a line of chart text that may hold markup (a subtitle by default; given its `limit`, a title or a
    legend entry) at its separators (｜, |, ·, a bracket) so it never runs off a narrow chart; a piece longer
    than a line breaks between words. Plain labels without markup use `wrap`."""
    limit = limit or SUBTITLE_CHARS[lang]
    lines = []
    for line in text.split("<br>"):
        # break after ｜、，； and before | · ( — never inside a tag: the markup around them has no such characters
        pieces = []
        for piece in re.split(r"(?<=[｜、，；])|(?<=, )|(?<=; )|(?= \| )|(?= · )|(?=（)|(?= \()", line):
            if "<" in piece or visible_len(piece) <= limit:
                pieces.append(piece)
            else:  # a long name or sentence: by words, or (Chinese) by characters
                pieces += (re.split(r"(?<= )", piece) if " " in piece.strip() else
                           [piece[i : i + limit] for i in range(0, len(piece), limit)])
        current = ""
        for piece in pieces:
            if current and visible_len(current + piece) > limit:
                lines.append(current.rstrip())
                current = piece.lstrip(" ·|").lstrip() if piece.startswith((" · ", " | ")) else piece.lstrip()
            else:
                current += piece
        lines.append(current)
    return "<br>".join(lines)


def visible_len(text: str) -> int:
    return len(html.unescape(re.sub(r"<[^>]+>", "", text)))


def style(fig: Chart, *, title: str, subtitle: str, lang: str, plot_height: int, bottom: int = 70,
          extra_top: int = 0, phone: bool = False) -> None:
    """Title, subtitle (filters, notes) and source line inside the figure; one font everywhere.

    The top margin grows with the subtitle's lines (and, on a phone, the title's), so `plot_height` is what the
    data itself gets."""
    subtitle = wrap_markup(subtitle, lang)
    if phone:
        title = wrap_markup(title, lang, TITLE_CHARS[lang])
    top = title_block(title, subtitle) + extra_top
    fig.update(
        title={"text": title, "x": 0.0, "xanchor": "left", "y": 1, "yref": "container", "yanchor": "top",
               "font": {"size": 17}, "pad": {"l": 10, "t": 12 + 17 * title.count("<br>")},  # anchored mid-text
               "subtitle": {"text": subtitle, "font": {"size": 12, "color": "#555"}}},
        font={"family": FONT_FAMILY, "size": 13, "color": "#222"},
        height=top + plot_height + bottom,
        margin={"l": 10, "r": 60, "t": top + 10, "b": bottom},
        plot_bgcolor="white",
        paper_bgcolor="white",
        hoverlabel={"font": {"family": FONT_FAMILY}},
        showlegend=False,
    )
    # right-aligned, so that long category labels on the left never push it off a narrow chart
    fig.annotate(
        text=t("chart_source", lang), xref="paper", yref="paper", x=1, y=0, yshift=-bottom + 14,
        xanchor="right", yanchor="bottom", showarrow=False, font={"size": 11, "color": "#777"},
    )


def title_block(title: str, subtitle: str) -> int:
    """Px from the top of a styled figure to the end of its subtitle: 22 px a title line, 18 a subtitle line."""
    return 28 + 22 * (title.count("<br>") + 1) + 18 * (subtitle.count("<br>") + 1)


def value_axis(values: pd.Series, lang: str, *, log: bool = False, room: float = 1.5) -> dict:
    """A value axis with Chinese/English scaled tick labels (万/亿, m/bn). `log` only for dots, never for bars:
    a bar's length must be proportional to its value. `room` leaves space for the labels beyond the data."""
    positive = values[values > 0]
    if log and len(positive) >= 2:
        low, high = math.floor(math.log10(positive.min())), math.ceil(math.log10(positive.max()))
        every = max(1, math.ceil((high - low) / 4))  # at most ~5 tick labels, so they never collide
        ticks = [10.0**e for e in range(low, high + 1, every)]
        span = math.log10(positive.max()) - (low - 0.05)
        return {"type": "log", "tickvals": ticks, "ticktext": [format_number(v, lang, compact=True) for v in ticks],
                "range": [low - 0.05, math.log10(positive.max()) + 0.6 * span], "gridcolor": "#eee",
                "tickangle": 0}
    top = float(values.max()) if len(values) else 1.0
    step = nice_step(top / 4 if top > 0 else 1.0)
    end = top * room if top > 0 else 1
    ticks = [step * i for i in range(int(end / step) + 1) if step * i <= max(top, step) * 1.3]
    return {"type": "linear", "tickvals": ticks, "ticktext": [format_number(v, lang, compact=True) for v in ticks],
            "range": [0, end], "gridcolor": "#eee", "zeroline": True, "tickangle": 0}


def rank_axis(worst: float, lang: str) -> dict:
    """A rank axis from first place (on the right: further right reads as better) to `worst`, linear, with room to
    the right of first place for its label; every rank panel of a chart shares it."""
    worst = max(worst, 1.0)
    step = max(1, int(nice_step(worst / 4)))
    ticks = [1.0, *(float(k * step) for k in range(1, int(worst // step) + 1) if k * step > 1)]
    return {"type": "linear", "tickvals": ticks, "ticktext": [format_number(v, lang, compact=True) for v in ticks],
            "range": [worst * 1.1 + 1, 1 - 0.25 * worst], "gridcolor": "#eee", "zeroline": False, "tickangle": 0}


def blend(low: str, high: str, share: float) -> str:
    a, b = (tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in (low, high))
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


def nice_step(raw: float) -> float:
    exponent = math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * 10**exponent >= raw:
            return multiple * 10**exponent
    return 10 ** (exponent + 1)


# ---------------------------------------------------------------- overview
