"""Environment screens, mounted under /omgeving/ (each starts with the workspace: /omgeving/<werkruimte>/…).

URL names (namespace ``environment``): overview, facilities-geojson, facility-add, facility, facility-retire,
facility-import, network, network-job, reach, reach-locations, isochrone, walkability, walkability-cells,
mismatch, export, document."""

from django.urls import path

from zorgzaam.environment import views

app_name = "environment"

urlpatterns = [
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/voorzieningen.geojson", views.facilities_geojson, name="facilities-geojson"),
    path("<slug:slug>/straten.geojson", views.streets_geojson, name="streets-geojson"),
    path("<slug:slug>/voorzieningen/nieuw/", views.facility_add, name="facility-add"),
    path("<slug:slug>/voorzieningen/importeren/", views.facility_import, name="facility-import"),
    path("<slug:slug>/voorzieningen/<int:pk>/", views.facility_edit, name="facility"),
    path("<slug:slug>/voorzieningen/<int:pk>/niet-meer-actief/", views.facility_retire, name="facility-retire"),
    path("<slug:slug>/netwerk/", views.network_upload, name="network"),
    path("<slug:slug>/netwerk/taken/<int:pk>/", views.network_job, name="network-job"),
    path("<slug:slug>/bereik/", views.reach, name="reach"),
    path("<slug:slug>/bereik/woonplaatsen.geojson", views.reach_locations, name="reach-locations"),
    path("<slug:slug>/bereik/isochroon.geojson", views.isochrone, name="isochrone"),
    path("<slug:slug>/loopbaarheid/", views.walkability, name="walkability"),
    path("<slug:slug>/loopbaarheid/cellen.json", views.walkability_cells, name="walkability-cells"),
    path("<slug:slug>/signalen/", views.mismatch, name="mismatch"),
    path("<slug:slug>/export/<str:layer>.<str:fmt>", views.export, name="export"),
    path("<slug:slug>/document.<str:fmt>", views.document, name="document"),
]
