#!/usr/bin/env bash
# Restarts the dispatcher under continuous load and counts failed requests.
# A new process binds the same port (REUSE_PORT=true) while the old one
# drains after SIGTERM; with net.ipv4.tcp_migrate_req=1 the kernel moves the
# connections still queued at the old listener to the new one.
# Loopback only; wrk runs for a fixed time.
# Usage: bench/restart-under-load.sh [SECONDS] [CONNECTIONS] [keep-alive|close]
# "close" sends every request on a new connection, so connections are always
# waiting in the listener's queue when the old process lets go of it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-12}
connections=${2:-64}
mode=${3:-keep-alive}
header=()
[ "$mode" = close ] && header=(-H "Connection: close")
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
cargo build --release -q -p dispatcher-bench -p dispatcher-tests
target=target/release
port=19301

migrate=$(cat /proc/sys/net/ipv4/tcp_migrate_req 2>/dev/null || echo unsupported)
if [ "$migrate" = 0 ] && [ "${KEEP_SYSCTL:-}" != 1 ]; then
  sysctl -qw net.ipv4.tcp_migrate_req=1 2>/dev/null && migrate=1 || true
fi
echo "net.ipv4.tcp_migrate_req=$migrate"

"$target/bulk-upstream" 127.0.0.1:19300 2>/dev/null &
upstream=$!
start_dispatcher() {
  UPSTREAM_HOSTS=resource=127.0.0.1:19300 UPSTREAM_DNS=off REUSE_PORT=true RUST_LOG=warn \
    "$target/mu-examples" basic serve --listen 127.0.0.1:$port &
}
start_dispatcher; old=$!
trap 'kill $old $new $upstream 2>/dev/null || true' EXIT
new=
sleep 1

wrk -t2 -c"$connections" -d"${seconds}s" --latency "${header[@]}" "http://127.0.0.1:$port/widgets/x?bytes=100" > /tmp/restart-wrk.txt &
load=$!
sleep $((seconds / 3))
start_dispatcher; new=$!
sleep 1
echo "new process $new is up; SIGTERM to the old process $old"
kill -TERM "$old"
wait "$old" && echo "old process exited with status 0"
wait "$load"
cat /tmp/restart-wrk.txt
requests=$(awk '/requests in/ {print $1}' /tmp/restart-wrk.txt)
# "  Socket errors: connect 0, read 61, write 0, timeout 0": the numbers
# are the words after each kind.
errors=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' /tmp/restart-wrk.txt)
non2xx=$(awk '/Non-2xx/ {print $NF}' /tmp/restart-wrk.txt)
echo "restart under load ($mode, $connections connections, tcp_migrate_req=$migrate): ${requests} requests, failed: $(( ${errors:-0} + ${non2xx:-0} )) (socket errors ${errors:-0}, non-2xx ${non2xx:-0})"
