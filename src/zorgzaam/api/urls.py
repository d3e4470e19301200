"""``/api/``: the read-only REST API, one prefix per version (``/api/v1/``, schema at ``/api/v1/openapi.json``,
docs at ``/api/v1/docs``)."""

from django.urls import path

from zorgzaam.api.v1 import api

urlpatterns = [path("v1/", api.urls)]
