# Entry points for a fresh machine (only node >= 20 and a reachable MySQL/MariaDB are assumed).
# Yarn comes from corepack, pointed at the npm registry npm itself is configured with.
YARN_ENV = export COREPACK_NPM_REGISTRY="$$(npm config get registry | sed 's:/*$$::')" && \
	export COREPACK_ENABLE_DOWNLOAD_PROMPT=0 && \
	corepack enable

.PHONY: dev test build-migrator build-daemon build-simulator build-api

# Installs, builds, migrates and seeds, then runs the simulated full node (SCENARIO=NAME, REPLAY=FILE or
# SEED=N; default scenario WALLET_ACTIVITY) or the node of WS_URL / FULLNODE_HOST, and the daemon, until
# Ctrl-C (scripts/dev.cjs). Always installs: DEV_SKIP_INSTALL is for tests that run the script directly.
dev:
	$(YARN_ENV) && DEV_SKIP_INSTALL= node scripts/dev.cjs

# Type-checks (tests included), lints, then runs every test; any of the three failing fails it.
# Needs the database server of .env / DB_* (default 127.0.0.1:3306, root).
test:
	$(YARN_ENV) && yarn install --immutable && yarn test

build-migrator:
	docker build -f db/Dockerfile -t hathor-wallet-service-migrator .

build-daemon:
	docker build -f packages/daemon/Dockerfile -t hathor-wallet-service-daemon .

build-simulator:
	docker build -f packages/fullnode-simulator/Dockerfile -t hathor-wallet-service-fullnode-simulator .

# The wallet API image: the Lambda bundle under serverless offline (packages/wallet-service/Dockerfile).
build-api:
	docker build -f packages/wallet-service/Dockerfile -t hathor-wallet-service-api .
