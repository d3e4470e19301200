from django.urls import path

from zorgzaam.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
