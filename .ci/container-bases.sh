#!/usr/bin/env bash
# Local stand-ins for the Dockerfile's two base images, for machines that
# reach Debian's packages and crates.io but no image registry (ours, and CI's).
#
# A copy of the team's shared tool (shared/tools/container-bases.sh, which
# is not part of this repository and is not on CI machines), committed so
# that .ci/container-test.sh can build the images anywhere. Changes from the
# shared tool: the stand-ins are trimmed the way the real images are (no
# documentation, manual pages, locales, apt lists or downloaded packages in
# the slim one, and the same dpkg/apt settings for later installs; no HTML
# documentation in the toolchain, as rustup's minimal profile of the real
# rust image), which makes image sizes measured on them close to the real
# ones and the import quicker. .ci/container-test.sh calls it only when a
# base image is neither present nor pullable.
#
# It builds them from Debian packages and the machine's own Rust toolchain,
# and tags them with the names the Dockerfile uses, so that
# `podman build --pull=never` finds them. Idempotent: existing tags are kept
# (FORCE=1 rebuilds them). Needs root (debootstrap, chroot).
#
#   bash .ci/container-bases.sh                 # build the stand-ins if missing
#   eval "$(bash .ci/container-bases.sh --print-flags)"
#   podman $PODMAN_GLOBAL build $PODMAN_BUILD -t dispatcher:test .
#   podman $PODMAN_GLOBAL run $PODMAN_RUN -e LISTEN=127.0.0.1:8080 dispatcher:test
#
# The flags are what works on these machines: runc as the runtime, the
# host's network, and explicit ulimits.
set -euo pipefail

FLAGS='PODMAN_GLOBAL="--runtime runc"
PODMAN_BUILD="--pull=never --network host --ulimit nofile=20000:20000 --ulimit nproc=1000:1000"
PODMAN_RUN="--network host --ulimit nofile=20000:20000 --ulimit nproc=1000:1000"'
if [ "${1:-}" = "--print-flags" ]; then echo "$FLAGS"; exit 0; fi

DOCKERFILE=${DOCKERFILE:-Dockerfile}
rust_tag=$(awk 'toupper($1)=="FROM" && $2 ~ /^rust:/ {print $2; exit}' "$DOCKERFILE" 2>/dev/null || true)
rust_tag=${rust_tag:-rust:1.95-bookworm}
slim_tag=debian:bookworm-slim

need=()
for p in podman runc debootstrap; do command -v "$p" >/dev/null || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

have() { podman image exists "docker.io/library/$1"; }
if [ -z "${FORCE:-}" ] && have "$rust_tag" && have "$slim_tag"; then
  echo "container-bases: docker.io/library/$rust_tag and docker.io/library/$slim_tag already here"
  exit 0
fi

mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$mirror" ] || { echo "container-bases: no Debian mirror found in the apt sources" >&2; exit 1; }

work=$(mktemp -d /tmp/container-bases.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "container-bases: debootstrap bookworm (about 30 s)"
debootstrap --variant=minbase bookworm "$work/slim" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -5 "$work/debootstrap.log" >&2; exit 1; }
# What the real slim image leaves out, and its settings for later installs.
cat >"$work/slim/etc/dpkg/dpkg.cfg.d/docker" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
CFG
cat >"$work/slim/etc/apt/apt.conf.d/docker-clean" <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CFG
find "$work/slim/usr/share/doc" -mindepth 2 ! -name copyright -delete 2>/dev/null || true
find "$work/slim/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
rm -rf "$work/slim/usr/share/man/"* "$work/slim/usr/share/info/"* "$work/slim/usr/share/locale/"* \
  "$work/slim/var/cache/apt/archives/"*.deb "$work/slim/var/cache/apt/"*.bin "$work/slim/var/lib/apt/lists/"*
# The machine's CA bundle, so that apt and cargo inside the build reach the registries.
cp /etc/ssl/certs/ca-certificates.crt "$work/ca.crt"
mkdir -p "$work/slim/etc/ssl/certs" && cp "$work/ca.crt" "$work/slim/etc/ssl/certs/ca-certificates.crt"
tar -C "$work/slim" -c . | podman import -q - "docker.io/library/$slim_tag" >/dev/null

echo "container-bases: $rust_tag from bookworm + gcc + this machine's Rust toolchain"
cp -a "$work/slim" "$work/rust"
cp /etc/resolv.conf "$work/rust/etc/resolv.conf"
chroot "$work/rust" sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc libc6-dev ca-certificates pkg-config >/dev/null 2>&1; rm -rf /var/lib/apt/lists/*'
cp "$work/ca.crt" "$work/rust/etc/ssl/certs/ca-certificates.crt"
rm -f "$work/rust/etc/resolv.conf"
mkdir -p "$work/rust/usr/local/rust"
tar -C "$(rustc --print sysroot)" --exclude=./share/doc -c . | tar -C "$work/rust/usr/local/rust" -x
tar -C "$work/rust" -c . | podman import -q \
  --change 'ENV PATH=/usr/local/cargo/bin:/usr/local/rust/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV CARGO_HOME=/usr/local/cargo' - "docker.io/library/$rust_tag" >/dev/null
echo "container-bases: done; flags for this machine:"
echo "$FLAGS"
