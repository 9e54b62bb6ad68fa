#!/usr/bin/env bash
# Runs TaskFunctions locally: Azurite (the Azure Storage emulator) on loopback with its data in .azurite/,
# and the local host on http://localhost:7071. Ctrl-C stops both.
#
#   scripts/run.sh                    # Azure Storage provider on Azurite (the default)
#   scripts/run.sh --backend memory   # in memory, no Azurite
# Any other arguments go to the local host (for example --urls http://127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."

backend=azurestorage
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ "${args[$i]}" == "--backend" && $((i + 1)) -lt ${#args[@]} ]]; then
    backend="${args[$((i + 1))],,}"
  fi
done

azurite_pid=""
host_pid=""
stopping=0

stop_azurite() {
  # Azurite closes its services (and saves its data) on SIGTERM, then its process can linger: wait for the three
  # "closed" lines, then make sure it is gone.
  kill -TERM "$azurite_pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    [[ $(grep -c "successfully closed" .azurite/azurite.log 2>/dev/null) -ge 3 ]] && break
    kill -0 "$azurite_pid" 2>/dev/null || break
    sleep 0.1
  done
  scripts/stop-process.sh "$azurite_pid" 1
}

stop() {
  trap - EXIT
  # Background processes of a script ignore SIGINT, so the host is stopped with SIGTERM: it hands its running
  # attempts back within a few seconds (WorkerOptions.ShutdownGracePeriod) and is killed only if it outlasts 30 s.
  if [[ -n "$host_pid" ]]; then
    scripts/stop-process.sh "$host_pid" 30
  fi
  if [[ -n "$azurite_pid" ]]; then
    stop_azurite
  fi
}

on_signal() {
  if ((stopping)); then
    # A second Ctrl-C: stop now, leaving nothing behind.
    [[ -n "$host_pid" ]] && kill -KILL "$host_pid" 2>/dev/null
    [[ -n "$azurite_pid" ]] && kill -KILL "$azurite_pid" 2>/dev/null
    exit 130
  fi
  stopping=1
  echo "Stopping (Ctrl-C again to kill at once)..."
  stop
  exit 130
}
trap on_signal INT TERM
trap stop EXIT

if [[ "$backend" != "memory" ]]; then
  if [[ ! -x node_modules/.bin/azurite ]]; then
    echo "Installing Azurite (npm ci)..."
    npm ci --no-audit --no-fund --loglevel=error
  fi
  if (exec 3<>/dev/tcp/127.0.0.1/10001) 2>/dev/null; then
    echo "Something already listens on 127.0.0.1:10001; using it as Azurite."
  else
    mkdir -p .azurite
    # In a session of its own, so that Ctrl-C reaches only this script, which stops the host before Azurite.
    setsid node_modules/.bin/azurite --silent --skipApiVersionCheck --loose \
      --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
      --location .azurite >.azurite/azurite.log 2>&1 &
    azurite_pid=$!
    for _ in $(seq 1 50); do
      (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null && break
      sleep 0.2
    done
    echo "Azurite is running (pid $azurite_pid, data in .azurite/)."
  fi
fi

dotnet build src/TaskFunctions.LocalHost -c Release --nologo -v quiet
echo "Starting the local host on http://localhost:7071 (backend: $backend). Ctrl-C stops it."
dotnet src/TaskFunctions.LocalHost/bin/Release/net10.0/TaskFunctions.LocalHost.dll "$@" &
host_pid=$!
wait "$host_pid"
