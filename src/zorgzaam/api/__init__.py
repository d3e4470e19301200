"""The read-only REST API (``/api/v1/``) with its OpenAPI schema, for Power BI, QGIS and municipal
dashboards, and the personal API keys it is read with.

- ``models``: :class:`ApiToken` — a personal key scoped to one workspace; only its hash is stored.
- ``tokens``: creating, listing, revoking and checking keys (the screen, the CLI and the API use it).
- ``v1``: the endpoints (django-ninja). Every figure comes from the service the screens use
  (``profile.service``, ``environment.service``, ``voices.services``, ``plan.findings``); nothing is
  computed a second time here.
- ``views`` / ``screen_urls``: the screen under ``/w/<werkruimte>/api-sleutels/``.
- ``commands``: ``zorgzaam api token create|list|revoke``.
"""
