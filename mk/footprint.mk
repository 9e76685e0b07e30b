# --- Footprint: what librns costs the programs that load or link it ------------------------
# check-footprint (part of make test): librns.so needs only libc and the loader, and a
# one-call program linked statically (pkg-config --static; CMake's rns::rns_static) stays
# small, for the build tree and for the installed layout (make install into a DESTDIR).
# bench-dlopen (part of make bench): dlopen+dlsym+dlclose of librns.so against a trivial
# library built here with the same link flags.

FOOTPRINT := target/footprint

EXTRA_TESTS += check-footprint
.PHONY: check-footprint bench-dlopen

check-footprint: deps build man
	@echo "== footprint: the build tree (target/pkgconfig, target/cmake)"
	scripts/check-footprint.sh $(LIBOUT)/$(REALSO) $(PCDIR) $(CMAKEDIR)
	@echo "== footprint: the installed layout (make install DESTDIR=$(FOOTPRINT)/destdir PREFIX=/usr)"
	rm -rf $(FOOTPRINT)/destdir
	$(MAKE) --no-print-directory install DESTDIR=$(abspath $(FOOTPRINT)/destdir) INSTDIR=$(FOOTPRINT)/install \
	  PREFIX=/usr LIBDIR=/usr/lib/some-triplet > /dev/null
	scripts/check-footprint.sh $(FOOTPRINT)/destdir/usr/lib/some-triplet/$(REALSO) \
	  $(FOOTPRINT)/destdir/usr/lib/some-triplet/pkgconfig $(FOOTPRINT)/destdir/usr/lib/some-triplet/cmake/rns \
	  $(abspath $(FOOTPRINT)/destdir)

# The peer: one function, no dependencies, linked as librns.so is (-z relro, -z now).
$(FOOTPRINT)/libtrivial.so: benches/dlopen/trivial.c
	@mkdir -p $(FOOTPRINT)
	$(CC) -O2 -fPIC -shared -o $@ -Wl,-soname,libtrivial.so -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack $<

$(FOOTPRINT)/bench-dlopen: benches/dlopen/bench.c
	@mkdir -p $(FOOTPRINT)
	$(CC) $(CWARN) -O2 -o $@ $< -ldl

bench-dlopen: build $(FOOTPRINT)/libtrivial.so $(FOOTPRINT)/bench-dlopen
	@echo "== dlopen: librns.so against a trivial shared library"
	@readelf -d $(LIBOUT)/$(REALSO) | sed -n 's/.*(NEEDED).*\[\(.*\)\]$$/\1/p' | paste -sd' ' | sed 's/^/   librns.so NEEDED: /'
	@mkdir -p $(BENCHOUT)
	BENCH_TSV=$(BENCH_TSV) $(FOOTPRINT)/bench-dlopen $(abspath $(LIBOUT)/$(SONAME)) rns_version $(abspath $(FOOTPRINT)/libtrivial.so) trivial_version
