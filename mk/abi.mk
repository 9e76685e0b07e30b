# --- The interface: exports against the header and map, the header alone, the ABI baseline ---

.PHONY: check-symbols check-header abi-check

# SONAME, only rns_* exported, exactly the header's functions, each in the map's node.
check-symbols: deps build
	scripts/check-symbols.sh $(LIB_SO) $(HEADER) $(SYMMAP)

# The header on its own compiles as C99 and as C++ (the extern "C" guard), pedantic and warning-free.
check-header: deps
	$(CC) -x c -std=c99 -pedantic -Wall -Wextra -Werror -fsyntax-only $(HEADER)
	$(CXX) -x c++ -std=c++11 -pedantic -Wall -Wextra -Werror -fsyntax-only $(HEADER)
	@echo "ok   $(HEADER) compiles alone as C99 and C++11"

# Exported symbols, versions, SONAME, signatures and constants against abi/ (abidw/abidiff on
# a probe generated from the header; abi/README.md). The test shows the check failing on a
# changed signature, a removed export, a moved version node, ...
abi-check: deps build
	scripts/abi-check.sh $(LIBOUT)/$(REALSO) $(HEADER)
	tests/abi/test-abi-check.sh $(LIBOUT)/$(REALSO) $(HEADER)
