#!/usr/bin/env bash
# The load and fault tests at full size (CI runs them smaller), then a memory soak:
#  - load: 1,000 starts from 50 concurrent clients while 200 clients poll status once a second, and 100 simultaneous
#    starts of a one-at-a-time task, on both backends (Azurite is started and stopped by the tests themselves);
#  - faults: a host killed (SIGKILL) with 1,000 executions in flight and restarted; a host stopped (SIGTERM) with 60
#    attempts in flight while another runs on the same task hub;
#  - soak: the local host on Azurite for STRESS_SOAK_SECONDS (600) under steady starts (both sample tasks, one a
#    second each) and status polling (STRESS_SOAK_POLLERS, 20, once a second each), sampling the host's resident
#    memory every 5 s: prints the peak and the end value, and fails if the mean of the last third of the samples is
#    more than 20 % above the mean of the first third, or if any call answered 500. STRESS_SOAK_SECONDS=0 skips it.
#   scripts/stress.sh [dotnet test arguments]      # both
#   scripts/stress.sh tests [dotnet test arguments] # the tests only
#   scripts/stress.sh soak                          # the soak only
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x node_modules/.bin/azurite || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "Installing Azurite (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

dotnet build tests/TaskFunctions.LocalHost.Tests -c Release --nologo

part=both
if [[ "${1:-}" == tests || "${1:-}" == soak ]]; then
  part="$1"
  shift
fi

if [[ "$part" != soak ]]; then
  export TASKFUNCTIONS_LOAD_STARTS="${TASKFUNCTIONS_LOAD_STARTS:-1000}"
  export TASKFUNCTIONS_LOAD_CLIENTS="${TASKFUNCTIONS_LOAD_CLIENTS:-50}"
  export TASKFUNCTIONS_LOAD_POLLERS="${TASKFUNCTIONS_LOAD_POLLERS:-200}"
  export TASKFUNCTIONS_LOAD_SIMULTANEOUS="${TASKFUNCTIONS_LOAD_SIMULTANEOUS:-100}"
  export TASKFUNCTIONS_LOAD_CRASH="${TASKFUNCTIONS_LOAD_CRASH:-1000}"
  export TASKFUNCTIONS_LOAD_STOP="${TASKFUNCTIONS_LOAD_STOP:-60}"
  echo "Load: $TASKFUNCTIONS_LOAD_STARTS starts from $TASKFUNCTIONS_LOAD_CLIENTS clients, $TASKFUNCTIONS_LOAD_POLLERS pollers; $TASKFUNCTIONS_LOAD_SIMULTANEOUS simultaneous starts of a one-at-a-time task."
  echo "Faults: SIGKILL with $TASKFUNCTIONS_LOAD_CRASH executions in flight; SIGTERM with $TASKFUNCTIONS_LOAD_STOP attempts in flight."
  dotnet test tests/TaskFunctions.LocalHost.Tests -c Release --no-build --nologo \
    --filter "FullyQualifiedName~TaskFunctions.LocalHost.Tests.Load|FullyQualifiedName~HostCrashUnderLoadTests|FullyQualifiedName~GracefulStopUnderLoadTests" \
    --blame-hang-timeout 15min --blame-hang-dump-type none \
    --logger "console;verbosity=detailed" "$@"
fi

soak_seconds="${STRESS_SOAK_SECONDS:-600}"
soak_pollers="${STRESS_SOAK_POLLERS:-20}"
[[ "$part" != tests ]] && ((soak_seconds > 0)) || exit 0

