#!/usr/bin/env bash
# Runs the Dockerfile's dependency and runtime stages without Docker (the development machine has no engine):
# a production-only install (`npm ci --omit=dev --workspace server`, as stage 2) into an empty folder, the runtime
# files copied beside it exactly as stage 3 copies them, then the server started from there. It must answer
# /api/health and /api/ready, serve the web app, and finish a demo job (which loads sharp and better-sqlite3).
# Needs built outputs (`npm run build`) and the npm registry or a warm npm cache. Usage: scripts/check-production-install.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/server-checks.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/brandgen-production-XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

for built in server/dist/main.js web/dist/index.html figma-plugin/dist/manifest.json; do
  [ -f "$root/$built" ] || { echo "missing $built: run npm run build first" >&2; exit 1; }
done

# Stage 2: only the manifests and the lockfile, then the server's production dependencies.
mkdir -p "$work/dependencies/client" "$work/dependencies/server" "$work/dependencies/web" "$work/dependencies/figma-plugin"
cp "$root/package.json" "$root/package-lock.json" "$work/dependencies/"
cp "$root/client/package.json" "$work/dependencies/client/"
cp "$root/server/package.json" "$work/dependencies/server/"
cp "$root/web/package.json" "$work/dependencies/web/"
cp "$root/figma-plugin/package.json" "$work/dependencies/figma-plugin/"
(cd "$work/dependencies" && npm ci --omit=dev --workspace server --no-audit --no-fund --prefer-offline --loglevel=error)

# Stage 3: what the runtime image holds, and nothing else.
app="$work/app"
mkdir -p "$app/server" "$app/web" "$app/figma-plugin" "$work/data"
cp -R "$work/dependencies/node_modules" "$app/node_modules"
cp "$root/server/package.json" "$app/server/package.json"
cp -R "$root/server/dist" "$app/server/dist"
cp -R "$root/server/brand" "$app/server/brand"
cp -R "$root/web/dist" "$app/web/dist"
cp -R "$root/figma-plugin/dist" "$app/figma-plugin/dist"
cp "$root/package.json" "$app/package.json"
if [ -d "$work/dependencies/server/node_modules" ]; then
  echo "the production install nests modules in server/node_modules, which the Dockerfile does not copy" >&2
  exit 1
fi

port=$(free_port)
base="http://127.0.0.1:$port"
(cd "$app" && env -i PATH="$PATH" HOME="$work" NODE_ENV=production HOST=127.0.0.1 PORT="$port" BRANDGEN_DATA_DIR="$work/data" \
  BRANDGEN_DEMO_LATENCY_MS=50 LOG_LEVEL=warn node --enable-source-maps --max-semi-space-size=8 server/dist/main.js all) >"$work/server.log" 2>&1 &
server_pid=$!

wait_for_health "$base" "$server_pid" "$work/server.log" 20
curl -fsS "$base/api/ready" | grep -q '"ready"' || { echo "/api/ready is not ready" >&2; exit 1; }
curl -fsS "$base/" | grep -qi '<!doctype html>' || { echo "the web app is not served" >&2; exit 1; }
curl -fsS -o "$work/figma-plugin.zip" "$base/api/figma-plugin.zip" || { echo "the Figma plugin ZIP is not served" >&2; exit 1; }
job=$(curl -fsS -X POST -H 'content-type: application/json' -d '{"prompt":"a lighthouse at dusk"}' "$base/api/generate" \
  | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).job_id))")
for _ in $(seq 1 300); do
  status=$(curl -fsS "$base/api/jobs/$job" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).status))")
  [ "$status" = complete ] && break
  [ "$status" = failed ] && { cat "$work/server.log" >&2; echo "the demo job failed" >&2; exit 1; }
  sleep 0.1
done
[ "$status" = complete ] || { cat "$work/server.log" >&2; echo "the demo job did not complete (status $status)" >&2; exit 1; }
echo "production install: $(du -sh "$app/node_modules" | cut -f1) of modules; health, readiness, web app, Figma plugin ZIP and a demo job answer"
