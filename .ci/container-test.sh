#!/usr/bin/env bash
# The images, tested for real with podman: builds both targets of the
# Dockerfile as written, runs them, and prints the figures of
# docs/container-images.md.
#
#   production  answers a request, runs as uid 10001, exits 0 on SIGTERM
#               within the grace period; a one-rule change rebuilds only the
#               app crate (the dependencies' layer is reused)
#   dev         /config with a dispatcher.ex: migrated (report in the log)
#               and served; unchanged, restarted: not rebuilt; a dispatcher.rs
#               next to it wins; a one-rule change and a restart: the new rule
#               answers; unchanged again: not rebuilt; a bad rule: exit 1
#               with the macro's message in the log; a dispatcher.ex that
#               does not convert whole: exit 1 with the report's line
#
# Installs podman, runc, debootstrap and curl with apt-get if missing. Base
# images: those present are used, missing ones are pulled, and when that
# fails (no registry reachable) .ci/container-bases.sh builds stand-ins.
# Containers use the host's network, on random loopback ports; every wait
# is bounded; containers and temporary files are removed on exit (images
# are kept: the next run reuses their layers; KEEP=0 removes them too).
#
# Skips (loudly; exit 0, or CONTAINER_TEST_SKIP_EXIT when set) only where
# podman cannot run at all: not root, no password-less sudo, and no working
# rootless podman; or `podman info` failing. Anything else that goes wrong
# fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# The files given to the containers are read by uid 10001.
umask 022

say() { echo "container-test: $*"; }
fail() { echo "container-test: FAILED: $*" >&2; exit 1; }
skip() {
  echo "################################################################" >&2
  echo "container-test: SKIPPED, the images were NOT tested: $*" >&2
  echo "################################################################" >&2
  exit "${CONTAINER_TEST_SKIP_EXIT:-0}"
}

# --- Can podman run here? ----------------------------------------------------
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    exec sudo -n --preserve-env=KEEP,CI,CONTAINER_TEST_SKIP_EXIT bash "$0" "$@"
  fi
  command -v podman >/dev/null || skip "not root, no password-less sudo to install podman with"
  podman info >/dev/null 2>&1 || skip "not root, no password-less sudo, and rootless podman does not run (user namespaces?)"
  say "not root: rootless podman"