soak=$(mktemp -d)
azurite_pid=""
host_pid=""
loops=()
cleanup() {
  ((${#loops[@]} == 0)) || kill "${loops[@]}" 2>/dev/null || true
  [[ -n "$host_pid" ]] && scripts/stop-process.sh "$host_pid" 30
  [[ -n "$azurite_pid" ]] && scripts/stop-process.sh "$azurite_pid" 5
  rm -rf "$soak"
}
trap cleanup EXIT

# Waits (up to 60 s) until a file holds a line matching a pattern, and prints the first match.
await_line() {
  for _ in $(seq 1 600); do
    if grep -m1 -oE "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "Not found in $1: $2" >&2
  cat "$1" >&2
  return 1
}

# Azurite in memory, and the host, each on ports they pick and report.
node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --inMemoryPersistence \
  --blobHost 127.0.0.1 --blobPort 0 --queueHost 127.0.0.1 --queuePort 0 --tableHost 127.0.0.1 --tablePort 0 \
  >"$soak/azurite.log" 2>&1 &
azurite_pid=$!
for service in Blob Queue Table; do
  declare "${service,,}=$(await_line "$soak/azurite.log" "$service service is successfully listening at http://[0-9.:]+" | grep -oE 'http://[0-9.:]+')"
done
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=$blob/devstoreaccount1;QueueEndpoint=$queue/devstoreaccount1;TableEndpoint=$table/devstoreaccount1;"
dotnet src/TaskFunctions.LocalHost/bin/Release/net10.0/TaskFunctions.LocalHost.dll \
  --connection-string "$conn" --task-hub soak --urls http://127.0.0.1:0 >"$soak/host.log" 2>&1 &
host_pid=$!
base=$(await_line "$soak/host.log" "Now listening on: http://[0-9.:]+" | grep -oE 'http://[0-9.:]+')
for _ in $(seq 1 100); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$base/tasks") == 200 ]] && break
  sleep 0.2
done

echo "Soak: $soak_seconds s against the local host (pid $host_pid, $base) on Azurite: a start of each sample task every second, $soak_pollers pollers."
end=$(($(date +%s) + soak_seconds))
touch "$soak/ids" "$soak/starts" "$soak/polls"

# Each poller reads the status of the newest execution once a second, as the specification's page does.
for _ in $(seq 1 "$soak_pollers"); do
  (
    while (($(date +%s) < end)); do
      id=$(tail -n 1 "$soak/ids")
      if [[ -n "$id" ]]; then
        curl -s -o /dev/null -w '%{http_code}\n' --max-time 30 "$base/tasks/running/execution/$id" >>"$soak/polls"
      fi
      sleep 1
    done
  ) &
  loops+=($!)
done

# Once a second, a start of each sample task (each runs one at a time and takes about 300 ms, so most are accepted).
(
  while (($(date +%s) < end)); do
    for task in user-space-sync feishu-sync; do
      (
        answer=$(curl -s --max-time 30 -w '\n%{http_code}' -X POST "$base/tasks/$task/execute/api" \
          -H 'Content-Type: application/json' -d '{ "params": { "durationMs": 300, "steps": 3 } }')
        echo "${answer##*$'\n'}" >>"$soak/starts"
        id=$(grep -oE '"executionId":"[^"]+"' <<<"$answer" | head -n 1 | cut -d'"' -f4 || true)
        [[ -n "$id" ]] && echo "$id" >>"$soak/ids"
      ) &
    done
    sleep 1
  done
  wait
) &
loops+=($!)

# The host's resident memory (VmRSS, KiB) every 5 s.
while (($(date +%s) < end)); do
  awk '/^VmRSS/ { print $2 }' "/proc/$host_pid/status" >>"$soak/rss"
  sleep 5
done
wait "${loops[@]}"
loops=()

# Every accepted start reaches a final status.
sleep 5
declare -A finals=()
while read -r id; do
  status=$(curl -s --max-time 30 "$base/tasks/running/execution/$id" | grep -oE '"status":"[a-z]+"' | head -n 1 | cut -d'"' -f4)
  finals[${status:-unreadable}]=$((${finals[${status:-unreadable}]:-0} + 1))
done <"$soak/ids"

count() { sort "$1" | uniq -c | awk '{ printf "%s%s x %s", (NR > 1 ? ", " : ""), $1, $2 }'; }
echo "Starts: $(wc -l <"$soak/starts") ($(count "$soak/starts")); status reads: $(wc -l <"$soak/polls") ($(count "$soak/polls"))."
echo -n "Executions accepted: $(wc -l <"$soak/ids"); final statuses:"
for status in "${!finals[@]}"; do echo -n " ${finals[$status]} $status"; done
echo
growing=0
awk '
  { rss[NR] = $1; if ($1 > peak) peak = $1 }
  END {
    third = int(NR / 3); if (third < 1) third = 1
    for (i = 1; i <= third; i++) first += rss[i]
    for (i = NR - third + 1; i <= NR; i++) last += rss[i]
    first /= third; last /= third
    printf "Host memory (RSS, MiB) each minute:"
    for (i = 1; i <= NR; i += 12) printf " %.0f", rss[i] / 1024
    printf "\n"
    printf "Host memory (RSS, %d samples every 5 s): peak %.1f MiB, end %.1f MiB; mean of the first third %.1f MiB, of the last third %.1f MiB (%+.1f %%): %s\n",
      NR, peak / 1024, rss[NR] / 1024, first / 1024, last / 1024, (last / first - 1) * 100, (last <= first * 1.2 ? "bounded" : "GROWING")
    exit (last <= first * 1.2 ? 0 : 1)
  }' "$soak/rss" || growing=1
server_errors=$(grep -h '^5' "$soak/starts" "$soak/polls" | grep -vc '^503$' || true)
if ((server_errors > 0)); then
  echo "$server_errors calls answered a server error other than 503." >&2
fi
((growing == 0 && server_errors == 0))
