# syntax=docker/dockerfile:1
# Brandgen: one image for every role (BRANDGEN_ROLE=all, api or worker). Written for Docker but not built on the
# development machine, which has no Docker engine; see docs/deploy.md.

# 1. Build the client, the web app and compile the server.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY client/package.json client/
COPY server/package.json server/
COPY web/package.json web/
COPY figma-plugin/package.json figma-plugin/
RUN npm ci --no-audit --no-fund
COPY client client
COPY server server
COPY web web
COPY figma-plugin figma-plugin
RUN npm run build

# 2. Only the server's production dependencies (sharp and better-sqlite3 ship prebuilt Linux binaries).
FROM node:24-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
COPY client/package.json client/
COPY server/package.json server/
COPY web/package.json web/
COPY figma-plugin/package.json figma-plugin/
RUN npm ci --omit=dev --workspace server --no-audit --no-fund && npm cache clean --force

# 3. The runtime: compiled server, built web app, production modules, as the unprivileged `node` user.
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    BRANDGEN_DATA_DIR=/data
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /app/server/package.json ./server/package.json
COPY --from=build /app/server/dist ./server/dist
COPY --from=build /app/server/brand ./server/brand
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/figma-plugin/dist ./figma-plugin/dist
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The argument picks the role; `worker` and `api` need DATABASE_URL (PostgreSQL) and REDIS_URL.
ENTRYPOINT ["node", "--enable-source-maps", "--max-semi-space-size=8", "server/dist/main.js"]
CMD ["all"]
