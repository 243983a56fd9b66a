# syntax=docker/dockerfile:1
# paperbot: build with the dev dependencies, run the compiled code with production dependencies only.
# The build stage runs scripts/build-production.sh, the script CI runs: npm ci, npm run build,
# staging, npm ci --omit=dev in the staging folder, and a check that the staged bot answers.

FROM node:20-bookworm AS build
WORKDIR /src
COPY . .
RUN bash scripts/build-production.sh --stage /stage

FROM node:20-slim
ENV NODE_ENV=production \
    CORPUS_DIR=/corpus \
    DATA_DIR=/data \
    HEALTH_PORT=8080 \
    HEALTH_HOST=0.0.0.0
WORKDIR /app
# The code belongs to root and is read-only to the bot; only /data is its own.
COPY --from=build /stage/ /app/
RUN mkdir -p /corpus /data && cp -R /app/corpus/. /corpus/ && chown node:node /data
USER node
# Mount the group's corpus read-only at /corpus (the shipped seed entries are there otherwise).
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HEALTH_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/paperbot.js"]
CMD ["start"]
