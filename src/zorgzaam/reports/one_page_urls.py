"""The one-page profile's and the residents' version's downloads, mounted under /rapporten/ with ``reports.urls``."""

from django.urls import path

from zorgzaam.reports import one_page_views as views

urlpatterns = [
    path("<slug:slug>/buurtprofiel/<int:pk>.<str:fmt>", views.profile_page_download, name="profile-page-download"),
    path("<slug:slug>/bewonersversie/<int:pk>.<str:fmt>", views.residents_download, name="residents-download"),
]
