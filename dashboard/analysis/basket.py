"""The briefing basket: measures and charts a reader picked while browsing, in the reader's order.

In the URL it is one parameter, `basket=m:<measure id>,c:<indicator code>,c:mix` (`mix` is the theme mix).
Pure functions, no streamlit: the pages add and remove items, the exports build a briefing from them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dashboard.data.models import Dataset

MEASURE, CHART = "m", "c"
THEME_MIX = "mix"  # the chart id of the theme mix; every other chart id is an indicator code
BASKET_MAX = 60  # items kept from a link: a briefing of more is no longer hand-picked, and URLs stay short


@dataclass(frozen=True)
class BasketItem:
    kind: str  # MEASURE | CHART
    key: str  # a measure id, an indicator code, or THEME_MIX

    @property
    def token(self) -> str:
        return f"{self.kind}:{self.key}"

    @classmethod
    def measure(cls, measure_id: str) -> BasketItem:
        return cls(MEASURE, measure_id)

    @classmethod
    def chart(cls, chart_id: str) -> BasketItem:
        return cls(CHART, chart_id)


Basket = tuple[BasketItem, ...]


def parse_basket(tokens: Iterable[str], dataset: Dataset) -> tuple[Basket, list[str]]:
    """Tokens ('m:<id>', 'c:<code>') → the basket in their order, and the tokens that were ignored (unknown ids,
    malformed tokens, repeats and anything past BASKET_MAX)."""
    measure_ids = {m.id for r in dataset.regions for m in r.measures}
    chart_ids = {i.code for i in dataset.indicators} | {THEME_MIX}
    kept: list[BasketItem] = []
    ignored: list[str] = []
    for token in tokens:
        kind, sep, key = token.strip().partition(":")
        valid = (kind == MEASURE and key in measure_ids) or (kind == CHART and key in chart_ids)
        item = BasketItem(kind, key)
        if not sep or not valid or item in kept or len(kept) >= BASKET_MAX:
            ignored.append(token)
        else:
            kept.append(item)
    return tuple(kept), ignored


def serialise_basket(basket: Sequence[BasketItem]) -> str:
    return ",".join(item.token for item in basket)


def toggle(basket: Basket, item: BasketItem) -> Basket:
    """Add the item at the end, or take it out if it is in already."""
    return tuple(i for i in basket if i != item) if item in basket else (*basket, item)


def move(basket: Basket, item: BasketItem, step: int) -> Basket:
    """Move an item up (step -1) or down (+1); at either end it stays where it is."""
    items = list(basket)
    if item not in items:
        return basket
    index = items.index(item)
    target = max(0, min(len(items) - 1, index + step))
    items.insert(target, items.pop(index))
    return tuple(items)


def measure_ids(basket: Sequence[BasketItem]) -> list[str]:
    return [i.key for i in basket if i.kind == MEASURE]


def chart_ids(basket: Sequence[BasketItem]) -> list[str]:
    return [i.key for i in basket if i.kind == CHART]
