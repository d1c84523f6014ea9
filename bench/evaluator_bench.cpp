// In-process evaluation speed: complete assessments per second on the shipped rule base and on
// synthetic rule bases, and a full questionnaire session. Run: ./dev bench
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>

#include "eval/session.hpp"
#include "lang/loader.hpp"
#include "synthetic.hpp"

namespace {

using namespace backtriage;

RuleBase load_or_die(const std::string& path) {
  Diagnostics diags;
  auto rb = load_rule_base(path, diags);
  if (!rb) throw std::runtime_error(diags.format_all());
  return std::move(*rb);
}

RuleBase synthetic(int rules, int questions = 20) {
  Diagnostics diags;
  auto rb = load_rule_base_texts(bench::synthetic_rule_base(rules, 1, questions), diags);
  if (!rb) throw std::runtime_error(diags.format_all());
  return std::move(*rb);
}

/// 4096 random complete answer maps, each value drawn from the question's range.
std::vector<std::vector<Value>> random_cases(const RuleBase& rb) {
  std::mt19937 rng(3);
  std::vector<std::vector<Value>> cases(4096, std::vector<Value>(static_cast<size_t>(rb.question_count)));
  for (auto& c : cases)
    for (FactId q = 0; q < rb.question_count; ++q) {
      const Fact& f = rb.facts[static_cast<size_t>(q)];
      c[static_cast<size_t>(q)] = f.min + static_cast<Value>(rng() % static_cast<unsigned>(f.max - f.min + 1));
    }
  return cases;
}

void run_complete(benchmark::State& state, const RuleBase& rb) {
  const auto cases = random_cases(rb);
  Evaluator ev(rb);
  size_t i = 0;
  for (auto _ : state) {
    const Result& r = ev.evaluate(cases[i++ & 4095]);
    benchmark::DoNotOptimize(r.disposition);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["assessments/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_shipped_complete(benchmark::State& state) {
  static const RuleBase rb = load_or_die(BACKTRIAGE_RULES_DIR);
  run_complete(state, rb);
}
BENCHMARK(BM_shipped_complete);

void BM_shipped_session(benchmark::State& state) {
  static const RuleBase rb = load_or_die(BACKTRIAGE_RULES_DIR);
  const auto cases = random_cases(rb);
  size_t i = 0;
  for (auto _ : state) {
    const auto& c = cases[i++ & 4095];
    Session s(rb);
    while (const auto q = s.next_question()) s.answer(*q, c[static_cast<size_t>(*q)]);
    benchmark::DoNotOptimize(s.result().disposition);
  }
  state.counters["sessions/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_shipped_session);

void BM_synthetic_complete(benchmark::State& state) {
  const RuleBase rb = synthetic(static_cast<int>(state.range(0)));
  run_complete(state, rb);
}
BENCHMARK(BM_synthetic_complete)->Arg(50)->Arg(100)->Arg(1000)->Arg(10000);

// Per-case cost as the rule base grows, for cases that touch the same number of rules: N rules
// over N/5 questions (each read by about 10 rules), each case answering 5 of them: about 50 rules
// touched at every size. The answers go in as pairs, as batch hands them in, and the result is
// finished (the relevance walk included), as every command reads it.
void BM_scaling_sparse_case(benchmark::State& state) {
  const int rules = static_cast<int>(state.range(0));
  const RuleBase rb = synthetic(rules, std::max(20, rules / 5));
  std::mt19937 rng(5);
  std::vector<std::vector<std::pair<FactId, Value>>> cases(1024);
  for (auto& c : cases)
    for (int i = 0; i < 5; ++i) {
      const auto q = static_cast<FactId>(rng() % static_cast<unsigned>(rb.question_count));
      const Fact& f = rb.facts[static_cast<size_t>(q)];
      c.emplace_back(q, f.min + static_cast<Value>(rng() % static_cast<unsigned>(f.max - f.min + 1)));
    }
  for (auto& c : cases) {  // one answer per question
    std::sort(c.begin(), c.end());
    c.erase(std::unique(c.begin(), c.end(), [](const auto& a, const auto& b) { return a.first == b.first; }), c.end());
  }
  Evaluator ev(rb);
  size_t i = 0, fired = 0, missing = 0;
  for (auto _ : state) {
    const Result& r = ev.evaluate(std::span<const std::pair<FactId, Value>>(cases[i++ & 1023]));
    fired += r.fired.size();
    missing += r.missing.size();
    benchmark::DoNotOptimize(r.disposition);
  }
  state.counters["cases/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["rules_fired"] = static_cast<double>(fired) / static_cast<double>(state.iterations());
  // The result's list of questions still needed: it grows with the rule base (about a fifth of
  // the questions), where the rules a case touches do not.
  state.counters["missing"] = static_cast<double>(missing) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_scaling_sparse_case)->Arg(100)->Arg(1000)->Arg(10000);

void BM_load_shipped(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(load_or_die(BACKTRIAGE_RULES_DIR).rules.size());
}
BENCHMARK(BM_load_shipped)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
