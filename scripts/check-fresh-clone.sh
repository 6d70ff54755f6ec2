#!/usr/bin/env bash
# The README's two commands, `npm ci && npm start`, on the Node this machine has (run it before Node 24 is put on
# PATH): clones the committed HEAD into an empty folder, installs with that Node, starts Brandgen through `npm start`
# with an empty cache folder (so an old Node must fetch Node 24 from the npm registry, as on a new machine) and waits
# for /api/health. On a Node older than 22.18 it also expects the one line saying Node 24 runs Brandgen.
# Usage: scripts/check-fresh-clone.sh   (needs git, curl, setsid and the npm registry or a warm npm cache)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/server-checks.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/brandgen-fresh-clone-XXXXXX")
server_pid=""
cleanup() {
  # npm start is npm → launcher → npm → node: stop the whole process group it leads.
  if [ -n "$server_pid" ]; then kill -TERM -- "-$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

machine_node=$(node --version)
started=$(date +%s)
git clone --quiet "$root" "$work/brandgen"
cd "$work/brandgen"
npm ci --no-audit --no-fund --prefer-offline --loglevel=error
installed=$(date +%s)

port=$(free_port)
XDG_CACHE_HOME="$work/cache" HOST=127.0.0.1 PORT="$port" BRANDGEN_DATA_DIR="$work/data" LOG_LEVEL=warn \
  setsid npm start >"$work/start.log" 2>&1 &
server_pid=$!
wait_for_health "http://127.0.0.1:$port" "$server_pid" "$work/start.log" 900
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=18)?0:1)'; then
  grep -q "cannot run Brandgen: running it under Node 24" "$work/start.log" \
    || { cat "$work/start.log" >&2; echo "npm start did not say it runs under Node 24" >&2; exit 1; }
fi
echo "fresh clone on node $machine_node: npm ci took $((installed - started)) s, npm start answered /api/health after $(($(date +%s) - installed)) s"
