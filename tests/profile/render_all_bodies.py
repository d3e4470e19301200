"""Render every profile page of the demo workspace — each neighbourhood × comparison × language, plain and with a
year and a figure over time — through the real view in ONE process (as a server worker would: kept profiles and
figures carry over from page to page), and write them to a JSON file; with ``--compare OTHER.json``, say which
pages differ from an earlier run. The check that a speed-up of the profile page leaves every page byte-identical:

    ZORGZAAM_DATA_DIR=/tmp/x .venv/bin/python -m zorgzaam.cli demo --no-serve
    ZORGZAAM_DATA_DIR=/tmp/x .venv/bin/python -m zorgzaam.cli buurt propose 99001 --min-population 1500 \\
        --save --prefix Voorstel --workspace demo-overbos
    git stash-free: run it at the old commit, then at the new one:
    ZORGZAAM_DATA_DIR=/tmp/x .venv/bin/python tests/profile/render_all_bodies.py before.json
    ZORGZAAM_DATA_DIR=/tmp/x .venv/bin/python tests/profile/render_all_bodies.py after.json --compare before.json

Not collected by pytest (a script: it needs a data directory with the demo)."""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time


def pages(client, slug: str) -> list[tuple[str, str]]:
    """(language, path) of every page: neighbourhood × comparison × language, each plain and once with a year
    and a figure over time (chosen in turn from the page's own choosers)."""
    from zorgzaam.areas.models import Neighbourhood

    out = []
    for neighbourhood in Neighbourhood.objects.filter(workspace__slug=slug).order_by("pk"):
        base = f"/profiel/{slug}/buurten/{neighbourhood.pk}/"
        client.cookies["django_language"] = "nl"
        first = client.get(base).content.decode()

        def options(name, page=first):
            return re.findall(r'<option value="([^"]*)"', page.split(f'name="{name}"', 1)[1].split("</select>")[0])

        years, series = options("jaar"), options("reeks")
        for i, comparison in enumerate(options("vergelijk")):
            for lang in ("nl", "en"):
                out.append((lang, f"{base}?vergelijk={comparison}"))
                out.append((lang, f"{base}?vergelijk={comparison}&jaar={years[i % len(years)]}"
                                  f"&reeks={series[i % len(series)]}"))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--compare")
    parser.add_argument("--shuffle", type=int, default=0, help="render in a shuffled order (this seed)")
    parser.add_argument("--slug", default="demo-overbos")
    args = parser.parse_args()
    from zorgzaam.console import setup_django

    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    client = Client()
    client.force_login(get_user_model().objects.get(username="demo"))
    listed = pages(client, args.slug)
    cache.clear()
    from zorgzaam.profile import service, views

    service.clear_caches()
    views._profiles.clear()
    if args.shuffle:
        random.Random(args.shuffle).shuffle(listed)
    bodies = {}
    began = time.process_time()
    for lang, path in listed:
        client.cookies["django_language"] = lang
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        text = response.content.decode()
        text = re.sub(r'(csrfmiddlewaretoken" value=|nonce=)"[^"]*"', r'\1"-"', text)
        bodies[f"{lang} {path}"] = text
    print(f"{len(bodies)} pages, {1000 * (time.process_time() - began) / len(bodies):.1f} ms CPU per page")
    with open(args.out, "w") as out:
        json.dump(bodies, out)
    if args.compare:
        with open(args.compare) as before:
            earlier = json.load(before)
        differ = [k for k in earlier if bodies.get(k) != earlier[k]]
        missing = [k for k in earlier if k not in bodies]
        print(f"{len(earlier)} pages before, {len(differ)} differ, {len(missing)} missing")
        for key in differ[:5]:
            import difflib

            print(key)
            print("".join(list(difflib.unified_diff(earlier[key].splitlines(True), bodies.get(key, "").splitlines(True),
                                                    n=1))[:40]))
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
