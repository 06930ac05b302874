# Rollcall production image. NOTE: written for container users but never built
# or run on the machines that build Rollcall, which have no Docker engine;
# docs/deploy.md says the same.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY patches ./patches
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY lib/db-url.ts ./lib/db-url.ts
RUN npm ci --no-audit --no-fund
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npx next build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production APP_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
# The young-generation size and V8 helper threads of `npm start` (lib/server-memory.ts).
# `npm start` uses one helper thread fewer than the CPUs: raise the pool size to match
# a container with more than 2 CPUs.
ENV NODE_OPTIONS="--max-semi-space-size=4 --v8-pool-size=1"
COPY --from=build /app /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# Migrations run once per deploy (see compose.yaml), not in every instance.
CMD ["node_modules/.bin/next", "start"]
