"""`make bench`: run the benchmarks on a scratch PostgreSQL database and print their tables.

python -m bench                  # all of them
python -m bench public_pages     # only the named ones
"""

from __future__ import annotations

import importlib
import os
import sys

BENCHMARKS = ["public_pages", "submit", "surge", "screening", "admin_list", "pool"]


def main(names: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitment.settings")
    os.environ.setdefault("CACHE_URL", "locmemcache://")
    import django

    django.setup()
    from django.conf import settings

    # as Django's test runner does: the embedded default is DEBUG on, which logs every query
    settings.DEBUG = False
    # in-process requests queue their e-mail as production does (in memory), never print it
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    from recruitment.celery import app as celery_app

    celery_app.conf.task_always_eager = False
    from django.test.utils import setup_databases, teardown_databases

    # BENCH_KEEPDB=1 keeps the scratch database between runs (generating data takes minutes)
    keepdb = os.environ.get("BENCH_KEEPDB") == "1"
    databases = setup_databases(
        verbosity=0, interactive=False, keepdb=keepdb, serialized_aliases=set()
    )
    try:
        for name in names or BENCHMARKS:
            module = importlib.import_module(f"bench.{name}")
            print(f"\n## {name}: {module.__doc__.strip().splitlines()[0]}\n")
            module.run()
    finally:
        if not keepdb:
            teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])
