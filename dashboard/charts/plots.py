"""Frame → Plotly chart: the theme matrix, the theme mix and the Compare chart of an indicator, split into panels
by the comparison rule. Every chart carries a title, a subtitle naming the active filters and a source line inside
the figure, so that a PNG exported from the browser or rendered for a slide is self-explanatory. Their look
(colours, fonts, axes) is style.py."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis import comparison, frames
from dashboard.charts.style import (
    LEGEND_CHARS,
    LOG_RATIO,
    MATRIX_HEADER_CHARS,
    MATRIX_HEADER_ROWS,
    MIX_THEME_CHARS,
    Chart,
    axis_id,
    blend,
    esc,
    merge,
    rank_axis,
    region_colours,
    style,
    title_block,
    value_axis,
    with_befores,
    wrap,
    wrap_markup,
)
from dashboard.data.bilingual import Bilingual
from dashboard.data.models import Dataset
from dashboard.data.vocab import AMOUNT_UNITS
from dashboard.i18n import BASIS, QUALIFIER_NAMES, REASON, format_number, join_list, kind_name, t


def build_theme_matrix_figure(counts: pd.DataFrame, dataset: Dataset, lang: str, subtitle: str,
                              row_names: dict[str, str] | None = None) -> go.Figure:
    """Region × theme bubble matrix; a point per cell (zeros too) so any cell can be clicked."""
    # rows are regions, or groups of them (row_names: a province or level per row)
    region_names = ({key: esc(name) for key, name in row_names.items()} if row_names is not None else
                    {key: esc(name) for key, name in dataset.names("regions", lang, "short").items()})
    theme_names = {code: esc(name) for code, name in dataset.names("themes", lang).items()}
    none = t("matrix_hover_none", lang)
    titles = counts[Bilingual.column("titles", lang)].map(  # a province can hold hundreds: the hover lists the first twelve
        lambda ts: "<br>".join([f"• {wrap(esc(x), 40)}" for x in ts[:12]] + (["…"] if len(ts) > 12 else [])) or none)
    top = max(int(counts["count"].max()), 1) if len(counts) else 1
    # the themes across the top in staggered rows (two for Chinese names, three for the longer English ones): each
    # name then has two or three columns' width, so it lies flat, wrapped, and never runs into its neighbours
    # (stood on end, Plotly stacks a wrapped name's lines in reverse order)
    themes = [theme_names[c] for c in counts["theme"]]
    headers = [wrap(name, MATRIX_HEADER_CHARS[lang]) for name in dict.fromkeys(themes)]
    header_rows, header_font = MATRIX_HEADER_ROWS[lang]
    fig = Chart()
    fig.add({
        "type": "scatter",
        "x": themes,
        "y": counts["region_id"].map(region_names).to_numpy(),
        "mode": "markers+text",
        "text": [str(n) if n else "" for n in counts["count"]],
        "textfont": {"color": "white", "size": 13},
        "marker": {
            "size": counts["count"].map(lambda n: 14 + 30 * math.sqrt(n / top) if n else 8).to_numpy(),
            # empty cells stay as faint dots; filled ones go from mid to dark blue so white numbers stay legible
            "color": ["#d5dbe3" if n == 0 else blend("#6f98c9", "#173f73", n / top) for n in counts["count"]],
            "line": {"width": 0},
        },
        "customdata": [list(pair) for pair in zip(counts["region_id"], counts["theme"], strict=True)],
        # a clicked cell stays dark; the others fade but keep a readable count
        "selected": {"marker": {"opacity": 1}},
        "unselected": {"marker": {"opacity": 0.35}, "textfont": {"color": "#1f3b5c"}},
        "hovertext": titles.to_numpy(),
        "hovertemplate": "<b>%{y} · %{x}</b>: %{text}<br>%{hovertext}<extra></extra>",
    })
    n_regions = counts["region_id"].nunique()
    lines = max((header.count("<br>") + 1 for header in headers), default=1)
    header_px = (header_font + 3) * lines + 2  # a row of names
    for index, header in enumerate(headers):
        fig.annotate(text=header, x=index, xref="x", y=1, yref="paper", yanchor="bottom", xanchor="center",
                     yshift=4 + header_px * (index % header_rows), showarrow=False,
                     font={"size": header_font, "color": "#333"})
    # the plot area gets 60 px per region whatever the header takes, so one or two regions stay legible
    style(fig, title=t("matrix_title", lang), subtitle=subtitle, lang=lang, plot_height=60 * n_regions,
          extra_top=header_rows * header_px + 12)
    fig.axis("x", side="top", showgrid=False, showticklabels=False, automargin=True)
    fig.axis("y", range=[n_regions - 0.5, -0.5], showgrid=True, gridcolor="#f2f2f2", automargin=True)
    fig.update(clickmode="event+select", dragmode=False)
    return fig.figure()


# ---------------------------------------------------------------- compare


_LEGEND_LINE = 19  # px per legend line at font size 12
_LEGEND_ENTRY_PX = 4000  # wider than a chart: a horizontal legend then puts each entry on a line of its own
_LEGEND_GAP = 14  # px between the legend and the plot's top tick label


def build_theme_mix_figure(counts: pd.DataFrame, dataset: Dataset, lang: str, subtitle: str,
                           colours: Mapping[str, str] | None = None, *, home: str | None = None,
                           title: str | None = None, phone: bool = False) -> go.Figure:
    """Measures per theme, regions side by side in their own colours; each region's total in the legend
    ('绵阳（17 项，按主题计 31 次）'), and a note that counts reflect how much the source wrote.
    `home`: a benchmark's home region, named with a star. `phone`: the themes down the side (bars across), so
    their names read on a 390 px screen instead of standing on end under bars a few pixels wide."""
    theme_names = {code: esc(name) for code, name in dataset.names("themes", lang).items()}
    colours = colours or region_colours(dataset, counts["region_id"])
    fig = Chart()
    legend_lines = 0
    for region_id, rows in counts.groupby("region_id", sort=False):
        region = dataset.region(region_id)
        short = esc(region.short.text(lang))
        if region_id == home:
            short = t("bench_star", lang, name=short)
        n_measures = len(set().union(*rows["measure_ids"].map(set))) if len(rows) else 0
        name = wrap_markup(t("theme_mix_legend", lang, region=short, n=n_measures, k=int(rows["count"].sum())),
                              lang, LEGEND_CHARS[lang])
        legend_lines += name.count("<br>") + 1
        themes = [wrap(theme_names[c], MIX_THEME_CHARS[lang]) for c in rows["theme"]]
        theme, count = ("y", "x") if phone else ("x", "y")
        fig.add({
            "type": "bar", "name": name, "orientation": "h" if phone else "v",
            theme: themes, count: rows["count"].to_numpy(),
            "marker": {"color": colours[region_id]},
            "customdata": ["<br>".join(wrap(esc(x), 40) for x in ts) or "—" for ts in rows[Bilingual.column("titles", lang)]],
            "hovertemplate": f"<b>{short}</b> · %{{{theme}}}: %{{{count}}}<br>%{{customdata}}<extra></extra>",
        })
    # One legend entry per line, under the subtitle: the rows then do not depend on the screen's width, so the
    # legend never runs into the subtitle or the plot on a phone, and the top margin is exactly what it needs.
    n_regions, n_themes = counts["region_id"].nunique(), counts["theme"].nunique()
    style(fig, title=title or t("theme_mix_title", lang), subtitle=f"{subtitle}<br>{t('theme_mix_note', lang)}",
          lang=lang, plot_height=max(n_themes * (10 * n_regions + 16), 120) if phone else 300,
          bottom=96 if phone else 100,
          extra_top=_LEGEND_LINE * legend_lines + _LEGEND_GAP, phone=phone)
    legend_top = title_block(fig.layout["title"]["text"], fig.layout["title"]["subtitle"]["text"]) + 4
    fig.update(barmode="group", bargap=0.25, showlegend=True,
                      # each entry wider than any screen, so one per line, from the chart's left edge; a
                      # legend in the container's coordinates reserves the margin above it, not beside the plot
                      legend={"orientation": "h", "entrywidth": _LEGEND_ENTRY_PX, "entrywidthmode": "pixels",
                              "xref": "container", "x": 0, "xanchor": "left",
                              "yref": "container", "y": 1 - legend_top / fig.layout["height"], "yanchor": "top",
                              "font": {"size": 12}, "tracegroupgap": 0, "itemsizing": "constant"})
    counts_axis = {"title": {"text": t("measures_count_axis", lang)}, "gridcolor": "#eee", "rangemode": "tozero",
                   "automargin": True,
                   # a tick every measure, or (bars across a phone) at most six ticks that never collide
                   "dtick": max(1, math.ceil(int(counts["count"].max() or 1) / 5)) if phone else 1}
    if phone:
        fig.axis("x", **counts_axis)
        fig.axis("y", autorange="reversed", automargin=True)  # the first theme on top, as in the vocabulary
    else:
        fig.axis("y", **counts_axis)
        fig.axis("x", automargin=True)  # Plotly turns the theme names only when they would overlap
    return fig.figure()


def with_chosen_cell(fig: go.Figure, cell: str | None) -> go.Figure:
    """The theme matrix with `cell` ('<region>.<theme>') shown chosen, as a click on it shows it (the other points
    faded); a copy, so a cached figure is never changed. Without a cell the figure itself."""
    if not cell:
        return fig
    chosen = go.Figure(fig)
    for trace in chosen.data:
        if trace.customdata is not None:
            points = [i for i, pair in enumerate(trace.customdata) if ".".join(map(str, pair)) == cell]
            trace.selectedpoints = points or None
    return chosen


def _small(text: str) -> str:
    return f"<span style='font-size:11px;color:#666'>{text}</span>" if text else ""


def panel_title(panel: comparison.Panel, lang: str) -> str:
    """'全域 · 截至2023年 · 存量' — what every figure of the panel covers, when, and what kind of number it is."""
    first = panel.rows.iloc[-1]
    scope = esc(frames.scope_labels(panel.rows.iloc[-1:], lang).iloc[0])
    times = list(dict.fromkeys(frames.time_labels(panel.rows[panel.rows["step"] != "before"], lang)))
    parts = [scope, times[0] if len(times) == 1 else BASIS[lang][first["basis"]],
             kind_name(first["kind"], first["unit"], lang)]
    if panel.key.forecast:
        parts.append(QUALIFIER_NAMES[lang]["expected"])
    return " · ".join(parts)


def _split_reasons(indicator_panels: list[comparison.Panel], lang: str) -> str:
    reasons: list[str] = []
    for a, b in itertools.combinations(indicator_panels, 2):
        for reason in comparison.differences(a.key, b.key):
            if reason not in reasons:
                reasons.append(reason)
    ordered = [r for r in comparison.REASONS if r in reasons]
    return join_list((REASON[lang][r] for r in ordered), lang)


def panel_mode(panel: comparison.Panel) -> str:
    """'bars' for amounts and shares on a linear axis; 'dots' for ranks, changes, measurements, before → after
    pairs and values that differ by orders of magnitude (never bars on a log axis)."""
    rows = panel.rows
    if (rows["step"] != "").any() or panel.key.kind in ("rank", "change"):
        return "dots"
    if panel.key.unit not in (*AMOUNT_UNITS, "percent"):
        return "dots"
    positive = rows["value"][rows["value"] > 0]
    if len(positive) >= 2 and positive.max() / positive.min() >= LOG_RATIO:
        return "dots"
    return "bars"


def panel_rows(panel: comparison.Panel, lang: str, *, listed: bool = False) -> pd.DataFrame:
    """One display row per region figure (a before → after pair is one row), sorted by value, largest on top.

    `listed`: a row of the list of figures with nothing comparable; its label says all of scope, time and kind."""
    rows = frames.with_value_labels(panel.rows, lang)
    is_before = (rows["step"] == "before").to_numpy()
    befores, rows = rows[is_before], rows[~is_before]
    # an 'after' reads with its 'before' (the first of its measure and indicator); column by column, not row by
    # row: these frames are wide and Arrow-backed, and pandas reads a row cell by cell
    paired = {}
    for pair, value, label, when in zip(zip(befores["measure_id"], befores["indicator"], strict=True),
                                        befores["value"], befores["value_label"], frames.time_labels(befores, lang),
                                        strict=True):
        paired.setdefault(pair, (value, t("in_brackets", lang, text=label, detail=when)))
    matches = [paired.get(pair) if step == "after" else None for step, pair in
               zip(rows["step"], zip(rows["measure_id"], rows["indicator"], strict=True), strict=True)]
    names = frames.label_repeats(rows[Bilingual.column("region", lang)], rows, lang).map(esc)
    times = frames.time_labels(rows, lang)
    scopes = frames.scope_labels(rows, lang).map(esc)  # '全域' for the whole region
    vary = times.nunique() > 1 or (rows["step"] == "after").any() or listed
    forecast = QUALIFIER_NAMES[lang]["expected"] if listed and panel.key.forecast else ""
    details = [" · ".join(x for x in (scope_label if listed or scope != "region" else "", when if vary else "",
                                      kind_name(kind, unit, lang) if listed else "", forecast) if x)
               for scope_label, when, scope, kind, unit in zip(scopes, times, rows["scope"], rows["kind"], rows["unit"],
                                                               strict=True)]
    rows = rows.assign(before=[m[0] if m else float("nan") for m in matches],
                       before_label=[m[1] if m else "" for m in matches],
                       label=[f"{name}<br>{_small(detail)}" if detail else name
                              for name, detail in zip(names, details, strict=True)],
                       detail=details, group=panel.key.code)
    # largest first (drawn on top); for ranks, first place first
    return rows.sort_values("value", ascending=panel.key.kind == "rank", kind="stable")


# the columns of a figures frame that a compare chart reads (comparison keys, labels, hover): the frame has three
# dozen, mostly Arrow-backed, and every row selection would copy all of them
_CHART_COLUMNS = ("figure_id", "region_id", "region_zh", "region_en", "measure_id", "measure_zh", "measure_en",
                  "indicator", "label_zh", "label_en", "value", "alt_value", "unit", "qualifier", "kind", "basis",
                  "period", "scope", "population", "scope_zh", "scope_en", "step", "as_printed")


def build_compare_figure(rows: pd.DataFrame, dataset: Dataset, lang: str, *, title: str, subtitle: str,
                         limit: int | None = None, colours: Mapping[str, str] | None = None,
                         phone: bool = False) -> go.Figure:
    """One indicator across regions, honestly: a panel per group of comparable figures (comparison.panels),
    each with its own axis; bars sorted by value on a linear axis, or labelled dots where bars would mislead;
    a before → after pair as an arrow. Figures that have nothing comparable in another region are listed last
    as labelled values without an axis. Every label names its region and, beside it, its scope and time.
    `phone`: the title wraps to a 390 px screen."""
    colours = colours or region_colours(dataset, rows["region_id"])
    every = comparison.panels(rows[list(_CHART_COLUMNS)])  # what the chart reads: the rows are wide
    # a panel needs two regions to compare, or a before → after pair to draw; the rest is a labelled list
    drawn = [p for p in every if p.regions >= 2 or (p.rows["step"] != "").any()]
    listed = [p for p in every if p not in drawn]
    shown = [panel_rows(p, lang) for p in drawn]
    if listed:
        shown.append(pd.concat([panel_rows(p, lang, listed=True) for p in listed]))
    # hundreds of regions: each panel keeps its top `limit` rows by value, and says so
    cut = [(len(r), limit) for r in shown if limit and len(r) > limit]
    shown = [r.head(limit) if limit else r for r in shown]
    n = len(shown)
    titles = [panel_title(p, lang) for p in drawn] + ([t("list_title", lang)] if listed else [])
    if phone:  # 390 px: labels above their rows at full width, titles and value texts wrapped
        shown = [_phone_rows(r, lang) for r in shown]
        titles = [wrap_markup(title, lang) for title in titles]
        # a row: its marker and, above it, its label's lines; and room above the first row for its label
        row_px = [sum(48 + 30 * label.count("<br>") for label in r["phone_label"]) + 30 for r in shown]
        gap_px = 44 + 16 * max(title.count("<br>") for title in titles)
    else:
        row_px = [44 * len(r) + (14 if (r["detail"] != "").any() else 0) for r in shown]
        gap_px = 60
    plot_height = sum(row_px) + gap_px * (n - 1)
    fig = Chart()
    fig.rows([h / sum(row_px) for h in row_px], gap_px / plot_height if n > 1 else 0, titles)
    notes: list[str] = []
    if len(every) > 1:
        notes.append(f"<b style='color:#b3261e'>{t('not_comparable', lang)}</b>{t('colon', lang)}"
                     f"{t('split_note', lang, n=len(every), reasons=_split_reasons(every, lang))}")
    modes = [panel_mode(p) for p in drawn]
    # every rank panel on one scale from first place: 15th and 17th are close, whatever the other panels hold
    ranks = [with_befores(r) for p, r in zip(drawn, shown, strict=False) if p.key.kind == "rank"]
    worst = float(max(r.max() for r in ranks)) if ranks else 1.0
    for number, (panel, shown_rows, mode) in enumerate(zip(drawn, shown, modes, strict=False), start=1):
        _draw_panel(fig, number, panel.key.code, shown_rows, mode, colours, lang,
                    fixed_axis=rank_axis(worst, lang) if panel.key.kind == "rank" else None, phone=phone)
    if listed:
        _draw_list(fig, n, shown[-1], colours, lang)
    if phone:
        for number, shown_rows in enumerate(shown, start=1):
            _label_above_rows(fig, number, shown_rows)
    if any(m == "dots" and _log_scale(r) for r, m in zip(shown, modes, strict=False)):
        notes.append(t("dots_note", lang))
    if any((r["step"] == "after").any() for r in shown):
        notes.append(t("before_after_note", lang))
    if cut:
        notes.append(t("top_rows_note", lang, n=limit, total=max(total for total, _ in cut)))
    style(fig, title=title, subtitle="<br>".join([*notes, subtitle]), lang=lang, plot_height=plot_height,
          phone=phone)
    annotations = fig.layout["annotations"]
    for note in annotations[:-1]:  # the subplot titles move left; the source line (last) stays right-aligned
        if note["xref"] == "paper" and note["yref"] == "paper" and note["showarrow"] is False:
            merge(note, {"xanchor": "left", "x": 0, "font": {"size": 12, "color": "#333"}})
    if listed:
        merge(annotations[len(drawn)], {"font": {"size": 12, "color": "#b3261e"}})
    fig.update(bargap=0.35, meta={"panels": [p.key.code for p in drawn], "listed": [p.key.code for p in listed],
                                  "list_axis": axis_id("x", n) if listed else ""})
    return fig.figure()


PHONE_LABEL_CHARS = {"zh": 24, "en": 44}  # a row's label (12 px) across a 390 px phone


def _phone_rows(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A panel's rows for a phone: each label (region, then its scope and time) wrapped to the screen's width, to
    stand above its row instead of in a left margin that would clip it."""
    labels = []
    for label in rows["label"]:
        name, _, detail = label.partition("<br>")
        detail = re.sub(r"</?span[^>]*>", "", detail)
        lines = wrap_markup(detail, lang, PHONE_LABEL_CHARS[lang]).split("<br>") if detail else []
        labels.append("<br>".join([f"<b>{name}</b>", *map(_small, lines)]))
    return rows.assign(phone_label=labels)


