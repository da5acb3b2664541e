#!/usr/bin/env bash
# The entry point of the development image (Dockerfile, target `dev`): the
# mu-dispatcher way of working, a rules file in /config and a restart to
# apply a change. At each start:
#
#   1. the rules: /config/dispatcher.rs; or, when /config holds only a
#      dispatcher.ex, that file converted by dispatcher-migrate (its report
#      goes to the log); or, when /config holds neither, the rules the image
#      was built with;
#   2. when they are the rules of the last successful build (same content,
#      same image, same cargo/rustc environment: a sha256 of the three,
#      kept next to the binary), the binary is started as it is;
#   3. otherwise the app crate is rebuilt (release profile, dependencies
#      already compiled in the image, offline) and started; when the rules
#      do not build, the compiler's messages are in the log and the
#      container exits 1.
#
# The binary replaces this script (exec), so it is the container's main
# process: SIGTERM reaches it and its exit status is the container's.
# Arguments are the binary's (default `serve`): `docker compose run --rm
# dispatcher routes` builds the rules, then prints their table.
#
# Exit statuses of its own: 1 the rules do not build (or cannot be read);
# 2 dispatcher.ex cannot be read or is not valid Elixir; 143 stopped by
# SIGTERM during the build. Documented in docs/container-images.md.
#
# `dispatcher-dev-entrypoint --record-image-build` is run once by the
# Dockerfile: it records the build of the image's own rules.
set -euo pipefail

config=/config
workspace=/workspace
rules=$workspace/dispatcher-app/src/dispatcher.rs
image_rules=/usr/local/share/dispatcher/dispatcher.rs
image_id_file=$workspace/.image-id
target=${CARGO_TARGET_DIR:-$workspace/target}
binary=$target/release/dispatcher-app
stamp=$target/dispatcher-rules.sha256

log() { echo "dispatcher-dev: $*" >&2; }

# What identifies a build besides the rules: the image's sources and
# toolchain (written once per image), and the environment cargo reads.
# RUST_LOG and the like are not in it: they change nothing in the binary.
build_key() { # rules file
  {
    cat "$image_id_file"
    env | { grep -E '^(CARGO|RUSTC|RUSTFLAGS|RUSTDOCFLAGS)' || true; } | LC_ALL=C sort
    sha256sum <"$1"
  } | sha256sum | cut -c1-64
}

if [ "${1:-}" = --record-image-build ]; then
  # The workspace's sources (the rules and the build directory aside) and
  # the toolchain: a build directory kept in a volume across an image
  # upgrade is then not taken for fresh.
  (
    cd "$workspace"
    find . \( -path ./target -o -path ./dispatcher-app/src/dispatcher.rs -o -path ./.image-id \) -prune \
      -o -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    rustc -vV
    cargo -V
  ) | sha256sum | cut -c1-64 >"$image_id_file"
  cmp -s "$rules" "$image_rules" || { log "the workspace's rules are not the image's"; exit 1; }
  [ -x "$binary" ] || { log "no binary at $binary"; exit 1; }
  build_key "$rules" >"$stamp"
  log "recorded the build of the image's rules ($(cut -c1-12 "$stamp"))"
  exit 0
fi

readable() { # file
  [ -r "$1" ] && return 0
  log "cannot read $1 as uid $(id -u): make it readable (chmod a+r), the container does not run as root"
  exit 1
}

started=$(date +%s%N)
candidate=""
trap '[ -z "$candidate" ] || rm -f "$candidate"' EXIT
migrated=0
if [ -f "$config/dispatcher.rs" ]; then
  readable "$config/dispatcher.rs"
  if [ -f "$config/dispatcher.ex" ]; then
    log "$config holds dispatcher.rs and dispatcher.ex: dispatcher.rs wins, dispatcher.ex is not read"
  fi
  source=$config/dispatcher.rs
  from=$source
elif [ -f "$config/dispatcher.ex" ]; then
  readable "$config/dispatcher.ex"
  candidate=$(mktemp /tmp/dispatcher.rs.XXXXXX)
  log "converting $config/dispatcher.ex with dispatcher-migrate; its report:"
  status=0
  dispatcher-migrate "$config/dispatcher.ex" >"$candidate" || status=$?
  case $status in
    0) ;;
    1)
      migrated=1
      log "dispatcher-migrate left parts of $config/dispatcher.ex for you (the 'left for you' lines above);" \
        "the build below stops at them. Convert the file once, finish those parts, and put the result" \
        "in $config/dispatcher.rs (docs/container-images.md, 'A dispatcher.ex that does not convert whole')"
      ;;
    *)
      log "dispatcher-migrate could not convert $config/dispatcher.ex (exit status $status): nothing to build"
      exit 2
      ;;
  esac
  source=$candidate
  from="the conversion of $config/dispatcher.ex"
else
  log "no dispatcher.rs or dispatcher.ex in $config: the rules the image was built with"
  source=$image_rules
  from="the image's rules"
fi

key=$(build_key "$source")

# Binding a port below 1024 as an unprivileged user needs the runtime's
# help (Docker sets net.ipv4.ip_unprivileged_port_start=0 in a container's
# own network namespace); say so before the bind fails.
if [ "${1:-serve}" = serve ] && [ "$(id -u)" != 0 ]; then
  port=${LISTEN:-0.0.0.0:80}
  port=${port##*:}
  lowest=$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start 2>/dev/null || echo 1024)
  if [[ $port =~ ^[0-9]+$ ]] && [ "$port" -lt "$lowest" ]; then
    log "warning: LISTEN port $port is below net.ipv4.ip_unprivileged_port_start ($lowest) and uid $(id -u) may not bind it;" \
      "set the sysctl to 0 for this container (sysctls: in docker-compose.yml), or LISTEN to a port from $lowest up"
  fi
fi

elapsed() { echo $((($(date +%s%N) - started) / 1000000)); }

if [ -x "$binary" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ]; then
  log "rules unchanged since the last build ($from, ${key:0:12}): starting it ($(elapsed) ms)"
  [ -z "$candidate" ] || rm -f "$candidate"
  exec "$binary" "$@"
fi

# The stamp goes until the build succeeds: a failed build leaves no binary
# that could pass for these rules' (or the previous ones').
rm -f "$stamp"
cp "$source" "$rules"
[ -z "$candidate" ] || rm -f "$candidate"
log "building $from (${key:0:12})"

# In the background so that SIGTERM (docker stop) ends the build at once:
# as PID 1, this shell gets only the signals it traps.
cargo build --release --locked --offline -p dispatcher-app &
cargo_pid=$!
trap 'kill -TERM "$cargo_pid" 2>/dev/null; wait "$cargo_pid"; log "stopped during the build"; exit 143' TERM INT
status=0
wait "$cargo_pid" || status=$?
trap - TERM INT
if [ "$status" -ne 0 ]; then
  if [ "$migrated" -eq 1 ]; then
    log "the rules do not build: the compiler's messages above stop at the parts dispatcher-migrate left for you" \
      "(dispatcher-app/src/dispatcher.rs in them is $from)"
  else
    log "the rules do not build: the compiler's messages are above" \
      "(dispatcher-app/src/dispatcher.rs in them is $from); fix it and start the container again"
  fi
  exit 1
fi
echo "$key" >"$stamp.new"
mv "$stamp.new" "$stamp"
log "built $from in $(elapsed) ms: starting it"
exec "$binary" "$@"
