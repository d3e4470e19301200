"""Charts drawn once per content, for every screen and every person: the SVG of a :class:`charts.Chart`
is kept in Django's cache (Redis when ``ZORGZAAM_REDIS_URL`` is set, else the process's memory) under a
hash of its content, so two pages that need the same chart never draw it twice.

A page does not draw its charts: it links each one as ``<img src>`` to a chart URL that carries the
chart's data, signed for the workspace (so nobody can have the server draw what no page of theirs
showed, nor carry a chart into another workspace). That URL needs no state on the server: any process
can draw it, and the browser may keep it (its content never changes)."""

from __future__ import annotations

import threading

from django.core import signing
from django.core.cache import cache

from zorgzaam.graphics import charts, drawing

CACHE_SECONDS = 30 * 24 * 3600
_SALT = "zorgzaam.chart"
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def chart_token(spec: charts.Chart, scope: str) -> str:
    """The chart's data, compressed and signed for ``scope`` (e.g. the workspace), for a URL."""
    return signing.Signer(salt=f"{_SALT}:{scope}").sign_object(spec.as_data(), compress=True)


def chart_from_token(token: str, scope: str) -> charts.Chart | None:
    """The chart of a token signed for ``scope``; None when it was not (or was changed)."""
    try:
        return charts.Chart.from_data(signing.Signer(salt=f"{_SALT}:{scope}").unsign_object(token))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def cached_svg(spec: charts.Chart) -> str:
    """The chart's SVG: from the cache, or drawn once (threads of one process asking for the same chart at
    the same moment wait for the one drawing it)."""
    key = f"chart-svg:{spec.key}"
    text = cache.get(key)
    if text is not None:
        return text
    with _locks_guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        text = cache.get(key)
        if text is None:
            text = drawing.render_svg(spec)  # by the lower-priority helper under serve
            cache.set(key, text, timeout=CACHE_SECONDS)
    with _locks_guard:
        _locks.pop(key, None)
    return text


# ------------------------------------------------------------------ the one signed chart URL of every screen

def chart_url(url_name: str, spec: charts.Chart, workspace) -> str:
    """Where a page's ``<img>`` finds one chart: the URL ``url_name`` (slug, token) with the chart's data
    signed for the workspace; the page itself never waits for matplotlib."""
    from django.urls import reverse

    return reverse(url_name, args=[workspace.slug, chart_token(spec, str(workspace.pk))])


def chart_response(token: str, workspace):
    """The SVG answer to a chart URL of ``workspace`` (the caller has checked the person may view it):
    drawn once per content, then from the cache; 404 for a token not signed for this workspace."""
    from django.http import Http404, HttpResponse

    spec = chart_from_token(token, str(workspace.pk))
    if spec is None:
        raise Http404
    response = HttpResponse(cached_svg(spec), content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, max-age=86400, immutable"  # the URL is the content
    return response
