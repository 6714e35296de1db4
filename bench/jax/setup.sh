#!/usr/bin/env bash
# Installs jax, jaxlib and optax into bench/jax/.venv (idempotent). Messages go to stderr so that
# run.sh's stdout stays pure JSON lines. Exit 1 with a one-line reason when it cannot.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"
stamp="$venv/.requirements-installed"

say() { echo "bench/jax: $*" >&2; }

if [ -f "$stamp" ] && cmp -s "$stamp" "$here/requirements.txt" &&
  "$venv/bin/python" -c 'import jax, optax' 2>/dev/null; then
  exit 0
fi
if ! command -v "$python" >/dev/null 2>&1; then
  say "cannot set up the JAX benchmark: '$python' not found (set PYTHON=/path/to/python3)"
  exit 1
fi
if [ ! -x "$venv/bin/python" ]; then
  say "creating $venv"
  if ! "$python" -m venv "$venv" >&2; then
    say "cannot create a venv with '$python -m venv' (on Debian: apt-get install python3-venv)"
    exit 1
  fi
fi
say "installing $(grep -v '^#' "$here/requirements.txt" | tr '\n' ' ')(takes a minute or two)"
# Few retries: where only a local index answers, pip's default retries to pypi.org just add minutes.
if ! "$venv/bin/python" -m pip install --quiet --retries 1 -r "$here/requirements.txt" >&2; then
  say "pip could not install jax/jaxlib/optax (no reachable package index or no wheel for this platform)"
  exit 1
fi
cp "$here/requirements.txt" "$stamp"
versions="$("$venv/bin/python" -c 'import jax, optax; print(jax.__version__, optax.__version__)')"
say "ready (jax, optax): $versions"
