#!/usr/bin/env bash
# Streams a 1 GiB download and a 1 GiB upload through the dispatcher and
# reports its resident memory before and after (VmRSS / VmHWM from /proc).
# Loopback only; bounded by curl's --max-time. Usage: bench/bulk-rss.sh [GiB]
set -euo pipefail
cd "$(dirname "$0")/.."
gib=${1:-1}
bytes=$((gib * 1024 * 1024 * 1024))
cargo build --release -q -p dispatcher-bench -p dispatcher-tests
target=target/release

"$target/bulk-upstream" 127.0.0.1:19100 2>/dev/null &
upstream=$!
UPSTREAM_HOSTS=resource=127.0.0.1:19100 UPSTREAM_DNS=off RUST_LOG=warn \
  "$target/mu-examples" basic serve --listen 127.0.0.1:19101 &
dispatcher=$!
trap 'kill $dispatcher $upstream 2>/dev/null || true' EXIT
sleep 1

rss() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$dispatcher/status"; }
echo "dispatcher pid $dispatcher: VmRSS $(rss VmRSS) kB, VmHWM $(rss VmHWM) kB at start"
before=$(rss VmHWM)

down=$(curl -s -o /dev/null --max-time 300 -w '%{size_download} %{speed_download}' \
  "http://127.0.0.1:19101/widgets/download?bytes=$bytes")
echo "download: $down (bytes, bytes/s); VmHWM $(rss VmHWM) kB"

up=$(head -c "$bytes" /dev/zero | curl -s --max-time 300 -T - -X POST \
  -w ' %{size_upload} %{speed_upload}' http://127.0.0.1:19101/widgets/upload)
echo "upload: $up (bytes, bytes/s); VmHWM $(rss VmHWM) kB"

after=$(rss VmHWM)
echo "peak RSS grew by $(( (after - before) / 1024 )) MiB ($before kB -> $after kB)"
