# Hostile input, second round (issue 10): templates that reach outside
# their folder, exhaust memory or time, or clobber their inputs; outputs
# onto special files; limits that name themselves (SPEC §2, §6, §8).
. "$(dirname "$0")/lib.sh"
cp "$FIX/offices.csv" "$TMP/offices.csv"
# A FIFO's other end, in the background: given up to 5 s to finish once
# quire is done, then stopped (a broken build may never open the FIFO).
reap() {
    n=0
    while kill -0 "$1" 2>/dev/null && [ "$n" -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
    kill "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}
# Under AddressSanitizer memory is shadowed: a virtual-memory cap and RSS
# figures mean nothing there, so those checks run in the plain build only.
asan=0
nm "$QUIRE" 2>/dev/null | grep -q __asan_ && asan=1

# --- 1. <sqlite src> is the file checked, never a URI SQLite parses again ---
mkdir -p "$TMP/sq/t"
# The "secret" database sits outside the template's folder; inside, empty
# files (an empty file is a valid, empty database) whose names SQLite would
# read as URIs.
sqlite3 "$TMP/sq/secret.db" "CREATE TABLE s (x); INSERT INTO s VALUES ('TOPSECRET');"
sqlite3 "$TMP/sq/t/ok.db" "CREATE TABLE a (x); INSERT INTO a VALUES (42);"
: >"$TMP/sq/t/%2e%2e%2fsecret.db"
: >"$TMP/sq/t/%2e%2e%2fcreated.db?mode=rwc&x="
cat >"$TMP/sq/t/read.xml" <<'EOF'
<report><data><sqlite name="s" src="%2e%2e%2fsecret.db"/></data>
<query name="q">SELECT x FROM s.s</query><body><p>got {q.x}</p></body></report>
EOF
cat >"$TMP/sq/t/create.xml" <<'EOF'
<report><data><sqlite name="s" src="%2e%2e%2fcreated.db?mode=rwc&amp;x="/></data>
<query name="q">SELECT count(*) AS n FROM s.sqlite_master</query><body><p>tables {q.n}</p></body></report>
EOF
expect_exit 2 "a %2e%2e%2f name is a file name, not ../secret.db" -- "$QUIRE" render "$TMP/sq/t/read.xml" -o "$TMP/sq/read.pdf"
expect_grep "$TMP/err" "no such table: s\.s" "the empty file in the folder is what was read"
expect_no_grep "$TMP/err" "TOPSECRET" "nothing of ../secret.db in the messages"
expect_exit 0 "a ?mode=rwc name opens the file of that name, read-only" -- "$QUIRE" render "$TMP/sq/t/create.xml" -o "$TMP/sq/create.pdf"
expect_true "no created.db outside the template's folder" test ! -e "$TMP/sq/created.db"
expect_true "no created.db anywhere under the test folder" sh -c "! find '$TMP' -name 'created.db' | grep -q ."
expect_true "it read the empty file (no tables)" sh -c "pdftotext '$TMP/sq/create.pdf' - 2>/dev/null | grep -q 'tables 0'"
cat >"$TMP/sq/t/ok.xml" <<'EOF'
<report><data><sqlite name="s" src="ok.db"/></data>
<query name="q">SELECT x FROM s.a</query><body><p>value {q.x}</p></body></report>
EOF
expect_exit 0 "an ordinary SQLite dataset still reads" -- "$QUIRE" render "$TMP/sq/t/ok.xml" -o "$TMP/sq/ok.pdf"
expect_true "its row is there" sh -c "pdftotext '$TMP/sq/ok.pdf' - 2>/dev/null | grep -q 'value 42'"
printf 'not a database, just text that is long enough to have a header.......................................................\n' >"$TMP/sq/t/text.db"
sed 's/%2e%2e%2fsecret.db/text.db/' "$TMP/sq/t/read.xml" >"$TMP/sq/t/text.xml"
expect_exit 1 "a file that is not a database" -- "$QUIRE" render "$TMP/sq/t/text.xml" -o "$TMP/sq/text.pdf"
expect_grep "$TMP/err" "text\.db' is not a readable SQLite database" "names the file"

# --- 2. work is bounded while it happens ---
# SPEC §8 "Measured": three nested <for-each> over a 1,000-row recursive
# query, --max-pages 1: exit 1 (the limit named) within 200 MB. timeout is
# a guard against a hang, not a speed test.
cat >"$TMP/nest.xml" <<'EOF'
<report><query name="r">WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM r WHERE x&lt;1000) SELECT x FROM r</query>
<body><for-each query="r" as="a"><for-each query="r" as="b"><for-each query="r" as="c"><p>{c.x}</p></for-each></for-each></for-each></body></report>
EOF
for cmd in render check; do
    if [ "$asan" -eq 0 ]; then
        # 200 MB of address space in all: more and malloc fails (then the
        # message would be "out of memory", not the page limit).
        expect_exit 1 "$cmd: nested loops stop at --max-pages 1 within 200 MB" -- \
            sh -c "ulimit -v 204800; exec timeout 20 '$QUIRE' $cmd '$TMP/nest.xml' --max-pages 1 -o '$TMP/nest.pdf'"
    else
        expect_exit 1 "$cmd: nested loops stop at --max-pages 1" -- \
            timeout 60 "$QUIRE" "$cmd" "$TMP/nest.xml" --max-pages 1 -o "$TMP/nest.pdf"
    fi
    expect_grep "$TMP/err" "nest\.xml:2: error: the document would need more than 1 page \(--max-pages\)" \
        "$cmd: the message names --max-pages and the loop's line"
done
# Loops that make nothing still count their turns.
cat >"$TMP/empty-loops.xml" <<'EOF'
<report><query name="r">WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM r WHERE x&lt;1000) SELECT x FROM r</query>
<body><for-each query="r"><for-each query="r"><for-each query="r"></for-each></for-each></for-each></body></report>
EOF
expect_exit 1 "loops that make no block are bounded too" -- timeout 60 "$QUIRE" render "$TMP/empty-loops.xml" --max-pages 1 -o "$TMP/e.pdf"
expect_grep "$TMP/err" "loops ran more than 1000000 times.*\(--max-pages\)" "the turn budget is named"
# A query keeps at most --max-rows rows.
expect_exit 1 "--max-rows" -- "$QUIRE" render "$TMP/nest.xml" --max-rows 999 -o "$TMP/r.pdf"
expect_grep "$TMP/err" "nest\.xml:1: error: query 'r': more than 999 rows \(--max-rows\)" "names the query and the limit"
expect_exit 2 "--max-rows wants a number" -- "$QUIRE" render "$TMP/nest.xml" --max-rows lots -o "$TMP/r.pdf"
# --max-memory: what the expanded document holds is counted as it grows.
expect_exit 1 "--max-memory stops a render that would hold more" -- \
    timeout 120 "$QUIRE" render "$TMP/nest.xml" --max-memory 20M -o "$TMP/m.pdf"
