"""The API keys screen, mounted at ``/w/<werkruimte>/api-sleutels/`` (namespace ``api_keys``)."""

from django.urls import path

from zorgzaam.api import views

app_name = "api_keys"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("<int:pk>/intrekken/", views.token_revoke, name="revoke"),
]
