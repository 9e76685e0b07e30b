# --- Go binding (bindings/go) ---
# cgo finds librns through `#cgo pkg-config: rns`; in the tree that is target/pkgconfig's
# rns-uninstalled.pc (with an rpath to target/lib, so no LD_LIBRARY_PATH).
# Go's build cache does not key on what pkg-config prints, only on CGO_* variables: the same
# flags in CGO_LDFLAGS make a changed .pc (the tree moved, say) rebuild what links to it.
GOPC := PKG_CONFIG_PATH=$(abspath $(PCDIR)) \
        CGO_LDFLAGS="-O2 -g $$(PKG_CONFIG_PATH=$(abspath $(PCDIR)) pkg-config --libs rns)"

.PHONY: test-go bench-go

# gofmt and go vet of both Go modules are lint-go's (mk/lint.mk). One race-enabled test
# binary per package (rns; netns, the vishvananda/netns API), each run as it is and (as
# root) again as uid 65534.
GO_TESTS := rns-go:. rns-netns:./netns
test-go: deps build lint-go
	@mkdir -p target/go
	@set -e; for t in $(GO_TESTS); do \
	  echo "$(GOPC) go -C bindings/go test -c -race -o $(abspath target/go)/$${t%%:*}.test $${t#*:}"; \
	  $(GOPC) go -C bindings/go test -c -race -o $(abspath target/go)/$${t%%:*}.test $${t#*:}; \
	done
	@set -e; for t in $(GO_TESTS); do \
	  echo "== Go tests (-race): $${t#*:}"; \
	  scripts/gotest-summary.sh target/go/$${t%%:*}.test -test.v; \
	  if [ "$$(id -u)" = 0 ]; then \
	    scripts/gotest-summary.sh scripts/as-nobody.sh target/go/$${t%%:*}.test -- -test.v; \
	  else \
	    echo "skip unprivileged rerun of the Go tests: already running as uid $$(id -u), not root"; \
	  fi; \
	done

# The run-in-namespace rows: benches/go/runin, a plain program (as the README's example), times
# both ways from its main goroutine and from a goroutine. go_runin_row appends one call site's
# row: $(1) the site as the program names it (Main, Goroutine), $(2) the operation.
GO_RUNIN_MAIN := Go: run in another netns, from main (RunInNamespaces)
GO_RUNIN_GOROUTINE := Go: run in another netns, from a goroutine (RunInNamespaces)
go_runin_row = grep '^BenchmarkRunInNetns$(1)' $(BENCHOUT)/go-runin.txt | \
  awk -v base=RunInNetns$(1)Hand -v rns=RunInNetns$(1)Rns -v tsv=$(BENCH_TSV) -v target='<=1.1' -v op='$(2)' \
    -v peer='hand-written (LockOSThread, x/sys/unix setns in and back)' -f benches/go/ratios.awk

# The spawn rows (benches/go/spawn_test.go): go_spawn_row appends one row from go-spawn.txt:
# $(1) the benchmark prefix (its Rns and OsExec halves), $(2) the target, $(3) the operation,
# $(4) the peer.
GO_SPAWN_PLAIN := Go: spawn, no attribute (rns.Cmd.Run)
GO_SPAWN_CONC := Go: 200 spawns at once from 200 goroutines, all waited (rns.Cmd.Run; per batch)
GO_SPAWN_NS := Go: spawn into new net+uts namespaces (rns.Cmd)
go_spawn_row = grep '^Benchmark$(1)\(Rns\|OsExec\)-' $(BENCHOUT)/go-spawn.txt | \
  awk -v stat=median -v base=$(1)OsExec -v rns=$(1)Rns -v tsv=$(BENCH_TSV) -v target='$(2)' -v op='$(3)' \
    -v peer='$(4)' -f benches/go/ratios.awk

# Part of make bench (not of make test): getpgid(0) through rns against x/sys/unix and syscall.
bench-go: deps build
	@echo "== Go: getpgid(0) through rns (cgo), golang.org/x/sys/unix and syscall (best of 5)"
	@mkdir -p $(BENCHOUT)
	cd benches/go && $(GOPC) go test -run TestSameAnswer -bench Getpgid -count 5 > ../../$(BENCHOUT)/go.txt
	@awk -v base=GetpgidUnix -v rns=GetpgidRns -v tsv=$(BENCH_TSV) -v target='<=1.3' \
	  -v op='Go per call: getpgid(0)' -v peer=golang.org/x/sys/unix -f benches/go/ratios.awk $(BENCHOUT)/go.txt
	@echo "== Go: run in another network namespace, RunInNamespaces vs the hand-written pattern, from main and from a goroutine of a plain program (best of 9 alternating rounds)"
	@if [ "$$(id -u)" != 0 ]; then \
	  why='needs root: entering a network namespace needs CAP_SYS_ADMIN'; echo "   skip: $$why"; \
	  [ -z "$(BENCH_TSV)" ] || printf '%s\tskip\t%s\n' '$(GO_RUNIN_MAIN)' "$$why" '$(GO_RUNIN_GOROUTINE)' "$$why" >> $(BENCH_TSV); \
	else \
	  mkdir -p target/go && (cd benches/go && $(GOPC) go build -o $(abspath target/go)/runin ./runin) && \
	  target/go/runin -rounds 9 > $(BENCHOUT)/go-runin.txt && \
	  $(call go_runin_row,Main,$(GO_RUNIN_MAIN)) && $(call go_runin_row,Goroutine,$(GO_RUNIN_GOROUTINE)); \
	fi
	@echo "== Go: spawn /bin/true, rns.Cmd vs os/exec: plain, 200 at once, into new net+uts namespaces (median of 21 alternating rounds)"
	@mkdir -p $(BENCHOUT)
	cd benches/go && RNS_BENCH_ROUNDS=21 $(GOPC) go test -count=1 -run 'TestSpawnRounds' -v . \
	  > ../../$(BENCHOUT)/go-spawn.log || { cat ../../$(BENCHOUT)/go-spawn.log; exit 1; }
	@grep '^skip' $(BENCHOUT)/go-spawn.log || true
	@grep '^Benchmark' $(BENCHOUT)/go-spawn.log > $(BENCHOUT)/go-spawn.txt
	@$(call go_spawn_row,SpawnPlain,<=1.0,$(GO_SPAWN_PLAIN),os/exec (exec.Command))
	@$(call go_spawn_row,SpawnConc200,<=0.9,$(GO_SPAWN_CONC),os/exec: 200 exec.Cmd.Run from 200 goroutines)
	@op='$(GO_SPAWN_NS)'; \
	if [ "$$(id -u)" != 0 ]; then \
	  why='needs root: new namespaces need CAP_SYS_ADMIN'; echo "   skip: $$why"; \
	  [ -z "$(BENCH_TSV)" ] || printf '%s\tskip\t%s\n' "$$op" "$$why" >> $(BENCH_TSV); \
	else \
	  $(call go_spawn_row,Spawn,<=1.0,$(GO_SPAWN_NS),os/exec with SysProcAttr.Cloneflags); \
	fi
	@echo "== Go: netns.Set into another network namespace and back, bindings/go/netns vs vishvananda/netns (best of 8, alternating rounds)"
	@op='Go: netns.Set into another netns and back (bindings/go/netns)'; \
	if [ "$$(id -u)" != 0 ]; then \
	  why='needs root: entering a network namespace needs CAP_SYS_ADMIN'; echo "   skip: $$why"; \
	  [ -z "$(BENCH_TSV)" ] || printf '%s\tskip\t%s\n' "$$op" "$$why" >> $(BENCH_TSV); \
	else \
	  mkdir -p target/go && (cd benches/go && $(GOPC) go test -c -o $(abspath target/go)/bench-go.test .) && \
	  for r in 1 2 3 4; do \
	    target/go/bench-go.test -test.run '^$$' -test.bench 'NetnsSetPeer$$' -test.count 2; \
	    target/go/bench-go.test -test.run '^$$' -test.bench 'NetnsSetRns$$' -test.count 2; \
	  done | grep '^Benchmark' > $(BENCHOUT)/go-netns.txt && \
	  awk -v base=NetnsSetPeer -v rns=NetnsSetRns -v tsv=$(BENCH_TSV) -v target='<=1.0' -v op="$$op" \
	    -v peer='github.com/vishvananda/netns v0.0.5 Set and back' -f benches/go/ratios.awk $(BENCHOUT)/go-netns.txt; \
	fi
