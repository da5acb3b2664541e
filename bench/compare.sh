#!/usr/bin/env bash
# The dispatcher against nginx (and HAProxy for HTTP/2), on one machine, in
# one run. See docs/BENCHMARKS.md for what is measured and why.
#
#   bash bench/compare.sh            # 3 rounds of 10 s per figure
#   ROUNDS=5 SECONDS_PER_RUN=20 bash bench/compare.sh
#   PARTS=h1 CONNECTIONS=128 bash bench/compare.sh   # HTTP/1.1 100 B only, 128 connections
#   SLICE_SECONDS=5 bash bench/compare.sh  # the HTTP/1.1 100 B peers take turns every 5 s, not 2
#   BASELINE=/tmp/dispatcher-app-before PARTS=h1 ROUNDS=5 bash bench/compare.sh
#       # A/B: another dispatcher binary (built from other code) takes its
#       # turns in the HTTP/1.1 100 B row beside this one, as peer "baseline"
#
# Core 1 runs the proxy under test (dispatcher, nginx or HAProxy, one worker
# each); core 0 runs the load generator and the upstreams. Everything listens
# on 127.0.0.1; every run is bounded in time. The figures and ratios are
# printed and kept in target/bench-compare/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=bench/nginx.sh
source bench/nginx.sh

rounds=${ROUNDS:-3}
# Which parts to run (all by default), e.g. PARTS="h1 idle".
parts=" ${PARTS:-h1 h2 mib two gib idle} "
has() { [[ "$parts" == *" $1 "* ]]; }
duration=${SECONDS_PER_RUN:-10}
# Keep-alive connections of the HTTP/1.1 100 B row (more keep both cores
# busier, at a longer latency for every peer alike).
h1_connections=${CONNECTIONS:-64}
# The HTTP/1.1 100 B peers take turns every SLICE_SECONDS (run_h1_round).
slice_seconds=${SLICE_SECONDS:-2}
idle_connections=${IDLE_CONNECTIONS:-10000}
# A second dispatcher binary for an A/B comparison in the same run (its
# figures are the "baseline" rows; the ratios are this build's over it).
baseline_bin=${BASELINE:-}
if [ -n "$baseline_bin" ] && [ ! -x "$baseline_bin" ]; then
  echo "BASELINE=$baseline_bin is not an executable" >&2
  exit 2
fi
gib_bytes=$((1024 * 1024 * 1024))
work=$root/target/bench-compare
report=$work/report.md
proxy_core=1
load_core=0

# --- what the run needs -----------------------------------------------------
need=()
command -v nginx >/dev/null || need+=(nginx)
command -v wrk >/dev/null || need+=(wrk)
command -v h2load >/dev/null || need+=(nghttp2-client)
command -v haproxy >/dev/null || need+=(haproxy)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [ "$(nproc)" -lt 2 ]; then
  echo "compare.sh pins the proxy and the load to different cores: it needs 2" >&2
  exit 1
fi
ulimit -n "$(ulimit -Hn)"

cargo build --release -q -p dispatcher-app -p dispatcher-bench
dispatcher_bin=$root/target/release/dispatcher-app
hold_bin=$root/target/release/hold
canned_bin=$root/target/release/canned-upstream
bulk_bin=$root/target/release/bulk-upstream
bulk_get_bin=$root/target/release/bulk-get

rm -rf "$work"
# The whole machine's CPU ticks at the start, for the steal time reported
# at the end (the time the hypervisor gave to other guests: where it is
# high, neither proxy had its core to itself).
read -r _ ticks_at_start <<<"$(grep '^cpu ' /proc/stat)"
mkdir -p "$work/nginx-proxy" "$work/nginx-proxy-log" "$work/nginx-proxy-2w"

# Ports: upstream nginx (h1 and h2c), bulk upstream, and the three proxies.
up=19401
up_h2=19402
bulk=19403
port_dispatcher=19411
port_nginx=19412
port_haproxy=19413
# The same two proxies with their access logs on (to files).
port_dispatcher_log=19414
port_nginx_log=19415
# Two workers each, unpinned (the load generator shares the cores).
port_dispatcher_2w=19416
port_nginx_2w=19417
# The A/B baseline (BASELINE), when given.
port_baseline=19425

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# The upstream: canned-upstream (bench/src/bin) answering the 100 B and the
# 1 MiB file from memory with nginx's response heads, over HTTP/1.1; it
# shares the load core with the load generator and costs less of it than
# nginx did. nginx serves the same over h2c, only for the HTTP/2 ceiling.
nginx_upstream_config "$work" "" $up_h2

