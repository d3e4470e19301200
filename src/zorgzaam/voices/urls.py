"""URLs of this module, included by zorgzaam.web.urls under /voices/."""

urlpatterns: list = []
