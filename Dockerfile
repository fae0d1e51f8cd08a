# syntax=docker/dockerfile:1

# Stage 1: production dependencies. better-sqlite3 is a native module: the build tools are
# here in case no prebuilt binary matches, and never reach the runtime image.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Stage 2: runtime. scripts/build.mjs bundles src/ into dist/ with esbuild once, here; the
# container runs the JavaScript with plain node, as `npm start` does.
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY drizzle ./drizzle
COPY scripts/build.mjs scripts/doctor.ts ./scripts/
# Bundled now, as root: the `node` user only reads dist/.
RUN node scripts/build.mjs
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
# Long polling needs no port; set WEBHOOK_URL and publish WEBHOOK_PORT (8080) for webhooks.
EXPOSE 8080
# Healthy while DATA_DIR/heartbeat is fresh: the bot rewrites it every 15 s while its database
# answers and Telegram answered within 2 minutes (src/heartbeat.ts). Plain node, no npm.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "const f=require('path').join(process.env.DATA_DIR||'/data','heartbeat');process.exit(Date.now()-require('fs').statSync(f).mtimeMs<60000?0:1)"]
# What `npm start` runs, without an npm process in between (less memory, signals straight to node).
# Extra workers: the same with dist/worker.js.
CMD ["node", "--enable-source-maps", "--max-semi-space-size=4", "--heap-growing-percent=20", "--v8-pool-size=2", "dist/main.js"]
