"""The action plan's downloads, mounted under /rapporten/ next to ``reports.urls``."""

from django.urls import path

from zorgzaam.reports import action_plan_views as views

urlpatterns = [
    path("<slug:slug>/actieplan.<str:fmt>", views.action_plan_download, name="plan-export"),
    path("<slug:slug>/decidim-resultaten.csv", views.decidim_download, name="plan-decidim-export"),
]
