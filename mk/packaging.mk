# --- Packaging: the Debian packages, and the install tests (tests/packaging, tests/installed) ---

# Built by debhelper from a copy of the tree in target/deb (dpkg-buildpackage writes the
# packages beside the source, so they land in target/deb, not above the checkout), then
# checked by lintian. Cargo runs offline, from the crates `make build` fetched.
DEBDIR := target/deb

.PHONY: deb test-install-destdir test-installed test-installed-ci

deb: deps build
	tests/packaging/build-deb.sh $(VERSION) $(DEBDIR)

# install into a DESTDIR, check the layout and modes, uninstall, and check nothing is left.
test-install-destdir: deps build man
	tests/packaging/test-install-destdir.sh $(abspath target/destdir) $(REALSO)

# Installs the .debs, builds C (pkg-config, static, CMake), Go and Node consumers against
# them with no path into the tree, and purges them. It changes the system, so make test runs
# it only in CI (CI=true, as .ci/run sets); this target runs it on request (as root).
test-installed: deb
	RNS_TEST_INSTALLED=1 tests/installed/test-installed.sh

test-installed-ci: deb
	tests/installed/test-installed.sh