expect_grep "$TMP/err" "needs more memory than --max-memory allows \(20 MiB\)" "names --max-memory and its value"
expect_exit 2 "--max-memory wants a size" -- "$QUIRE" render "$TMP/nest.xml" --max-memory 2X -o "$TMP/m.pdf"
# Running out of memory for real is an error (exit 1), never an abort.
if [ "$asan" -eq 0 ]; then
    cat >"$TMP/oom.xml" <<'EOF'
<report><query name="r">WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM r WHERE x&lt;3000000) SELECT x, printf('%.200c', 'x') AS pad FROM r</query>
<body><p>{r.x}</p></body></report>
EOF
    expect_exit 1 "out of memory ends in exit 1, not abort()" -- \
        sh -c "ulimit -v 307200; exec '$QUIRE' render '$TMP/oom.xml' --max-memory 100G --max-rows 100000000 -o '$TMP/oom.pdf'"
    expect_grep "$TMP/err" "out of memory" "says it ran out of memory"
fi

# --- 3. -o never clobbers an input; special files are written as they are ---
cp "$FIX/small.xml" "$TMP/small.xml"
cp "$TMP/small.xml" "$TMP/small.orig"
cp "$TMP/offices.csv" "$TMP/offices.orig"
expect_exit 2 "-o the template is refused" -- "$QUIRE" render "$TMP/small.xml" -o "$TMP/small.xml"
expect_grep "$TMP/err" "small\.xml: error: the output is one of the render's inputs" "says why"
expect_true "the template is untouched" cmp -s "$TMP/small.xml" "$TMP/small.orig"
cp "$TMP/small.orig" "$TMP/small.xml"   # so that a build that overwrote it fails each case for its own reason
expect_exit 2 "-o a data file is refused" -- "$QUIRE" render "$TMP/small.xml" -o "$TMP/offices.csv"
expect_grep "$TMP/err" "offices\.csv: error: the output is one of the render's inputs" "says why (data file)"
expect_true "the data file is untouched" cmp -s "$TMP/offices.csv" "$TMP/offices.orig"
cp "$TMP/small.orig" "$TMP/small.xml"
cp "$TMP/offices.orig" "$TMP/offices.csv"
ln -s offices.csv "$TMP/alias.csv"
expect_exit 2 "-o a symlink to a data file is refused" -- "$QUIRE" render "$TMP/small.xml" -o "$TMP/alias.csv"
expect_true "the data file is still untouched" cmp -s "$TMP/offices.csv" "$TMP/offices.orig"
cp "$TMP/small.orig" "$TMP/small.xml"
cp "$TMP/offices.orig" "$TMP/offices.csv"
mkdir -p "$TMP/img"
cp "$FIX/images/gray.png" "$TMP/img/pic.png"
cp "$TMP/img/pic.png" "$TMP/img/pic.orig"
printf '<report><body><image src="pic.png" alt="x"/></body></report>\n' >"$TMP/img/i.xml"
expect_exit 2 "-o an image is refused" -- "$QUIRE" render "$TMP/img/i.xml" -o "$TMP/img/pic.png"
expect_true "the image is untouched" cmp -s "$TMP/img/pic.png" "$TMP/img/pic.orig"
mkdir -p "$TMP/self"
cp "$TMP/small.xml" "$TMP/self/rep.pdf"
cp "$TMP/offices.csv" "$TMP/self/offices.csv"
expect_exit 2 "a template named rep.pdf, rendered without -o, is not overwritten" -- \
    sh -c "cd '$TMP/self' && exec '$QUIRE' render rep.pdf"
