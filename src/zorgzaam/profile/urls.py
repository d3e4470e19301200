"""Profile screens, mounted under /profiel/ (each starts with the workspace: /profiel/<werkruimte>/…)."""

from django.urls import path

from zorgzaam.profile import views

urlpatterns = [
    path("<slug:slug>/buurten/", views.compare_neighbourhoods, name="profile-compare"),
    path("<slug:slug>/indicatoren/", views.team_indicators, name="profile-team-indicators"),
    path("<slug:slug>/gegevens/", views.coverage_view, name="profile-coverage"),
    path("<slug:slug>/geopackage.gpkg", views.workspace_gpkg, name="profile-gpkg"),
    path("<slug:slug>/grafiek/<str:token>.svg", views.chart_view, name="profile-chart"),
    path("<slug:slug>/buurten/<int:pk>/", views.neighbourhood_view, name="profile-neighbourhood"),
    path("<slug:slug>/buurten/<int:pk>/export.<str:fmt>", views.neighbourhood_export, name="profile-export"),
    path("<slug:slug>/buurten/<int:pk>/kaart/<str:indicator>.geojson", views.neighbourhood_map, name="profile-map"),
]
