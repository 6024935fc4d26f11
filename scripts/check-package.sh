#!/usr/bin/env bash
# The published shape, as a user gets it: `npm pack`, install the tarball in an empty folder, run
# `npx dbarch review` there. Checks that the tarball holds what the command needs (dist, prompts,
# the rule docs, LICENSE), that the PGlite installed with it is the one its prebuilt blank cluster
# was made for (so a first dry run starts from the cluster instead of running initdb), and that a
# review of a risky migration finds the risk and exits 1. Needs no network beyond the npm registry
# for the tarball's dependencies (answered from the local npm cache when it has them).
# Usage: scripts/check-package.sh   (from anywhere; run in CI by .ci/run)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/dbarch-package-XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "== npm pack (runs the build)"
tarball="$(cd "$repo" && npm pack --silent --pack-destination "$work" | tail -n 1)"
tar -tzf "$work/$tarball" >"$work/contents.txt"
for required in package/bin/dbarch.js package/dist/cli-bundle/main.js package/dist/dry-run/sandbox/blank-cluster.tgz package/dist/dry-run/sandbox/blank-cluster.key package/LICENSE package/prompts/architect.md package/schema/dbarch.review.schema.json; do
  grep -qx "$required" "$work/contents.txt" || { echo "missing from $tarball: $required" >&2; exit 1; }
done

echo "== npm install ./$tarball in an empty folder"
mkdir "$work/app"
cd "$work/app"
npm init --yes >/dev/null
npm install --prefer-offline --no-audit --no-fund --loglevel=error "$work/$tarball"

echo "== the installed PGlite is the one the blank cluster was built for"
key="$(cat node_modules/dbarch/dist/dry-run/sandbox/blank-cluster.key)"
# Where npm put it: hoisted next to dbarch, or nested under it. (Its exports hide package.json from require.)
pglite_manifest=node_modules/dbarch/node_modules/@electric-sql/pglite/package.json
[ -f "$pglite_manifest" ] || pglite_manifest=node_modules/@electric-sql/pglite/package.json
pglite="$(node -p "JSON.parse(require('fs').readFileSync('$pglite_manifest', 'utf8')).version")"
[ "$key" = "blank-2-$pglite" ] || { echo "blank cluster $key does not match PGlite $pglite" >&2; exit 1; }
echo "   $key"

echo "== npx dbarch review"
mkdir -p db/migrations
printf 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n' >db/migrations/001_users.sql
printf 'CREATE INDEX users_email_idx ON users (email);\n' >db/migrations/002_index.sql
export XDG_CACHE_HOME="$work/cache"
started=$(date +%s%N)
status=0
npx --no-install dbarch review --no-llm --format json db/migrations/002_index.sql >review.json || status=$?
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
[ "$status" -eq 1 ] || { echo "expected exit code 1 (downtime), got $status" >&2; cat review.json >&2; exit 1; }
node -e '
  const review = JSON.parse(require("fs").readFileSync("review.json", "utf8"));
  const pglite = process.argv[1];
  const fail = (message) => { console.error(message); process.exit(1); };
  if (review.schema !== "dbarch.review/v1" || review.risk !== "downtime") fail(`unexpected review: ${review.schema} ${review.risk}`);
  if (!review.findings.some((finding) => finding.ruleId === "create-index-non-concurrently")) fail("the index finding is missing");
  if (!review.dryRun?.engine?.includes(`PGlite ${pglite}`)) fail(`the dry run did not run on PGlite ${pglite}: ${JSON.stringify(review.dryRun)}`);
' "$pglite"
echo "   risk downtime, exit 1, dry run on PGlite $pglite, cold review ${elapsed_ms} ms"
echo "package check passed"
