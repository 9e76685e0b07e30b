# --- Install (GNU conventions): make install / uninstall, with DESTDIR, PREFIX, LIBDIR, ... ---

PREFIX       ?= /usr/local
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
CMAKEPKGDIR  ?= $(LIBDIR)/cmake/rns
MANDIR       ?= $(PREFIX)/share/man
INSTALL      ?= install
INSTDIR      := target/install

.PHONY: install-files install uninstall

# rns.pc and the CMake config for the installed layout (paths from the variables above; the
# CMake config finds its prefix relative to where it is installed, so DESTDIR is fine).
install-files: build man
	@mkdir -p $(INSTDIR)
	$(call write-pc,$(INSTDIR)/rns.pc,$(PREFIX),$(LIBDIR),$(INCLUDEDIR),)
	$(call write-cmake,$(INSTDIR)/rns-config.cmake,$$(realpath -m --relative-to=$(CMAKEPKGDIR) $(PREFIX)),$$(realpath -m --relative-to=$(PREFIX) $(INCLUDEDIR)),$$(realpath -m --relative-to=$(PREFIX) $(LIBDIR)))

install: install-files
	$(INSTALL) -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) \
	  $(DESTDIR)$(CMAKEPKGDIR) $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man7
	$(INSTALL) -m 0644 $(LIBOUT)/$(REALSO) $(DESTDIR)$(LIBDIR)/$(REALSO)
	ln -sf $(REALSO) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/librns.so
	$(INSTALL) -m 0644 $(LIB_A) $(DESTDIR)$(LIBDIR)/librns.a
	$(INSTALL) -m 0644 $(HEADER) $(DESTDIR)$(INCLUDEDIR)/rns.h
	$(INSTALL) -m 0644 $(INSTDIR)/rns.pc $(DESTDIR)$(PKGCONFIGDIR)/rns.pc
	$(INSTALL) -m 0644 $(INSTDIR)/rns-config.cmake $(DESTDIR)$(CMAKEPKGDIR)/rns-config.cmake
	$(INSTALL) -m 0644 $(CMAKEDIR)/rns-config-version.cmake $(DESTDIR)$(CMAKEPKGDIR)/rns-config-version.cmake
	cp -P $(MANOUT)/man3/*.3 $(DESTDIR)$(MANDIR)/man3/
	chmod 0644 $(DESTDIR)$(MANDIR)/man3/*.3
	$(INSTALL) -m 0644 $(MANOUT)/man7/rns.7 $(DESTDIR)$(MANDIR)/man7/rns.7
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then ldconfig; fi

# Removes exactly what install wrote (a man page per function of the header).
uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(REALSO) $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/librns.so \
	  $(DESTDIR)$(LIBDIR)/librns.a $(DESTDIR)$(INCLUDEDIR)/rns.h $(DESTDIR)$(PKGCONFIGDIR)/rns.pc \
	  $(DESTDIR)$(CMAKEPKGDIR)/rns-config.cmake $(DESTDIR)$(CMAKEPKGDIR)/rns-config-version.cmake \
	  $(DESTDIR)$(MANDIR)/man7/rns.7
	for f in $$(scripts/rns-functions.sh $(HEADER)); do \
	  rm -f $(DESTDIR)$(MANDIR)/man3/$$f.3; done
	-rmdir $(DESTDIR)$(CMAKEPKGDIR) 2>/dev/null
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then ldconfig; fi
