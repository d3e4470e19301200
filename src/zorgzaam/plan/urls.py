"""URLs of this module, included by zorgzaam.web.urls under /plan/."""

urlpatterns: list = []