expect_true "rep.pdf is still the template" cmp -s "$TMP/self/rep.pdf" "$TMP/small.xml"
# A symlink is written through: the link stays, its target gets the PDF.
mkdir -p "$TMP/o"
ln -s real.pdf "$TMP/o/link.pdf"
expect_exit 0 "-o a dangling symlink" -- "$QUIRE" render "$TMP/small.xml" -o "$TMP/o/link.pdf"
expect_true "the link is still a link" test -L "$TMP/o/link.pdf"
expect_true "its target holds the PDF" sh -c "head -c 5 '$TMP/o/real.pdf' | grep -q '%PDF-'"
expect_exit 0 "-o a symlink to an existing file" -- "$QUIRE" render "$TMP/small.xml" -p year=2014 -o "$TMP/o/link.pdf"
expect_true "the link is still a link after a replace" test -L "$TMP/o/link.pdf"
expect_true "the target was replaced" sh -c "pdftotext '$TMP/o/real.pdf' - 2>/dev/null | grep -q 'Offices in 2014'"
# A FIFO gets the bytes; it is not replaced by a regular file.
mkfifo "$TMP/o/pipe.pdf"
cat "$TMP/o/pipe.pdf" >"$TMP/o/from-pipe.pdf" &
reader=$!
# (Not expect_exit: it would read the FIFO to see whether it changed.)
timeout 20 "$QUIRE" render "$TMP/small.xml" -o "$TMP/o/pipe.pdf" 2>"$TMP/err"
rc=$?
expect_true "-o a FIFO: exit $rc, want 0: $(head -c 300 "$TMP/err")" test "$rc" -eq 0
reap "$reader"
expect_true "the FIFO is still a FIFO" test -p "$TMP/o/pipe.pdf"
expect_true "the reader got the PDF" sh -c "pdftotext '$TMP/o/from-pipe.pdf' - 2>/dev/null | grep -q 'Offices in 2013'"
# A device is written directly. Only a device of the test's own (mknod, as
# root) or /dev/full when not root: a build that replaced the device with
# a file must never be run against the system's own node as root.
full=""
if [ "$(id -u)" -eq 0 ]; then
    mknod "$TMP/o/full" c 1 7 2>/dev/null && full="$TMP/o/full"
