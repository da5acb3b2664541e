#!/usr/bin/env bash
# What the Dockerfile runs, outside any container engine (the images
# themselves are built and run by .ci/container-test.sh, where podman can
# run): the build stage's `cargo build` line exactly as written there, with
# the stage's cargo settings, then the production stage's entry point
# (`dispatcher-app serve`) from a copy of the binary, checking that it
# answers with the bundled rules and stops cleanly on the STOPSIGNAL.
# Loopback only, bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."

# The build stage: the cargo command of the Dockerfile's RUN, verbatim, with
# the stage's cargo settings (its `ENV CARGO_PROFILE_...` lines).
build=$(grep -o 'cargo build [^\\&]*-p dispatcher-app' Dockerfile | head -1)
[ -n "$build" ] || { echo "no cargo build line in the Dockerfile" >&2; exit 1; }
settings=$(sed -n 's/^ENV \(CARGO_PROFILE_[A-Z_]*=[^ ]*\)$/\1/p' Dockerfile | sort -u)
echo "Dockerfile build step: $(echo $settings) $build"
eval "$(echo "$settings" | sed 's/^/export /')"
eval "$build"

# .dockerignore must keep the build directory out of the context.
grep -qx '/\?target/\?' .dockerignore || { echo ".dockerignore does not exclude target" >&2; exit 1; }

# The runtime stage (the last one, the production image; the dev stage
# before it has its own entry point): the binary alone, run as ENTRYPOINT +
# CMD.
entrypoint=$(sed -n 's/^ENTRYPOINT \["\([^"]*\)"\]/\1/p' Dockerfile | tail -1)
cmd=$(sed -n 's/^CMD \["\([^"]*\)"\]/\1/p' Dockerfile | tail -1)
stopsignal=$(sed -n 's/^STOPSIGNAL //p' Dockerfile | tail -1)
[ "$entrypoint" = dispatcher-app ] || { echo "the last ENTRYPOINT is '$entrypoint', not dispatcher-app" >&2; exit 1; }
image=$(mktemp -d)
trap 'rm -rf "$image"' EXIT
cp target/release/dispatcher-app "$image/$entrypoint"

port=$((20000 + RANDOM % 20000))
LISTEN=127.0.0.1:$port "$image/$entrypoint" "$cmd" 2>"$image/log" &
pid=$!
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
# The bundled rules answer an unmatched JSON request with their 404.
answer=$(curl -s --max-time 5 -H 'Accept: application/json' -w ' %{http_code}' "http://127.0.0.1:$port/no/such/route")
case "$answer" in
  *'"Route not found"'*' 404') echo "runtime stage: the bundled rules answer ($answer)" ;;
  *) echo "unexpected answer: $answer" >&2; cat "$image/log" >&2; kill "$pid"; exit 1 ;;
esac
kill -s "${stopsignal#SIG}" "$pid"
status=0
timeout 15 tail --pid="$pid" -f /dev/null || status=$?
wait "$pid" || status=$?
[ "$status" -eq 0 ] || { echo "exit status $status after $stopsignal" >&2; cat "$image/log" >&2; exit 1; }
echo "runtime stage: exits 0 on $stopsignal"
