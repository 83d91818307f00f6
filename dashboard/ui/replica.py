"""Behind several replicas (compose.yaml, deploy/haproxy.cfg): a session whose replica died is redrawn by the next.

When its websocket drops, Streamlit's browser side reconnects through the proxy, which sends it to a live replica.
That replica has never seen the session and holds no state for it, and the browser asks for a run after a
reconnect only when something was in flight or the app has a timed fragment; otherwise the tab keeps the old
replica's drawing, dead, until the user clicks. An empty fragment on a long timer is such a fragment: after any
reconnect the browser asks for a full run with its URL (page, filters, language, basket) and its widgets' values,
and the new replica draws the same view. Its own timer reruns nothing but this empty function, once an hour.
"""

from __future__ import annotations

from datetime import timedelta

import streamlit as st


@st.fragment(run_every=timedelta(hours=1))
def _timer() -> None:
    """Empty on purpose (an empty fragment takes no space on the page); see the module's docstring."""


def redraw_after_reconnect() -> None:
    """Call on every run, before anything can stop the run, so the timer stays registered."""
    with st.sidebar:
        _timer()
