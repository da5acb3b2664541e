#!/usr/bin/env bash
# Measurements of the dispatcher alone (and of nginx as the same proxy),
# behind the same upstream (canned-upstream) and with the same settings as
# bench/compare.sh:
#
#   bash bench/proxy-profile.sh instructions [SECONDS]
#       user-space instructions per proxied request (valgrind's callgrind,
#       switched on after a warm-up, wrk -c8 for SECONDS, default 6)
#   bash bench/proxy-profile.sh h2-instructions [SECONDS]
#       the same count per h2c request (h2load -c8 -m10, prior knowledge)
#   bash bench/proxy-profile.sh nginx-instructions [SECONDS]
#       the same count for nginx as the reverse proxy of bench/compare.sh
#       (one process: `master_process off`), the peer to compare it with
#   bash bench/proxy-profile.sh nginx-h2-instructions [SECONDS]
#       the same for nginx's h2c listener, under the load of h2-instructions
#   bash bench/proxy-profile.sh syscalls [SECONDS]
#       system calls per proxied request, by name (strace -c on the
#       dispatcher while wrk -c8 runs for SECONDS, default 5)
#   bash bench/proxy-profile.sh h2-syscalls|nginx-h2-syscalls [SECONDS]
#       the same per h2c request (h2load -c8 -m10), of the dispatcher or
#       of nginx
#   bash bench/proxy-profile.sh perf [SECONDS]
#       where each proxy's time goes: `perf record` on the dispatcher, then
#       on nginx, each under wrk -c64 for SECONDS (default 5); prints the
#       share of user space, libc, vDSO and kernel, and the top symbols
#   bash bench/proxy-profile.sh h2-perf [SECONDS]
#       the same under h2load -c64 -m10 (h2c), nginx on its h2c listener
#   bash bench/proxy-profile.sh segments [SECONDS]
#       TCP segments and bytes per request on the whole machine (client,
#       proxy, upstream; `nstat`), under wrk -c64 through each proxy
#   bash bench/proxy-profile.sh latency [SECONDS]
#       wrk's latency percentiles through each proxy, taking turns twice
#       (wrk -t2 -c64 --latency for SECONDS, default 5)
#   bash bench/proxy-profile.sh tail [SECONDS]
#       where each proxy's slowest 1% come from: by connection or by moment
#       (bench/src/bin/tail-shape.rs, 64 and then 128 connections, each
#       proxy in turn, SECONDS each, default 10)
#   bash bench/proxy-profile.sh download [TRIES]
#       who sets a one-connection 1 GiB download's pace: curl through each
#       proxy in turn (and straight to bulk-upstream), TRIES times (default
#       3); per download the rate, the proxy's busy share of its core, the
#       load core's, and the CPU seconds of bulk-upstream and of curl
#   bash bench/proxy-profile.sh idle [CONNECTIONS]
#       RSS per idle keep-alive connection (bench/src/bin/hold.rs holds
#       CONNECTIONS, default 5000, each after one answered request)
#
# RUST_LOG (default warn: no access lines) is passed to the dispatcher:
# `RUST_LOG=info bash bench/proxy-profile.sh instructions` counts what an
# access line costs.
#
# Loopback only; every run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=bench/nginx.sh
source bench/nginx.sh

mode=${1:-}
case "$mode" in
  instructions | h2-instructions | nginx-instructions | nginx-h2-instructions) seconds=${2:-6} ;;
  idle) connections=${2:-5000} ;;
  syscalls | h2-syscalls | nginx-h2-syscalls | perf | h2-perf | segments | latency) seconds=${2:-5} ;;
  tail) seconds=${2:-10} ;;
  download) tries=${2:-3} ;;
  *) echo "usage: bench/proxy-profile.sh instructions|h2-instructions|nginx-instructions|nginx-h2-instructions|syscalls|h2-syscalls|nginx-h2-syscalls|perf|h2-perf|segments|latency|tail [SECONDS] | idle [CONNECTIONS] | download [TRIES]" >&2; exit 2 ;;
esac

