"""Follow-up screens, mounted under /opvolging/ (each starts with the workspace), then the residents' public
"you said, we did" page (/opvolging/terugkoppeling/<token>/, no account)."""

from django.urls import path

from zorgzaam.followup import views

urlpatterns = [
    path("terugkoppeling/<str:token>/", views.public_page, name="followup-public"),
    path("terugkoppeling/<str:token>/affiche/", views.public_poster, name="followup-poster"),
    path("<slug:slug>/", views.overview, name="followup"),
    path("<slug:slug>/opvolging.<str:fmt>", views.export, name="followup-export"),
    path("<slug:slug>/zelfevaluatie/", views.assessments, name="followup-assessments"),
    path("<slug:slug>/signalen/", views.signals, name="followup-signals"),
    path("<slug:slug>/signalen/<int:pk>/", views.signal_edit, name="followup-signal"),
    path("<slug:slug>/signalen/dossier/", views.dossier_create, name="followup-dossier"),
    path("<slug:slug>/overleg/", views.meetings, name="followup-meetings"),
    path("<slug:slug>/oogst/", views.harvests, name="followup-harvests"),
    path("<slug:slug>/partners/", views.partners, name="followup-partners"),
    path("<slug:slug>/initiatieven/", views.initiatives, name="followup-initiatives"),
    path("<slug:slug>/partners/<int:pk>/", views.edit, {"kind": "partner"}, name="followup-partner"),
    path("<slug:slug>/overleg/<int:pk>/", views.edit, {"kind": "meeting"}, name="followup-meeting"),
    path("<slug:slug>/zelfevaluatie/<int:pk>/", views.edit, {"kind": "assessment"}, name="followup-assessment"),
    path("<slug:slug>/oogst/<int:pk>/", views.edit, {"kind": "harvest"}, name="followup-harvest"),
    path("<slug:slug>/bewonersfeedback/", views.pages, name="followup-pages"),
    path("<slug:slug>/bewonersfeedback/<int:pk>/", views.page_edit, name="followup-page"),
    path("<slug:slug>/bewonersfeedback/<int:pk>/<str:step>/", views.page_step, name="followup-page-step"),
]
