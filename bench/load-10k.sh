#!/usr/bin/env bash
# 10,000 concurrent keep-alive connections and a sustained request mix
# through the dispatcher for a fixed time; every response is checked and the
# dispatcher's RSS is sampled each second. Loopback only, bounded.
# Usage: bench/load-10k.sh [CONNECTIONS] [SECONDS] [RATE]
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-10000}
seconds=${2:-60}
rate=${3:-2000}
ulimit -n "$(ulimit -Hn)"
cargo build --release -q -p dispatcher-bench -p dispatcher-tests
target=target/release

"$target/bulk-upstream" 127.0.0.1:19200 2>/dev/null &
upstream=$!
UPSTREAM_HOSTS=resource=127.0.0.1:19200,sessionsservice=127.0.0.1:19200 UPSTREAM_DNS=off RUST_LOG=warn \
  IDLE_TIMEOUT=600000 "$target/mu-examples" basic serve --listen 127.0.0.1:19201 &
dispatcher=$!
trap 'kill $dispatcher $upstream 2>/dev/null || true' EXIT
sleep 1
echo "dispatcher pid $dispatcher, RSS at start $(awk '/VmRSS/ {print $2}' /proc/$dispatcher/status) KiB"
"$target/load" 127.0.0.1:19201 "$connections" "$seconds" "$rate" "$dispatcher"
echo "dispatcher open descriptors after the run: $(ls /proc/$dispatcher/fd | wc -l)"