# The nginx reverse proxy: the same work as the dispatcher's rules, streaming
# both ways (request bodies are not spooled to disk, responses never go to
# temporary files), keep-alive to the upstream; and its variants.
nginx_proxy_config "$work" nginx-proxy $port_nginx off 1 $up $bulk >"$work/nginx-proxy/nginx.conf"
nginx_proxy_config "$work" nginx-proxy-log $port_nginx_log "$work/nginx-access.log" 1 $up $bulk >"$work/nginx-proxy-log/nginx.conf"
nginx_proxy_config "$work" nginx-proxy-2w $port_nginx_2w off 2 $up $bulk >"$work/nginx-proxy-2w/nginx.conf"

cat >"$work/haproxy.cfg" <<EOF
global
    nbthread 1
    maxconn 9000
defaults
    mode http
    timeout connect 5s
    timeout client 600s
    timeout server 600s
    http-reuse always
    option forwardfor
frontend h2c
    bind 127.0.0.1:$port_haproxy proto h2
    default_backend frontend
backend frontend
    server up 127.0.0.1:$up
EOF


taskset -c $load_core nginx -p "$work/nginx-up" -c "$work/nginx-up/nginx.conf" &
pids+=($!)
taskset -c $load_core "$canned_bin" 127.0.0.1:$up &
pids+=($!)
taskset -c $load_core "$bulk_bin" 127.0.0.1:$bulk 2>/dev/null &
pids+=($!)
taskset -c $proxy_core nginx -p "$work/nginx-proxy" -c "$work/nginx-proxy/nginx.conf" &
nginx_master=$!
pids+=($nginx_master)
# The dispatcher with its defaults (one worker per core it may use: the
# one it is pinned to), its access log off as nginx's is.
dispatcher_env=(IDLE_TIMEOUT=600000 UPSTREAM_DNS=off "UPSTREAM_HOSTS=frontend=127.0.0.1:$up,resource=127.0.0.1:$bulk")
env LISTEN=127.0.0.1:$port_dispatcher RUST_LOG=warn "${dispatcher_env[@]}" \
  taskset -c $proxy_core "$dispatcher_bin" serve 2>"$work/dispatcher.log" &
dispatcher=$!
pids+=($dispatcher)
env LISTEN=127.0.0.1:$port_dispatcher_log RUST_LOG=info "${dispatcher_env[@]}" \
  taskset -c $proxy_core "$dispatcher_bin" serve 2>"$work/dispatcher-access.log" &
dispatcher_log=$!
pids+=($dispatcher_log)
if [ -n "$baseline_bin" ]; then
  env LISTEN=127.0.0.1:$port_baseline RUST_LOG=warn "${dispatcher_env[@]}" \
    taskset -c $proxy_core "$baseline_bin" serve 2>"$work/baseline.log" &
  baseline=$!
  pids+=($baseline)
fi
taskset -c $proxy_core nginx -p "$work/nginx-proxy-log" -c "$work/nginx-proxy-log/nginx.conf" &
nginx_log_master=$!
pids+=($nginx_log_master)
taskset -c $proxy_core haproxy -db -f "$work/haproxy.cfg" 2>"$work/haproxy.log" &
haproxy=$!
pids+=($haproxy)
for port in $up $up_h2 $bulk $port_dispatcher $port_nginx $((port_nginx + 100)) $port_haproxy \
  $port_dispatcher_log $port_nginx_log ${baseline_bin:+$port_baseline}; do
  wait_port "$port"
done
nginx_worker=$(pgrep -P "$nginx_master" | head -1)
nginx_log_worker=$(pgrep -P "$nginx_log_master" | head -1)

