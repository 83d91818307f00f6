"""Frame → plotly Figure. The one place for colours, fonts, number formats, titles and source lines.

Every chart carries a title, a subtitle naming the active filters and a source line inside the figure,
so that a PNG exported from the browser or rendered for a slide is self-explanatory.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import plotly.graph_objects as go

from dashboard import frames
from dashboard.i18n import KIND, t
from dashboard.models import Dataset
from dashboard.numbers import format_number

FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, Source Han Sans SC, sans-serif"
REGION_COLOURS = ["#1f5fa8", "#d9822b", "#2a9d8f", "#c0392b", "#7b5ea7", "#6b8e23", "#8c564b", "#e377c2"]
THEME_COLOURS = {
    "talent": "#1f5fa8", "platform": "#2a9d8f", "funding": "#d9822b", "reform": "#7b5ea7",
    "tech_transfer": "#c0392b", "enterprise": "#6b8e23", "cooperation": "#17becf", "outreach": "#e0a800",
    "management": "#7f7f7f",
}
KIND_PATTERNS = {"stock": "", "new": "/", "change": "x", "rate": ".", "rank": "."}
PATTERN_NAMES = {"zh": {"": "实心", "/": "斜纹", "x": "网纹", ".": "点纹"},
                 "en": {"": "solid", "/": "hatched", "x": "cross-hatched", ".": "dotted"}}
LOG_RATIO = 50  # when the largest value is this many times the smallest, switch to a log axis
BAR_ROW_PX = 34


def region_colour(dataset: Dataset, region_id: str) -> str:
    ids = [r.id for r in dataset.regions]
    return REGION_COLOURS[ids.index(region_id) % len(REGION_COLOURS)]


def _wrap(text: str, width: int) -> str:
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


SUBTITLE_CHARS = {"zh": 36, "en": 64}  # what fits on one line of a half-width chart


def _wrap_subtitle(text: str, lang: str) -> str:
    """Break a long subtitle at its separators (｜, |, ·) so it never runs off a narrow chart."""
    limit = SUBTITLE_CHARS[lang]
    lines = []
    for line in text.split("<br>"):
        pieces = re.split(r"(?<=｜)|(?= \| )|(?= · )", line)
        current = ""
        for piece in pieces:
            if current and len(re.sub(r"<[^>]+>", "", current + piece)) > limit:
                lines.append(current)
                current = piece.lstrip(" ·|").lstrip() if piece.startswith((" · ", " | ")) else piece
            else:
                current += piece
        lines.append(current)
    return "<br>".join(lines)


def style(fig: go.Figure, *, title: str, subtitle: str, lang: str, plot_height: int, bottom: int = 70,
          extra_top: int = 0) -> go.Figure:
    """Title, subtitle (filters, notes) and source line inside the figure; one font everywhere.

    The top margin grows with the subtitle's lines, so `plot_height` is what the data itself gets."""
    subtitle = _wrap_subtitle(subtitle, lang)
    top = 50 + 18 * (subtitle.count("<br>") + 1) + extra_top
    fig.update_layout(
        title={"text": title, "x": 0.0, "xanchor": "left", "y": 1, "yref": "container", "yanchor": "top",
               "font": {"size": 17}, "pad": {"l": 10, "t": 12},
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
    fig.add_annotation(
        text=t("chart_source", lang), xref="paper", yref="paper", x=1, y=0, yshift=-bottom + 14,
        xanchor="right", yanchor="bottom", showarrow=False, font={"size": 11, "color": "#777"},
    )
    return fig


def value_axis(values: pd.Series, lang: str) -> dict:
    """A value axis with Chinese/English scaled tick labels (万/亿, m/bn); log when values span decades."""
    positive = values[values > 0]
    if len(positive) >= 2 and positive.max() / positive.min() >= LOG_RATIO:
        low, high = math.floor(math.log10(positive.min())), math.ceil(math.log10(positive.max()))
        every = max(1, math.ceil((high - low) / 4))  # at most ~5 tick labels, so they never collide
        ticks = [10.0**e for e in range(low, high + 1, every)]
        # the right-hand padding leaves room for the value labels printed beyond the bars
        span = math.log10(positive.max()) - (low - 0.05)
        return {"type": "log", "tickvals": ticks, "ticktext": [format_number(v, lang, compact=True) for v in ticks],
                "range": [low - 0.05, math.log10(positive.max()) + 0.75 * span], "gridcolor": "#eee",
                "tickangle": 0}
    top = float(values.max()) if len(values) else 1.0
    step = _nice_step(top / 4 if top > 0 else 1.0)
    ticks = [step * i for i in range(int(top / step) + 1)]
    return {"type": "linear", "tickvals": ticks, "ticktext": [format_number(v, lang, compact=True) for v in ticks],
            "range": [0, top * 1.5 if top > 0 else 1], "gridcolor": "#eee", "zeroline": True, "tickangle": 0}


def _blend(low: str, high: str, share: float) -> str:
    a, b = (tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in (low, high))
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


def _nice_step(raw: float) -> float:
    exponent = math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * 10**exponent >= raw:
            return multiple * 10**exponent
    return 10 ** (exponent + 1)


# ---------------------------------------------------------------- overview


def build_theme_matrix_figure(counts: pd.DataFrame, dataset: Dataset, lang: str, subtitle: str) -> go.Figure:
    """Region × theme bubble matrix; a point per cell (zeros too) so any cell can be clicked."""
    region_names = {r.id: getattr(r, f"short_{lang}") for r in dataset.regions}
    theme_names = {th.code: getattr(th, lang) for th in dataset.themes}
    none = "无" if lang == "zh" else "none"
    titles = counts[f"titles_{lang}"].map(lambda ts: "<br>".join(f"• {_wrap(x, 40)}" for x in ts) or none)
    top = max(int(counts["count"].max()), 1) if len(counts) else 1
    fig = go.Figure(go.Scatter(
        x=counts["theme"].map(lambda c: _wrap(theme_names[c], 8 if lang == "zh" else 12)),
        y=counts["region_id"].map(region_names),
        mode="markers+text",
        text=counts["count"].map(lambda n: str(n) if n else ""),
        textfont={"color": "white", "size": 13},
        marker={
            "size": counts["count"].map(lambda n: 14 + 30 * math.sqrt(n / top) if n else 8),
            # empty cells stay as faint dots; filled ones go from mid to dark blue so white numbers stay legible
            "color": counts["count"].map(lambda n: "#d5dbe3" if n == 0 else _blend("#6f98c9", "#173f73", n / top)),
            "line": {"width": 0},
        },
        customdata=list(zip(counts["region_id"], counts["theme"], strict=True)),
        # a clicked cell stays dark; the others fade but keep a readable count
        selected={"marker": {"opacity": 1}},
        unselected={"marker": {"opacity": 0.35}, "textfont": {"color": "#1f3b5c"}},
        hovertext=titles,
        hovertemplate="<b>%{y} · %{x}</b>: %{text}<br>%{hovertext}<extra></extra>",
    ))
    n_regions = counts["region_id"].nunique()
    lines = max((label.count("<br>") + 1 for label in fig.data[0].x), default=1)
    # the plot area gets 60 px per region whatever the header takes, so one or two regions stay legible
    style(fig, title=t("matrix_title", lang), subtitle=subtitle, lang=lang, plot_height=60 * n_regions,
          extra_top=16 * lines + 16)
    fig.update_xaxes(side="top", showgrid=False, tickfont={"size": 12}, automargin=True)
    fig.update_yaxes(range=[n_regions - 0.5, -0.5], showgrid=True, gridcolor="#f2f2f2", automargin=True)
    fig.update_layout(clickmode="event+select", dragmode=False)
    return fig


# ---------------------------------------------------------------- compare


def build_theme_mix_figure(counts: pd.DataFrame, dataset: Dataset, lang: str, subtitle: str) -> go.Figure:
    """Measures per theme, regions side by side (one bar colour per region)."""
    theme_names = {th.code: getattr(th, lang) for th in dataset.themes}
    fig = go.Figure()
    for region_id, rows in counts.groupby("region_id", sort=False):
        region = dataset.region(region_id)
        fig.add_bar(
            name=getattr(region, f"short_{lang}"),
            x=rows["theme"].map(lambda c: _wrap(theme_names[c], 6 if lang == "zh" else 14)),
            y=rows["count"],
            marker_color=region_colour(dataset, region_id),
            customdata=rows[f"titles_{lang}"].map(lambda ts: "<br>".join(_wrap(x, 40) for x in ts) or "—"),
            hovertemplate=f"<b>{getattr(region, f'short_{lang}')}</b> · %{{x}}: %{{y}}<br>%{{customdata}}<extra></extra>",
        )
    style(fig, title=t("theme_mix_title", lang), subtitle=subtitle, lang=lang, plot_height=300, bottom=100)
    fig.update_yaxes(automargin=True)
    fig.update_layout(barmode="group", bargap=0.25, showlegend=True,
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 1, "xanchor": "right"})
    fig.update_yaxes(title=t("measures_count_axis", lang), gridcolor="#eee", dtick=1, rangemode="tozero")
    fig.update_xaxes(tickangle=0, automargin=True)
    return fig


def build_compare_figure(rows: pd.DataFrame, dataset: Dataset, lang: str, *, title: str, subtitle: str) -> go.Figure:
    """One indicator, its regions' values on one axis, labelled with qualifiers (≈ ≥ 预计) and 万/亿 units."""
    axis = value_axis(rows["value"], lang)
    # a stock next to a number new in the period must not read as like for like: hatch the new ones
    mixed_kinds = rows["kind"].nunique() > 1
    patterns = [KIND_PATTERNS.get(kind, "") if mixed_kinds else "" for kind in rows["kind"]]
    fig = go.Figure(go.Bar(
        x=rows["value"], y=rows["label"], orientation="h",
        marker={"color": [region_colour(dataset, r) for r in rows["region_id"]],
                "pattern": {"shape": patterns, "fillmode": "overlay", "fgcolor": "white", "size": 7}},
        text=rows["value_label"], textposition="outside", cliponaxis=False,
        customdata=list(zip(rows["as_printed"], rows["measure_" + lang], strict=True)),
        hovertemplate="<b>%{y}</b>: %{text}<br>%{customdata[1]}<br>“%{customdata[0]}”<extra></extra>",
    ))
    if axis["type"] == "log":
        subtitle = f"{subtitle} · {t('log_scale_note', lang)}"
    if mixed_kinds:
        legend = [f"{PATTERN_NAMES[lang][KIND_PATTERNS.get(k, '')]}{'：' if lang == 'zh' else ': '}{KIND[lang][k]}"
                  for k in dict.fromkeys(rows["kind"])]
        subtitle = f"{subtitle}<br>⚠ " + (" · ".join(legend))
    style(fig, title=title, subtitle=subtitle, lang=lang, plot_height=BAR_ROW_PX * len(rows) + 30)
    fig.update_layout(bargap=0.3)
    fig.update_xaxes(**axis)
    fig.update_yaxes(automargin=True)
    return fig


def build_region_figures_figure(rows: pd.DataFrame, dataset: Dataset, lang: str, *, title: str,
                                subtitle: str) -> go.Figure:
    """One region's own quantities (small multiple): one bar each, coloured by theme, units in the labels.

    Only amounts belong here (frames.bar_rows): a rank or a share drawn as a bar would read as 'more'."""
    indicator_names = {i.code: getattr(i, lang) for i in dataset.indicators}
    theme_names = {th.code: getattr(th, lang) for th in dataset.themes}
    rows = rows.assign(name=frames.label_repeats(rows["indicator"].map(indicator_names), rows, lang))
    rows = rows.assign(name=rows["name"].map(lambda name: _wrap(name, 18 if lang == "zh" else 32)))
    axis = value_axis(rows["value"], lang)
    row_px = 30 + 14 * max(name.count("<br>") for name in rows["name"])
    fig = go.Figure()
    for theme, group in rows.groupby("primary_theme", sort=False):  # one trace per theme gives the legend
        fig.add_bar(
            x=group["value"].clip(lower=1e-9), y=group["name"], orientation="h", name=theme_names[theme],
            marker_color=THEME_COLOURS.get(theme, "#888"),
            text=group["value_label"], textposition="outside", cliponaxis=False,
            customdata=list(zip(group["as_printed"], group["measure_" + lang], strict=True)),
            hovertemplate="<b>%{y}</b>: %{text}<br>%{customdata[1]}<br>“%{customdata[0]}”<extra></extra>",
        )
    # the colour key is a line of the subtitle: it always fits, and it travels with exported images
    entries = [f"<span style='color:{THEME_COLOURS.get(code, '#888')}'>■</span> {theme_names[code]}"
               for code in dict.fromkeys(rows["primary_theme"])]
    per_line = 4 if lang == "zh" else 3  # three English theme names fit a half-width chart
    key = "<br>".join("  ".join(entries[i : i + per_line]) for i in range(0, len(entries), per_line))
    style(fig, title=title, subtitle=f"{subtitle}<br>{key}", lang=lang, plot_height=row_px * len(rows) + 20)
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(**axis)
    fig.update_yaxes(automargin=True, categoryorder="array", categoryarray=list(rows["name"]), autorange="reversed",
                     tickfont={"size": 12})
    return fig

