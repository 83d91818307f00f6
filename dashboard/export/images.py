"""Chart images: PNG bytes of Plotly figures, rendered by kaleido with the system Chromium."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go


class ChartRenderError(RuntimeError):
    """Chart images need a Chrome/Chromium browser (kaleido drives it headless)."""


INSTALL_HINT = ("Chart images need Chromium: install it (Debian/Ubuntu: `apt-get install chromium`, plus "
                "`fonts-noto-cjk` for Chinese) or set BROWSER_PATH to a Chrome/Chromium executable.")
_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def find_chromium() -> str | None:
    """BROWSER_PATH if set, else /usr/bin/chromium, else a Chrome/Chromium on PATH; None when there is none."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        return explicit if Path(explicit).is_file() and os.access(explicit, os.X_OK) else None
    for candidate in ("/usr/bin/chromium", *(shutil.which(name) or "" for name in _BROWSER_NAMES)):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _require_chromium() -> str:
    path = find_chromium()
    if path is None:
        explicit = os.environ.get("BROWSER_PATH")
        prefix = f"No browser at BROWSER_PATH={explicit!r}. " if explicit else "No Chrome/Chromium found. "
        raise ChartRenderError(prefix + INSTALL_HINT)
    return path


def render_pngs(items: Sequence[tuple[go.Figure, int, int]], scale: float = 2) -> list[bytes]:
    """PNG bytes of several figures, one headless browser for all of them."""
    if not items:
        return []
    path = _require_chromium()
    import kaleido
    from choreographer.errors import ChromeNotFoundError

    try:
        with tempfile.TemporaryDirectory(prefix="charts-") as folder:
            files = [Path(folder) / f"{number:03d}.png" for number in range(len(items))]
            # kaleido's own blocking API: one browser for the whole batch, on a thread of kaleido's
            kaleido.write_fig_from_object_sync(
                [{"fig": fig, "path": file, "opts": {"format": "png", "width": int(width), "height": int(height),
                                                      "scale": scale}}
                 for (fig, width, height), file in zip(items, files, strict=True)],
                kopts={"path": path, "n": 1, "timeout": 90},
            )
            return [file.read_bytes() for file in files]
    except ChromeNotFoundError as error:
        raise ChartRenderError(f"{error} {INSTALL_HINT}") from error
    except ChartRenderError:
        raise
    except Exception as error:
        raise ChartRenderError(f"Rendering charts with the browser at {path} failed: {error!r}. {INSTALL_HINT}") \
            from error


def render_png(fig: go.Figure, width: int, height: int, scale: float = 2) -> bytes:
    """One figure as PNG bytes via kaleido and the system Chromium; ChartRenderError when there is no browser."""
    return render_pngs([(fig, width, height)], scale=scale)[0]


