# Production image of the Tatulasu portal. One image runs every process of docker-compose.yml:
# web (gunicorn + whitenoise, the default command), Celery worker, Celery beat and migrations.

# --- Front-end packages -------------------------------------------------------------------
# npm is not part of python:slim, so a Node stage fetches the pinned packages and copies the
# same files `make install` copies to static/vendor (tests/reconciliation/test_deployment.py
# keeps the two lists equal).
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error
RUN mkdir -p static/vendor/bootstrap/css static/vendor/bootstrap/js static/vendor/chartjs \
 && cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map static/vendor/bootstrap/css/ \
 && cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map static/vendor/bootstrap/js/ \
 && cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map static/vendor/chartjs/

# --- The application ----------------------------------------------------------------------
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=reconciliation.settings \
    VAR_DIR=/app/var

# libmagic1: upload types are checked by content; gettext: compilemessages;
# fonts-dejavu-core: Kazakh letters in generated documents.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libmagic1 gettext fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin tatulasu
WORKDIR /app

# Requirements first, so a code change does not reinstall them.
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .
COPY --from=assets /build/static/vendor static/vendor

# Translations and static files are built into the image. The settings refuse to load with
# DEBUG off and no SECRET_KEY, so the build passes a throwaway one that no container keeps.
RUN if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
        DEBUG=true python manage.py compilemessages --ignore=.venv --ignore=node_modules; \
    fi \
 && DEBUG=false SECRET_KEY=image-build-only-never-used-at-run-time ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --no-input \
 && mkdir -p var/private \
 && chown -R tatulasu:tatulasu var

USER tatulasu
EXPOSE 8000
# Workers: gunicorn reads WEB_CONCURRENCY; more options through GUNICORN_CMD_ARGS.
CMD ["gunicorn", "reconciliation.wsgi:application", "--bind", "0.0.0.0:8000"]
