"""URLs of this module, included by zorgzaam.web.urls under /profile/."""

urlpatterns: list = []
