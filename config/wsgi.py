import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
_django = get_wsgi_application()

# Imported once Django is set up. A repeat request for an article page the page cache has
# answered is answered again without Django's handler (config/page_replay.py says how).
from config.page_replay import PageReplay  # noqa: E402

application = PageReplay(_django)
