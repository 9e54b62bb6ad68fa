#!/usr/bin/env bash
# Measures the local host on the Azure Storage provider against a fresh, in-memory Azurite on its own ports
# (or in memory with BACKEND=memory). The benchmark runs the host in its own process and talks to it over HTTP.
#   scripts/benchmark.sh [all | comma-separated throughput,livelog,cancel,timeout,list | compare | cost | purge]     (default: all)
# compare (not part of all): the raw Durable Task engine and the service side by side, in one process on one backend.
# cost (not part of all): storage requests, instances, history and start -> completed per execution: raw engine,
#   plain start, one at a time, idempotency key; BENCH_COST_RUNS (20), BENCH_COST_WINDOW_MS (3000, the counted window).
# purge (not part of all): a start and a task listing on an empty hub, after BENCH_PURGE_OTHERS (2000) finished
#   executions of another task, and after DELETE /tasks/executions/purge removed them.
# Sizes: BENCH_SEQUENTIAL (50), BENCH_BURST (200; compare: 500), BENCH_RUNS, BENCH_OTHERS (5000; compare: 0 = skip).
set -euo pipefail
cd "$(dirname "$0")/.."

[[ -x node_modules/.bin/azurite ]] || npm ci --no-audit --no-fund --loglevel=error
dotnet build benchmarks/TaskFunctions.Benchmarks -c Release --nologo -v quiet

scenario="${1:-all}"
backend="${BACKEND:-azurestorage}"
bench=benchmarks/TaskFunctions.Benchmarks/bin/Release/net10.0/TaskFunctions.Benchmarks.dll

if [[ "$backend" == "memory" ]]; then
  exec dotnet "$bench" "$scenario" --backend memory
fi

azurite_pid=""
trap '[[ -n "$azurite_pid" ]] && scripts/stop-process.sh "$azurite_pid"' EXIT
node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --inMemoryPersistence \
  --blobHost 127.0.0.1 --blobPort 10110 --queueHost 127.0.0.1 --queuePort 10111 --tableHost 127.0.0.1 --tablePort 10112 \
  >/dev/null 2>&1 &
azurite_pid=$!
for _ in $(seq 1 50); do
  (exec 3<>/dev/tcp/127.0.0.1/10112) 2>/dev/null && break
  sleep 0.2
done
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:10110/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10111/devstoreaccount1;TableEndpoint=http://127.0.0.1:10112/devstoreaccount1;"

dotnet "$bench" "$scenario" --backend azurestorage --connection-string "$conn" --task-hub benchmark