need=()
command -v nginx >/dev/null || need+=(nginx)
command -v wrk >/dev/null || need+=(wrk)
[[ "$mode" != *instructions ]] || command -v valgrind >/dev/null || need+=(valgrind)
[[ "$mode" != *syscalls ]] || command -v strace >/dev/null || need+=(strace)
[[ "$mode" != *perf ]] || command -v perf >/dev/null || need+=(linux-perf)
[ "$mode" != segments ] || command -v nstat >/dev/null || need+=(iproute2)
[ "$mode" != download ] || command -v curl >/dev/null || need+=(curl)
[[ "$mode" != *h2-* ]] || command -v h2load >/dev/null || need+=(nghttp2-client)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
ulimit -n "$(ulimit -Hn)"
cargo build --release -q -p dispatcher-app -p dispatcher-bench

work=$root/target/bench-profile
rm -rf "$work"
mkdir -p "$work"
up=19451
port=19452

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# The upstream of bench/compare.sh: canned-upstream (bench/src/bin), the
# 100 B and 1 MiB files from memory with nginx's response heads.
taskset -c 0 "$root/target/release/canned-upstream" 127.0.0.1:$up &
pids+=($!)
wait_port $up

serve() { # COMMAND PREFIX...
  LISTEN=127.0.0.1:$port WORKERS=1 RUST_LOG=${RUST_LOG:-warn} IDLE_TIMEOUT=600000 \
    UPSTREAM_DNS=off UPSTREAM_HOSTS=frontend=127.0.0.1:$up \
    "$@" "$root/target/release/dispatcher-app" serve 2>"$work/dispatcher.log" &
  dispatcher=$!
  pids+=($dispatcher)
  wait_port $port
}
load() { # SECONDS CONNECTIONS
  if [[ "$mode" = *h2-* ]]; then
    # Printed as wrk prints its count, for the awk below.
    taskset -c 0 h2load -t1 -c"$2" -m10 -D"$1" -H 'Accept: */*' "http://127.0.0.1:${target:-$port}/assets/small.txt" \
      | awk '/^requests:/ { print $8, "requests in" }'
  else
    taskset -c 0 wrk -t1 -c"$2" -d"$1s" -H 'Accept: */*' "http://127.0.0.1:${target:-$port}/assets/small.txt"
  fi
}

