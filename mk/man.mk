# --- Man pages: generated from the header's doc comments and man/rns.7.md (go-md2man) ---
# rns_NAME(3) for every function and rns(7), in $(MANOUT) (target/man).

MANSRC := man/gen-man.js $(wildcard man/*.md)

.PHONY: man check-man

man: $(MANOUT)/man7/rns.7

$(MANOUT)/man7/rns.7: $(HEADER) $(MANSRC) | deps
	rm -rf $(MANOUT)
	node man/gen-man.js $(HEADER) $(MANOUT)

# Every function has a page, and every page renders without a warning (lintian's check).
check-man: man
	man/check-man.sh $(MANOUT)
