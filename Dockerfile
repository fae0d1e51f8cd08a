# syntax=docker/dockerfile:1

# Stage 1: production dependencies. better-sqlite3 is a native module: the build tools are
# here in case no prebuilt binary matches, and never reach the runtime image.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Stage 2: runtime. TypeScript runs through tsx (a runtime dependency), so there is no build step.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY drizzle ./drizzle
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
# Long polling needs no port; set WEBHOOK_URL and publish WEBHOOK_PORT (8080) for webhooks.
EXPOSE 8080
CMD ["npm", "start"]
