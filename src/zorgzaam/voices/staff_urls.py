"""Staff screens for residents' voices, mounted by zorgzaam.web.urls under /stemmen/ (each URL starts with
the workspace slug; every view checks membership with ``workspace_for``)."""

from django.urls import path

from zorgzaam.voices import staff_views as views

app_name = "voices_staff"

urlpatterns = [
    path("<slug:slug>/", views.survey_list, name="surveys"),
    path("<slug:slug>/vragenlijst-importeren/", views.import_xlsform, name="import-xlsform"),
    path("<slug:slug>/bevraging/<int:pk>/", views.survey_detail, name="survey"),
    path("<slug:slug>/bevraging/<int:pk>/qr.svg", views.survey_qr, name="survey-qr"),
    path("<slug:slug>/bevraging/<int:pk>/affiche/", views.survey_poster, name="survey-poster"),
    path("<slug:slug>/bevraging/<int:pk>/status/", views.survey_status, name="survey-status"),
    path("<slug:slug>/bevraging/<int:pk>/instellingen/", views.survey_settings, name="survey-settings"),
    path("<slug:slug>/bevraging/<int:pk>/codes/", views.survey_codes, name="survey-codes"),
    path("<slug:slug>/bevraging/<int:pk>/referenties/", views.survey_reference, name="survey-reference"),
    path("<slug:slug>/bevraging/<int:pk>/privacy/", views.survey_privacy, name="survey-privacy"),
    path("<slug:slug>/bevraging/<int:pk>/huisbezoeken/", views.survey_campaign, name="survey-campaign"),
    path("<slug:slug>/bevraging/<int:pk>/rapport/", views.survey_report, name="survey-report"),
    path("<slug:slug>/bevraging/<int:pk>/rapport.<str:fmt>", views.survey_download, name="survey-download"),
    path("<slug:slug>/bevraging/<int:pk>/samenvoegen/", views.survey_merge, name="survey-merge"),
    path("<slug:slug>/grafiek/<str:token>.svg", views.chart_view, name="chart"),
    path("<slug:slug>/bevraging/<int:pk>/antwoorden-importeren/", views.import_responses, name="import-responses"),
    path("<slug:slug>/bevraging/<int:pk>/papier/", views.paper_overview, name="paper"),
    path("<slug:slug>/bevraging/<int:pk>/papier/ingeven/", views.paper_entry, name="paper-entry"),
    path("<slug:slug>/bevraging/<int:pk>/papier/<int:entry>/tweede/", views.paper_second, name="paper-second"),
    path("<slug:slug>/bevraging/<int:pk>/papier/<int:entry>/nakijken/", views.paper_resolve, name="paper-resolve"),
    path("<slug:slug>/bevraging/<int:pk>/papier/<int:entry>/steekproef/", views.paper_mark, name="paper-mark"),
    path("<slug:slug>/gesprekken/", views.session_list, name="sessions"),
    path("<slug:slug>/gesprekken/nieuw/", views.session_edit, name="session-create"),
    path("<slug:slug>/gesprekken/<int:pk>/", views.session_detail, name="session"),
    path("<slug:slug>/gesprekken/<int:pk>/wijzigen/", views.session_edit, name="session-edit"),
    path("<slug:slug>/gesprekken/<int:pk>/fotos/<int:photo>/", views.session_photo, name="session-photo"),
    path("<slug:slug>/citaten/", views.quote_list, name="quotes"),
    path("<slug:slug>/citaten/nieuw/", views.quote_edit, name="quote-create"),
    path("<slug:slug>/citaten/<int:pk>/", views.quote_edit, name="quote-edit"),
    path("<slug:slug>/sterktes-en-uitdagingen/", views.strengths, name="strengths"),
    path("<slug:slug>/personas/", views.persona_list, name="personas"),
    path("<slug:slug>/personas/kaarten/", views.persona_cards, name="persona-cards"),
    path("<slug:slug>/personas/nieuw/", views.persona_edit, name="persona-create"),
    path("<slug:slug>/personas/<int:pk>/", views.persona_edit, name="persona-edit"),
    path("<slug:slug>/sessiekits/", views.kit_list, name="kits"),
    path("<slug:slug>/sessiekits/<slug:kit>/", views.kit_detail, name="kit"),
]