else
    full=/dev/full
fi
if [ -n "$full" ]; then
    "$QUIRE" render "$TMP/small.xml" -o "$full" 2>"$TMP/err"   # (expect_exit would read the device)
    expect_true "-o a full device exits 1" test $? -eq 1
    expect_grep "$TMP/err" "full: error: cannot write: No space left on device" "says the device is full"
    expect_true "the device is still a character device" test -c "$full"
fi

# --- 4. input sizes are capped (--max-input-size, default 1 GiB) ---
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do cat "$TMP/offices.csv"; done >"$TMP/many.csv"
expect_exit 1 "a CSV over --max-input-size" -- "$QUIRE" render "$TMP/small.xml" -d offices="$TMP/many.csv" --max-input-size 1000 -o "$TMP/cap.pdf"
expect_grep "$TMP/err" "many\.csv: error: the file is [0-9]+ bytes, larger than --max-input-size allows \(1000 bytes\)" \
    "names the file, its size and the limit"
printf '[{"a":1}]\n' >"$TMP/j.json"
printf '<report><data><json name="t" src="j.json"/></data><query name="q">SELECT a FROM t</query><body><p>a={q.a}</p></body></report>\n' >"$TMP/j.xml"
awk 'BEGIN { printf "["; for (i = 0; i < 200; i++) printf "%s{\"a\":%d}", (i ? "," : ""), i; print "]" }' >"$TMP/j200.json"
expect_exit 1 "a JSON over --max-input-size" -- "$QUIRE" render "$TMP/j.xml" -d t="$TMP/j200.json" --max-input-size 1k -o "$TMP/cap.pdf"
expect_grep "$TMP/err" "j200\.json: error: the file is .*larger than --max-input-size allows \(1 KiB\)" "JSON: names the limit"
expect_exit 1 "an image over --max-input-size" -- "$QUIRE" render "$TMP/img/i.xml" --max-input-size 100 -o "$TMP/cap.pdf"
expect_grep "$TMP/err" "image 'pic\.png': the file is .*larger than --max-input-size" "image: names the limit"
expect_exit 1 "a template over --max-input-size" -- "$QUIRE" render "$TMP/small.xml" --max-input-size 100 -o "$TMP/cap.pdf"
expect_grep "$TMP/err" "small\.xml: error: template: the file is .*larger than --max-input-size allows \(100 bytes\)" \
    "template: names the limit"
# A pipe shows its size only as it is read: the cap holds there too.
mkfifo "$TMP/jpipe"
( awk 'BEGIN { printf "["; for (i = 0; i < 5000; i++) printf "%s{\"a\":%d}", (i ? "," : ""), i; print "]" }' >"$TMP/jpipe" ) 2>/dev/null &
writer=$!
expect_exit 1 "-d a pipe that passes --max-input-size" -- timeout 20 "$QUIRE" render "$TMP/j.xml" -d t="$TMP/jpipe" --max-input-size 2k -o "$TMP/cap.pdf"
expect_grep "$TMP/err" "jpipe: error: larger than --max-input-size allows \(2 KiB\)" "pipe: names the limit"
reap "$writer"
expect_exit 1 "-d t=/dev/zero fails at once" -- timeout 20 "$QUIRE" render "$TMP/j.xml" -d t=/dev/zero -o "$TMP/cap.pdf"
expect_grep "$TMP/err" "/dev/zero: error: not a regular file \(a character device\)" "says what /dev/zero is"
expect_exit 2 "--max-input-size wants a size" -- "$QUIRE" render "$TMP/j.xml" --max-input-size -5 -o "$TMP/cap.pdf"