# Counts the user-space instructions of the process PID (started under
# callgrind with counting off) over a load of SECONDS, after a warm-up.
count_instructions() { # PID LABEL
  load 2 8 >/dev/null
  callgrind_control -i on "$1" >/dev/null 2>&1
  requests=$(load "$seconds" 8 | awk '/requests in/ { print $1 }')
  callgrind_control -d "$1" >/dev/null 2>&1
  sleep 1
  dump=$(ls "$work"/callgrind."$1".* | head -1)
  total=$(awk '/^(summary|totals):/ { print $2; exit }' "$dump")
  echo "$2instructions per proxied request: $((total / requests)) ($total over $requests requests; profile in $dump)"
}
callgrind=(valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/callgrind.%p")

# nginx as the proxy (one process), on PORT, started under PREFIX.
serve_nginx() { # PORT PREFIX...
  local at=$1
  shift
  mkdir -p "$work/nginx-proxy"
  nginx_proxy_config "$work" nginx-proxy "$at" off 1 $up $up \
    | sed 's/^master_process on;/master_process off;/' >"$work/nginx-proxy/nginx.conf"
  "$@" nginx -p "$work/nginx-proxy" -c "$work/nginx-proxy/nginx.conf" 2>"$work/nginx.log" &
  proxy=$!
  pids+=($proxy)
  wait_port "$at"
}

case "$mode" in
  instructions)
    serve taskset -c 1 "${callgrind[@]}"
    count_instructions "$dispatcher" ""
    ;;
  h2-instructions)
    serve taskset -c 1 "${callgrind[@]}"
    count_instructions "$dispatcher" "h2c: "
    ;;
  nginx-instructions)
    serve_nginx $port taskset -c 1 "${callgrind[@]}"
    count_instructions "$proxy" "nginx: "
    ;;
  nginx-h2-instructions)
    # nginx's h2c listener is its HTTP/1.1 port + 100 (bench/nginx.sh).
    serve_nginx $port taskset -c 1 "${callgrind[@]}"
    target=$((port + 100))
    count_instructions "$proxy" "nginx h2c: "
    ;;
  perf | h2-perf)
    serve taskset -c 1
    serve_nginx $((port + 1)) taskset -c 1
    # nginx's h2c listener is its HTTP/1.1 port + 100 (bench/nginx.sh).
    nginx_target=$((port + 1))
    [ "$mode" = perf ] || nginx_target=$((port + 101))
    for peer in "dispatcher $dispatcher $port" "nginx $proxy $nginx_target"; do
      read -r name pid target <<<"$peer"
      load 2 64 >/dev/null
      perf record -q -F 4999 -p "$pid" -o "$work/perf.$name.data" -- sleep $((seconds + 1)) 2>/dev/null &
      recorder=$!
      sleep 0.3
      load "$seconds" 64 >/dev/null
      wait "$recorder" || true
      echo "== $name: share of samples by object, then the top symbols ($work/perf.$name.data)"
      # sed, not head: the whole report is read (pipefail would take a
      # report cut short by SIGPIPE for a failure).
      perf report -i "$work/perf.$name.data" --no-children --sort dso 2>/dev/null | grep -v -e '^#' -e '^$' | sed -n 1,5p
      perf report -i "$work/perf.$name.data" --no-children --sort dso,sym 2>/dev/null | grep -v -e '^#' -e '^$' | sed -n 1,25p
    done
    ;;
  latency)
    serve taskset -c 1
    serve_nginx $((port + 1)) taskset -c 1
    for _ in 1 2; do
      for peer in "dispatcher $port" "nginx $((port + 1))"; do
        read -r name target <<<"$peer"
        echo "== $name"
        taskset -c 0 wrk -t2 -c64 -d"${seconds}s" --latency -H 'Accept: */*' \
          "http://127.0.0.1:$target/assets/small.txt" | grep -E '^ +[0-9]+%|Requests/sec'
      done
    done
    ;;
  tail)
    serve taskset -c 1
    serve_nginx $((port + 1)) taskset -c 1
    for connections in 64 128; do
      for peer in "dispatcher $port" "nginx $((port + 1))"; do
        read -r name target <<<"$peer"
        echo "== $name, $connections connections"
        taskset -c 0 "$root/target/release/tail-shape" "127.0.0.1:$target" /assets/small.txt \
          "$connections" "$seconds"
      done
    done
    ;;
  segments)
    serve taskset -c 1
    serve_nginx $((port + 1)) taskset -c 1
    for peer in "dispatcher $port" "nginx $((port + 1))"; do
      read -r name target <<<"$peer"
      load 2 64 >/dev/null
      nstat -n >/dev/null
      answered=$(load "$seconds" 64 | awk '/requests in/ { print $1 }')
      echo "== $name, per request over $answered requests:"
      nstat | awk -v n="$answered" 'NR > 1 && $2 / n >= 0.01 { printf "  %-24s %.3f\n", $1, $2 / n }'
    done
    ;;
  syscalls | h2-syscalls | nginx-h2-syscalls)
    if [ "$mode" = nginx-h2-syscalls ]; then
      serve_nginx $port taskset -c 1
      traced=$proxy
      target=$((port + 100))
    else
      serve taskset -c 1
      traced=$dispatcher
    fi
    load 2 8 >/dev/null
    strace -c -f -q -o "$work/strace" -p "$traced" &
    tracer=$!
    sleep 1
    # wrk's own count: the requests answered while strace watched.
    answered=$(load "$seconds" 8 | awk '/requests in/ { print $1 }')
    kill -INT "$tracer"
    wait "$tracer" 2>/dev/null || true
    echo "system calls per proxied request over $answered requests:"
    # strace -c columns: % time, seconds, usecs/call, calls, [errors,] name.
    awk -v n="$answered" '$4 ~ /^[0-9]+$/ && $NF != "total" { printf "  %-16s %.3f\n", $NF, $4 / n }' "$work/strace"
    ;;
  download)
    bulk=$((port + 2))
    taskset -c 0 "$root/target/release/bulk-upstream" 127.0.0.1:$bulk 2>/dev/null &
    upstream=$!
    pids+=($upstream)
    wait_port $bulk
    LISTEN=127.0.0.1:$port WORKERS=1 RUST_LOG=${RUST_LOG:-warn} IDLE_TIMEOUT=600000 \
      UPSTREAM_DNS=off UPSTREAM_HOSTS=frontend=127.0.0.1:$up,resource=127.0.0.1:$bulk \
      taskset -c 1 "$root/target/release/dispatcher-app" serve 2>"$work/dispatcher.log" &
    dispatcher=$!
    pids+=($dispatcher)
    wait_port $port
    # nginx's HTTP/1.1 port, with its h2c one at + 100 (bench/nginx.sh).
    mkdir -p "$work/nginx-proxy"
    nginx_proxy_config "$work" nginx-proxy $((port + 1)) off 1 $up $bulk \
      | sed 's/^master_process on;/master_process off;/' >"$work/nginx-proxy/nginx.conf"
    taskset -c 1 nginx -p "$work/nginx-proxy" -c "$work/nginx-proxy/nginx.conf" 2>"$work/nginx.log" &
    proxy=$!
    pids+=($proxy)
    wait_port $((port + 1))
    ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
    core() { awk '$1 == "cpu0" { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }
    hz=$(getconf CLK_TCK)
    for try in $(seq "$tries"); do
      for peer in "direct $bulk -" "dispatcher $port $dispatcher" "nginx $((port + 1)) $proxy"; do
        read -r name target pid <<<"$peer"
        before=0
        [ "$pid" = - ] || before=$(ticks "$pid")
        upstream_before=$(ticks "$upstream")
        core_before=$(core)
        # curl's own CPU time from bash's `times` in a subshell: user, system.
        out=$( (taskset -c 0 curl -s -o /dev/null -H 'Accept: application/json' -w '%{speed_download} %{time_total}' \
          "http://127.0.0.1:$target/themes/download?bytes=1073741824"; echo; times) )
        core_after=$(core)
        after=0
        [ "$pid" = - ] || after=$(ticks "$pid")
        upstream_after=$(ticks "$upstream")
        awk -v name="$name" -v hz="$hz" -v proxy=$((after - before)) -v up=$((upstream_after - upstream_before)) \
          -v b="$core_before" -v a="$core_after" -v pinned="$pid" '
          NR == 1 { speed = $1; secs = $2 }
          NR == 3 { split($1, u, /[ms]/); split($2, s, /[ms]/); curl = u[1] * 60 + u[2] + s[1] * 60 + s[2] }
          END {
            split(b, x, " "); split(a, y, " ")
            printf "%-10s %5.0f MiB/s  proxy busy %s  load core %3.0f%%  bulk-upstream %.2f s/GiB  curl %.2f s/GiB\n", name, speed / 1048576,
              pinned == "-" ? "  -" : sprintf("%3.0f%%", proxy / hz / secs * 100),
              (y[1] - x[1]) / (y[2] - x[2]) * 100, up / hz, curl
          }' <<<"$out"
      done
    done
    ;;
  idle)
    serve taskset -c 1
    load 2 64 >/dev/null
    rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$dispatcher/status"; }
    before=$(rss)
    fifo=$work/hold
    mkfifo "$fifo"
    taskset -c 0 "$root/target/release/hold" "127.0.0.1:$port" "$connections" /assets/small.txt 8 >"$fifo" &
    holder=$!
    read -r _ held _ failed _ <"$fifo"
    sleep 2
    during=$(rss)
    kill "$holder" 2>/dev/null || true
    echo "held $held (failed $failed): RSS $before KiB -> $during KiB, $(((during - before) * 1024 / held)) bytes per idle connection"
    ;;
esac
