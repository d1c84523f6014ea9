#!/usr/bin/env bash
# rules check on synthetic rule bases of 5,000, 20,000 and 99,000 rules (bench/gen_rule_base.py;
# the loader's limit is 100,000): wall time and peak memory of each, as a table. Called by
# bench/run.sh; alone: bench/rules_check_scale.sh BINARY [OUT_DIR] [SIZES...]
set -euo pipefail
bin=${1:?usage: bench/rules_check_scale.sh BINARY [OUT_DIR] [SIZES...]}
out=${2:-$(mktemp -d)}
shift $(($# < 2 ? $# : 2))
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(5000 20000 99000)
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
echo "| rules | rules check | peak memory | analyses left at a bound |"
echo "|---|---|---|---|"
for n in "${sizes[@]}"; do
  rm -rf "$out/gen$n"
  python3 "$here/gen_rule_base.py" "$n" "$out/gen$n"
  BACKTRIAGE_CACHE_DIR=off /usr/bin/time -f "%e %M" -o "$out/time$n" "$bin" --rules "$out/gen$n" rules check \
    >"$out/check$n.txt" 2>&1 || true
  read -r secs kib < <(tail -1 "$out/time$n")
  bounds=$(grep -c "were not analysed" "$out/check$n.txt" || true)
  printf '| %s | %s s | %s MB | %s |\n' "$n" "$secs" "$((kib / 1024))" "$bounds"
  rm -rf "$out/gen$n"
done
