# --- Named network namespaces (tests/netns): they change /run, so make test leaves them out ---
#
#   make test-netns   rns_netns_add/delete/open against iproute2's ip netns: each case in a
#                     child with a private mount namespace and its own tmpfs on /run (real
#                     root; the cases say why they skip otherwise). CI runs it (CI=true).

CI_TESTS += test-netns

.PHONY: test-netns

NETNS_SRC := tests/netns/test_netns.c tests/c/harness.c tests/c/helpers.c

$(OUT)/test_netns: $(NETNS_SRC) $(wildcard tests/c/*.h) $(HEADER) $(LIB_SO)
	$(CC) $(CWARN) $(CFLAGS) -Iinclude -o $@ $(NETNS_SRC) -L$(LIBOUT) -Wl,-rpath,$(abspath $(LIBOUT)) -lrns -lpthread

test-netns: deps build $(OUT)/test_netns
	@echo "== named network namespaces against ip netns (private mount namespace, own /run)"
	$(OUT)/test_netns
