# One image per scaler:  docker build --build-arg SCALER=infadapter -t <registry>/infscale/infadapter:0.1.0 .
# SCALER names the folder under apps/: a scaler the registry deploys (packages/scalers/src/registry.ts;
# the check in the runtime stage lists them, and tools/helm-check tests that list). The Helm chart (helm/infscale) expects
# <repository>:<tag> built this way.
# The data plane (the CLI's `infscale proxy …`, the chart's dataplane.enabled):
#   docker build --target dataplane -t <registry>/infscale/dataplane:0.1.0 . Not built in this repository's CI: the machines have no Docker
# engine and reach no registry, so this file is checked by review only.

ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# Manifests first, so `npm ci` stays cached until a dependency changes.
COPY package.json package-lock.json ./
COPY packages packages
COPY apps apps
COPY tools tools
COPY scripts scripts
COPY nx.json tsconfig.base.json jest.preset.js eslint.config.mjs ./
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false CI=true
RUN npm ci --ignore-scripts && npm run build
# Keep only what runs: production dependencies (workspace links included) and built output.
RUN npm prune --omit=dev --ignore-scripts

# Before `runtime`, so a build without --target still makes the scaler image.
FROM ${NODE_IMAGE} AS dataplane
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/packages ./packages
# The CLI (it imports packages/ only: `infscale emulator` is packages/emulator; workspace links in node_modules point here).
COPY --from=build /src/tools/cli ./tools/cli
USER 65532:65532
# Traffic, admin (the scaler's calls) and metrics (--metrics-port, as the chart sets it).
EXPOSE 8080 8081 9465
ENTRYPOINT ["node", "tools/cli/bin/infscale.js"]
CMD ["proxy", "--help"]

FROM ${NODE_IMAGE} AS runtime
ARG SCALER
RUN test -n "${SCALER}" || (echo "build with --build-arg SCALER=infadapter|ipa|sponge" >&2; exit 1)
ENV NODE_ENV=production SCALER=${SCALER}
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/packages ./packages
COPY --from=build /src/apps/${SCALER} ./apps/${SCALER}
# The chart runs as 65532 with a read-only root filesystem; only /tmp (an emptyDir) is writable.
USER 65532:65532
EXPOSE 9464
ENTRYPOINT ["/bin/sh", "-c", "exec node apps/${SCALER}/dist/main.js \"$@\"", "--"]
CMD ["--config", "/etc/infscale/config.yaml"]
