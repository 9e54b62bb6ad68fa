#!/usr/bin/env bash
# Stops a process by PID: SIGTERM, then SIGKILL after a grace period in seconds (Azurite can hang on SIGTERM).
# A process that has exited but not yet been reaped by its parent counts as stopped.
set -u
pid="$1"
grace="${2:-5}"

running() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ "$state" != Z* ]]
}

running "$pid" || exit 0
kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 1 $((grace * 10))); do
  running "$pid" || exit 0
  sleep 0.1
done
kill -KILL "$pid" 2>/dev/null || true
