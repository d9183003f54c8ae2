# The casegraph app (API + built explorer) for docker-compose; Neo4j runs in its own container.
# Two stages: the build (with dev dependencies: vite, typescript) and the image that runs it,
# which holds production dependencies only and runs compiled JavaScript.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY cypher ./cypher
COPY neo4j ./neo4j
COPY --from=build /app/dist ./dist
ENV HOST=0.0.0.0 PORT=3000 NODE_ENV=production
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:3000/api/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node runs the server itself (no wrapper process) so SIGTERM reaches it directly.
CMD ["node", "dist/server/index.js"]
