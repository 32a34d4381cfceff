# Entry points for a fresh machine (only node >= 20 and a reachable MySQL/MariaDB are assumed).
# Yarn comes from corepack, pointed at the npm registry npm itself is configured with.
YARN_ENV = export COREPACK_NPM_REGISTRY="$$(npm config get registry | sed 's:/*$$::')" && \
	export COREPACK_ENABLE_DOWNLOAD_PROMPT=0 && \
	corepack enable

.PHONY: dev test build-migrator

# Sets up and starts the stack. For now: install, create the database if missing, migrate, seed.
dev:
	$(YARN_ENV) && yarn install && yarn db:setup

# Every test (builds first). Needs the database server of .env / DB_* (default 127.0.0.1:3306, root).
test:
	$(YARN_ENV) && yarn install --immutable && yarn test

build-migrator:
	docker build -f db/Dockerfile -t hathor-wallet-service-migrator .