# --- measuring ----------------------------------------------------------------
ticks_per_second=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# A core's busy and total ticks from /proc/stat ("busy total").
core_ticks() { awk -v c="cpu$1" '$1 == c { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }
# The core's busy percent between two core_ticks readings.
core_busy() { # before after
  awk -v b="$1" -v a="$2" 'BEGIN { split(b, x, " "); split(a, y, " "); printf "%.0f", (y[1] - x[1]) / (y[2] - x[2]) * 100 }'
}
status_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
declare -A pid_of=([dispatcher]=$dispatcher [nginx]=$nginx_worker [haproxy]=$haproxy
  [dispatcher_log]=$dispatcher_log [nginx_log]=$nginx_log_worker)
declare -A h1_port_of=([direct]=$up [dispatcher]=$port_dispatcher [nginx]=$port_nginx
  [dispatcher_log]=$port_dispatcher_log [nginx_log]=$port_nginx_log)
# The HTTP/1.1 100 B row's peers (run_h1_round), and those of its report rows.
h1_peers=(direct dispatcher nginx dispatcher_log nginx_log)
h1_rows=(dispatcher nginx)
if [ -n "$baseline_bin" ]; then
  pid_of[baseline]=$baseline
  h1_port_of[baseline]=$port_baseline
  h1_peers+=(baseline)
  h1_rows+=(baseline)
fi
declare -A h2_port_of=([direct]=$up_h2 [dispatcher]=$port_dispatcher [nginx]=$((port_nginx + 100)) [haproxy]=$port_haproxy)

declare -A figure  # figure[test,peer,round]=value
# How busy a proxy kept its core over a run, in percent, from its CPU ticks:
# below 95 the figure measures the load generator, not the proxy.
busy() { awk -v t="$1" -v hz="$ticks_per_second" -v s="$duration" 'BEGIN { printf "%.0f", t / hz / s * 100 }'; }
record() { figure[$1,$2,$3]=$4; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.2f", a / b }'; }

# One run of the 1 MiB row for one peer. Large responses: wrk's 8 KiB
# reads would fill the load core first, so bulk-get (bench/src/bin) loads.
run_mib() { # peer round
  local peer=$1 round=$2 out before after load_before load_after requests
  local pid=${pid_of[$peer]:-}
  [ -z "$pid" ] || before=$(cpu_ticks "$pid")
  load_before=$(core_ticks $load_core)
  out=$(taskset -c $load_core "$bulk_get_bin" "127.0.0.1:${h1_port_of[$peer]}" /assets/1m.bin 16 "$duration")
  [ -z "$pid" ] || after=$(cpu_ticks "$pid")
  load_after=$(core_ticks $load_core)
  # How busy the load core was: at 100 the load side may be what limits.
  record mib.load_busy "$peer" "$round" "$(core_busy "$load_before" "$load_after")"
  requests=$(awk '/requests in/ { print $1 }' <<<"$out")
  record mib.mibs "$peer" "$round" "$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")"
  if [ -n "$pid" ]; then
    record mib.cpu_ms_per_mib "$peer" "$round" \
      "$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%.3f", t / hz * 1e3 / n }')"
    record mib.busy "$peer" "$round" "$(busy "$((after - before))")"
  fi
  printf '  %-14s %10s MiB/s  cpu/MiB %s ms  busy %s%%  load core %s%%\n' \
    "$peer" "${figure[mib.mibs,$peer,$round]}" "${figure[mib.cpu_ms_per_mib,$peer,$round]:--}" \
    "${figure[mib.busy,$peer,$round]:--}" "${figure[mib.load_busy,$peer,$round]}"
}

# The P-th percentile of "latency_us VALUE COUNT" lines (wrk histograms,
# merged): the smallest value with P% of the counts at or below it.
percentile_of() { # file p
  sort -k2,2n "$1" | awk -v p="$2" '{ v[NR] = $2; c[NR] = $3; n += $3 }
    END { for (i = 1; i <= NR; i++) { t += c[i]; if (t >= n * p / 100) { print v[i]; exit } } }'
}