else
  need=()
  for p in podman runc debootstrap curl; do command -v "$p" >/dev/null || need+=("$p"); done
  if [ ${#need[@]} -gt 0 ]; then
    say "installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  podman info >/dev/null 2>"${TMPDIR:-/tmp}/container-test-info.err" \
    || skip "podman does not run on this machine: $(tail -1 "${TMPDIR:-/tmp}/container-test-info.err")"
fi
eval "$(bash .ci/container-bases.sh --print-flags)"
# Every podman call is bounded; longer waits say their own bound.
pm() { timeout 300 podman $PODMAN_GLOBAL "$@"; }
podman --version

work=$(mktemp -d "${TMPDIR:-/tmp}/container-test.XXXXXX")
chmod 755 "$work"
containers=()
tag=localhost/dispatcher-test
cleanup() {
  set +e
  for c in "${containers[@]}"; do pm rm -f -t 0 "$c" >/dev/null 2>&1; done
  pm rmi "$tag:rebuilt" >/dev/null 2>&1
  if [ "${KEEP:-1}" = 0 ]; then pm rmi "$tag:production" "$tag:dev" >/dev/null 2>&1; fi
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s%N; }
ms_since() { echo $((($(now) - $1) / 1000000)); }
seconds() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
figures=()
figure() { figures+=("$1"); say "figure: $1"; }

# --- Base images ---------------------------------------------------------------
bases=$(awk 'toupper($1) == "FROM" && $2 ~ /:/ { print $2 }' Dockerfile | sort -u)
missing=0
for base in $bases; do
  pm image exists "docker.io/library/$base" && continue
  if timeout 600 podman pull -q "docker.io/library/$base" >/dev/null 2>"$work/pull.err"; then
    say "pulled $base"
  else
    say "cannot pull $base ($(tail -1 "$work/pull.err" | cut -c1-160))"
    missing=1
  fi
done
if [ "$missing" = 1 ]; then
  [ "$(id -u)" -eq 0 ] || skip "base images missing, no registry, and stand-ins need root"
  say "building stand-ins for the base images (.ci/container-bases.sh)"
  start=$(now)
  timeout 1800 bash .ci/container-bases.sh
  say "stand-ins built in $(seconds "$(ms_since "$start")") s"
fi

# --- Builds --------------------------------------------------------------------
build() { # log name, podman build arguments...
  local log=$work/build-$1.log
  shift
  timeout 3600 podman $PODMAN_GLOBAL build $PODMAN_BUILD "$@" >"$log" 2>&1 \
    || { tail -40 "$log" >&2; fail "podman build $*"; }
}
# Which crates a build compiled.
compiled() { sed -n 's/^ *Compiling \([^ ]*\) .*/\1/p' "$1" | sort | tr '\n' ' '; }

start=$(now)
build production -t "$tag:production" .
production_build=$(ms_since "$start")
cached_deps=no
grep -q 'Compiling tokio ' "$work/build-production.log" || cached_deps=yes
figure "build of the production image: $(seconds "$production_build") s (dependencies' layer from the cache: $cached_deps)"
start=$(now)
build dev --target dev -t "$tag:dev" .
figure "build of the dev image, after the production one: $(seconds "$(ms_since "$start")") s"

# A one-rule change, in a copy of the context (the checkout is not touched).
mkdir "$work/context"
tar -C "$root" --exclude=./target --exclude=./.git --exclude=./fuzz --exclude=./wip -c . | tar -C "$work/context" -x
# (A new text each run, so that no earlier run's layers hold it.)
changed="Route not found, $(date +%s%N)"
sed -i "s/\"Route not found\"/\"$changed\"/" "$work/context/dispatcher-app/src/dispatcher.rs"
grep -q "$changed" "$work/context/dispatcher-app/src/dispatcher.rs" || fail "the one-rule change did not apply"
start=$(now)
build rebuilt -t "$tag:rebuilt" "$work/context"
rebuilt=$(ms_since "$start")
[ "$(compiled "$work/build-rebuilt.log")" = "dispatcher-app " ] \
  || fail "a one-rule change compiled more than the app crate: $(compiled "$work/build-rebuilt.log")"
figure "rebuild of the production image after a one-rule change: $(seconds "$rebuilt") s (compiled: dispatcher-app only)"
answer=$(pm run --rm $PODMAN_RUN "$tag:rebuilt" explain --accept application/json /no/such/route 2>&1) || true
[[ $answer == *"$changed"* ]] || fail "the rebuilt image does not have the changed rule: $answer"
say "ok: the rebuilt image has the changed rule"

size_mb() { pm image inspect -f '{{.Size}}' "$1" | awk '{ printf "%.0f", $1 / 1000000 }'; }
slim_mb=$(size_mb docker.io/library/debian:bookworm-slim)
rust_base=$(awk 'toupper($1) == "FROM" && $2 ~ /^rust:/ { print $2; exit }' Dockerfile)
rust_mb=$(size_mb "docker.io/library/$rust_base")
production_mb=$(size_mb "$tag:production")
dev_mb=$(size_mb "$tag:dev")
figure "image sizes: production $production_mb MB ($((production_mb - slim_mb)) MB over debian:bookworm-slim, $slim_mb MB here), dev $dev_mb MB ($((dev_mb - rust_mb)) MB over $rust_base, $rust_mb MB here)"
copy=$(pm create "$tag:production")
pm cp "$copy:/usr/local/bin/dispatcher-app" "$work/dispatcher-app"
pm rm "$copy" >/dev/null
binary_mb=$(stat -c %s "$work/dispatcher-app" | awk '{ printf "%.1f", $1 / 1000000 }')
if command -v readelf >/dev/null; then
  ! readelf -S "$work/dispatcher-app" | grep -q '\.debug_' || fail "the shipped binary has debug info"
  figure "shipped binary: $binary_mb MB, no debug sections"
else
  figure "shipped binary: $binary_mb MB (no readelf here to look for debug sections)"
fi

# --- Running -------------------------------------------------------------------
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
running() { [ "$(pm inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = true ]; }
# Waits until the container answers on its port (any status), at most
# $3 seconds; fails early if it exits.
wait_answer() { # container, port, seconds
  local deadline=$(($(date +%s) + $3))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$2/" && return 0
    running "$1" || { pm logs "$1" 2>&1 | tail -40 >&2; fail "$1 exited before answering"; }
    sleep 0.05
  done
  pm logs "$1" 2>&1 | tail -40 >&2
  fail "$1 did not answer within $3 s"
}
# The log of the container's current run (podman keeps every run's).
log_mark() { pm logs "$1" 2>&1 | wc -l; }
log_since() { pm logs "$1" 2>&1 | tail -n +"$(($2 + 1))"; }
# Stops the container as docker compose does (SIGTERM, then SIGKILL after
# the grace period) and checks that it exited 0 within it.
stop_clean() { # container
  local start elapsed code
  start=$(now)
  timeout 60 podman $PODMAN_GLOBAL stop -t 15 "$1" >/dev/null
  elapsed=$(ms_since "$start")
  code=$(pm inspect -f '{{.State.ExitCode}}' "$1")
  [ "$code" = 0 ] || fail "$1 exited $code on SIGTERM"
  [ "$elapsed" -lt 15000 ] || fail "$1 took ${elapsed} ms to stop (grace period 15 s)"
  echo "$elapsed"
}
answer() { # port, path, accept
  curl -s --max-time 5 -H "Accept: ${3:-*/*}" -w ' %{http_code}' "http://127.0.0.1:$1$2"
}
expect() { # what, answer, glob
  # shellcheck disable=SC2053
  [[ $2 == $3 ]] || fail "$1: got '$2'"
  say "ok: $1"
}

# Production image.
port=$(free_port)
prod=dispatcher-test-production-$$
containers+=("$prod")
pm run -d --name "$prod" $PODMAN_RUN --log-driver k8s-file -e LISTEN="127.0.0.1:$port" "$tag:production" >/dev/null
wait_answer "$prod" "$port" 60
expect "production answers with the bundled rules" "$(answer "$port" /no/such/route application/json)" '*"Route not found"* 404'
uid=$(pm exec "$prod" cat /proc/1/status | awk '/^Uid:/ { print $2 }')
[ "$uid" = 10001 ] || fail "production runs as uid $uid"
say "ok: production runs as uid $uid"
stopped=$(stop_clean "$prod")
say "ok: production exits 0 on SIGTERM (${stopped} ms)"
plain=()
for _ in 1 2 3; do
  start=$(now)
  timeout 120 podman $PODMAN_GLOBAL start "$prod" >/dev/null
  wait_answer "$prod" "$port" 60
  plain+=("$(ms_since "$start")")
  stop_clean "$prod" >/dev/null
done
figure "plain start of the production image (podman start to first answer), median of 3: $(median "${plain[@]}") ms (${plain[*]})"

# Development image: a mu-style /config.
config=$work/config
mkdir "$config"
chmod 755 "$config"
cat >"$config/dispatcher.ex" <<'EOF'
defmodule Dispatcher do
  use Matcher
  define_accept_types [
    json: [ "application/json", "application/vnd.api+json" ],
    any: [ "*/*" ]
  ]

  @json %{ accept: %{ json: true } }

  get "/container-test/*_path", _ do
    send_resp( conn, 200, "from dispatcher.ex" )
  end

  match "/themes/*path", @json do
    forward conn, path, "http://resource/themes"
  end

  match "/*_", %{ last_call: true } do
    send_resp( conn, 404, "Route not found.  See config/dispatcher.ex" )
  end
end
EOF
# A dispatcher.rs of about 300 rules of the shapes mu stacks have, with
# one rule that answers MESSAGE.
rules_rs() { # message
  cat <<EOF
use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
        image: ["image/*"],
        any: ["*/*"],
    }
    define_layers![static_files, services, frontend, last_call];

    @json = { accept: json };

    get!("/container-test/*_path", _) {
        send_resp(conn, 200, "$1")
    }
EOF
  local i
  for i in $(seq 0 293); do
    case $((i % 10)) in
      7) printf '    get!("/resource-%d/:id/download", _) {\n        forward(conn, [], format!("http://files/resource-%d/{id}/download"))\n    }\n' "$i" "$i" ;;
      8) printf '    get!("/resource-%d/*path", { host: ["com", "example", tenant, .._rest], accept: json }) {\n        forward(conn, path, format!("http://{tenant}-service/resource-%d/"))\n    }\n' "$i" "$i" ;;
      9) printf '    match!("/resource-%d/*path", { accept: image, layer: static_files }) {\n        forward(conn, path, "http://images/resource-%d/")\n    }\n' "$i" "$i" ;;
      *) printf '    match!("/resource-%d/*path", @json) {\n        forward(conn, path, "http://resource/resource-%d/")\n    }\n' "$i" "$i" ;;
    esac
  done
  cat <<'EOF'
    match!("/assets/*path", { accept: any, layer: frontend }) {
        forward(conn, path, "http://frontend/assets/")
    }
    match!("/*_path", { accept: html, layer: frontend }) {
        forward(conn, [], "http://frontend/index.html")
    }
    match!("/*_", { last_call: true, accept: json }) {
        send_resp(conn, 404, r#"{ "errors": [{ "status": "404" }] }"#)
    }
    match!("/*_", { last_call: true }) {
        send_resp(conn, 404, "Not found")
    }
}
EOF
}

