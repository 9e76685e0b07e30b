# --- The library: target/lib/librns.so.X.Y.Z (+ links), librns.a, rns-uninstalled.pc, CMake ---
# make build needs only cargo and a C compiler (scripts/deps.sh build).

.PHONY: build header

# rustc's native-static-libs (what a link of librns.a needs) with libgcc's static unwinder,
# gcc_eh, for the shared one, gcc_s: for the link of librns.so and for rns.pc's Libs.private.
# (Shell text: it reads the file when the recipe runs.)
STATIC_UNWINDER_LIBS = $$(sed 's/-lgcc_s/-lgcc_eh/' $(OUT)/native-static-libs)

build: deps-build $(LIB_SO) $(LIB_A) $(PCDIR)/rns-uninstalled.pc \
       $(CMAKEDIR)/rns-config.cmake $(CMAKEDIR)/rns-config-version.cmake

# One cargo invocation builds the staticlib (and the rlib the Rust tests use); rustc's list of
# the native libraries a static link needs is kept beside them (it is printed only when rustc
# runs, so a fresh library is rebuilt once to read it).
$(OUT)/native-static-libs: $(SOURCES)
	@mkdir -p $(OUT)
	$(CARGO) rustc --release --locked --lib -- --print native-static-libs 2>&1 | tee $(OUT)/build.log
	@libs=$$(sed -n 's/.*native-static-libs: //p' $(OUT)/build.log); \
	if [ -z "$$libs" ]; then \
	  echo "cargo found the library fresh; rebuilding it once to read native-static-libs"; \
	  $(CARGO) clean --release -p rns && \
	  $(CARGO) rustc --release --locked --lib -- --print native-static-libs 2>&1 | tee $(OUT)/build.log; \
	  libs=$$(sed -n 's/.*native-static-libs: //p' $(OUT)/build.log); \
	fi; \
	test -n "$$libs" && echo "$$libs" > $@

# The shared library is linked from the staticlib with our version script, so every export
# carries a version node (RNS_0.1), as liburing's and libsystemd's do: rustc gives a cdylib
# its own anonymous version script, which a second script cannot extend (README, "Symbol
# versions"). -u names each export (check-symbols: the header's functions are the map's), so
# only what they need is linked from the archive; the archive itself is unchanged.
# Rust's std refers to the unwinder (_Unwind_*: backtraces, landing pads) even with
# panic = "abort", so rustc lists libgcc_s; linked as it is, the library would need
# libgcc_s.so.1, and every dlopen would map it too (make bench-dlopen: about 5x the time of
# a trivial library). It gets libgcc's static unwinder instead, kept private by the version
# script, and -static-libgcc keeps the driver from adding libgcc_s: librns.so.0 needs only
# libc and the loader (make check-footprint).
$(LIBOUT)/$(REALSO): $(OUT)/native-static-libs $(SYMMAP) $(HEADER) mk/lib.mk
	@mkdir -p $(LIBOUT)
	$(CC) -shared -o $@ -Wl,-soname,$(SONAME) -Wl,--version-script=$(SYMMAP) -Wl,--gc-sections \
	  $(LINK_STRIP) -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack -static-libgcc $(LDFLAGS) \
	  $$(scripts/rns-functions.sh $(HEADER) | sed 's/^/-Wl,-u,/') \
	  $(REL)/librns.a $(STATIC_UNWINDER_LIBS)

# The soname link (what programs load) and the development link (what -lrns finds).
$(LIB_SO): $(LIBOUT)/$(REALSO)
	ln -sf $(REALSO) $(LIBOUT)/$(SONAME)
	ln -sf $(SONAME) $@

$(LIB_A): $(OUT)/native-static-libs
	@mkdir -p $(LIBOUT)
	cp $(REL)/librns.a $@

# The two templates in bindings/c, filled for the build tree here and for an installation by
# install-files (mk/install.mk). rns.pc's Libs.private is rustc's native-static-libs with
# libgcc's static unwinder (gcc_eh) for the shared one (gcc_s), which a -static link cannot
# use: `pkg-config --static` then links fully statically. (Release builds abort on panic; the
# unwinder is only referenced by std.) Both templates give static links -Wl,--gc-sections
# (rns.pc's Libs.private; rns::rns_static's INTERFACE_LINK_OPTIONS): librns.a holds Rust's
# std, and without it a program of one call is about 1 MB larger (make check-footprint).
# $(call write-pc,FILE,PREFIX,LIBDIR,INCLUDEDIR,RPATH-FLAGS)
define write-pc
	sed -e 's|@PREFIX@|$(2)|' -e 's|@LIBDIR@|$(3)|' -e 's|@INCLUDEDIR@|$(4)|' -e 's|@VERSION@|$(VERSION)|' \
	    -e 's|@LIBS_RPATH@|$(5)|' -e "s|@LIBS_PRIVATE@|$(STATIC_UNWINDER_LIBS)|" \
	    bindings/c/rns.pc.in > $(1)
endef
# $(call write-cmake,FILE,PREFIX-FROM-CONFIG-DIR,INCLUDEDIR-FROM-PREFIX,LIBDIR-FROM-PREFIX)
define write-cmake
	sed -e "s|@RNS_REL_PREFIX@|$(2)|" -e "s|@RNS_INCLUDEDIR@|$(3)|" -e "s|@RNS_LIBDIR@|$(4)|" \
	    -e 's|@RNS_SHARED_FILE@|$(REALSO)|' \
	    -e "s|@RNS_STATIC_LIBS@|$$(sed -e 's/^ *//' -e 's/ *$$//' -e 's/-l//g' -e 's/  */;/g' $(OUT)/native-static-libs)|" \
	    bindings/c/cmake/rns-config.cmake.in > $(1)
endef

# pkg-config's "uninstalled" convention: with PKG_CONFIG_PATH=$(abspath $(PCDIR)), `pkg-config rns`
# (and cgo's `#cgo pkg-config: rns`) finds this file first and builds against the tree.
$(PCDIR)/rns-uninstalled.pc: bindings/c/rns.pc.in $(OUT)/native-static-libs Cargo.toml mk/lib.mk
	@mkdir -p $(PCDIR)
	$(call write-pc,$@,$(CURDIR),$${prefix}/$(LIBOUT),$${prefix}/include,-Wl$(comma)-rpath$(comma)$${libdir} )

# CMake's package config for the build tree: find_package(rns) with -Drns_DIR=$(abspath $(CMAKEDIR)).
$(CMAKEDIR)/rns-config.cmake: bindings/c/cmake/rns-config.cmake.in $(OUT)/native-static-libs mk/lib.mk
	@mkdir -p $(CMAKEDIR)
	$(call write-cmake,$@,../..,include,$(LIBOUT))

$(CMAKEDIR)/rns-config-version.cmake: bindings/c/cmake/rns-config-version.cmake.in Cargo.toml
	@mkdir -p $(CMAKEDIR)
	sed -e 's|@RNS_VERSION@|$(VERSION)|' $< > $@

# Regenerate the committed header from the sources (then commit it).
header: deps-build
	RNS_UPDATE_HEADER=1 $(CARGO) build --release --locked
