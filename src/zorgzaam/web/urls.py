"""The site's URLs: the web app's own, then one prefix per part of the chain (each app keeps its urls.py)."""

from django.urls import include, path

from zorgzaam.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("profiel/", include("zorgzaam.profile.urls")),
    path("omgeving/", include("zorgzaam.environment.urls")),
    path("stem/", include("zorgzaam.voices.urls")),
    path("plan/", include("zorgzaam.plan.urls")),
]
