#!/usr/bin/env bash
# Serves the demo: migrate, load demo data (idempotent), run a task worker beside the web server.
set -euo pipefail
port="${1:-8000}"
jamlik="${JAMLIK:-.venv/bin/jamlik}"
# Links in emails, on diplomas and in calendar files must lead back here: the address follows
# the port unless JAMLIK_SITE_URL says otherwise.
export JAMLIK_SITE_URL="${JAMLIK_SITE_URL:-http://127.0.0.1:${port}}"

"$jamlik" migrate --no-input
"$jamlik" createcachetable
"$jamlik" load-demo-data

"$jamlik" db_worker --interval 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM

echo
echo "Jämlik runs on http://127.0.0.1:${port}/  (Ctrl-C stops it)"
echo "Course packages are played from http://localhost:${port} (the content origin, docs/scorm.md)."
echo "Sign-in codes and other emails are printed in this console."
"$jamlik" runserver "127.0.0.1:${port}" --noreload