def _label_above_rows(fig: Chart, number: int, rows: pd.DataFrame) -> None:
    """Phone: no tick labels beside the panel; each row's label left-aligned above its marker or bar."""
    y = axis_id("y", number)
    # reversed (first row on top), with half a row more above the first for its label under the panel's title
    fig.axis("y", number, showticklabels=False, automargin=False, autorange=False, range=[len(rows) - 0.5, -1.1])
    for category, label in zip(rows["label"], rows["phone_label"], strict=True):
        fig.annotate(text=label, xref="paper", x=0, xanchor="left", yref=y, y=category, yanchor="bottom",
                     yshift=9, align="left", showarrow=False, font={"size": 12, "color": "#222"})


def _draw_list(fig: Chart, number: int, rows: pd.DataFrame, colours: Mapping[str, str], lang: str) -> None:
    """Figures with nothing comparable: one labelled value per row, no value axis (lengths would mean nothing)."""
    fig.add({
        "type": "scatter", "x": [0] * len(rows), "y": rows["label"].to_numpy(), "mode": "markers+text",
        "text": rows["value_label"].to_numpy(), "textposition": "middle right", "cliponaxis": False,
        "textfont": {"size": 13},
        "marker": {"color": [colours[r] for r in rows["region_id"]], "size": 10, "symbol": "diamond"},
        "customdata": [[c, esc(a), esc(m), d] for c, a, m, d in zip(rows["group"], rows["as_printed"],
                                                                   rows[Bilingual.column("measure", lang)], rows["detail"],
                                                                   strict=True)],
        "hovertemplate": "<b>%{y}</b><br>%{text}<br>%{customdata[2]}<br>“%{customdata[1]}”<extra></extra>",
    }, row=number)
    fig.axis("x", number, visible=False, range=[-0.02, 1])
    fig.axis("y", number, automargin=True, autorange="reversed", tickfont={"size": 12, "color": "#222"})


