"""The site's URLs: accounts, language, the workspace screens (under /w/<slug>/), then one prefix per
part of the chain (each app keeps its urls.py).

A screen of another app that belongs to a workspace takes ``slug`` and starts with
``workspace_for(request, slug, needs=...)`` (see ``web.permissions``)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from zorgzaam.web import data_views, member_views, neighbourhood_views, views

workspace_patterns = [
    path("", views.dashboard, name="dashboard"),
    path("buurten/", neighbourhood_views.neighbourhood_list, name="neighbourhoods"),
    path("buurten/nieuw/", neighbourhood_views.neighbourhood_create, name="neighbourhood-create"),
    path("buurten/voorstel/", neighbourhood_views.neighbourhood_propose, name="neighbourhood-propose"),
    path("buurten/<int:pk>/", neighbourhood_views.neighbourhood_detail, name="neighbourhood"),
    path("buurten/voorstel/bewaren/", neighbourhood_views.neighbourhood_proposal_accept,
         name="neighbourhood-proposal-accept"),
    path("buurten/voorstel/weggooien/", neighbourhood_views.neighbourhood_proposal_drop,
         name="neighbourhood-proposal-drop"),
    path("buurten/voorstel/kaart.geojson", neighbourhood_views.neighbourhood_proposal_map,
         name="neighbourhood-proposal-map"),
    path("buurten/<int:pk>/wijzigen/", neighbourhood_views.neighbourhood_edit, name="neighbourhood-edit"),
    path("buurten/<int:pk>/archiveren/", neighbourhood_views.neighbourhood_archive, name="neighbourhood-archive"),
    path("buurten/<int:pk>/terugzetten/", neighbourhood_views.neighbourhood_restore, name="neighbourhood-restore"),
    path("kaart/<str:code>/<str:vintage>/sectoren.geojson", neighbourhood_views.map_sectors, name="map-sectors"),
    path("kaart/<str:code>/<str:vintage>/wijken.geojson", neighbourhood_views.map_districts, name="map-districts"),
    path("kaart/<str:code>/<str:vintage>/aanduiden/", neighbourhood_views.map_snap, name="map-snap"),
    path("gegevens/", data_views.dataset_list, name="datasets"),
    path("gegevens/<int:pk>/", data_views.dataset_detail, name="dataset"),
    path("gegevens/importeren/", data_views.import_upload, name="import"),
    path("taken/<int:pk>/", data_views.job_detail, name="job"),
    path("leden/", member_views.members, name="members"),
    path("leden/<int:pk>/", member_views.member_change, name="member-change"),
    path("uitnodigingen/<int:pk>/intrekken/", member_views.invitation_cancel, name="invitation-cancel"),
]

web_patterns = [
    path("", views.home, name="home"),
    path("woordenlijst/", views.glossary, name="glossary"),
    path("werkruimte/nieuw/", views.workspace_create, name="workspace-create"),
    path("w/<slug:slug>/", include(workspace_patterns)),
    path("uitnodiging/<str:token>/", member_views.invitation, name="invitation"),
]

account_patterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

urlpatterns = [
    path("", include((web_patterns, "web"))),
    path("accounts/", include(account_patterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("profiel/", include("zorgzaam.profile.urls")),
    path("omgeving/", include("zorgzaam.environment.urls")),
    path("stem/", include("zorgzaam.voices.urls")),
    path("stemmen/", include("zorgzaam.voices.staff_urls")),
    path("plan/", include("zorgzaam.plan.urls")),
    path("opvolging/", include("zorgzaam.followup.urls")),
    path("rapporten/", include("zorgzaam.reports.urls")),
    path("rapporten/", include("zorgzaam.reports.action_plan_urls")),  # the action plan's downloads
    path("api/", include("zorgzaam.api.urls")),
    path("w/<slug:slug>/api-sleutels/", include("zorgzaam.api.screen_urls")),
    path("favicon.ico", views.favicon, name="favicon"),
]

handler403 = "zorgzaam.web.views.permission_denied"
handler404 = "zorgzaam.web.views.page_not_found"
