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

# Prioritisation with the group (plan.priority_views): the facilitator's screens, then the participant's
# public phone screen (/plan/kies/<signed token>/, no account; after the workspace patterns).
from zorgzaam.plan import priority_views  # noqa: E402

urlpatterns += [
    path("<slug:slug>/prioriteiten/", priority_views.rounds, name="priority-rounds"),
    path("<slug:slug>/prioriteiten/nieuw/", priority_views.round_create, name="priority-create"),
    path("<slug:slug>/prioriteiten/<int:pk>/", priority_views.round_detail, name="priority-round"),
    path("<slug:slug>/prioriteiten/<int:pk>/wijzigen/", priority_views.round_edit, name="priority-edit"),
    path("<slug:slug>/prioriteiten/<int:pk>/papier/", priority_views.paper_ballot, name="priority-paper"),
    path("<slug:slug>/prioriteiten/<int:pk>/papier/<int:ballot>/weg/", priority_views.paper_ballot_delete,
         name="priority-paper-delete"),
    path("<slug:slug>/prioriteiten/<int:pk>/link/", priority_views.round_link, name="priority-link"),
    path("<slug:slug>/prioriteiten/<int:pk>/gewichten/", priority_views.round_weights, name="priority-weights"),
    path("<slug:slug>/prioriteiten/<int:pk>/beslissing/", priority_views.round_decision, name="priority-decision"),
    path("<slug:slug>/prioriteiten/grafiek/<str:token>.svg", priority_views.chart_view, name="priority-chart"),
    path("kies/<str:token>/", priority_views.vote, name="priority-vote"),
]

# The plan: goal tree and table, an action's page, the norm board (plan.tree_views).
from zorgzaam.plan import tree_views  # noqa: E402

urlpatterns += [
    path("<slug:slug>/plan/", tree_views.plan_view, name="plan-tree"),
    path("<slug:slug>/plan/toevoegen/", tree_views.plan_add, name="plan-add"),
    path("<slug:slug>/plan/visie/", tree_views.vision_save, name="plan-vision"),
    path("<slug:slug>/plan/uitdaging/", tree_views.challenge_add, name="plan-challenge"),
    path("<slug:slug>/plan/<int:pk>/verplaatsen/", tree_views.plan_move, name="plan-move"),
    path("<slug:slug>/plan/actie/<int:pk>/", tree_views.action_view, name="plan-action"),
    path("<slug:slug>/plan/actie/<int:pk>/bewaren/", tree_views.action_save, name="plan-action-save"),
    path("<slug:slug>/plan/actie/<int:pk>/status/", tree_views.action_status, name="plan-action-status"),
    path("<slug:slug>/plan/actie/<int:pk>/rasci/", tree_views.action_rasci, name="plan-action-rasci"),
    path("<slug:slug>/plan/actie/<int:pk>/voortgang/", tree_views.action_note, name="plan-action-note"),
    path("<slug:slug>/plan/actie/<int:pk>/telling/", tree_views.action_count, name="plan-action-count"),
    path("<slug:slug>/plan/actie/<int:pk>/bijlage/<int:note>/", tree_views.note_attachment,
         name="plan-note-attachment"),
    path("<slug:slug>/plan/normen/", tree_views.norm_board_view, name="plan-norms"),
    path("<slug:slug>/plan/normen/berekenen/", tree_views.norm_refresh, name="plan-norms-refresh"),
]

# Importing an action list and Decidim results (plan.import_views); the exports are downloads of reports.
from zorgzaam.plan import import_views  # noqa: E402

urlpatterns += [
    path("<slug:slug>/plan/importeren/", import_views.import_start, name="plan-import"),
    path("<slug:slug>/plan/importeren/koppeling/", import_views.import_mapping, name="plan-import-mapping"),
    path("<slug:slug>/plan/importeren/verslag/", import_views.import_report, name="plan-import-report"),
    path("<slug:slug>/plan/importeren/decidim/", import_views.import_decidim, name="plan-import-decidim"),
]

# Changing goals and norms: a node's page (edit, move, delete), a norm's form, typed measurements,
# computing again, and the map data of actions per neighbourhood (plan.norm_views).
from zorgzaam.plan import norm_views  # noqa: E402

urlpatterns += [
    path("<slug:slug>/plan/onderdeel/<int:pk>/", norm_views.node_view, name="plan-node"),
    path("<slug:slug>/plan/onderdeel/<int:pk>/bewaren/", norm_views.node_save, name="plan-node-save"),
    path("<slug:slug>/plan/onderdeel/<int:pk>/plaats/", norm_views.node_move, name="plan-node-move"),
    path("<slug:slug>/plan/onderdeel/<int:pk>/verwijderen/", norm_views.node_delete, name="plan-node-delete"),
    path("<slug:slug>/plan/onderdeel/<int:pk>/norm/", norm_views.norm_create, name="plan-norm-add"),
    path("<slug:slug>/plan/norm/<int:pk>/", norm_views.norm_view, name="plan-norm"),
    path("<slug:slug>/plan/norm/<int:pk>/meting/", norm_views.measurement_add, name="plan-measurement-add"),
    path("<slug:slug>/plan/norm/<int:pk>/meting/<int:measurement>/weg/", norm_views.measurement_delete,
         name="plan-measurement-delete"),
    path("<slug:slug>/plan/norm/<int:pk>/berekenen/", norm_views.norm_refresh_one, name="plan-norm-refresh"),
    path("<slug:slug>/plan/norm/<int:pk>/verwijderen/", norm_views.norm_delete, name="plan-norm-delete"),
    path("<slug:slug>/plan/kaart.geojson", norm_views.actions_map, name="plan-map-geojson"),
]
