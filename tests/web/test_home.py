import pytest

from zorgzaam.web.demo import demo_password, install_demo


@pytest.mark.django_db
def test_home_page_invites_to_sign_in_and_shows_no_workspace_data(client):
    install_demo()
    text = client.get("/").content.decode()
    assert "Aanmelden" in text
    assert "Overbos" not in text and "Centrum en omgeving" not in text


@pytest.mark.django_db
def test_demo_login_shows_the_fictional_demo_workspace(client):
    install_demo()
    response = client.post("/accounts/login/", {"username": "demo", "password": demo_password()}, follow=True)
    text = response.content.decode()
    assert "Demo Overbos (fictief)" in text and "fictief" in text.lower()
    page = client.get("/w/demo-overbos/").content.decode()
    assert "verzonnen" in page  # the fictional label on every page of the demo workspace
    assert "Rond de kerk (getekend)" in page


@pytest.mark.django_db
def test_wrong_password_gets_a_plain_message(client):
    install_demo()
    response = client.post("/accounts/login/", {"username": "demo", "password": "fout"})
    assert response.status_code == 200
    assert "horen niet bij elkaar" in response.content.decode()