port=$(free_port)
dev=dispatcher-test-dev-$$
containers+=("$dev")
# /config read-only: the entry point never writes there.
pm create --name "$dev" $PODMAN_RUN --log-driver k8s-file -e LISTEN="127.0.0.1:$port" \
  -v "$config:/config:ro" "$tag:dev" >/dev/null
# Starts the dev container and waits for its answer; prints the time in ms.
dev_start() {
  local start
  start=$(now)
  timeout 120 podman $PODMAN_GLOBAL start "$dev" >/dev/null
  wait_answer "$dev" "$port" 600
  ms_since "$start"
}

mark=$(log_mark "$dev")
dev_start >/dev/null
expect "dev serves the migrated dispatcher.ex" "$(answer "$port" /container-test/x)" 'from dispatcher.ex 200'
log_since "$dev" "$mark" >"$work/log"
grep -q 'dispatcher.ex:.*: differs: base URL "http://resource/themes" is kept as written' "$work/log" \
  || { cat "$work/log" >&2; fail "the migration report is not in the log"; }
grep -q '^summary: ' "$work/log" || { cat "$work/log" >&2; fail "the report's summary is not in the log"; }
say "ok: the migration report is in the log"
stop_clean "$dev" >/dev/null

mark=$(log_mark "$dev")
ex_unchanged=$(dev_start)
expect "dev, restarted with dispatcher.ex unchanged" "$(answer "$port" /container-test/x)" 'from dispatcher.ex 200'
log_since "$dev" "$mark" | grep -q 'rules unchanged since the last build' || fail "unchanged dispatcher.ex was rebuilt"
say "ok: not rebuilt"
stop_clean "$dev" >/dev/null

