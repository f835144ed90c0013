#!/usr/bin/env bash
# Lighthouse 12.2.3 (mobile preset) on the landing, sign-in, dashboard, interview run, report and trainer
# pages of a throw-away app: the four category scores and the largest contentful paint per page.
# Usage: bench/lighthouse.sh [RUNS]   (see bench/lighthouse.py; run it alone on the machine: flock /tmp/heavy.lock)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec .venv/bin/python bench/lighthouse.py "$@"
