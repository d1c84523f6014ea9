#!/usr/bin/env bash
# `rules doc`: both formats hold every element with its source and place, text from the rule files
# is escaped, the fingerprint follows the files, the graph is inline SVG with Graphviz and DOT text
# without it (with a note), --output is whole or nothing, and a bad --format exits 2.
source "$(dirname "$0")/lib.bash" "$@"

run rules doc --format markdown
expect_code 0
expect_no_err
md=$OUT
run rules list
while IFS=$'\t' read -r kind id _; do
  case $kind in question) a=q ;; disposition) a=d ;; option) a=o ;; rule) a=r ;; *) a=$kind ;; esac
  grep -qF "<a id=\"$a-$id\"></a>" <<<"$md" || fail "markdown has no entry for $kind $id"
done <<<"$OUT"
for id in saddle_numbness_is_emergency red_flags_never_lower_the_disposition; do
  grep -qF "<a id=\"i-$id\"></a>" <<<"$md" || fail "markdown has no entry for invariant $id"
done
OUT=$md
expect_out '### rule `saddle_numbness_emergency` Numbness in the saddle area is an emergency (red flag: Go to the emergency department now)'
expect_out '- **Source:** [`nice_cks_lbp`](#s-nice_cks_lbp), section “Red flags: cauda equina syndrome”'
expect_out '- **Defined at:** `red_flags.yaml:11`'
expect_out '- **Result at least:** [Go to the emergency department now](#d-emergency)'
expect_out '<svg'
expect_out '| Name | Role | Date | Signature | Comments |'
# SPEC §6: the article's mention of acupuncture is kept only as a decision the book documents.
expect_out 'acupuncture, which one article names among other therapies, is deliberately not offered, because NICE NG59 advises against it'

# The fingerprint names the exact files: an edit changes it.
fingerprint() { grep -o 'Fingerprint:\*\* `[0-9a-f]*`' <<<"$1"; }
fingerprint_digits() { fingerprint "$1" | grep -o '[0-9a-f]\{64\}'; }
# docs/auditing.md's command, recomputing it with coreutils alone.
recompute() {
  (cd "$1" && find . -maxdepth 1 \( -name '?*.yaml' -o -name '?*.yml' \) -printf '%f\0' |
    LC_ALL=C sort -z | xargs -0 sha256sum -- | sha256sum | cut -c1-64)
}
[ -n "$(fingerprint_digits "$md")" ] || fail "no 64-digit fingerprint in the book: $(fingerprint "$md")"
[ "$(fingerprint_digits "$md")" = "$(recompute "$SRC/rules")" ] ||
  fail "the documented sha256sum command gives $(recompute "$SRC/rules"), the book $(fingerprint_digits "$md")"
cp -r "$SRC/rules" "$TMP/rules"
run rules doc --format markdown --rules "$TMP/rules" --no-graph
[ "$(fingerprint "$OUT")" = "$(fingerprint "$md")" ] || fail "the same files give another fingerprint"
sed -i 's/title: Cobra stretch/title: Cobra stretch (gentle)/' "$TMP/rules/stretches.yaml"
run rules doc --format markdown --rules "$TMP/rules" --no-graph
[ "$(fingerprint "$OUT")" != "$(fingerprint "$md")" ] || fail "an edited rule file keeps its fingerprint"
expect_out 'Cobra stretch (gentle)'
[ "$(fingerprint_digits "$OUT")" = "$(recompute "$TMP/rules")" ] || fail "recomputed after an edit: $(recompute "$TMP/rules")"
# A name sha256sum escapes, and a .yml file among the .yaml ones: still recomputable.
cp "$TMP/rules/massage.yaml" "$TMP/rules/back\\slash.yml" && rm "$TMP/rules/massage.yaml"
# A file named just .yaml is hidden and no rule file (it has no name before the extension); the
# documented command leaves it out too.
echo "not: rules" >"$TMP/rules/.yaml"
run rules doc --format markdown --rules "$TMP/rules" --no-graph
[ "$(fingerprint_digits "$OUT")" = "$(recompute "$TMP/rules")" ] ||
  fail "with a file named back\\slash.yml: book $(fingerprint_digits "$OUT"), sha256sum $(recompute "$TMP/rules")"
expect_out '```dot'   # --no-graph: the DOT text instead
expect_no_err

# Text from the rule files is text, never markup, in both formats.
mkdir -p "$TMP/hostile"
cat >"$TMP/hostile/base.yaml" <<'YAML'
rule_base:
  name: hostile
  version: "1"
  sources: [{id: src, title: "<img src=x onerror=alert(1)> & [link](http://x) | pipe"}]
dispositions:
  - {id: self_care, title: "Home <b>now</b>", message: "*stars* and `ticks`"}
questions:
  - {id: q, order: 1, type: yes_no, text: "Is it </article><script>alert(1)</script>?"}
rules:
  - id: r
    title: "Ends with a `tick"
    when: q == yes
    then: {disposition: self_care}
    source: {ref: src, section: "## heading?"}
YAML
run rules doc --rules "$TMP/hostile" --no-graph
expect_code 0
grep -qF '<script>' <<<"$OUT" && fail "html: a rule file's <script> came through"
grep -qF '<img src=x' <<<"$OUT" && fail "html: a rule file's <img> came through"
expect_out '&lt;script&gt;alert(1)&lt;/script&gt;'
expect_out 'Home &lt;b&gt;now&lt;/b&gt;'
run rules doc --rules "$TMP/hostile" --no-graph --format markdown
expect_out 'Is it \</article\>\<script\>alert(1)\</script\>?'
expect_out '\<img src=x onerror=alert(1)\> \& \[link\](http://x) \| pipe'
expect_out 'Ends with a \`tick'
expect_out '\*stars\* and \`ticks\`'

# --output: whole or nothing; an unwritable place is exit 1 and leaves nothing behind.
run rules doc --output "$TMP/book.html" --no-graph
expect_code 0
[ -z "$OUT" ] || fail "--output also wrote to stdout"
head -c 15 "$TMP/book.html" | grep -qF '<!DOCTYPE html>' || fail "--output is not the HTML book"
run rules doc --output "$TMP/missing/book.html" --no-graph
expect_code 1
expect_err "missing/book.html: cannot create a temporary file in the folder"
[ -e "$TMP/missing" ] && fail "a failed --output left something behind"

run rules doc --format pdf
expect_code 2
expect_err "--format"
finish
