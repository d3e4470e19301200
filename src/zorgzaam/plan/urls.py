"""Summary table and plan screens, mounted under /plan/ (each starts with the workspace)."""

from django.urls import path

from zorgzaam.plan import views

urlpatterns = [
    path("<slug:slug>/samenvatting/", views.findings, name="findings"),
    path("<slug:slug>/samenvatting/bewaren/", views.findings_save, name="findings-save"),
    path("<slug:slug>/samenvatting/verzamelen/", views.findings_collect, name="findings-collect"),
    path("<slug:slug>/samenvatting/<int:pk>/", views.finding_decide, name="finding-decide"),
    path("<slug:slug>/samenvatting/<int:pk>/koppelen/", views.finding_relate, name="finding-relate"),
    path("<slug:slug>/samenvatting/buurt/<int:pk>/vernieuwen/", views.findings_refresh, name="findings-refresh"),
]
