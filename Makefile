# quire — build with `make`, test with `make test`, sanitizers with `make check-asan`.
BUILD    ?= build
CC       ?= cc
PREFIX   ?= /usr/local
VERSION  := 0.1.0
PKGS     := libxml-2.0 sqlite3 fontconfig freetype2 harfbuzz harfbuzz-subset libpng libjpeg glib-2.0 zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS)) -lhpdf -lcsv -lm -lpthread
CFLAGS   ?= -O2 -g
WARN     := -Wall -Wextra -Wno-unused-parameter -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wvla
# CI builds with WERROR=1: a new warning fails the run.
ifdef WERROR
WARN     += -Werror
endif
override CFLAGS += -std=c17 -D_GNU_SOURCE $(WARN) -Iinclude -Isrc \
            -DQUIRE_VERSION=\"$(VERSION)\" -DQUIRE_DATADIR=\"$(PREFIX)/share/quire\" -DQUIRE_LIBDIR=\"$(PREFIX)/lib/quire\" $(PKG_CFLAGS) -MMD -MP
override LDLIBS += $(PKG_LIBS)
# cairo is linked into the module quire-cairo.so only, never into quire or
# libquire.a: a default render must not pay for loading it (docs/design.md).
CAIRO_PKGS   := cairo fontconfig freetype2 libpng
CAIRO_CFLAGS := $(shell pkg-config --cflags $(CAIRO_PKGS))
CAIRO_LIBS   := $(shell pkg-config --libs $(CAIRO_PKGS))
CAIRO_MOD    := $(BUILD)/quire-cairo.so

LIB_SRC  := $(sort $(shell find src -name '*.c' ! -path 'src/cli/*' ! -path 'src/paint/cairo/module.c'))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/schema.o $(BUILD)/obj/gen/srgb.o \
            $(BUILD)/obj/gen/hyph_en_us.o
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps example examples test unit e2e golden-update mutate check-asan check-clang check-valgrind install install-files clean bench fuzz fuzz-build
all: $(BUILD)/quire $(BUILD)/libquire.a $(BUILD)/fonts/map.tsv $(CAIRO_MOD)

# The font map's faces, copied from their Debian packages and checked
# against fonts/map.tsv; quire finds them beside its binary.
$(BUILD)/fonts/map.tsv: fonts/map.tsv fonts/aliases.tsv fonts/LICENSES.md scripts/fonts.sh
	scripts/fonts.sh fonts $(BUILD)/fonts

# Installs missing Debian packages (a no-op when all are there).
deps:
	@scripts/setup.sh

# The README's first command: the FY2013 briefing from a fresh clone.
example: deps
	@$(MAKE) --no-print-directory all
	$(BUILD)/quire render examples/briefing/briefing.xml -o examples/briefing/briefing.pdf
	@echo "wrote examples/briefing/briefing.pdf"

# Every example under examples/: the briefing; one annual report (the
# whole batch of 216: docs/scaling.md, examples/annual/README.md);
# examples/charts/charts.xml
# as a PDF and each of its charts alone as SVG and PNG; the article
# template (templates/chart.xml) likewise; all in $(BUILD)/examples/charts.
CHART_IDS = $(shell sed -n 's/.*<chart id="\([^"]*\)".*/\1/p' examples/charts/charts.xml)
examples: example
	@mkdir -p $(BUILD)/examples/charts
	$(BUILD)/quire render examples/charts/charts.xml -o $(BUILD)/examples/charts/charts.pdf
	@for id in $(CHART_IDS); do \
	    for ext in svg png; do \
	        $(BUILD)/quire chart examples/charts/charts.xml --id $$id -o $(BUILD)/examples/charts/$$id.$$ext || exit 1; \
	    done; \
	done
	@for ext in svg png pdf; do \
	    $(BUILD)/quire chart templates/chart.xml --id chart -o $(BUILD)/examples/charts/article.$$ext || exit 1; \
	done
	@echo "wrote $(BUILD)/examples/charts: charts.pdf, $(words $(CHART_IDS)) charts as SVG and PNG, article.svg|png|pdf"
	$(BUILD)/quire render examples/annual/annual-report.xml -p office=HOU -p year=2013 -o examples/annual/HOU-FY2013.pdf
	@echo "wrote examples/annual/HOU-FY2013.pdf"

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

# The cairo backend, opened with dlopen when asked for.
$(BUILD)/pic/module.o: src/paint/cairo/module.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CAIRO_CFLAGS) -fPIC -c $< -o $@

$(CAIRO_MOD): $(BUILD)/pic/module.o
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,--no-undefined -Wl,-soname,quire-cairo.so -o $@ $< $(CAIRO_LIBS)

$(BUILD)/gen/schema.c: templates/quire.rng scripts/embed.sh
	@mkdir -p $(dir $@)
	scripts/embed.sh quire_schema_rng $< > $@

# The sRGB profile of --pdfa's output intent, from Debian's icc-profiles-free
# (docs/dependencies.md): built in, so every machine writes the same bytes.
SRGB_ICC ?= /usr/share/color/icc/sRGB.icc
$(BUILD)/gen/srgb.c: $(SRGB_ICC) scripts/embed.sh
	@mkdir -p $(dir $@)
	scripts/embed.sh quire_srgb_icc $< > $@

$(BUILD)/obj/gen/srgb.o: $(BUILD)/gen/srgb.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

