# The registrar system's image: web (gunicorn + whitenoise) and worker (Celery) run from it.
# See docker-compose.yml for the services and the environment they need.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=registrar.settings

# Pango for WeasyPrint (PDF documents), a font with Kazakh letters, gettext for the catalogues.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 registrar \
    && useradd --system --uid 10001 --gid registrar --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin registrar

WORKDIR /app

# Dependencies first: this layer is rebuilt only when the lock file changes.
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .

# Translations are compiled into the image (the .mo files are not in git). The settings load
# with their development defaults here; nothing in this step reads a secret or a database.
# var/ (collected static files) and /data/media (uploads, issued documents; a volume in
# docker-compose.yml) belong to the unprivileged user that runs the processes.
RUN python manage.py compile_translations \
    && mkdir -p var/static /data/media \
    && chown -R registrar:registrar var /data

USER registrar

ENV STATIC_ROOT=/app/var/static \
    MEDIA_ROOT=/data/media

EXPOSE 8000

CMD ["gunicorn", "registrar.wsgi", "-b", "0.0.0.0:8000", "--workers", "3"]
