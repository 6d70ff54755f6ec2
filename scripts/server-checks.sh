# Shared by the check scripts (source it): a free loopback port, and waiting for a started server to answer.

# Prints a TCP port free on 127.0.0.1.
free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# wait_for_health <base url> <pid> <log file> <seconds>: returns once <base url>/api/health answers; fails with the
# log when the process exits first or the time runs out (which only stops a hung run; it is not a speed requirement).
wait_for_health() {
  local base=$1 pid=$2 log=$3 deadline=$((SECONDS + $4))
  until curl -fsS "$base/api/health" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "the server exited before answering /api/health" >&2; return 1; }
    [ "$SECONDS" -lt "$deadline" ] || { cat "$log" >&2; echo "no answer on /api/health" >&2; return 1; }
    sleep 0.1
  done
}