# --- 5. a FIFO inside the template's folder never hangs, render or check ---
mkdir -p "$TMP/fifo"
mkfifo "$TMP/fifo/data.csv" "$TMP/fifo/pic.png" "$TMP/fifo/face.ttf"
printf '<report><data><csv name="t" src="data.csv"/></data><body><p>x</p></body></report>\n' >"$TMP/fifo/csv.xml"
printf '<report><body><image src="pic.png" alt="x"/></body></report>\n' >"$TMP/fifo/image.xml"
printf '<report><styles><font family="F" regular="face.ttf"/><style name="body" font="F"/></styles><body><p>x</p></body></report>\n' >"$TMP/fifo/font.xml"
for kind in csv image font; do
    for cmd in render check; do
        expect_exit 1 "$cmd: a FIFO as $kind is refused, not waited on" -- \
            timeout 20 "$QUIRE" "$cmd" "$TMP/fifo/$kind.xml" -o "$TMP/fifo.pdf"
        expect_grep "$TMP/err" "not a regular file" "$cmd: $kind: says it is not a regular file"
    done
done

# --- 6. --query-timeout times the template's queries only ---
awk 'BEGIN { print "id,v"; for (i = 1; i <= 500000; i++) print i "," i * 2 }' >"$TMP/big.csv"
printf '<report><data><csv name="t" src="big.csv"/></data><query name="everything">SELECT * FROM t</query><metric name="n">SELECT count(*) FROM everything</metric><body><p>rows {n|int}</p></body></report>\n' >"$TMP/big.xml"
expect_exit 0 "loading 500,000 rows and copying them out is not the query's time" -- \
    timeout 300 "$QUIRE" render "$TMP/big.xml" --query-timeout 1.5 -o "$TMP/big.pdf"
expect_true "every row is there" sh -c "pdftotext '$TMP/big.pdf' - 2>/dev/null | grep -q 'rows 500,000'"
printf '<report><query name="slow">WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT max(n) AS n FROM r</query><body><p>{slow.n}</p></body></report>\n' >"$TMP/slow.xml"
expect_exit 1 "a query past the limit" -- timeout 60 "$QUIRE" render "$TMP/slow.xml" --query-timeout 0.3 -o "$TMP/slow.pdf"
expect_grep "$TMP/err" "slow\.xml:1: error: query 'slow': stopped after 0\.3 s \(--query-timeout\)" "names the limit"

# --- 7. the output's mode follows the umask, or the file replaced ---
expect_exit 0 "render under umask 027" -- sh -c "umask 027; exec '$QUIRE' render '$TMP/small.xml' -o '$TMP/o/mode.pdf'"
expect_true "a new file is 0640 under umask 027 ($(stat -c %a "$TMP/o/mode.pdf" 2>/dev/null))" \
    test "$(stat -c %a "$TMP/o/mode.pdf")" = 640
chmod 600 "$TMP/o/mode.pdf"
expect_exit 0 "render over a 0600 file" -- "$QUIRE" render "$TMP/small.xml" -o "$TMP/o/mode.pdf"
expect_true "the replaced file keeps 0600 ($(stat -c %a "$TMP/o/mode.pdf"))" test "$(stat -c %a "$TMP/o/mode.pdf")" = 600
expect_exit 0 "render under umask 002" -- sh -c "umask 002; exec '$QUIRE' render '$TMP/small.xml' -o '$TMP/o/mode2.pdf'"
expect_true "a new file is 0664 under umask 002" test "$(stat -c %a "$TMP/o/mode2.pdf")" = 664

