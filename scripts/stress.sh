#!/usr/bin/env bash
# The load tests at full size (CI runs them smaller): 1,000 starts from 50 concurrent clients while 200 clients poll
# status once a second, and 100 simultaneous starts of a one-at-a-time task, on both backends (Azurite is started
# and stopped by the tests themselves).
#   scripts/stress.sh [dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x node_modules/.bin/azurite || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "Installing Azurite (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

dotnet build tests/TaskFunctions.LocalHost.Tests -c Release --nologo

export TASKFUNCTIONS_LOAD_STARTS="${TASKFUNCTIONS_LOAD_STARTS:-1000}"
export TASKFUNCTIONS_LOAD_CLIENTS="${TASKFUNCTIONS_LOAD_CLIENTS:-50}"
export TASKFUNCTIONS_LOAD_POLLERS="${TASKFUNCTIONS_LOAD_POLLERS:-200}"
export TASKFUNCTIONS_LOAD_SIMULTANEOUS="${TASKFUNCTIONS_LOAD_SIMULTANEOUS:-100}"
echo "Load: $TASKFUNCTIONS_LOAD_STARTS starts from $TASKFUNCTIONS_LOAD_CLIENTS clients, $TASKFUNCTIONS_LOAD_POLLERS pollers; $TASKFUNCTIONS_LOAD_SIMULTANEOUS simultaneous starts of a one-at-a-time task."
dotnet test tests/TaskFunctions.LocalHost.Tests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~TaskFunctions.LocalHost.Tests.Load" \
  --blame-hang-timeout 15min --blame-hang-dump-type none \
  --logger "console;verbosity=normal" "$@"
