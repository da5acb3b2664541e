# syntax=docker/dockerfile:1
#
# The dispatcher image of a stack: the workspace is built with the rules in
# dispatcher-app/src/dispatcher.rs compiled in.
#
#   docker build -t my-stack/dispatcher .
#
# Needs BuildKit (the default builder of current Docker) for the cache
# mounts, which keep the crates registry and the build directory between
# builds, so a rules change rebuilds only what it touches.

FROM rust:1.95-bookworm AS build
WORKDIR /workspace
COPY . .
# The binary is copied out of the cached target directory in the same step:
# cache mounts are not part of the image.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git \
    --mount=type=cache,target=/workspace/target \
    cargo build --release --locked -p dispatcher-app \
 && cp target/release/dispatcher-app /usr/local/bin/dispatcher-app

FROM debian:bookworm-slim
# ca-certificates: a CA bundle for UPSTREAM_CA_FILE to point at (the Mozilla
# roots are built in). libcap2-bin only to let the unprivileged user bind
# port 80, then removed.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libcap2-bin \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin dispatcher
COPY --from=build /usr/local/bin/dispatcher-app /usr/local/bin/dispatcher-app
RUN setcap cap_net_bind_service=+ep /usr/local/bin/dispatcher-app \
 && apt-get purge -y --auto-remove libcap2-bin
USER dispatcher
# LISTEN defaults to 0.0.0.0:80 (docs/configuration.md). Without the file
# capability (some runtimes drop it), set LISTEN=0.0.0.0:8080 instead.
EXPOSE 80
# SIGTERM starts the graceful shutdown (docs/operations.md); keep the
# orchestrator's grace period above SHUTDOWN_TIMEOUT (8 s by default).
STOPSIGNAL SIGTERM
ENTRYPOINT ["dispatcher-app"]
CMD ["serve"]
