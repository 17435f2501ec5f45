# syntax=docker/dockerfile:1
# One image for all five services (and the verification-platform simulator).
#   docker build --build-arg SERVICE=eligibility -t social-assistance/eligibility .
# SERVICE (build arg, kept as env; may be overridden at run time) picks
# dist/services/$SERVICE/src/main.js. The simulator runs with the command
# `node dist/test/simulator/main.js` (see docker-compose.yml).

ARG NODE_IMAGE=node:20-bookworm-slim

# --- dependencies: cached until package.json / package-lock.json change --------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV CI=true NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false NPM_CONFIG_UPDATE_NOTIFIER=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

# --- build: compile TypeScript (tsc + tsc-alias), then drop dev dependencies ----------------------
FROM deps AS build
COPY . .
RUN npm run build \
 && test -d dist/services \
 && npm prune --omit=dev

# --- runtime: production dependencies + compiled code, as the unprivileged `node` user -----------
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE=intake
ENV NODE_ENV=production \
    TZ=Asia/Shanghai \
    SERVICE=${SERVICE} \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# Node's bundled ICU carries the time-zone data: check that TZ=Asia/Shanghai really applies.
RUN node -e "if (new Date(0).getHours() !== 8) { console.error('TZ Asia/Shanghai not applied'); process.exit(1) }"
# paper: intake's local attachment store (INTAKE_ATTACHMENT_DIR in docker-compose.yml), the one directory the process writes.
RUN mkdir -p /var/lib/sa/attachments && chown node:node /var/lib/sa/attachments
# The local keyring's directory (compose mounts the shared `sa-keys` volume here): owned by `node`, 0700.
RUN mkdir -p /var/lib/sa-keys && chown node:node /var/lib/sa-keys && chmod 700 /var/lib/sa-keys
# Code and dependencies are owned by root and read-only for the process; it runs as `node` (uid 1000).
USER node
EXPOSE 3000 3001 3002 3003 3004 3005 3090
STOPSIGNAL SIGTERM
CMD ["sh", "-c", "case \"$SERVICE\" in intake|verification|eligibility|disbursement|follow-up|audit|workbench) exec node \"dist/services/$SERVICE/src/main.js\" ;; *) echo \"SERVICE must be one of intake, verification, eligibility, disbursement, follow-up, audit, workbench (got '$SERVICE')\" >&2; exit 64 ;; esac"]