rules_rs "from dispatcher.rs, first" >"$config/dispatcher.rs"
mark=$(log_mark "$dev")
dev_start >/dev/null
expect "dev with a dispatcher.rs next to dispatcher.ex serves dispatcher.rs" "$(answer "$port" /container-test/x)" 'from dispatcher.rs, first 200'
log_since "$dev" "$mark" | grep -q 'dispatcher.rs wins' || fail "the log does not say that dispatcher.rs wins"
say "ok: the log says which file wins"
stop_clean "$dev" >/dev/null

sed -i 's/from dispatcher.rs, first/from dispatcher.rs, changed/' "$config/dispatcher.rs"
mark=$(log_mark "$dev")
changed=$(dev_start)
expect "dev after a one-rule change and a restart" "$(answer "$port" /container-test/x)" 'from dispatcher.rs, changed 200'
log_since "$dev" "$mark" | grep -q 'building /config/dispatcher.rs' || fail "the changed rules were not built"
figure "start of the dev image after a one-rule change of a 300-rule dispatcher.rs (podman start to first answer): $(seconds "$changed") s"
stop_clean "$dev" >/dev/null

unchanged=()
for _ in 1 2 3; do
  mark=$(log_mark "$dev")
  unchanged+=("$(dev_start)")
  log_since "$dev" "$mark" | grep -q 'rules unchanged since the last build' || fail "unchanged dispatcher.rs was rebuilt"
  [[ $(answer "$port" /container-test/x) == 'from dispatcher.rs, changed 200' ]] || fail "dev, restarted unchanged, answers otherwise"
  stopped=$(stop_clean "$dev")
