# syntax=docker/dockerfile:1
# dbarch GitHub App: build once, run as a non-root user with production dependencies only.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Exactly the committed lockfile, as CI installs it (.ci/run); --ignore-scripts: `prepare` would
# build before the sources are copied.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/copy-rule-docs.mjs scripts/build-blank-cluster.mjs ./scripts/
COPY src ./src
# tsc, then the rule docs (src/rules/*.md) into dist/rules for /dbarch explain, then the dry run's
# blank cluster (dist/dry-run/sandbox/blank-cluster.tgz) so the App never runs initdb.
RUN npm run build

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The LLM's instructions: dist/llm reads ../../prompts, and loads them when the app starts.
COPY --chown=node:node prompts ./prompts
COPY --chown=node:node package.json app.yml ./
COPY --chown=node:node bin ./bin
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# One image, either role (docs/deploy.md): DBARCH_ROLE=all (default: webhooks and, with REDIS_URL, a
# worker), web, or worker (reviews from Redis; /healthz, /readyz and /metrics on PORT, no webhooks).
CMD ["node", "dist/start.js"]
