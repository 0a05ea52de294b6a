# syntax=docker/dockerfile:1
#
# Production image of Monimmo: the API (default command) and the worker (`node worker/main.js`).
#
#   docker build -t monimmo-api .
#   docker run -p 3000:3000 -e JWT_SECRET="$(openssl rand -base64 48)" -v monimmo-data:/data monimmo-api
#
# No Docker engine on the dev machines or in CI: apps/api/test/compose.test.ts checks this file's
# shape there; build it on a host with Docker (docker-compose.yml at the root builds it too).
# Node 24 LTS in production (STACK-NOTES: same code as on Node 20, ~1.5x the throughput).

FROM node:24-bookworm-slim AS build
# corepack fails to verify pnpm's signature on some machines: install the pinned pnpm with npm.
RUN npm install --global pnpm@10.34.8
ENV CI=true
WORKDIR /repo

# Dependencies come from the lockfile alone, so this layer is reused until the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch

COPY . .
RUN pnpm install --frozen-lockfile --offline
RUN pnpm --filter @monimmo/api --filter @monimmo/worker --filter @monimmo/web build
# A self-contained copy of the API: its dist/ (bundle + migrations) and its production
# dependencies only; the bundle needs just the externals listed in apps/api/tsup.config.ts.
# The worker's externals are a subset of the API's, so its bundle rides along.
RUN pnpm --filter @monimmo/api deploy --prod --legacy /out && cp -r apps/worker/dist /out/worker && cp -r apps/web/dist /out/web

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=file:/data/app.db \
    LOCAL_STORAGE_DIR=/data/storage \
    WEB_APP_DIR=/app/web
WORKDIR /app
# Owned by root and read-only for the process: only /data is writable.
COPY --from=build /out/package.json ./package.json
COPY --from=build /out/node_modules ./node_modules
COPY --from=build /out/dist ./dist
COPY --from=build /out/worker ./worker
# The built web app (static files) the API serves at /.
COPY --from=build /out/web ./web
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000
# No curl in the slim image: Node's fetch does the probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# main.ts handles SIGTERM (drains requests for SHUTDOWN_TIMEOUT_MS) and applies migrations at start.
CMD ["node", "--enable-source-maps", "dist/main.js"]
