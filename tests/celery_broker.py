"""Pointing this process's Celery app at another broker for one test, then back."""

from __future__ import annotations

from contextlib import contextmanager

import kombu.pools

from recruitment.celery import app as celery_app


def _drop_connections() -> None:
    # app.close() would also deregister the app, and tasks imported afterwards would then
    # never register with it: only the connection pools are dropped. The producer pools are
    # kombu's, global per connection (kombu.pools.reset() empties them); the app's own
    # connection pool has no public reset
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker(url: str):
    """Publish to `url` (not eagerly), as the web processes do in production."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    _drop_connections()
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = url
    try:
        yield
    finally:
        _drop_connections()
        celery_app.conf.task_always_eager, celery_app.conf.broker_url = previous
