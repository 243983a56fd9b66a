#!/usr/bin/env bash
# What the container image does, run from the repo: install, build, copy what production needs
# into a staging folder, install only the runtime dependencies there, and check that the staged
# bot answers on the shipped corpus with no TypeScript loader installed. Non-interactive; the
# staging folder is removed whatever happens; any failure stops the script with a non-zero exit.
#
#   bash scripts/build-production.sh [--installed] [--keep] [--stage DIR]
#     --installed: the repo's dependencies were just installed with npm ci (CI does so first)
#     --keep: leave the staging folder and print where it is
#     --stage DIR: stage into DIR (new or empty) and leave it there: the Dockerfile's build stage
#       runs this, and copies DIR into the runtime image
set -euo pipefail
cd "$(dirname "$0")/.."

keep=false
installed=false
stage_dir=
while (($#)); do
  case "$1" in
    --keep) keep=true ;;
    --installed) installed=true ;;
    --stage)
      [[ -n "${2:-}" ]] || { echo "build-production: --stage needs a folder" >&2; exit 2; }
      stage_dir=$2
      shift
      ;;
    *) echo "build-production: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

fail() {
  echo "build-production: $*" >&2
  exit 1
}

if [[ -n "$stage_dir" ]]; then
  mkdir -p "$stage_dir"
  [[ -z "$(ls -A "$stage_dir")" ]] || fail "--stage $stage_dir is not empty"
  stage=$(cd "$stage_dir" && pwd)
else
  stage=$(mktemp -d "${TMPDIR:-/tmp}/paperbot-production.XXXXXX")
fi
data=$(mktemp -d "${TMPDIR:-/tmp}/paperbot-production-data.XXXXXX")
cleanup() {
  rm -rf "$data"
  if [[ -n "$stage_dir" ]]; then return; fi
  if $keep; then echo "build-production: staging folder kept: $stage"; else rm -rf "$stage"; fi
}
trap cleanup EXIT

if ! $installed; then
  echo "build-production: npm ci"
  npm ci --no-audit --no-fund
fi
echo "build-production: npm run build"
npm run build

# What production needs: the manifest and lock file, the compiled code, the entry point and the
# shipped corpus. Not the sources, tests, bench or dev tools.
echo "build-production: staging in $stage"
cp package.json package-lock.json "$stage/"
cp -R dist bin corpus "$stage/"
[[ -f .env.example ]] && cp .env.example "$stage/"

(cd "$stage" && npm ci --omit=dev --no-audit --no-fund)
[[ ! -e "$stage/node_modules/tsx" ]] || fail "tsx is installed in production; it must be a devDependency"
[[ ! -e "$stage/node_modules/typescript" ]] || fail "typescript is installed in production; it must be a devDependency"

# The staged bot in a clean environment: its own corpus and a fresh data folder, and no
# platform credentials or .env from the developer's shell.
run_staged() {
  (cd "$stage" && env -i PATH="$PATH" HOME="$data" CORPUS_DIR="$stage/corpus" DATA_DIR="$data" LOG_LEVEL=warn node bin/paperbot.js "$@")
}

echo 'build-production: node bin/paperbot.js ask "/paper MSC COVID"'
answer=$(run_staged ask "/paper MSC COVID") || fail "ask exited with $?: $answer"
echo "$answer"
# The seed paper's title (the output wraps long lines, so spaces are flattened first).
tr -s '[:space:]' ' ' <<<"$answer" | grep -qF "Transplantation of ACE2(-) Mesenchymal Stem Cells Improves the Outcome" ||
  fail "ask did not answer with the seed corpus's entry"

echo "build-production: node bin/paperbot.js check"
run_staged check || fail "check failed on the shipped corpus"
echo "build-production: ok"