# One round of the HTTP/1.1 100 B row. Each peer's SECONDS_PER_RUN is cut
# into slices of SLICE_SECONDS, and the peers take turns slice by slice,
# the first of each turn rotating: the machine's speed was seen to move by
# a fifth from one 2 s run to the next (docs/BENCHMARKS.md, "A cheaper
# upstream, and peers taking turns"), and short turns put each swing on
# every peer alike. A peer's figures pool its slices: its CPU ticks over
# its requests, its busy share over its slices' wall time, its latency
# percentiles from its slices' merged histograms (bench/wrk-histogram.lua).
run_h1_round() { # round peers...
  local round=$1
  shift
  local peers=("$@") slices=$(((duration + slice_seconds - 1) / slice_seconds))
  local -A requests=() seconds=() ticks=() load_busy=() load_all=() wall_ns=()
  local slice i peer pid before load_before load_after busy_ticks all_ticks out errors started
  for peer in "${peers[@]}"; do
    requests[$peer]=0 seconds[$peer]=0 ticks[$peer]=0 load_busy[$peer]=0 load_all[$peer]=0 wall_ns[$peer]=0
    : >"$work/h1-$round-$peer.latency"
  done
  for ((slice = 0; slice < slices; slice++)); do
    for ((i = 0; i < ${#peers[@]}; i++)); do
      peer=${peers[(slice + i) % ${#peers[@]}]}
      pid=${pid_of[$peer]:-}
      [ -z "$pid" ] || before=$(cpu_ticks "$pid")
      load_before=$(core_ticks $load_core)
      started=$(date +%s%N)
      out=$(taskset -c $load_core wrk -t1 -c"$h1_connections" -d"${slice_seconds}s" --latency \
        -s "$root/bench/wrk-histogram.lua" -H 'Accept: */*' \
        "http://127.0.0.1:${h1_port_of[$peer]}/assets/small.txt")
      [ -z "$pid" ] || ticks[$peer]=$((ticks[$peer] + $(cpu_ticks "$pid") - before))
      wall_ns[$peer]=$((wall_ns[$peer] + $(date +%s%N) - started))
      load_after=$(core_ticks $load_core)
      read -r busy_ticks all_ticks < <(awk -v b="$load_before" -v a="$load_after" \
        'BEGIN { split(b, x, " "); split(a, y, " "); print y[1] - x[1], y[2] - x[2] }')
      load_busy[$peer]=$((load_busy[$peer] + busy_ticks))
      load_all[$peer]=$((load_all[$peer] + all_ticks))
      requests[$peer]=$((requests[$peer] + $(awk '/requests in/ { print $1 }' <<<"$out")))
      seconds[$peer]=$(awk -v s="${seconds[$peer]}" '/requests in/ { sub(/s,?$/, "", $4); print s + $4 }' <<<"$out")
      grep '^latency_us ' <<<"$out" >>"$work/h1-$round-$peer.latency"
      errors=$(awk '/Non-2xx|Socket errors/' <<<"$out")
      [ -z "$errors" ] || echo "  $peer: $errors" >&2
    done
  done
  for peer in "${peers[@]}"; do
    record h1.rps "$peer" "$round" "$(awk -v n="${requests[$peer]}" -v s="${seconds[$peer]}" 'BEGIN { printf "%.2f", n / s }')"
    record h1.p50 "$peer" "$round" "$(percentile_of "$work/h1-$round-$peer.latency" 50)"
    record h1.p99 "$peer" "$round" "$(percentile_of "$work/h1-$round-$peer.latency" 99)"
    record h1.load_busy "$peer" "$round" "$(awk -v b="${load_busy[$peer]}" -v a="${load_all[$peer]}" 'BEGIN { printf "%.0f", b / a * 100 }')"
    if [ -n "${pid_of[$peer]:-}" ]; then
      record h1.cpu_us_per_req "$peer" "$round" \
        "$(awk -v t="${ticks[$peer]}" -v hz="$ticks_per_second" -v n="${requests[$peer]}" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')"
      # Over the wall time of its slices, wrk's start and end included:
      # the proxy idles then, so this errs low, never high.
      record h1.busy "$peer" "$round" \
        "$(awk -v t="${ticks[$peer]}" -v hz="$ticks_per_second" -v ns="${wall_ns[$peer]}" 'BEGIN { printf "%.0f", t / hz / (ns / 1e9) * 100 }')"
    fi
    printf '  %-14s %10s req/s  p50 %6s us  p99 %6s us  cpu/req %s us  busy %s%%  load core %s%%\n' \
      "$peer" "${figure[h1.rps,$peer,$round]}" "${figure[h1.p50,$peer,$round]}" "${figure[h1.p99,$peer,$round]}" \
      "${figure[h1.cpu_us_per_req,$peer,$round]:--}" "${figure[h1.busy,$peer,$round]:--}" "${figure[h1.load_busy,$peer,$round]}"
  done
}

run_h2load() { # peer round
  local peer=$1 round=$2 out before after
  local pid=${pid_of[$peer]:-}
  [ -n "$pid" ] && before=$(cpu_ticks "$pid")
  out=$(taskset -c $load_core h2load -t1 -c64 -m10 -D"$duration" \
    -H 'Accept: */*' "http://127.0.0.1:${h2_port_of[$peer]}/assets/small.txt")
  [ -n "$pid" ] && after=$(cpu_ticks "$pid")
  local rps succeeded
  rps=$(awk '/^finished in/ { gsub(",", "", $4); print $4 }' <<<"$out")
  succeeded=$(awk '/^requests:/ { print $8 }' <<<"$out")
  record h2.rps "$peer" "$round" "$rps"
  if [ -n "$pid" ]; then
    record h2.cpu_us_per_req "$peer" "$round" \
      "$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$succeeded" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')"
    record h2.busy "$peer" "$round" "$(busy "$((after - before))")"
  fi
  printf '  %-14s %10s req/s  succeeded %s  cpu/req %s us  busy %s%%\n' \
    "$peer" "$rps" "$succeeded" "${figure[h2.cpu_us_per_req,$peer,$round]:--}" "${figure[h2.busy,$peer,$round]:--}"
}

# Warm every path once (connection pools, page cache).
for peer in "${h1_peers[@]}"; do
  taskset -c $load_core wrk -t1 -c8 -d1s -H 'Accept: */*' \
    "http://127.0.0.1:${h1_port_of[$peer]}/assets/small.txt" >/dev/null
done

for round in $(seq "$rounds"); do
  if has h1; then
    echo "round $round: HTTP/1.1, 100 B responses, $h1_connections connections, ${duration}s each in turns of ${slice_seconds}s"
    run_h1_round "$round" "${h1_peers[@]}"
  fi
  if has h2; then
    echo "round $round: HTTP/2 (h2c prior knowledge), 64 connections x 10 streams, ${duration}s"
    for peer in direct dispatcher nginx haproxy; do
      run_h2load "$peer" "$round"
    done
  fi
  if has mib; then
    echo "round $round: HTTP/1.1, 1 MiB responses, 16 connections, ${duration}s"
    for peer in direct dispatcher nginx; do
      run_mib "$peer" "$round"
    done
  fi
done

# Two workers each, not pinned: the load generator and the upstream share
# the two cores with them, so these figures have no target; they show that
# the workers spread the load. CPU is summed over the processes that serve
# (the dispatcher's one, nginx's two workers).
if has two; then
  echo "two workers each, unpinned: HTTP/1.1, 100 B responses, 64 connections, ${duration}s"
  env LISTEN=127.0.0.1:$port_dispatcher_2w WORKERS=2 RUST_LOG=warn "${dispatcher_env[@]}" \
    "$dispatcher_bin" serve 2>"$work/dispatcher-2w.log" &
  dispatcher_2w=$!
  pids+=($dispatcher_2w)
  nginx -p "$work/nginx-proxy-2w" -c "$work/nginx-proxy-2w/nginx.conf" &
  nginx_2w_master=$!
  pids+=($nginx_2w_master)
  wait_port $port_dispatcher_2w
  wait_port $port_nginx_2w
  two_workers() { # peer port pids...
    local peer=$1 port=$2 before=0 after=0 pid out
    shift 2
    for pid in "$@"; do before=$((before + $(cpu_ticks "$pid"))); done
    out=$(wrk -t2 -c64 -d"${duration}s" -H 'Accept: */*' "http://127.0.0.1:$port/assets/small.txt")
    for pid in "$@"; do after=$((after + $(cpu_ticks "$pid"))); done
    local requests rps
    requests=$(awk '/requests in/ { print $1 }' <<<"$out")
    rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
    record w2.rps "$peer" 1 "$rps"
    record w2.cpu_us_per_req "$peer" 1 \
      "$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')"
    printf '  %-14s %10s req/s  cpu/req %s us\n' "$peer" "$rps" "${figure[w2.cpu_us_per_req,$peer,1]}"
  }
  wrk -t2 -c8 -d1s -H 'Accept: */*' "http://127.0.0.1:$port_dispatcher_2w/assets/small.txt" >/dev/null
  wrk -t2 -c8 -d1s -H 'Accept: */*' "http://127.0.0.1:$port_nginx_2w/assets/small.txt" >/dev/null
  two_workers dispatcher $port_dispatcher_2w $dispatcher_2w
  # shellcheck disable=SC2046
  two_workers nginx $port_nginx_2w $(pgrep -P "$nginx_2w_master")
  kill "$dispatcher_2w" "$nginx_2w_master" 2>/dev/null || true
fi

# 1 GiB each way through each proxy, with its peak RSS growth over them.
transfer() { # peer try
  local peer=$1 try=$2 port
  if [ "$peer" = direct ]; then port=$bulk; else port=${h1_port_of[$peer]}; fi
  local down up pid=${pid_of[$peer]:-} before after load_before load_after
  # Who set the download's pace: the proxy's busy share of its core over
  # the transfer, and the load core's (curl and the upstream).
  [ -z "$pid" ] || before=$(cpu_ticks "$pid")
  load_before=$(core_ticks $load_core)
  down=$(taskset -c $load_core curl -s -o /dev/null --max-time 300 -H 'Accept: application/json' \
    -w '%{size_download} %{speed_download} %{time_total}' "http://127.0.0.1:$port/themes/download?bytes=$gib_bytes")
  [ -z "$pid" ] || after=$(cpu_ticks "$pid")
  load_after=$(core_ticks $load_core)
  record gib.load_busy_try "$peer" "$try" "$(core_busy "$load_before" "$load_after")"
  [ -z "$pid" ] || record gib.busy_try "$peer" "$try" "$(awk -v t=$((after - before)) -v hz="$ticks_per_second" \
    -v s="${down##* }" 'BEGIN { printf "%.0f", t / hz / s * 100 }')"
  down=${down% *}
  # The upstream answers an upload with the byte count it received.
  up=$(head -c "$gib_bytes" /dev/zero | taskset -c $load_core curl -s --max-time 300 \
    -H 'Accept: application/json' -T - -X POST -w ' %{speed_upload}' \
    "http://127.0.0.1:$port/themes/upload")
  [ "${down%% *}" = "$gib_bytes" ] || echo "  $peer: download was ${down%% *} bytes" >&2
  [[ "$up" == "received $gib_bytes bytes"* ]] || echo "  $peer: upload answered ${up% *}" >&2
  record gib.down_try "$peer" "$try" "$(awk -v s="${down#* }" 'BEGIN { printf "%.0f", s / 1048576 }')"
  record gib.up_try "$peer" "$try" "$(awk -v s="${up##* }" 'BEGIN { printf "%.0f", s / 1048576 }')"
}
# Three transfers each way per peer, the peers taking turns: one transfer
# lasts about a second, and single ones were seen 2 x apart on this machine.
if has gib; then
  echo "1 GiB download and upload, 3 times each"
  declare -A hwm_before
  for peer in dispatcher nginx; do hwm_before[$peer]=$(status_kib "${pid_of[$peer]}" VmHWM); done
  for try in 1 2 3; do
    for peer in direct dispatcher nginx; do transfer "$peer" "$try"; done
  done
  for peer in direct dispatcher nginx; do
    for way in down up load_busy busy; do
      [ -n "${figure[gib.${way}_try,$peer,1]:-}" ] || continue
      record "gib.$way" "$peer" 1 "$(for try in 1 2 3; do echo "${figure[gib.${way}_try,$peer,$try]}"; done | median)"
    done
    if [ "$peer" != direct ]; then
      record gib.hwm_growth_kib "$peer" 1 $(($(status_kib "${pid_of[$peer]}" VmHWM) - hwm_before[$peer]))
    fi
    printf '  %-10s down %s MiB/s (%s; busy %s%%, load core %s%%)  up %s MiB/s (%s)  peak RSS growth %s KiB\n' "$peer" \
      "${figure[gib.down,$peer,1]}" "$(for try in 1 2 3; do printf '%s ' "${figure[gib.down_try,$peer,$try]}"; done)" \
      "${figure[gib.busy,$peer,1]:--}" "${figure[gib.load_busy,$peer,1]}" \
      "${figure[gib.up,$peer,1]}" "$(for try in 1 2 3; do printf '%s ' "${figure[gib.up_try,$peer,$try]}"; done)" \
      "${figure[gib.hwm_growth_kib,$peer,1]:--}"
  done
fi

for peer in dispatcher nginx haproxy; do
  record peak_rss_kib "$peer" 1 "$(status_kib "${pid_of[$peer]}" VmHWM)"
done

# Idle keep-alive connections, on a fresh process of each proxy (started
# for this, pinned as above, warmed by a few requests): RSS before, and
# while IDLE_CONNECTIONS are held, each after one browser-size request.
if has idle; then
  # Each measurement on fresh processes: memory one left behind would be
  # reused by the next and hide its cost.
  idle_port=19418
  measure_idle() { # key path label
    local key=$1 path=$2 label=$3
    echo "idle: $idle_connections keep-alive connections held open, $label"
    local port_d=$idle_port port_n=$((idle_port + 1))
    idle_port=$((idle_port + 2))
    mkdir -p "$work/nginx-proxy-$key"
    nginx_proxy_config "$work" "nginx-proxy-$key" $port_n off 1 $up $bulk >"$work/nginx-proxy-$key/nginx.conf"
    env LISTEN=127.0.0.1:$port_d RUST_LOG=warn "${dispatcher_env[@]}" \
      taskset -c $proxy_core "$dispatcher_bin" serve 2>"$work/dispatcher-$key.log" &
    local dispatcher_idle=$!
    pids+=($dispatcher_idle)
    taskset -c $proxy_core nginx -p "$work/nginx-proxy-$key" -c "$work/nginx-proxy-$key/nginx.conf" &
    local nginx_idle_master=$!
    pids+=($nginx_idle_master)
    wait_port $port_d
    wait_port $port_n
    declare -A idle_pid_of=([dispatcher]=$dispatcher_idle [nginx]=$(pgrep -P "$nginx_idle_master" | head -1))
    declare -A idle_port_of=([dispatcher]=$port_d [nginx]=$port_n)
    for peer in dispatcher nginx; do
      pid=${idle_pid_of[$peer]}
      taskset -c $load_core "$hold_bin" "127.0.0.1:${idle_port_of[$peer]}" 100 /assets/small.txt 0 >/dev/null
      sleep 1
      before=$(status_kib "$pid" VmRSS)
      fifo=$work/hold-$key-$peer
      mkfifo "$fifo"
      taskset -c $load_core "$hold_bin" "127.0.0.1:${idle_port_of[$peer]}" "$idle_connections" \
        "$path" 15 >"$fifo" &
      holder=$!
      read -r _ held _ failed _ <"$fifo"
      sleep 2
      during=$(status_kib "$pid" VmRSS)
      kill "$holder" 2>/dev/null || true
      wait "$holder" 2>/dev/null || true
      record "$key.rss_kib" "$peer" 1 "$during"
      record "$key.bytes_per_conn" "$peer" 1 $(((during - before) * 1024 / held))
      printf '  %-10s held %s (failed %s): RSS %s KiB -> %s KiB, %s bytes per connection\n' \
        "$peer" "$held" "$failed" "$before" "$during" "${figure[$key.bytes_per_conn,$peer,1]}"
    done
    kill "$dispatcher_idle" "$nginx_idle_master" 2>/dev/null || true
  }
  measure_idle idle /assets/small.txt "each after one browser-size request"
  measure_idle silent - "each silent (opened, nothing sent yet)"
fi

# --- the report ----------------------------------------------------------------

{
  echo "# bench/compare.sh: $(date -u +%Y-%m-%dT%H:%MZ), $rounds rounds of ${duration}s, HTTP/1.1 100 B over $h1_connections connections in turns of ${slice_seconds}s"
  echo
  echo "$(nproc) cores: $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo); $(uname -r)"
  read -r _ ticks_at_end <<<"$(grep '^cpu ' /proc/stat)"
  # Fields: user nice system idle iowait irq softirq steal ...
  awk -v a="$ticks_at_start" -v b="$ticks_at_end" 'BEGIN {
    n = split(a, x, " "); split(b, y, " ")
    for (i = 1; i <= 8 && i <= n; i++) { d[i] = y[i] - x[i]; total += d[i] }
    if (total > 0) printf "steal over the run: %.0f%% of the machine'"'"'s CPU time\n", 100 * d[8] / total
  }'
  echo "$(nginx -v 2>&1); $(haproxy -v | head -1 | cut -d' ' -f1-3); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); $(h2load --version | head -1)"
  echo
  echo "| figure | peer | $(for r in $(seq "$rounds"); do printf 'round %s | ' "$r"; done)median | dispatcher / peer, per round | median ratio |"
  echo "|---|---|$(for _ in $(seq "$rounds"); do printf -- '---|'; done)---|---|---|"
  row() { # key label peers...
    local key=$1 label=$2
    shift 2
    # A part left out by PARTS has no figures: no row.
    [ -n "${figure[$key,dispatcher,1]:-}" ] || return 0
    for peer in "$@"; do
      local values=() ratios=()
      for r in $(seq "$rounds"); do
        values+=("${figure[$key,$peer,$r]:-}")
        if [ "$peer" != dispatcher ] && [ "$peer" != direct ]; then
          ratios+=("$(ratio "${figure[$key,dispatcher,$r]:-0}" "${figure[$key,$peer,$r]:-0}")")
        fi
      done
      local med ratio_text="" ratio_median=""
      med=$(printf '%s\n' "${values[@]}" | median)
      if [ ${#ratios[@]} -gt 0 ]; then
        ratio_text=${ratios[*]}
        ratio_median=$(printf '%s\n' "${ratios[@]}" | median)
      fi
      echo "| $label | $peer | $(printf '%s | ' "${values[@]}")$med | $ratio_text | $ratio_median |"
    done
  }
  row h1.rps "HTTP/1.1 100 B, req/s" direct "${h1_rows[@]}"
  row h1.p50 "HTTP/1.1 100 B, p50 µs" direct "${h1_rows[@]}"
  row h1.p99 "HTTP/1.1 100 B, p99 µs" direct "${h1_rows[@]}"
  row h1.cpu_us_per_req "HTTP/1.1 100 B, proxy CPU µs/request" "${h1_rows[@]}"
  row h1.busy "HTTP/1.1 100 B, proxy busy % of its core" "${h1_rows[@]}"
  row h2.rps "h2c 100 B, req/s" direct dispatcher nginx haproxy
  row h2.cpu_us_per_req "h2c 100 B, proxy CPU µs/request" dispatcher nginx haproxy
  row h2.busy "h2c 100 B, proxy busy % of its core" dispatcher nginx haproxy
  row mib.mibs "HTTP/1.1 1 MiB, MiB/s" direct dispatcher nginx
  row mib.cpu_ms_per_mib "HTTP/1.1 1 MiB, proxy CPU ms/MiB" dispatcher nginx
  row mib.busy "HTTP/1.1 1 MiB, proxy busy % of its core" dispatcher nginx
  row mib.load_busy "HTTP/1.1 1 MiB, load core busy %" direct dispatcher nginx
  if [ -n "${figure[h1.cpu_us_per_req,dispatcher_log,1]:-}" ]; then
  echo
  echo "With access logs on (the dispatcher's to stderr redirected to a file, nginx's access_log to a file), HTTP/1.1 100 B:"
  echo
  echo "| figure | proxy | $(for r in $(seq "$rounds"); do printf 'round %s | ' "$r"; done)median |"
  echo "|---|---|$(for _ in $(seq "$rounds"); do printf -- '---|'; done)---|"
  growth() { # proxy logged
    local values=() r
    for r in $(seq "$rounds"); do
      values+=("$(ratio "${figure[h1.cpu_us_per_req,$2,$r]}" "${figure[h1.cpu_us_per_req,$1,$r]}")")
    done
    echo "| CPU per request, log on / log off | $1 | $(printf '%s | ' "${values[@]}")$(printf '%s\n' "${values[@]}" | median) |"
  }
  growth dispatcher dispatcher_log
  growth nginx nginx_log
  fi
  if [ -n "${figure[w2.rps,dispatcher,1]:-}" ]; then
  echo
  echo "Two workers each, unpinned (no target: the load generator shares the cores):"
  echo
  echo "| figure | dispatcher | nginx | dispatcher / nginx |"
  echo "|---|---|---|---|"
  echo "| req/s | ${figure[w2.rps,dispatcher,1]} | ${figure[w2.rps,nginx,1]} | $(ratio "${figure[w2.rps,dispatcher,1]}" "${figure[w2.rps,nginx,1]}") |"
  echo "| CPU µs/request | ${figure[w2.cpu_us_per_req,dispatcher,1]} | ${figure[w2.cpu_us_per_req,nginx,1]} | $(ratio "${figure[w2.cpu_us_per_req,dispatcher,1]}" "${figure[w2.cpu_us_per_req,nginx,1]}") |"
  fi
  echo
  echo "Once per proxy (the 1 GiB rows: medians of three transfers):"
  echo
  echo "| figure | direct | dispatcher | nginx | haproxy | dispatcher / nginx |"
  echo "|---|---|---|---|---|---|"
  single() { # key label
    echo "| $2 | ${figure[$1,direct,1]:--} | ${figure[$1,dispatcher,1]:--} | ${figure[$1,nginx,1]:--} | ${figure[$1,haproxy,1]:--} | $(ratio "${figure[$1,dispatcher,1]:-0}" "${figure[$1,nginx,1]:-0}") |"
  }
  single gib.down "1 GiB download, MiB/s"
  single gib.busy "1 GiB download, proxy busy % of its core"
  single gib.load_busy "1 GiB download, load core busy %"
  single gib.up "1 GiB upload, MiB/s"
  single gib.hwm_growth_kib "peak RSS growth over the 1 GiB transfers, KiB"
  single peak_rss_kib "peak RSS after all runs (VmHWM), KiB"
  single idle.rss_kib "RSS with $idle_connections idle keep-alive connections, KiB"
  single idle.bytes_per_conn "RSS per idle keep-alive connection, bytes"
  single silent.bytes_per_conn "RSS per connection opened with nothing sent yet, bytes"
  echo
  echo "nginx figures are its one worker process (the master adds $(status_kib "$nginx_master" VmRSS) KiB of RSS and no CPU)."
} >"$report"
echo
cat "$report"
