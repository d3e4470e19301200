import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgzaam.web.settings")
application = get_wsgi_application()

from zorgzaam.workspaces.jobs import start_in_web_process  # noqa: E402  (needs the app loaded)

# jobs whose process died before this start are queued again (or failed after a second interruption), old uploads
# removed; then this process's job worker thread starts, unless `zorgzaam worker` processes run the queue
start_in_web_process()
