# pg-autotune: one image for every service (`serve collector|environment|discovery|recommendation|trainer`)
# and the other commands (`report`, `tune`). docker-compose.yml runs it.
#
# The image holds PostgreSQL 15: pgbench for the collector's benchmarks, psql for people, and
# the server itself with pg_stat_statements (contrib ships in postgresql-15 on Debian). On
# Debian bookworm pgbench ships in postgresql-15 (postgresql-client holds only a wrapper that
# looks for it there); the package is installed without a cluster, and PG_AUTOTUNE_PG_BINDIR
# points findPgbench and pg_ctl at its folder. docker-compose.yml runs each target from this
# image with docker/target-entrypoint.sh: the server and its collector in one container, so
# the collector has the data directory and can restart the server (restart knobs, exact rollback).

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
# postgresql-common first, told not to create a main cluster, so installing postgresql-15
# leaves no database (nor its data folder) in the image.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-common ca-certificates \
 && sed -ri 's/^#?\s*create_main_cluster\s*=.*$/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 postgresql-client-15 \
 && test -x /usr/lib/postgresql/15/bin/pgbench \
 && rm -rf /var/lib/apt/lists/*
ENV PG_AUTOTUNE_PG_BINDIR=/usr/lib/postgresql/15/bin
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# packageRoot() finds /app by package.json and loads proto/autotune/v1/*.proto from there.
COPY --from=build /app/proto ./proto
# The pgbench workload scripts that sessions name (resolved from the package root, like proto/).
COPY workloads ./workloads
# A target container's server and collector state (a volume in docker-compose.yml), owned by
# the user both run as: PostgreSQL refuses root.
COPY docker/target-entrypoint.sh ./docker/target-entrypoint.sh
RUN mkdir -p /var/lib/pg-autotune && chown node:node /var/lib/pg-autotune
# pgbench writes its per-transaction logs under the OS temp folder; nothing else is written.
USER node
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["--help"]
