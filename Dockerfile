# The dispatcher images of a stack, from this workspace (docs/container-images.md).
#
#   docker build -t my-stack/dispatcher .                    # production (the last stage)
#   docker build --target dev -t my-stack/dispatcher:dev .   # development
#
# production: the binary alone, with the rules in
#   dispatcher-app/src/dispatcher.rs compiled in, on debian:bookworm-slim.
# dev: the toolchain and this workspace with every dependency compiled; at
#   each start it builds the rules found in /config (dispatcher.rs, or a
#   mu-dispatcher dispatcher.ex, migrated) and runs them: a drop-in for
#   mu-dispatcher's image (container/dev-entrypoint.sh).
#
# The dependencies are compiled in a layer of their own, from the workspace
# without the rules file, so a rules change rebuilds only the app crate, and
# a runner that has the layers (its local cache, or --cache-from) does not
# compile them again. No cache mounts or other BuildKit-only features: the
# build state is all in layers. Tested in CI with podman/buildah
# (.ci/container-test.sh); Docker's BuildKit keys COPY --from by content too.

# The workspace without the rules (and without the container/ scripts):
# the cache key of the COPY --from below is the content of these files, so
# it holds as long as nothing but the rules changed.
FROM rust:1.95-bookworm AS sources
COPY . /workspace
RUN rm -rf /workspace/dispatcher-app/src/dispatcher.rs /workspace/container

FROM rust:1.95-bookworm AS build
# The workspace's release profile keeps line tables for profiling; the
# images do without them (a smaller binary, a shorter build). Set here so
# that every cargo run in the image, at build time and in dev containers,
# uses the same profile and finds the dependencies fresh.
ENV CARGO_PROFILE_RELEASE_DEBUG=false
# Everything is built by the unprivileged user, who owns the workspace and
# the registry, so that a dev container can rebuild the rules as that user.
RUN groupadd --system --gid 10001 dispatcher \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /workspace --shell /usr/sbin/nologin dispatcher \
 && install -d -o 10001 -g 10001 /workspace \
 && mkdir -p "$CARGO_HOME" && chown 10001:10001 "$CARGO_HOME"
COPY --from=sources --chown=10001:10001 /workspace /workspace
USER dispatcher
WORKDIR /workspace
# The dependencies, built with a one-rule stand-in for the rules.
RUN printf 'use dispatcher::prelude::*;\ndispatcher! {\n    match!("/*_", _) {\n        send_resp(conn, 404, "")\n    }\n}\n' > dispatcher-app/src/dispatcher.rs \
 && cargo build --release --locked -p dispatcher-app
COPY --chown=10001:10001 dispatcher-app/src/dispatcher.rs dispatcher-app/src/dispatcher.rs
# touch: COPY keeps the file's own modification time, which can be older
# than the stand-in's build, and cargo decides freshness by those times.
RUN touch dispatcher-app/src/dispatcher.rs \
 && cargo build --release --locked -p dispatcher-app

# dispatcher-migrate, for dev containers given a dispatcher.ex. A stage of
# its own: the production image does not wait for it.
FROM rust:1.95-bookworm AS migrate
ENV CARGO_PROFILE_RELEASE_DEBUG=false
COPY --from=sources /workspace /workspace
WORKDIR /workspace
RUN cargo build --release --locked -p dispatcher-migrate \
 && cp target/release/dispatcher-migrate /usr/local/bin/dispatcher-migrate \
 && rm -rf target

FROM build AS dev
USER root
COPY --from=migrate /usr/local/bin/dispatcher-migrate /usr/local/bin/dispatcher-migrate
COPY container/dev-entrypoint.sh /usr/local/bin/dispatcher-dev-entrypoint
# dispatcher-app on the PATH is the last binary built, as in the production
# image (`docker compose exec dispatcher dispatcher-app routes`); the rules
# the image was built with are kept for starts without rules in /config.
RUN chmod 755 /usr/local/bin/dispatcher-dev-entrypoint \
 && ln -s /workspace/target/release/dispatcher-app /usr/local/bin/dispatcher-app \
 && install -d /usr/local/share/dispatcher \
 && install -m 644 dispatcher-app/src/dispatcher.rs /usr/local/share/dispatcher/dispatcher.rs
USER dispatcher
# Records the build above as the build of the image's rules, so that a
# start without a change of rules does not rebuild.
RUN dispatcher-dev-entrypoint --record-image-build
EXPOSE 80
STOPSIGNAL SIGTERM
ENTRYPOINT ["dispatcher-dev-entrypoint"]
CMD ["serve"]

FROM debian:bookworm-slim AS production
# ca-certificates: a CA bundle for UPSTREAM_CA_FILE to point at (the Mozilla
# roots are built in). libcap2-bin only to let the unprivileged user bind
# port 80, then removed.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libcap2-bin \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 dispatcher \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin dispatcher
COPY --from=build /workspace/target/release/dispatcher-app /usr/local/bin/dispatcher-app
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
