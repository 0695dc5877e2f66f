# syntax=docker/dockerfile:1
# Image of apps/dashboard. Build from the repository root (the context is the whole workspace):
#   docker build -f docker/dashboard.Dockerfile -t dossier-ledger/dashboard:TAG .
# The docker/*.Dockerfile files (one per app) are one file with APP and PORT changed;
# libs/deploy-checks fails when they drift apart.
ARG APP=dashboard
ARG PORT=3000
# Pin by digest in your registry mirror if you need reproducible bases (e.g. node:20-alpine@sha256:...).
ARG BUILD_IMAGE=node:20-bookworm-slim
ARG RUNTIME_IMAGE=node:20-alpine

# 1. build: the workspace with all its dev dependencies -> dist/apps/$APP/ (webpack bundle main.js,
#    and the package.json + package-lock.json that Nx generates with only what the bundle imports).
FROM ${BUILD_IMAGE} AS build
ARG APP
WORKDIR /workspace
ENV NX_DAEMON=false NX_NO_CLOUD=true CI=true
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npx nx build "${APP}" --outputStyle=static

# 2. prod-deps: the app's production dependencies only, installed from the generated lock file on
#    the runtime base (so anything platform-specific matches the runtime).
FROM ${RUNTIME_IMAGE} AS prod-deps
ARG APP
WORKDIR /app
COPY --from=build /workspace/dist/apps/${APP}/package.json /workspace/dist/apps/${APP}/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# 3. runtime: node + the bundle + its production node_modules, as the unprivileged `node` user (1000).
FROM ${RUNTIME_IMAGE} AS runtime
ARG APP
ARG PORT
LABEL org.opencontainers.image.title="${APP}" \
      org.opencontainers.image.description="Dossier Ledger ${APP}" \
      org.opencontainers.image.licenses="MIT"
ENV NODE_ENV=production \
    PORT=${PORT} \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
# Nothing installs packages at run time: drop npm, npx, corepack and yarn from the image.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /opt/yarn-* \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg
# Files stay owned by root: the process can read its code but not change it.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /workspace/dist/apps/${APP}/ ./
COPY docker/healthcheck.cjs ./healthcheck.cjs
USER 1000:1000
EXPOSE ${PORT}
# GET /health on $PORT with node itself (the image has no curl or wget to rely on).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "healthcheck.cjs"]
STOPSIGNAL SIGTERM
CMD ["node", "main.js"]
