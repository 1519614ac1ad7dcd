#!/usr/bin/env bash
# ADL's cmi5 LMS test suite (CATAPULT's lts/) against Jämlik on a production-like server
# (gunicorn, 2 sync workers, PostgreSQL, JAMLIK_DEBUG=0, the content origin on localhost).
# docs/cmi5.md, "Conformance".
#
#   CATAPULT=<git repository of adlnet/CATAPULT> make cmi5-conformance
#
# CATAPULT              where to clone the suite from (a path or URL; required unless var/cmi5-conformance/catapult exists)
# CMI5_PORT             the server's port (default 8340); the site is http://127.0.0.1:PORT, the content origin http://localhost:PORT
# CMI5_DATABASE_URL     an empty or throw-away PostgreSQL database (default postgres://postgres@127.0.0.1:5432/cmi5_conformance);
#                       it is dropped and created again
# CMI5_TESTS            which of the suite's test files (default: both, __tests__/package.js and __tests__/runtime.js)
# CHROMIUM              the browser puppeteer drives (default /usr/bin/chromium; the suite's own download is skipped)
#
# The suite calls tests/conformance/cmi5/lms.jamlik.js (our library: import, launch, waive and abandon
# through `jamlik cmi5-*` commands on the server's database); its test AUs run in headless Chromium,
# launched by Jämlik, and report their verdicts; the suite then reads the registration's statements from
# /xapi/ with a platform client. Results: var/cmi5-conformance/ (console log and JUnit XML).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/var/cmi5-conformance
SUITE=$WORK/catapult
LTS=$SUITE/lts
PORT=${CMI5_PORT:-8340}
DATABASE_URL=${CMI5_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cmi5_conformance}
mkdir -p "$WORK"

if [ ! -d "$SUITE/.git" ]; then
  if [ -z "${CATAPULT:-}" ]; then
    echo "Set CATAPULT to a clone (or the URL) of https://github.com/adlnet/CATAPULT" >&2
    exit 2
  fi
  # Only lts/ is needed (player/ holds a large node_modules archive the mirror may lack).
  git clone --quiet --no-checkout "$CATAPULT" "$SUITE"
  git -C "$SUITE" checkout --quiet HEAD -- lts
fi
if [ ! -d "$LTS/node_modules" ]; then
  (cd "$LTS" && PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
if [ ! -f "$LTS/pkg/dist/001-essentials.zip" ]; then
  # webpack 5.45 hashes with md4, which Node 17+ has only behind the legacy provider.
  (cd "$LTS/pkg" && NODE_OPTIONS=--openssl-legacy-provider npx webpack >"$WORK/webpack.log" 2>&1)
fi

database=${DATABASE_URL##*/}
server=${DATABASE_URL%/*}
psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database"

export JAMLIK_DEBUG=0 JAMLIK_SECRET_KEY=cmi5-conformance-only JAMLIK_DATABASE_URL=$DATABASE_URL \
  JAMLIK_DATA_DIR=$WORK/data JAMLIK_ALLOWED_HOSTS=127.0.0.1,localhost JAMLIK_SITE_URL=http://127.0.0.1:$PORT \
  JAMLIK_CONTENT_ORIGIN=http://localhost:$PORT JAMLIK_TASKS_IMMEDIATE=1 JAMLIK_LOG_LEVEL=WARNING \
  JAMLIK_EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
JAMLIK=$ROOT/.venv/bin/jamlik
$JAMLIK migrate --no-input >/dev/null
$JAMLIK createcachetable >/dev/null
$JAMLIK load_reference_data >/dev/null
# A platform client: the suite reads every registration's statements (cmi5 4.2.0.0-2).
read -r key secret < <($JAMLIK lrs_client create --name "CATAPULT LMS test suite")

$ROOT/.venv/bin/gunicorn jamlik.wsgi --workers 2 --bind 127.0.0.1:$PORT --timeout 120 --log-level warning \
  >"$WORK/gunicorn.log" 2>&1 &
gunicorn_pid=$!
trap 'kill $gunicorn_pid 2>/dev/null; wait $gunicorn_pid 2>/dev/null || true' EXIT
for _ in $(seq 120); do
  curl -fs "http://127.0.0.1:$PORT/xapi/about" >/dev/null && break
  sleep 0.5
done

log=$WORK/result.txt
rm -rf "$LTS/var"
start=$(date +%s)
(
  cd "$LTS"
  CATAPULT_LMS=$ROOT/tests/conformance/cmi5/lms.jamlik.js CATAPULT_LTS=$LTS JAMLIK_PYTHON=$ROOT/.venv/bin/python \
    LRS_KEY=$key LRS_SECRET=$secret JEST_PUPPETEER_CONFIG=$ROOT/tests/conformance/cmi5/jest-puppeteer.config.js \
    npx jest --runInBand --testTimeout=120000 ${CMI5_TESTS:-}
) >"$log" 2>&1 || true
end=$(date +%s)
cp "$LTS"/var/*.xml "$WORK/" 2>/dev/null || true
summary=$(grep -E '^Tests:' "$log" | tail -1 || true)
echo "cmi5 LMS test suite: ${summary:-no summary (see $log)} in $((end - start)) s; log $log"
case "$summary" in *failed*|"") exit 1 ;; *) exit 0 ;; esac
