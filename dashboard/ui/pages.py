"""One file per st.Page. The registry below is the single list of pages (the router and the tests use it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    key: str  # also the URL path
    file: str  # relative to the project root (the entry script's folder)
    icon: str
    label_key: str
    menu: bool = True  # listed in the navigation (a measure's own page is reached from a link)
    filtered: bool = True  # follows the sidebar's theme and region filters

    @property
    def default(self) -> bool:
        return self.key == PAGES[0].key

    @property
    def url_path(self) -> str:
        """The path in the browser: the default page lives at the root."""
        return "" if self.default else self.key


PAGES = (
    PageSpec("overview", "dashboard/views/overview.py", ":material/dashboard:", "page_overview"),
    PageSpec("compare", "dashboard/views/compare.py", ":material/compare_arrows:", "page_compare"),
    PageSpec("instruments", "dashboard/views/instruments.py", ":material/construction:", "page_instruments"),
    PageSpec("side_by_side", "dashboard/views/side_by_side.py", ":material/view_column:", "page_side_by_side"),
    PageSpec("measures", "dashboard/views/measures.py", ":material/list_alt:", "page_measures"),
    PageSpec("benchmark", "dashboard/views/benchmark.py", ":material/flag:", "page_benchmark"),
    PageSpec("profile", "dashboard/views/profile.py", ":material/location_city:", "page_profile"),
    PageSpec("about", "dashboard/views/about.py", ":material/info:", "page_about"),
    PageSpec("source", "dashboard/views/source.py", ":material/description:", "page_source", filtered=False),
    PageSpec("search", "dashboard/views/search.py", ":material/search:", "page_search", menu=False, filtered=False),
    PageSpec("measure", "dashboard/views/measure.py", ":material/article:", "page_measure", menu=False,
             filtered=False),
)
PAGE_FILES = {page.key: page.file for page in PAGES}
PAGE_BY_PATH = {page.url_path: page for page in PAGES}
