#!/usr/bin/env bash
# Property, over random complete answer sets run through one `batch` process: for every question
# that accepts "not sure", answering unsure gives a disposition between the ones no and yes give
# (SPEC 3), and never self-care where yes would need more. `rules verify` proves the same
# symbolically; this checks the real binary end to end, batch parsing included.
source "$(dirname "$0")/lib.bash" "$@"
python3 "$SRC/bench/gen_cases.py" 1000 23 --unsure >"$TMP/cases.jsonl"
python3 - "$TMP/cases.jsonl" "$SRC/rules/questions.yaml" >"$TMP/variants.jsonl" <<'PY' || fail "could not make the variants"
import json, sys, yaml
questions = yaml.safe_load(open(sys.argv[2]))["questions"]
unsure = [q["id"] for q in questions if q.get("unsure") is True]
assert len(unsure) == 21, unsure
for text in open(sys.argv[1]):
    case = json.loads(text)
    for q in unsure:
        for v in ("no", "unsure", "yes"):
            variant = dict(case, id=f"{case['id']}/{q}/{v}")
            variant[q] = v
            print(json.dumps(variant))
PY
"$BIN" batch --summary --input "$TMP/variants.jsonl" >"$TMP/out.jsonl" 2>"$TMP/err" || { ERR=$(cat "$TMP/err"); fail "batch failed"; }
levels=$("$BIN" rules list dispositions | cut -f1 | paste -sd,)
OUT=$(python3 - "$levels" "$TMP/out.jsonl" <<'PY'
import json, sys
rank = {l: i for i, l in enumerate(sys.argv[1].split(","))}
seen, bad, strict = {}, [], 0
for text in open(sys.argv[2]):
    r = json.loads(text)
    assert r["status"] == "complete", r
    case, q, v = r["id"].rsplit("/", 2)
    seen.setdefault((case, q), {})[v] = rank[r["disposition"]]
for (case, q), d in seen.items():
    if not d["no"] <= d["unsure"] <= d["yes"]:
        bad.append(f"{case} {q}: no {d['no']}, unsure {d['unsure']}, yes {d['yes']}")
    strict += d["no"] < d["unsure"] < d["yes"]
print(f"checked {len(seen)} (case, question) triples: {len(bad)} out of order, {strict} strictly between")
for b in bad[:5]:
    print(b)
sys.exit(1 if bad else 0)
PY
) || fail "unsure is not between no and yes"
echo "$OUT"
grep -q "checked 21000 (case, question) triples: 0 out of order" <<<"$OUT" || fail "not every triple was checked"
# Not vacuous: unsure often lies strictly between no and yes.
[ "$(grep -o '[0-9]* strictly between' <<<"$OUT" | cut -d' ' -f1)" -gt 1000 ] || fail "too few cases where unsure changes the result"
finish
