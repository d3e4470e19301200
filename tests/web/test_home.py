import pytest

from zorgzaam.web.demo import install_demo


@pytest.mark.django_db
def test_home_page_shows_fictional_label_for_demo(client):
    install_demo()
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Overbos" in text
    assert "fictief" in text.lower()
