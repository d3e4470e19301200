"""URLs of the voices module, included by zorgzaam.web.urls under /stem/: the public survey form."""

from django.urls import path

from zorgzaam.voices import views

app_name = "voices"

urlpatterns = [
    path("<str:token>/", views.survey_start, name="start"),
    path("<str:token>/pagina/<int:page>/", views.survey_page, name="page"),
    path("<str:token>/versturen/", views.survey_finish, name="finish"),
    path("<str:token>/contact/", views.survey_contact, name="contact"),
    path("<str:token>/bedankt/", views.survey_thanks, name="thanks"),
    path("<str:token>/afdrukken/", views.survey_print, name="print"),
    path("<str:token>/kaart/straten/", views.survey_streets, name="streets"),
]
