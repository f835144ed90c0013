#!/usr/bin/env bash
# Command 1: set up everything on the embedded defaults and start the app on http://localhost:3000.
#   scripts/start.sh [extra `reflex run` arguments]
# It listens on 127.0.0.1 only (this machine) unless APP_ENV=production or BIND_HOST says otherwise
# (rxconfig.py; see docs/configuration.md), because the embedded defaults are not meant for a network.
source "$(dirname "$0")/_env.sh"
install_requirements requirements.txt .venv/.installed-app
.venv/bin/python -m interview_app setup      # migrate + seed (both idempotent)
PORT="${PORT:-3000}"
# Only the public URL's origin may open the websocket: on another port, follow it (unless .env names one).
if [ -z "${PUBLIC_URL:-}" ] && ! grep -qs '^PUBLIC_URL=' .env; then export PUBLIC_URL="http://localhost:$PORT"; fi
echo "Starting Interview Coach on http://localhost:$PORT (first start builds the web app; later starts are quick)"
exec .venv/bin/reflex run --env prod --frontend-port "$PORT" "$@"
