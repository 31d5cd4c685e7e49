"""The project under gunicorn for benchmarks: bench.urls (with the hello-world baseline)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitment.settings")

application = get_wsgi_application()
# the embedded defaults, with what production changes for speed: no debug, no query log
settings.DEBUG = False
settings.ROOT_URLCONF = "bench.urls"
