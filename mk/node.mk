# --- Node binding (bindings/node) ---
# npm ci installs exactly package-lock.json (koffi ships its prebuilt binary as a package,
# so no install scripts run); redone when the lock file changes.
NODE_MODULES := bindings/node/node_modules/.package-lock.json

.PHONY: node-deps test-node bench-node

node-deps: $(NODE_MODULES)

$(NODE_MODULES): bindings/node/package-lock.json bindings/node/package.json
	cd bindings/node && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

test-node: deps build node-deps
	cd bindings/node && ./node_modules/.bin/tsc -p tsconfig.json
	@echo "ok   bindings/node/index.d.ts and test/typed.ts type-check (tsc --noEmit)"
	cd bindings/node && node --test --test-reporter=spec test/*.test.js test/*.test.mjs
	scripts/as-nobody.sh -C bindings/node $(HEADER) README.md bindings/node -- \
	  sh -c 'node --test --test-reporter=spec test/*.test.js test/*.test.mjs'

# Part of make bench. npm `posix` is a compiled addon (node-gyp; the one dependency allowed
# to run its install script, see allowScripts in benches/node/package.json).
bench-node: deps build node-deps
	cd benches/node && npm ci --no-audit --no-fund
	@mkdir -p $(BENCHOUT)
	@echo "== Node: getpgid(0) through rns (koffi), koffi on libc and npm posix"
	BENCH_TSV=$(BENCH_TSV) node benches/node/bench.js
	@echo "== Node: a socket in another network namespace: runInNamespaces against spawning nsenter"
	BENCH_TSV=$(BENCH_TSV) node benches/node/netns.js
	@echo "== Node: spawn, librns against child_process (the same code, the module swapped)"
	BENCH_TSV=$(BENCH_TSV) node benches/node/spawn.js
	@echo "== Node: spawnSync('/bin/true') through librns against child_process.spawnSync"
	BENCH_TSV=$(BENCH_TSV) node benches/node/spawnsync.js
