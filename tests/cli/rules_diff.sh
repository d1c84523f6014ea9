#!/usr/bin/env bash
# rules diff OLD [NEW]: every class of answers through both versions. A red flag lowered is a move
# down, flagged, exit 1 (0 with --allow-lower), with cases that reproduce when run; a move up, an
# option leaving the plan, questions added and reworded are reported; an invalid version is exit 4.
source "$(dirname "$0")/lib.bash" "$@"
export BACKTRIAGE_CACHE_DIR=off

# run_example CMD: runs a printed `backtriage --rules DIR assess ...` with this binary, as JSON.
run_example() {
  local cmd=$1
  eval "\"\$BIN\" ${cmd#backtriage } --format json" 2>/dev/null | jq -r .disposition
}

run rules diff "$SRC/rules" "$SRC/rules"
expect_code 0
expect_out "0 get another disposition"
expect_out "No difference"

# Saddle numbness lowered from emergency to urgent: under-triage, flagged and refused.
cp -r "$SRC/rules" "$TMP/lowered"
python3 - "$TMP/lowered/red_flags.yaml" <<'EOF'
import sys
p = sys.argv[1]; s = open(p).read()
i = s.index("  - id: saddle_numbness_emergency"); j = s.index("disposition: emergency", i)
open(p, "w").write(s[:j] + "disposition: urgent" + s[j + len("disposition: emergency"):])
EOF
run rules diff "$SRC/rules" "$TMP/lowered"
expect_code 1
expect_out "LOWER (possible under-triage) emergency -> urgent"
expect_err "--allow-lower"
old_cmd=$(grep -m1 '^    old: ' <<<"$OUT" | sed 's/^    old: //')
new_cmd=$(grep -m1 '^    new: ' <<<"$OUT" | sed 's/^    new: //')
grep -q -- "--answer saddle_numbness=yes" <<<"$old_cmd" || fail "the example does not answer saddle numbness yes"
[ "$(run_example "$old_cmd")" = emergency ] || fail "the old example is not an emergency when run: $old_cmd"
[ "$(run_example "$new_cmd")" = urgent ] || fail "the new example is not urgent when run: $new_cmd"
run rules diff "$SRC/rules" "$TMP/lowered" --allow-lower
expect_code 0
run rules diff "$SRC/rules" "$TMP/lowered" --format json
expect_code 1
jq -e '.lower == true and .changed_cases > 0 and (.dispositions[0] | .from == "emergency" and .to == "urgent" and .lower
       and (.examples | length) >= 1)' <<<"$OUT" >/dev/null || fail "the JSON does not carry the move down"
run rules diff "$SRC/rules" "$TMP/lowered" --format markdown --max-examples 1
expect_code 1
expect_out "| emergency | urgent **(lower)** |"
expect_out "**Some classes get a lower disposition: possible under-triage.**"
grep -q '^| emergency | urgent .*`backtriage --rules .* assess --answer saddle_numbness=yes' <<<"$OUT" ||
  fail "the Markdown table lacks the case as code"
# NEW defaults to the rule base in use.
run --rules "$TMP/lowered" rules diff "$SRC/rules" --format json
jq -e '.lower == true' <<<"$OUT" >/dev/null || fail "NEW did not default to --rules"

# The other way round is a move up: reported, exit 0.
run rules diff "$TMP/lowered" "$SRC/rules"
expect_code 0
expect_out "urgent -> emergency"
grep -q LOWER <<<"$OUT" && fail "a move up was flagged as lower"

# An option taken out of a rule, a question reworded and one added: reported by id.
cp -r "$SRC/rules" "$TMP/edited"
python3 - "$TMP/edited" <<'EOF'
import sys, re, glob
d = sys.argv[1]
for p in glob.glob(d + "/*.yaml"):
    s = open(p).read()
    if "id: saddle_numbness\n" in s or "id: saddle_numbness," in s:
        s = re.sub(r"(- id: saddle_numbness\b.*?text: )([^\n]*)", lambda m: m.group(1) + "Reworded - " + m.group(2), s, count=1, flags=re.S)
    open(p, "w").write(s)
