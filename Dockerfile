# syntax=docker/dockerfile:1
# Parley server image: the built server, its production dependencies and the built web app it
# serves; one process, one port. Build from the repository root: `docker build -t parley .`

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0
# corepack installs the pnpm version pinned by package.json's "packageManager".
RUN corepack enable
WORKDIR /src
# Download every package the lockfile names first: this layer survives source changes.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm fetch --store-dir /pnpm/store
COPY . .
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --offline --frozen-lockfile --store-dir /pnpm/store \
 && pnpm build \
 && pnpm --filter @parley/server deploy --prod --legacy --store-dir /pnpm/store /out/apps/server \
 && mkdir -p /out/apps/web \
 && cp -r apps/web/dist /out/apps/web/dist

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WEB_DIST=/app/apps/web/dist
# Same layout as the repository, so the server finds ../../web/dist even without WEB_DIST.
# Files stay owned by root: the `node` user can read the app but not change it.
COPY --from=build /out /app
# DATA_DIR: what a node keeps across restarts (a generated session secret); the only place it writes.
ENV DATA_DIR=/app/data
RUN mkdir -p /app/data && chown node:node /app/data && chmod 700 /app/data
VOLUME /app/data
WORKDIR /app/apps/server
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/main.js"]
