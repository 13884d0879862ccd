"""Celery application.

With CELERY_BROKER_URL unset, tasks run in-process (eager): a first run needs no broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registrar.settings")

app = Celery("registrar")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
