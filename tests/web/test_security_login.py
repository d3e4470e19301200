"""Issue 11 item 6: login is throttled per account and per client address (django-axes)."""

from __future__ import annotations

import argparse

from tests.web.conftest import PASSWORD, make_user

from zorgzaam.web.commands import run_admin


def _login(client, username, password, address="198.51.100.7"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_thirty_wrong_passwords_lock_the_account_until_unlocked(client, db):
    make_user("doelwit")
    for _ in range(30):
        assert _login(client, "doelwit", "fout").status_code in (200, 429)
    locked = _login(client, "doelwit", PASSWORD)
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    assert "Te veel pogingen" in locked.content.decode() and "15 minuten" in locked.content.decode()
    # from another address too: the account itself is locked
    assert _login(client, "doelwit", PASSWORD, address="192.0.2.44").status_code == 429
    run_admin(argparse.Namespace(admin_command="unlock", username="doelwit", json=True))
    assert _login(client, "doelwit", PASSWORD, address="192.0.2.44").status_code == 302


def test_one_address_trying_many_accounts_is_locked(client, db):
    make_user("iemand")
    for number in range(10):
        _login(client, f"gok-{number}", "fout", address="198.51.100.8")
    assert _login(client, "iemand", PASSWORD, address="198.51.100.8").status_code == 429
    assert _login(client, "iemand", PASSWORD, address="198.51.100.9").status_code == 302


def test_test_client_login_is_not_throttled(client, db):
    user = make_user("gewoon")
    assert client.login(username="gewoon", password=PASSWORD)
    assert client.get("/").wsgi_request.user == user
