# syntax=docker/dockerfile:1
# mapflow API image: a build stage compiles TypeScript to dist/ (with the
# @nestjs/swagger plugin, as `npm run build` does everywhere); the runtime stage
# holds production dependencies and dist/ only, and runs as the unprivileged
# `node` user.
#
# The container talks to a PostgreSQL of its own (DATABASE_URL): the embedded
# PostgreSQL binaries (optional dependencies of `embedded-postgres`, ~60 MB)
# are left out, so the image refuses to start without DATABASE_URL. Migrations
# are their own step: `node dist/libs/persistence/src/cli/migrate.js` (the
# `migrate` service of docker-compose.yml); the API refuses to start, in one
# line, while one is pending.
#
#   docker build -t mapflow .
#   docker run -e DATABASE_URL=postgres://... -p 3000:3000 mapflow

ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# Install scripts are skipped: nothing the build needs runs one.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
# The sources (what .dockerignore leaves): the same compile as a local `npm run build`.
COPY . .
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    MAPFLOW_DATA_DIR=/var/lib/mapflow
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
    && npm cache clean --force \
    && mkdir -p /var/lib/mapflow \
    && chown node:node /var/lib/mapflow
COPY --from=build /app/dist ./dist
# MAPFLOW_DATA_DIR keeps the audit-checkpoint signing key generated on first
# use; mount a volume there, or set MAPFLOW_AUDIT_SIGNING_KEY (required with
# more than one replica, so that every replica signs with the same key).
VOLUME ["/var/lib/mapflow"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