open(d + "/zz_extra.yaml", "w").write(
    "questions:\n  - {id: extra_question, order: 999, type: yes_no, text: An extra question}\n")
EOF
run rules diff "$SRC/rules" "$TMP/edited"
expect_out "question 'saddle_numbness' reworded"
expect_out "question 'extra_question' added"

# --git REV: the old version is the folder at a revision, read with git, never checked out.
command -v git >/dev/null || { echo "git is not installed (./dev test installs it)"; exit 1; }
mkdir -p "$TMP/repo" && cp -r "$SRC/rules" "$TMP/repo/rules"
g() { git -C "$TMP/repo" -c user.email=test@example.org -c user.name=test "$@" >/dev/null; }
g init -q && g add . && g commit -q -m base
cp "$TMP/lowered/red_flags.yaml" "$TMP/repo/rules/red_flags.yaml"
run rules diff --git HEAD "$TMP/repo/rules" --format json
expect_code 1
jq -e '.old == "HEAD:rules/" and .lower == true' <<<"$OUT" >/dev/null || fail "--git HEAD did not read the committed rules"
g commit -q -a -m lowered
run rules diff --git HEAD~1 "$TMP/repo/rules" --allow-lower
expect_code 0
expect_out "HEAD~1:rules/ -> "
expect_out "git worktree add"
run rules diff --git HEAD "$TMP/repo/rules"
expect_code 0
expect_out "No difference"
run rules diff --git "" "$TMP/repo/rules"
expect_code 2
expect_err "expected a revision"
# A rule file of a one-letter name (.yml) at the revision is read, as the folder loader reads it:
# the red flags committed as a.yml, then renamed back in the work tree, are no difference.
mkdir -p "$TMP/repo2" && cp -r "$SRC/rules" "$TMP/repo2/rules" && mv "$TMP/repo2/rules/red_flags.yaml" "$TMP/repo2/rules/a.yml"
g2() { git -C "$TMP/repo2" -c user.email=test@example.org -c user.name=test "$@" >/dev/null; }
g2 init -q && g2 add . && g2 commit -q -m yml
mv "$TMP/repo2/rules/a.yml" "$TMP/repo2/rules/red_flags.yaml"
run rules diff --git HEAD "$TMP/repo2/rules"
expect_code 0
expect_out "No difference"
run rules diff --git no-such-rev "$TMP/repo/rules"
expect_code 2
expect_err "--git no-such-rev: git knows no such revision"
run rules diff --git --output=x "$TMP/repo/rules"
expect_code 2
run rules diff --git=-x "$TMP/repo/rules"
expect_code 2
expect_err "expected a revision"
run rules diff --git HEAD "$SRC/rules" "$TMP/repo/rules"
expect_code 2
expect_err "takes one folder"
run rules diff --git HEAD "$TMP/lowered"
expect_code 2
expect_err "is not inside a git work tree"
# A rule file broken at that revision: its problems are named at REV:path.
printf 'rules: [\n' >"$TMP/repo/rules/zz_broken.yaml" && g add . && g commit -q -m broken && git -C "$TMP/repo" rm -q rules/zz_broken.yaml
run rules diff --git HEAD "$TMP/repo/rules"
expect_code 4
expect_err "HEAD:rules/zz_broken.yaml:"

# A folder name that is not UTF-8: the JSON carries U+FFFD, never a crash.
bad=$(printf 'bad\xff') && cp -r "$SRC/rules" "$TMP/$bad"
run rules diff "$TMP/$bad" "$SRC/rules" --format json
expect_code 0
jq -e '.old | endswith("bad\ufffd")' <<<"$OUT" >/dev/null || fail "a folder name that is not UTF-8 broke the JSON"

# A version that is not a valid rule base, a path that does not exist.
mkdir -p "$TMP/broken" && printf 'rules: [\n' >"$TMP/broken/bad.yaml"
run rules diff "$TMP/broken" "$SRC/rules"
expect_code 4
expect_err "the rule base is not valid, so it cannot be compared"
run rules diff "$TMP/missing" "$SRC/rules"
expect_code 2
finish
