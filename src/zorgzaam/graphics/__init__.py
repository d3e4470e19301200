"""The one chart and map renderer (DESIGN.md §3, floor with workspaces, areas and sources): charts and
static maps drawn once with matplotlib, as SVG for screens, HTML and PDF and as PNG for Word.

A plain package, not a Django app: :mod:`charts` and :mod:`maps` import no Django and nothing of the
floors above (the analyses pass names and numbers in). One module is the exception, :mod:`chart_cache`:
the chart URLs of the screens are signed with ``django.core.signing`` and their SVG kept in Django's
cache; it uses those two core services only (no models, no settings of its own, no app registry).
"""