done
say "ok: dev, restarted with dispatcher.rs unchanged: not rebuilt, same answer"
figure "start of the dev image with unchanged rules, median of 3: $(median "${unchanged[@]}") ms (${unchanged[*]}); with dispatcher.ex: $ex_unchanged ms"
say "ok: dev exits 0 on SIGTERM (${stopped} ms)"

# A bad rule (user information in a base URL): the macro's message, exit 1.
sed -i 's|"http://images/resource-9/"|"http://admin@images/resource-9/"|' "$config/dispatcher.rs"
mark=$(log_mark "$dev")
timeout 120 podman $PODMAN_GLOBAL start "$dev" >/dev/null
code=$(timeout 600 podman $PODMAN_GLOBAL wait "$dev") || fail "dev did not exit within 600 s with a bad rule"
log_since "$dev" "$mark" >"$work/log"
[ "$code" = 1 ] || { cat "$work/log" >&2; fail "dev exited $code with a bad rule"; }
grep -q "a base URL has no user information" "$work/log" || { cat "$work/log" >&2; fail "the macro's message is not in the log"; }
say "ok: a bad rule: exit 1, the macro's message in the log"

# A dispatcher.ex with a part left for the user: the report, the build's
# message, exit 1.
rm "$config/dispatcher.rs"
sed -i 's|send_resp( conn, 200, "from dispatcher.ex" )|{:ok, text} = Map.fetch(%{"a" => "from dispatcher.ex"}, "a")\n    send_resp( conn, 200, text )|' "$config/dispatcher.ex"
mark=$(log_mark "$dev")
timeout 120 podman $PODMAN_GLOBAL start "$dev" >/dev/null
code=$(timeout 600 podman $PODMAN_GLOBAL wait "$dev") || fail "dev did not exit within 600 s"
log_since "$dev" "$mark" >"$work/log"
[ "$code" = 1 ] || { cat "$work/log" >&2; fail "dev exited $code with a dispatcher.ex left partly for the user"; }
grep -q ': left for you: ' "$work/log" && grep -q 'error: dispatcher.ex line' "$work/log" \
  || { cat "$work/log" >&2; fail "the report or the compile error is not in the log"; }
say "ok: a dispatcher.ex that does not convert whole: exit 1, the report and the compiler's message in the log"

echo
say "figures (podman $(podman --version | awk '{ print $3 }'), $(nproc) cores, load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)):"
for f in "${figures[@]}"; do echo "  $f"; done
echo "container-test: 1 passed, 0 failed"