# --- 8. smaller ones ---
# A signal between creating the temporary file and renaming it: a shim
# slows rename() so that SIGTERM lands there.
cat >"$TMP/slow.c" <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <unistd.h>
int rename(const char *a, const char *b)
{
    sleep(30);
    int (*real)(const char *, const char *) = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    return real(a, b);
}
EOF
if cc -shared -fPIC -o "$TMP/slow.so" "$TMP/slow.c" -ldl 2>/dev/null; then
    mkdir -p "$TMP/sig"
    ASAN_OPTIONS="verify_asan_link_order=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" LD_PRELOAD="$TMP/slow.so" \
        "$QUIRE" render "$TMP/small.xml" -o "$TMP/sig/out.pdf" 2>/dev/null &
    pid=$!
    i=0
    while [ $i -lt 600 ] && ! ls -A "$TMP/sig" | grep -q quire; do sleep 0.1; i=$((i + 1)); done
    expect_true "the temporary file was there before the signal" sh -c "ls -A '$TMP/sig' | grep -q '^\.out\.pdf\.quire-'"
    kill -TERM "$pid"
    wait "$pid"
    rc=$?
    expect_true "the render died of SIGTERM (status $rc)" test "$rc" -eq 143
    expect_true "no temporary file is left after SIGTERM: $(ls -A "$TMP/sig")" test -z "$(ls -A "$TMP/sig")"
fi
# An output name of 251 characters: the temporary name still fits.
long=$(printf '%0251d' 0 | tr 0 a)
long=${long%????}.pdf
expect_exit 0 "an output name of 251 characters" -- "$QUIRE" render "$TMP/small.xml" -o "$TMP/o/$long"
expect_true "it was written" test -s "$TMP/o/$long"
# date:%s is in UTC whatever TZ says.
printf '<report><param name="d" type="date" default="2024-03-01"/><body><p>s={d|date:%%s} y={d|date:%%Y}</p></body></report>\n' >"$TMP/date.xml"
for tz in UTC America/New_York Asia/Tokyo; do
    expect_exit 0 "date:%s under TZ=$tz" -- env TZ=$tz "$QUIRE" render "$TMP/date.xml" -o "$TMP/date.pdf"
    expect_true "date:%s is 1709251200 under TZ=$tz" sh -c "pdftotext '$TMP/date.pdf' - 2>/dev/null | grep -q 's=1709251200 y=2024'"
done
# date:%1000000Y: an error naming the placeholder, not an empty string.
printf '<report><param name="d" type="date" default="2024-03-01"/><body><p>[{d|date:%%1000000Y}]</p></body></report>\n' >"$TMP/wide.xml"
expect_exit 2 "date:%1000000Y" -- "$QUIRE" render "$TMP/wide.xml" -o "$TMP/wide.pdf"
expect_grep "$TMP/err" "wide\.xml:1: error: placeholder \{d\|date:%1000000Y\}: .*field width above 64" "says the width is too large"
expect_exit 2 "check finds it too" -- "$QUIRE" check "$TMP/wide.xml"
# A valid JSON file over 100 MB (SQLite's default string limit) is not
# "malformed": the whole file must reach SQLite's JSON parser.
{ printf '[{"a":7}'; head -c 105000000 /dev/zero | tr '\0' ' '; printf ']\n'; } >"$TMP/wide.json"
expect_exit 0 "a 105 MB valid JSON file" -- timeout 300 "$QUIRE" render "$TMP/j.xml" -d t="$TMP/wide.json" -o "$TMP/wide-json.pdf"
expect_no_grep "$TMP/err" "malformed" "it is not called malformed"
expect_true "its row is read" sh -c "pdftotext '$TMP/wide-json.pdf' - 2>/dev/null | grep -q 'a=7'"
rm -f "$TMP/wide.json" "$TMP/big.csv"
finish
