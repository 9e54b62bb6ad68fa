#!/usr/bin/env bash
# Builds the solution and runs every test. The end-to-end tests start their own Azurite (from node_modules)
# on free loopback ports and stop it when they finish, so nothing needs to be running beforehand.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x node_modules/.bin/azurite ]]; then
  echo "Installing Azurite (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

dotnet build TaskFunctions.sln -c Release --nologo
dotnet test TaskFunctions.sln -c Release --no-build --nologo --logger "console;verbosity=normal" "$@"
