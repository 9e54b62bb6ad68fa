#!/usr/bin/env bash
# Builds the solution and runs every test. The end-to-end tests start their own Azurite (from node_modules)
# on free loopback ports and stop it when they finish, so nothing needs to be running beforehand.
#   scripts/test.sh [dotnet test arguments, e.g. --filter ...]
set -euo pipefail
cd "$(dirname "$0")/.."

# Azurite comes from npm; install it again whenever package-lock.json changed since the last install.
if [[ ! -x node_modules/.bin/azurite || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "Installing Azurite (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

# The dashboard's browser tests drive Debian's chromium through Playwright (never Playwright's own browser download).
chromium=${TASKFUNCTIONS_CHROMIUM:-/usr/bin/chromium}
if [[ ! -x "$chromium" ]]; then
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing chromium (apt-get install chromium) for the dashboard's browser tests..."
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-wqy-microhei
  else
    echo "The dashboard's browser tests need Debian's chromium at $chromium: run 'sudo apt-get install -y chromium'" \
      "(or set TASKFUNCTIONS_CHROMIUM to another Chromium)." >&2
    exit 1
  fi
fi

dotnet build TaskFunctions.sln -c Release --nologo

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
# A test that hangs fails the run after 5 minutes (with a dump of where it hung) instead of stalling CI.
status=0
dotnet test TaskFunctions.sln -c Release --no-build --nologo \
  --blame-hang-timeout 5min --blame-hang-dump-type none \
  --logger "console;verbosity=normal" --logger "trx" --results-directory "$results" "$@" || status=$?

# The console log of a whole run is long: repeat each failed test with its message at the very end, where a reader
# of the run's tail looks first.
if ((status != 0)); then
  awk 'BEGIN { RS = "<UnitTestResult " }
       match($0, /^[^>]*>/) && substr($0, 1, RLENGTH) ~ /outcome="Failed"/ {
         match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11)
         message = ""; if (match($0, /<Message>[^<]*<\/Message>/)) message = substr($0, RSTART + 9, RLENGTH - 19)
         printf "FAILED %s\n  %s\n\n", name, substr(message, 1, 3000)
       }' "$results"/*.trx >&2 || true
  exit "$status"
fi

# Guard against a test project silently dropping out of the run (removed from the solution, or discovering
# nothing): every project must have run, and the run must not shrink below what the suite had.
expected_projects=3
minimum_tests=1500
if [[ $# -eq 0 ]]; then
  projects=$(find "$results" -name '*.trx' | wc -l)
  total=0 passed=0
  for n in $(grep -ho ' total="[0-9]*"' "$results"/*.trx | grep -o '[0-9]\+'); do total=$((total + n)); done
  for n in $(grep -ho ' passed="[0-9]*"' "$results"/*.trx | grep -o '[0-9]\+'); do passed=$((passed + n)); done
  failed=$((total - passed))
  echo "Test projects run: $projects (expected $expected_projects); tests: $total."
  echo "$passed passed, $failed failed"
  if ((projects < expected_projects || total < minimum_tests)); then
    echo "Fewer test projects or tests ran than the suite has: something dropped out of the run." >&2
    exit 1
  fi
fi