# The en-US hyphenation patterns from Debian's hyphen-en-us, built in as a
# ready hash table (src/layout/hyphen.c): loading the file costs ~4M
# instructions per document, the built-in table none.
HYPH_EN_US ?= /usr/share/hyphen/hyph_en_US.dic
$(BUILD)/hyphgen: scripts/hyphgen.c src/layout/hyphen.c src/layout/hyphen_impl.h src/util/buf.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ scripts/hyphgen.c src/util/buf.c

$(BUILD)/gen/hyph_en_us.c: $(HYPH_EN_US) $(BUILD)/hyphgen
	@mkdir -p $(dir $@)
	$(BUILD)/hyphgen $< q_hyph_builtin_en_us > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/hyph_en_us.o: $(BUILD)/gen/hyph_en_us.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/gen/schema.o: $(BUILD)/gen/schema.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libquire.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/quire: $(CLI_OBJ) $(BUILD)/libquire.a | $(BUILD)/fonts/map.tsv
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libquire.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/t.h $(BUILD)/libquire.a | $(BUILD)/fonts/map.tsv
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libquire.a $(LDLIBS)

unit: $(TEST_BIN)
	@tests/run-unit.sh $(TEST_BIN)

e2e: $(BUILD)/quire $(CAIRO_MOD) $(BUILD)/pngdiff
	@QUIRE=$(abspath $(BUILD)/quire) tests/run-e2e.sh

# The golden tests' comparer (tests/e2e/test_golden.sh, docs/testing.md).
$(BUILD)/pngdiff: tests/tools/pngdiff.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(shell pkg-config --libs libpng)

# After an intended change to how pages look: rewrite tests/golden/*.png,
# then look at the diff (git diff --stat tests/golden) before committing.
golden-update: $(BUILD)/quire $(BUILD)/pngdiff
	@QUIRE=$(abspath $(BUILD)/quire) GOLDEN_UPDATE=1 tests/run-e2e.sh tests/e2e/test_golden.sh

# One-line mutations of src/, each rebuilt and run against the suite in a
# scratch copy; prints the kill rate and the survivors (slow: not in test).
mutate:
	tests/mutation/run.sh

# The test command: unit tests, then end-to-end tests against the built command.
test: deps
	@$(MAKE) --no-print-directory $(BUILD)/quire $(CAIRO_MOD) $(BUILD)/pngdiff $(TEST_BIN)
	@QUIRE=$(abspath $(BUILD)/quire) tests/run-all.sh $(TEST_BIN)

# A second compiler sees other mistakes; -Werror keeps both clean.
check-clang:
	@scripts/setup.sh --fuzz
	$(MAKE) BUILD=build-clang CC=clang WERROR=1 test

check-asan:
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	        LDFLAGS="-fsanitize=address,undefined" test

# Fuzzing with libFuzzer (clang): each target for FUZZ_SECONDS, seeded from
# examples/ and tests/; crashes land in build-fuzz/artifacts/.
FUZZ_SECONDS ?= 60
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_TARGETS := template csv json image render
fuzz-build:
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" build-fuzz/libquire.a
	for t in $(FUZZ_TARGETS); do \
	    clang -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) -std=c17 -D_GNU_SOURCE -Iinclude -Isrc $(PKG_CFLAGS) \
	        tests/fuzz/fuzz_$$t.c build-fuzz/libquire.a $(LDLIBS) -o build-fuzz/fuzz_$$t || exit 1; \
	done

fuzz: deps
	@scripts/setup.sh --fuzz
	@$(MAKE) --no-print-directory fuzz-build
	tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

$(BUILD)/bench-inproc: bench/inproc.c $(BUILD)/libquire.a
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libquire.a $(LDLIBS)

bench: $(BUILD)/quire $(BUILD)/bench-inproc $(CAIRO_MOD)
	@scripts/setup.sh --bench
	bench/run.sh $(BUILD)/quire
	bench/charts.sh $(BUILD)/quire
	bench/batch.sh $(BUILD)/quire
	$(BUILD)/bench-inproc examples/briefing/briefing.xml 200 2

# The example renders and error paths under valgrind: no errors, no leaks.
check-valgrind: $(BUILD)/quire $(CAIRO_MOD)
	@scripts/setup.sh --valgrind
	tests/valgrind.sh $(BUILD)/quire

install: all
	@$(MAKE) --no-print-directory install-files

# The copying alone, for a build that exists (the install test runs it
# against the build under test without rebuilding it).
install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/share/quire
	install -m 755 $(BUILD)/quire $(DESTDIR)$(PREFIX)/bin/quire
	install -d $(DESTDIR)$(PREFIX)/lib/quire
	install -m 755 $(CAIRO_MOD) $(DESTDIR)$(PREFIX)/lib/quire/quire-cairo.so
	install -m 644 $(BUILD)/libquire.a $(DESTDIR)$(PREFIX)/lib/libquire.a
	install -m 644 include/quire.h $(DESTDIR)$(PREFIX)/include/quire.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' -e 's|@REQUIRES@|$(PKGS)|' \
	    quire.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/quire.pc
	install -m 644 templates/quire.rng $(DESTDIR)$(PREFIX)/share/quire/quire.rng
	rm -rf $(DESTDIR)$(PREFIX)/share/quire/fonts
	cp -Rp $(BUILD)/fonts $(DESTDIR)$(PREFIX)/share/quire/fonts

clean:
	rm -rf build build-asan build-*

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
