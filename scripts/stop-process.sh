#!/usr/bin/env bash
# Stops a process by PID: SIGTERM, then SIGKILL after a grace period (Azurite can hang on SIGTERM).
set -u
pid="$1"
grace="${2:-5}"
kill -0 "$pid" 2>/dev/null || exit 0
kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 1 $((grace * 10))); do
  kill -0 "$pid" 2>/dev/null || exit 0
  sleep 0.1
done
kill -KILL "$pid" 2>/dev/null || true
