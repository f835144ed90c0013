#!/usr/bin/env bash
# Command 2: install what the tests need and run the whole suite:
# lint (ruff, codespell, hadolint), types (pyright), unit, API and end-to-end tests, the latter
# on both shapes: SQLite + in-process, and PostgreSQL + Redis + two workers (servers
# started by the tests themselves on loopback).
#   scripts/test.sh [extra pytest arguments]     e.g. scripts/test.sh -m "not e2e"
source "$(dirname "$0")/_env.sh"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium chromium-driver)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -qi nanum || missing+=(fonts-nanum)      # Korean pages in the browser tests
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)   # speech for the voice tests
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)         # webm/mp4 test recordings
command -v sox >/dev/null 2>&1 || missing+=(sox)               # the fake microphone's 48 kHz WAVs
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages for the tests: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
install_requirements requirements-dev.txt .venv/.installed-dev

# The local LLM's tests run once against the real model: model and llama-cpp-python are prepared in
# ~/.cache/interview-coach/llm (kept between runs; the first time builds llama-cpp-python, about 7 minutes)
# while lint and types run. SKIP_LOCAL_LLM=1 leaves them out (they are then skipped).
if [ -z "${SKIP_LOCAL_LLM:-}" ]; then
  nice -n 10 .venv/bin/python -m interview_app.services.scoring.local_llm prepare > .venv/local_llm.log 2>&1 &
  local_llm_prepare=$!
fi

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== codespell"
.venv/bin/codespell interview_app tests bench scripts docs README.md
echo "== hadolint (Dockerfile)"
.venv/bin/hadolint Dockerfile
echo "== pyright"
.venv/bin/pyright
if [ -n "${local_llm_prepare:-}" ]; then
  echo "== local LLM (model and llama-cpp-python, cached)"
  if ! wait "$local_llm_prepare"; then
    cat .venv/local_llm.log >&2
    echo "Preparing the local LLM failed (above); SKIP_LOCAL_LLM=1 runs the tests without it." >&2
    exit 1
  fi
  tail -n 1 .venv/local_llm.log
  export LOCAL_LLM_TESTS=required   # its tests fail instead of skipping when the model or server is missing
fi
# The Dockerfile and compose.yaml for real (podman; docs/deployment.md, "Verified here"): in CI where podman is
# installed, or anywhere with COMPOSE_CHECK=1 (which installs podman first); COMPOSE_CHECK=0 skips it.
echo "== compose stack (image build; app, worker, scheduler, PostgreSQL, Redis; a registration)"
if [ "${COMPOSE_CHECK:-}" = 1 ]; then
  scripts/compose_check.sh
elif [ "${CI:-}" = true ]; then
  scripts/compose_check.sh --if-available
else
  echo "compose check SKIPPED: not in CI (COMPOSE_CHECK=1 runs it, about 5-10 minutes)"
fi
echo "== pytest"
.venv/bin/python -m pytest "$@"