def _log_scale(rows: pd.DataFrame) -> bool:
    values = with_befores(rows)
    positive = values[values > 0]
    return len(positive) >= 2 and positive.max() / positive.min() >= LOG_RATIO


def _draw_panel(fig: Chart, number: int, code: str, rows: pd.DataFrame, mode: str,
                colours: Mapping[str, str], lang: str, *, fixed_axis: dict | None = None, phone: bool = False) -> None:
    palette = [colours[r] for r in rows["region_id"]]
    # on a phone a before → after reads on two lines, so it stays on the screen
    arrow = "<br>→ " if phone else " → "
    labels = [f"{b}{arrow}{v}" if b else v for b, v in zip(rows["before_label"], rows["value_label"], strict=True)]
    customdata = [[code, esc(a), esc(m), d] for a, m, d in
                  zip(rows["as_printed"], rows[Bilingual.column("measure", lang)], rows["detail"], strict=True)]
    hover = "<b>%{y}</b><br>%{text}<br>%{customdata[2]}<br>“%{customdata[1]}”<extra></extra>"
    if mode == "bars":
        fig.add({
            "type": "bar", "x": rows["value"].to_numpy(), "y": rows["label"].to_numpy(), "orientation": "h",
            "marker": {"color": palette}, "text": labels, "textposition": "outside", "cliponaxis": False,
            "customdata": customdata, "hovertemplate": hover,
        }, row=number)
        axis = value_axis(rows["value"], lang, log=False)
    else:
        x, y = axis_id("x", number), axis_id("y", number)
        for colour, value, label, before in zip(palette, rows["value"], rows["label"], rows["before"], strict=True):
            if not pd.isna(before):  # before → after: an arrow, not two bars
                fig.annotate(x=float(value), y=label, ax=float(before), ay=label, xref=x, yref=y, axref=x, ayref=y,
                             showarrow=True, arrowhead=2, arrowsize=1.2, arrowwidth=2, arrowcolor=colour, text="")
        values = with_befores(rows)
        fig.add({
            "type": "scatter", "x": rows["value"].to_numpy(), "y": rows["label"].to_numpy(), "mode": "markers+text",
            "marker": {"color": palette, "size": 13}, "text": labels, "textposition": "middle right",
            "cliponaxis": False, "customdata": customdata, "hovertemplate": hover,
        }, row=number)
        before = rows.dropna(subset=["before"])
        if len(before):
            fig.add({"type": "scatter", "x": before["before"].to_numpy(), "y": before["label"].to_numpy(),
                     "mode": "markers", "hoverinfo": "skip",
                     "marker": {"color": "white", "size": 11,
                                "line": {"width": 2, "color": [colours[r] for r in before["region_id"]]}},
                     "customdata": [[code]] * len(before)}, row=number)
        axis = fixed_axis or value_axis(values, lang, log=_log_scale(rows), room=2.2)
        if phone and not fixed_axis and len(before) == len(rows) and axis["type"] == "linear":
            # only before → after pairs: dots need no zero, and from zero two close levels (68% → 77.8%) would
            # sit on one another; the axis spans the values with room for the labels on the right
            low, high = float(values.min()), float(values.max())
            pad = max(high - low, abs(high) * 0.05)
            axis = {**axis, "range": [low - pad * 0.4, high + pad * 1.6], "zeroline": False}
            axis["tickvals"] = [v for v in axis["tickvals"] if axis["range"][0] <= v <= high]
            axis["ticktext"] = [format_number(v, lang, compact=True) for v in axis["tickvals"]]
    fig.axis("x", number, **axis)
    fig.axis("y", number, automargin=True, autorange="reversed", tickfont={"size": 12, "color": "#222"})
