"""A fresh web process prepares the profile pages before it takes requests.

Without this, the first visitors of a freshly started server pay for what every later page reuses: the
workspace's shared figures (one computation for all its neighbourhoods and comparison areas) and each
neighbourhood's own tables (age pyramid, rank among the neighbourhoods, change over time), all kept in
the shared cache (Redis under ``zorgzaam serve``); this process's area look-ups; the page's templates and
both languages' catalogues; the chart renderer's fonts. No page, profile or chart a person could ask is
kept: every page is still made for the person who asks it, with their comparison, year and language.
"""

from __future__ import annotations

import time

LANGUAGES = ("nl", "en")


def warm_up(seconds: float = 10.0) -> int:
    """Prepare the profile pages of every workspace, oldest first, and stop starting new work after
    ``seconds``. For a workspace's first neighbourhood the page is built in each language (templates,
    catalogues); for the others their profile, which computes and shares their own tables. Returns how many
    workspaces were prepared completely. Never fails on data: a neighbourhood without a profile (no
    sectors, no figures) is passed over, as its page would say why."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.graphics import charts
    from zorgzaam.messages import ZorgzaamError
    from zorgzaam.profile.service import neighbourhood_profile
    from zorgzaam.profile.views import _page_content

    deadline = time.monotonic() + seconds
    # the chart fonts (thrown away: no chart is kept)
    charts.load_fonts()
    by_workspace: dict[int, list] = {}
    for hood in (Neighbourhood.objects.filter(versions__isnull=False).select_related("workspace")
                 .order_by("workspace_id", "name").distinct()):
        by_workspace.setdefault(hood.workspace_id, []).append(hood)
    prepared = 0
    for hoods in by_workspace.values():
        page_built = False
        for hood in hoods:
            if time.monotonic() > deadline:
                return prepared
            try:
                if not page_built:
                    for lang in LANGUAGES:
                        with translation.override(lang):
                            content = _page_content(hood, "", "", lang, "")  # no signature: not kept
                            render_to_string("profile/_neighbourhood_body.html", dict(
                                content, neighbourhood=hood, workspace=hood.workspace, allowed={"export": False}))
                    page_built = True
                else:
                    neighbourhood_profile(hood)
            except ZorgzaamError:
                continue
        prepared += 1
    return prepared
