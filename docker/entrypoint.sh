#!/bin/sh
# Entrypoint of the Interview Coach image (see docs/deployment.md).
#
#   no arguments, or "serve":  apply migrations, load the default data, start the app
#   anything else:             run it as given, e.g. `python -m interview_app scheduler`
#
# MIGRATE_ON_START=false skips the migrate and seed steps (for extra app replicas when
# the migrations are run once as a separate step).
set -eu

cd /app

if [ "$#" -eq 0 ] || [ "$1" = "serve" ]; then
    case "${MIGRATE_ON_START:-true}" in
        false|0|no)
            echo "MIGRATE_ON_START=${MIGRATE_ON_START}: not running migrate/seed" ;;
        *)
            python -m interview_app migrate
            python -m interview_app seed ;;
    esac
    # `reflex run --env prod` compiles the pages and rebuilds the frontend bundle
    # (vite) before it listens: expect a minute or two. The npm packages were
    # installed when the image was built, so nothing is downloaded here.
    # Page, websocket (/_event), /_upload and /ping are all served on port 3000, on every interface
    # of the container (the app alone would listen on 127.0.0.1 unless APP_ENV=production or BIND_HOST).
    exec reflex run --env prod --backend-host 0.0.0.0 --frontend-port 3000
fi

exec "$@"
