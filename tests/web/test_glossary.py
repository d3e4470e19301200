"""Words (issue 13): the catalogue's terms explained on the profile (a <details> that opens by tap, click
or keyboard) and a glossary page, linked from every page's footer, in Dutch and English."""

from __future__ import annotations

import pytest

from zorgzaam.web.demo import install_demo
from zorgzaam.web.glossary import METHOD_WORDS
from zorgzaam.workspaces.models import Role, Workspace

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_the_glossary_lists_the_method_and_the_catalogue_in_both_languages(client):
    page = client.get("/woordenlijst/").content.decode()
    assert 'href="/woordenlijst/"' in page  # the footer's link
    for term in ("buurt", "sector", "wijk", "eerstelijnszone", "signaal", "bouwsteen"):
        assert any(term in nl for nl, *_ in METHOD_WORDS) and term in page
    assert "Grijze druk" in page and "Old-age dependency ratio" in page and 'id="grijze_druk"' in page
    assert "Interne vergrijzing" in page and "Mantelzorgratio" in page
    assert "65-plussers per 100 inwoners van 20 tot 64 jaar." in page
    client.cookies["django_language"] = "en"
    english = client.get("/woordenlijst/").content.decode()
    assert "Glossary" in english and "Residents aged 65+ per 100 residents aged 20–64." in english


def test_the_profile_explains_its_terms_where_they_are_shown(client):
    install_demo(extensions=False)
    from zorgzaam.web.demo import WORKSPACE_SLUG

    workspace = Workspace.objects.get(slug=WORKSPACE_SLUG)
    user = make_user("lezer-woorden", workspace, Role.READER)
    assert client.login(username=user.username, password=PASSWORD)
    neighbourhood = workspace.neighbourhoods.get(name="Centrum en omgeving")
    page = client.get(f"/profiel/{workspace.slug}/buurten/{neighbourhood.pk}/").content.decode()
    assert '<details class="term">' in page and "Wat is Grijze druk?" in page
    assert "65-plussers per 100 inwoners van 20 tot 64 jaar." in page and 'href="/woordenlijst/#grijze_druk"' in page
