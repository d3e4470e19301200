import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgzaam.web.settings")
application = get_wsgi_application()

from zorgzaam.web.jobs import recover_at_start  # noqa: E402  (needs the app loaded)

recover_at_start()  # jobs whose process died before this start are marked failed, their uploads removed
