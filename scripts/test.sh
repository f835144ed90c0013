#!/usr/bin/env bash
# Command 2: install what the tests need and run the whole suite:
# lint (ruff, codespell), types (pyright), unit, API and end-to-end tests, the latter
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
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)   # speech for the voice tests
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)         # webm/mp4 test recordings
command -v sox >/dev/null 2>&1 || missing+=(sox)               # the fake microphone's 48 kHz WAVs
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages for the tests: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
install_requirements requirements-dev.txt .venv/.installed-dev

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== codespell"
.venv/bin/codespell interview_app tests bench scripts docs README.md
echo "== pyright"
.venv/bin/pyright
echo "== pytest"
.venv/bin/python -m pytest "$@"
