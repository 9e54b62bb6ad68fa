#!/usr/bin/env bash
# Measures the local host on the Azure Storage provider against a fresh, in-memory Azurite on its own ports
# (or in memory with BACKEND=memory): POST -> 202 latency, start -> completed time, and executions completed
# per second.
#   scripts/benchmark.sh [sequentialCount] [throughputCount]
set -euo pipefail
cd "$(dirname "$0")/.."

[[ -x node_modules/.bin/azurite ]] || npm ci --no-audit --no-fund --loglevel=error
dotnet build src/TaskFunctions.LocalHost -c Release --nologo -v quiet
dotnet build benchmarks/TaskFunctions.Benchmarks -c Release --nologo -v quiet

azurite_pid=""
host_pid=""
cleanup() {
  [[ -n "$host_pid" ]] && scripts/stop-process.sh "$host_pid" 20
  [[ -n "$azurite_pid" ]] && scripts/stop-process.sh "$azurite_pid"
}
trap cleanup EXIT

backend="${BACKEND:-azurestorage}"
node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --inMemoryPersistence \
  --blobHost 127.0.0.1 --blobPort 10110 --queueHost 127.0.0.1 --queuePort 10111 --tableHost 127.0.0.1 --tablePort 10112 \
  >/dev/null 2>&1 &
azurite_pid=$!
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:10110/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10111/devstoreaccount1;TableEndpoint=http://127.0.0.1:10112/devstoreaccount1;"

dotnet src/TaskFunctions.LocalHost/bin/Release/net10.0/TaskFunctions.LocalHost.dll \
  --backend "$backend" --connection-string "$conn" --task-hub benchmark --urls http://127.0.0.1:7171 \
  --Logging:LogLevel:Default=Warning >/tmp/taskfunctions-benchmark-host.log 2>&1 &
host_pid=$!
for _ in $(seq 1 100); do
  curl -sf http://127.0.0.1:7171/tasks >/dev/null && break
  sleep 0.2
done

echo "Backend: $backend"
dotnet benchmarks/TaskFunctions.Benchmarks/bin/Release/net10.0/TaskFunctions.Benchmarks.dll http://127.0.0.1:7171 "${1:-50}" "${2:-200}"
