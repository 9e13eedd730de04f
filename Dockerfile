# syntax=docker/dockerfile:1

FROM node:22-bookworm-slim AS build
WORKDIR /app
# Client generation needs the schema, its config and the generate script;
# copying only those ahead of the sources keeps the install layer cached
# across code-only changes.
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
# Dependencies' own install scripts are skipped: Prisma's would download a
# native engine the service never uses (migrations run in WebAssembly). The
# project's postinstall (client generation) is run explicitly instead.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm run generate
COPY . .
# The generated client lives in src/generated and is compiled into dist with
# the rest, so dev dependencies such as typescript can go after the build.
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    DATA_DIR=/app/.data
WORKDIR /app
# package.json marks dist as ES modules and anchors the project root, where
# the service finds prisma/migrations to apply at start-up.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
# Without DATABASE_URL the service keeps an embedded database in DATA_DIR,
# which the unprivileged user has to be able to write.
RUN mkdir -p /app/.data && chown node:node /app/.data && chmod 700 /app/.data
USER node
EXPOSE 4000
CMD ["node", "dist/src/main.js"]
