#!/usr/bin/env bash
# Sets up the venv if needed, then runs the article's recipe in JAX: bench/jax/run.sh --steps N --json ...
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/setup.sh" || exit 1
exec "$here/.venv/bin/python" "$here/article_vb.py" "$@"
