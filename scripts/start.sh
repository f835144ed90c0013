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
# LOCAL_LLM=true (environment or .env): prepare the local LLM (cached after the first time) and run its server
# beside the app, stopped with it; without it nothing of the kind is installed or started.
local_llm="${LOCAL_LLM:-$(sed -n 's/^[[:space:]]*LOCAL_LLM[[:space:]]*=//p' .env 2>/dev/null | tail -n 1 || true)}"
local_llm="$(printf '%s' "${local_llm%%#*}" | tr -d "\"' \t" | tr '[:upper:]' '[:lower:]')"
case "$local_llm" in
  1 | true | yes | on | y | t)
    if .venv/bin/python -m interview_app.services.scoring.local_llm prepare; then
      .venv/bin/python -m interview_app.services.scoring.local_llm serve &
      local_llm_pid=$!
      trap 'kill "$local_llm_pid" 2>/dev/null || true' EXIT
    else
      echo "The local LLM is not available (see above); starting without it: scores stay the fast offline ones." >&2
    fi
    ;;
esac
echo "Starting Interview Coach on http://localhost:$PORT (first start builds the web app; later starts are quick)"
if [ -z "${local_llm_pid:-}" ]; then
  exec .venv/bin/reflex run --env prod --frontend-port "$PORT" "$@"
fi
.venv/bin/reflex run --env prod --frontend-port "$PORT" "$@"
