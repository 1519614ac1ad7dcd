#!/usr/bin/env bash
# The ADL LRS conformance test suite against Jämlik's LRS on a production-like server
# (gunicorn, 2 sync workers, PostgreSQL, JAMLIK_DEBUG=0). docs/xapi.md, "Conformance".
#
#   LRS_SUITE=<git repository of adlnet/lrs-conformance-test-suite> make xapi-conformance
#
# LRS_SUITE            where to clone the suite from (a path or URL; required unless var/xapi-conformance/suite exists)
# XAPI_VERSION         2.0.0 (default) or 1.0.3
# XAPI_PORT            the server's port (default 8300)
# XAPI_DATABASE_URL    an empty or throw-away PostgreSQL database (default postgres://postgres@127.0.0.1:5432/lrs_conformance);
#                      it is dropped and created again: the suite's statements are never voided
# XAPI_GREP            only the tests whose title matches (the suite's --grep)
#
# npm installs the suite's dependencies as our lock pins them (scripts/xapi-conformance/package-lock.json;
# the suite has none; `npm ci` refuses it because one old dependency asks for chai "latest"), so every
# run uses the same versions. Results: var/xapi-conformance/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/var/xapi-conformance
SUITE=$WORK/suite
VERSION=${XAPI_VERSION:-2.0.0}
PORT=${XAPI_PORT:-8300}
DATABASE_URL=${XAPI_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lrs_conformance}
mkdir -p "$WORK"

if [ ! -d "$SUITE/.git" ]; then
  if [ -z "${LRS_SUITE:-}" ]; then
    echo "Set LRS_SUITE to a clone (or the URL) of https://github.com/adlnet/lrs-conformance-test-suite" >&2
    exit 2
  fi
  git clone --quiet "$LRS_SUITE" "$SUITE"
fi
cp scripts/xapi-conformance/package-lock.json "$SUITE/package-lock.json"
(cd "$SUITE" && npm install --no-audit --no-fund --loglevel=error >/dev/null)

database=${DATABASE_URL##*/}
server=${DATABASE_URL%/*}
psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database"

export JAMLIK_DEBUG=0 JAMLIK_SECRET_KEY=xapi-conformance-only JAMLIK_DATABASE_URL=$DATABASE_URL \
  JAMLIK_DATA_DIR=$WORK/data JAMLIK_ALLOWED_HOSTS=127.0.0.1,localhost JAMLIK_SITE_URL=http://127.0.0.1:$PORT \
  JAMLIK_TASKS_IMMEDIATE=1
JAMLIK=$ROOT/.venv/bin/jamlik
$JAMLIK migrate --no-input >/dev/null
$JAMLIK load_reference_data >/dev/null
organisation=$($ROOT/.venv/bin/python -m jamlik shell -v 0 -c "from jamlik.people.models import Organisation; print(Organisation.objects.order_by('pk').first().slug)")
read -r key secret < <($JAMLIK lrs_client create --organisation "$organisation" --name "ADL conformance suite")

$ROOT/.venv/bin/gunicorn jamlik.wsgi --workers 2 --bind 127.0.0.1:$PORT --timeout 120 --log-level warning \
  >"$WORK/gunicorn.log" 2>&1 &
gunicorn_pid=$!
trap 'kill $gunicorn_pid 2>/dev/null; wait $gunicorn_pid 2>/dev/null || true' EXIT
for _ in $(seq 120); do
  curl -fs "http://127.0.0.1:$PORT/xapi/about" >/dev/null && break
  sleep 0.5
done
# Both workers answer once before the suite starts: its first check allows 15 s.
for _ in 1 2 3 4; do
  curl -s -o /dev/null -m 60 -u "$key:$secret" -H "X-Experience-API-Version: 2.0.0" "http://127.0.0.1:$PORT/xapi/statements?limit=1"
done

log=$WORK/result-$VERSION.txt
args=(-e "http://127.0.0.1:$PORT/xapi" -a -u "$key" -p "$secret" -x "$VERSION")
[ -n "${XAPI_GREP:-}" ] && args+=(-g "$XAPI_GREP")
start=$(date +%s)
(cd "$SUITE" && node bin/console_runner.js "${args[@]}") >"$log" 2>&1 || true
end=$(date +%s)
summary=$(grep -E '^\{"total"' "$log" | tail -1 || true)
echo "xAPI $VERSION conformance: ${summary:-no summary (see $log)} in $((end - start)) s; log $log"
case "$summary" in *'"failed":0'*) exit 0 ;; *) exit 1 ;; esac
