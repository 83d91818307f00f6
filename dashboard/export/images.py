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
    """PNG bytes of several figures, one headless browser for all of them. A chart the browser failed to draw (a
    timeout or a crashed tab on a busy machine) gets one more try in a fresh browser; then ChartRenderError."""
    if not items:
        return []
    path = _require_chromium()
    from choreographer.errors import ChromeNotFoundError

    try:
        with tempfile.TemporaryDirectory(prefix="charts-") as folder:
            files = [Path(folder) / f"{number:03d}.png" for number in range(len(items))]
            todo = list(range(len(items)))
            for _ in range(2):
                errors = _write_pngs([items[i] for i in todo], [files[i] for i in todo], path, scale)
                todo = [i for i in todo if not files[i].is_file() or not files[i].stat().st_size]
                if not todo:
                    return [file.read_bytes() for file in files]
            raise ChartRenderError(f"The browser at {path} failed to draw {len(todo)} of {len(items)} charts twice: "
                                   f"{errors[0] if errors else 'no image written'!r}")
    except ChromeNotFoundError as error:
        raise ChartRenderError(f"{error} {INSTALL_HINT}") from error
    except ChartRenderError:
        raise
    except Exception as error:
        raise ChartRenderError(f"Rendering charts with the browser at {path} failed: {error!r}. {INSTALL_HINT}") \
            from error


def _write_pngs(items: Sequence[tuple[go.Figure, int, int]], files: Sequence[Path], path: str,
                scale: float) -> tuple[BaseException, ...]:
    """kaleido's own blocking API: one browser for the batch, on a thread of kaleido's. It returns the errors of the
    charts it could not draw (and writes no file for them) rather than raising."""
    import kaleido

    errors = kaleido.write_fig_from_object_sync(
        [{"fig": fig, "path": file, "opts": {"format": "png", "width": int(width), "height": int(height),
                                              "scale": scale}}
         for (fig, width, height), file in zip(items, files, strict=True)],
        kopts={"path": path, "n": 1, "timeout": 90},
    )
    return tuple(errors or ())


def render_png(fig: go.Figure, width: int, height: int, scale: float = 2) -> bytes:
    """One figure as PNG bytes via kaleido and the system Chromium; ChartRenderError when there is no browser."""
    return render_pngs([(fig, width, height)], scale=scale)[0]


