#!/usr/bin/env bash
# Runs every benchmark of bench/ against a build made with -DBACKTRIAGE_BENCH=ON.
# usage: bench/run.sh BUILD_DIR     (./dev bench builds and calls this)
set -euo pipefail
build=${1:?usage: bench/run.sh BUILD_DIR}
"$build/bench/evaluator_bench" --benchmark_min_time=0.5 --benchmark_counters_tabular=true
