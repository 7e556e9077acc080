# pg-autotune: one image for every service (`serve collector|environment|discovery|recommendation|trainer`)
# and the other commands (`report`, `tune`). docker-compose.yml runs it.
#
# The image holds PostgreSQL's client programs only (pgbench for the collector's benchmarks,
# psql for people): the server being tuned runs in its own container, so the collector cannot
# restart it (no data directory here) and restart-requiring knobs are refused.

# --- build: compile TypeScript to dist/ ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the package's own `prepare` would build before the sources are here (the
# build step below does it); no runtime dependency needs an install script.
# --omit=optional: @tensorflow/tfjs-node downloads libtensorflow when it installs; the image
# runs the wasm backend, which ships inside @tensorflow/tfjs-backend-wasm.
RUN npm ci --ignore-scripts --omit=optional --no-audit --no-fund
COPY tsconfig.json ./
COPY proto ./proto
COPY model ./model
COPY services ./services
COPY lib ./lib
COPY knobs ./knobs
COPY cli ./cli
COPY bench ./bench
RUN npm run build

# --- runtime: production dependencies, dist/ and the .proto files loaded at run time ---
FROM node:20-bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-client ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# packageRoot() finds /app by package.json and loads proto/autotune/v1/*.proto from there.
COPY --from=build /app/proto ./proto
# pgbench writes its per-transaction logs under the OS temp folder; nothing else is written.
USER node
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["--help"]
