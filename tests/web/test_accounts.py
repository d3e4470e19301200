"""Invitations by link, members and roles, password reset by e-mail, sessions that expire."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from zorgzaam.workspaces.models import Invitation, Membership, Role

pytestmark = pytest.mark.django_db


def test_invitation_link_lets_a_new_person_join_with_the_chosen_role(demo, members, login, client):
    admin = login(members[Role.ADMIN])
    page = admin.post(f"/w/{demo.slug}/leden/", {"role": Role.FACILITATOR, "email": "nieuw@example.org"}
                      ).content.decode()
    link = re.search(r'value="(http://testserver/uitnodiging/[^"]+)"', page).group(1)
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body
    admin.logout()
    page = client.get(link).content.decode()
    assert "procesbegeleider" in page and "Account maken" in page
    response = client.post(link, {"username": "nieuwe", "email": "nieuw@example.org",
                                  "password1": "een-lang-wachtwoord-42", "password2": "een-lang-wachtwoord-42"})
    assert response.status_code == 302 and response["Location"] == f"/w/{demo.slug}/"
    member = Membership.objects.get(user__username="nieuwe", workspace=demo)
    assert member.role == Role.FACILITATOR
    assert client.get(f"/w/{demo.slug}/").status_code == 200
    client.logout()
    assert client.get(link).status_code == 410  # a link works once


def test_an_expired_invitation_says_so(demo, members, client):
    invitation = Invitation.objects.create(workspace=demo, role=Role.READER,
                                           expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(f"/uitnodiging/{invitation.token}/")
    assert response.status_code == 410 and "verlopen" in response.content.decode()
    assert client.get("/uitnodiging/onzin/").status_code == 404


def test_an_existing_user_accepts_and_keeps_other_workspaces_apart(demo, other, login):
    invitation = Invitation.objects.create(workspace=demo, role=Role.READER)
    client = login(other["owner"])
    client.post(f"/uitnodiging/{invitation.token}/")
    assert Membership.objects.get(user=other["owner"], workspace=demo).role == Role.READER
    assert Membership.objects.get(user=other["owner"], workspace=other["workspace"]).role == Role.ADMIN


def test_roles_change_and_the_last_beheerder_cannot_leave(demo, members, login):
    client = login(members[Role.ADMIN])
    reader = Membership.objects.get(user=members[Role.READER], workspace=demo)
    client.post(f"/w/{demo.slug}/leden/{reader.pk}/", {"role": Role.POLICY})
    reader.refresh_from_db()
    assert reader.role == Role.POLICY
    # the demo user is a beheerder too; remove it first so one is left
    Membership.objects.filter(workspace=demo, user__username="demo").delete()
    me = Membership.objects.get(user=members[Role.ADMIN], workspace=demo)
    page = client.post(f"/w/{demo.slug}/leden/{me.pk}/", {"remove": "1"}, follow=True).content.decode()
    assert "minstens één beheerder" in page and Membership.objects.filter(pk=me.pk).exists()
    page = client.post(f"/w/{demo.slug}/leden/{me.pk}/", {"role": Role.READER}, follow=True).content.decode()
    assert "minstens één beheerder" in page


def test_members_of_another_workspace_cannot_be_changed_through_yours(demo, members, other, login):
    client = login(members[Role.ADMIN])
    theirs = Membership.objects.get(user=other["owner"], workspace=other["workspace"])
    assert client.post(f"/w/{demo.slug}/leden/{theirs.pk}/", {"remove": "1"}).status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()
    policy = login(members[Role.POLICY])
    assert policy.post(f"/w/{demo.slug}/leden/", {"role": Role.ADMIN}).status_code == 403
    assert not Invitation.objects.filter(workspace=demo).exists()


def test_password_reset_by_email(demo, members, client):
    user = members[Role.READER]
    client.post("/accounts/password_reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "nog-een-lang-wachtwoord-7", "new_password2": "nog-een-lang-wachtwoord-7"})
    user.refresh_from_db()
    assert user.check_password("nog-een-lang-wachtwoord-7")


def test_sessions_expire_after_a_period_without_use(demo, members, client):
    assert settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_COOKIE_AGE <= 12 * 3600
    client.force_login(members[Role.READER])
    session = client.session
    session.set_expiry(-1)  # as if the idle period had passed
    session.save()
    response = client.get(f"/w/{demo.slug}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_logout_is_a_post_and_ends_the_session(demo, members, login):
    client = login(members[Role.READER])
    client.post("/accounts/logout/")
    assert client.get(f"/w/{demo.slug}/").status_code == 302
