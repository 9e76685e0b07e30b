# --- Footprint: what librns costs the programs that load or link it ------------------------
# bench-dlopen (part of make bench): dlopen+dlsym+dlclose of librns.so against a trivial
# library built here with the same link flags.

FOOTPRINT := target/footprint

.PHONY: bench-dlopen

# The peer: one function, no dependencies, linked as librns.so is (-z relro, -z now).
$(FOOTPRINT)/libtrivial.so: benches/dlopen/trivial.c
	@mkdir -p $(FOOTPRINT)
	$(CC) -O2 -fPIC -shared -o $@ -Wl,-soname,libtrivial.so -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack $<

$(FOOTPRINT)/bench-dlopen: benches/dlopen/bench.c
	@mkdir -p $(FOOTPRINT)
	$(CC) $(CWARN) -O2 -o $@ $< -ldl

bench: bench-dlopen

bench-dlopen: build $(FOOTPRINT)/libtrivial.so $(FOOTPRINT)/bench-dlopen
	@echo "== dlopen: librns.so against a trivial shared library"
	@readelf -d $(LIBOUT)/$(REALSO) | sed -n 's/.*(NEEDED).*\[\(.*\)\]$$/\1/p' | paste -sd' ' | sed 's/^/   librns.so NEEDED: /'
	$(FOOTPRINT)/bench-dlopen $(abspath $(LIBOUT)/$(SONAME)) rns_version $(abspath $(FOOTPRINT)/libtrivial.so) trivial_version
