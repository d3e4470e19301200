"""URLs of this module, included by zorgzaam.web.urls under /environment/."""

urlpatterns: list = []
