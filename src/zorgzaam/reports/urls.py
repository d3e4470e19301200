"""Reports screens, mounted under /rapporten/ (each starts with the workspace)."""

from django.urls import path

from zorgzaam.reports import one_page_urls, views

urlpatterns = [
    path("<slug:slug>/", views.reports, name="reports"),
    path("<slug:slug>/maken/", views.report_start, name="report-start"),
    path("<slug:slug>/blad-maken/", views.page_start, name="report-page-start"),
    path("<slug:slug>/taken/<int:pk>/", views.report_job, name="report-job"),
    path("<slug:slug>/<int:pk>/download/", views.report_download, name="report-download"),
]
urlpatterns += one_page_urls.urlpatterns  # the one-page profile and the residents' version
