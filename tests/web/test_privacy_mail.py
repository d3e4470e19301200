"""Nothing personal in the server log (issue 11, item 9): without a mail server (no ZORGZAAM_EMAIL_HOST or
ZORGZAAM_EMAIL_FILE_PATH), as under ``zorgzaam serve``, mail is not sent and the log says only that — no
recipient address, no invitation or reset link; the beheerder is told on screen to pass the link on."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys

import pytest
from django.test import override_settings

from zorgzaam.web.mail import NOT_SENT_BACKEND
from zorgzaam.workspaces.models import Role

pytestmark = pytest.mark.django_db


def test_without_a_mail_server_the_default_backend_sends_and_logs_nothing_personal():
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZORGZAAM_EMAIL")}
    env["DJANGO_SETTINGS_MODULE"] = "zorgzaam.web.settings"
    found = subprocess.run([sys.executable, "-c", "from django.conf import settings; import json; "
                            "print(json.dumps(settings.EMAIL_BACKEND))"], env=env, capture_output=True, text=True,
                           check=True, timeout=120)
    assert json.loads(found.stdout) == NOT_SENT_BACKEND


@pytest.fixture
def captured(caplog, capsys):
    """Everything a server would log: every logger at DEBUG, plus stdout/stderr (where the console backend
    would print)."""
    caplog.set_level(logging.DEBUG)

    def text() -> str:
        out = capsys.readouterr()
        # each record's message and its exception's own message (a stack dump would quote this test's source)
        records = "\n".join(f"{r.name} {r.getMessage()} {r.exc_info[1] if r.exc_info else ''}" for r in caplog.records
                            if r.name.split(".")[0] in ("zorgzaam", "django", "root", "waitress", "gunicorn", "rq"))
        return records + out.out + out.err
    return text


@override_settings(EMAIL_BACKEND=NOT_SENT_BACKEND)
def test_an_invitation_leaves_no_address_or_link_in_the_log_and_says_so_on_screen(demo, members, login, captured):
    admin = login(members[Role.ADMIN])
    response = admin.post(f"/w/{demo.slug}/leden/", {"role": Role.FACILITATOR, "email": "geheim.adres@example.org"},
                          follow=True)
    page = response.content.decode()
    link = re.search(r'value="(http://testserver/uitnodiging/[^"]+)"', page).group(1)
    assert "niet gemaild" in page and "bezorg hem zelf" in page  # share the link by hand
    logged = captured()
    assert "not sent" in logged
    assert "geheim.adres@example.org" not in logged and link not in logged and "/uitnodiging/" not in logged


@override_settings(EMAIL_BACKEND=NOT_SENT_BACKEND)
def test_a_password_reset_leaves_no_address_or_link_in_the_log(demo, members, client, captured):
    user = members[Role.READER]
    user.email = "lezer.prive@example.org"
    user.save()
    client.post("/accounts/password_reset/", {"email": user.email})
    logged = captured()
    assert "not sent" in logged
    assert user.email not in logged and "/accounts/reset/" not in logged and user.username not in logged
