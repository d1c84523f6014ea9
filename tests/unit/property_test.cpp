// Properties checked by search on small rule bases:
//  1. a one-shot evaluation of a complete answer map gives the same result as a session fed
//     the same answers in question order;
//  2. every question a session asks is relevant: two answers to it, with some completion of the
//     remaining answers, give different results.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>
#include <tuple>

#include "eval/session.hpp"
#include "test_support.hpp"

using namespace backtriage;

namespace {

/// The values worth trying for each question: every yes/no and choice value; for integers the
/// range ends and each constant the rules compare with, with its neighbours.
std::vector<std::vector<Value>> representative_values(const RuleBase& rb) {
  std::vector<std::set<Value>> sets(static_cast<size_t>(rb.question_count));
  for (FactId q = 0; q < rb.question_count; ++q) {
    const Fact& f = rb.facts[static_cast<size_t>(q)];
    sets[static_cast<size_t>(q)] = {f.min, f.max};
    if (f.type != ValueType::integer)
      for (Value v = f.min; v <= f.max; ++v) sets[static_cast<size_t>(q)].insert(v);
  }
  for (const CondNode& n : rb.conds) {
    if (n.kind != CondKind::compare || !rb.is_question(n.fact)) continue;
    const Fact& f = rb.facts[static_cast<size_t>(n.fact)];
    std::vector<Value> constants = {n.value};
    if (n.op == CmpOp::in) constants.assign(rb.value_pool.begin() + n.first, rb.value_pool.begin() + n.first + n.count);
    for (Value c : constants)
      for (Value v : {c - 1, c, c + 1})
        if (v >= f.min && v <= f.max) sets[static_cast<size_t>(n.fact)].insert(v);
  }
  std::vector<std::vector<Value>> out;
  for (const auto& s : sets) out.emplace_back(s.begin(), s.end());
  return out;
}

using Outcome = std::tuple<Level, std::vector<OptionId>, std::vector<OptionId>>;

Outcome outcome_of(const Result& r) {
  if (r.stopped) return {r.disposition, {}, {}};  // an emergency shows the instruction alone
  std::vector<OptionId> rec = r.recommended, avoid;
  for (const auto& [o, rule] : r.avoided) avoid.push_back(o);
  std::sort(rec.begin(), rec.end());
  std::sort(avoid.begin(), avoid.end());
  return {r.disposition, rec, avoid};
}

/// Calls visit(values) for every combination of representative values of the unknown questions.
template <typename Visit>
void each_completion(const std::vector<Value>& partial, const std::vector<std::vector<Value>>& domain, Visit visit) {
  std::vector<size_t> open;
  for (size_t q = 0; q < partial.size(); ++q)
    if (partial[q] == kUnknown) open.push_back(q);
  std::vector<size_t> digit(open.size(), 0);
  std::vector<Value> full = partial;
  for (;;) {
    for (size_t i = 0; i < open.size(); ++i) full[open[i]] = domain[open[i]][digit[i]];
    if (visit(full)) return;
    size_t i = 0;
    while (i < open.size() && ++digit[i] == domain[open[i]].size()) digit[i++] = 0;
    if (i == open.size()) return;
  }
}

bool question_is_relevant(const RuleBase& rb, const std::vector<Value>& partial, FactId q,
                          const std::vector<std::vector<Value>>& domain) {
  Evaluator ev(rb);
  bool found = false;
  std::vector<Value> rest = partial;
  each_completion(rest, domain, [&](std::vector<Value> full) {
    std::set<Outcome> seen;
    for (Value v : domain[static_cast<size_t>(q)]) {
      full[static_cast<size_t>(q)] = v;
      seen.insert(outcome_of(ev.evaluate(full)));
    }
    found = seen.size() > 1;
    return found;
  });
  return found;
}

const char* const kChained = R"(questions:
  - {id: red, order: 1, type: yes_no, text: R}
  - {id: pain, order: 2, type: integer, min: 0, max: 10, text: P}
  - {id: days, order: 3, type: integer, min: 0, max: 60, text: D}
  - {id: better, order: 4, type: yes_no, text: B, ask_when: days >= 14}
  - {id: injury, order: 5, type: yes_no, text: I}
  - {id: kind, order: 6, type: choice, choices: [sport, fall, other], text: K, ask_when: injury == yes}
facts:
  - {id: slow, text: slow}
  - {id: acute, text: acute}
options:
  - {id: gun, title: G, instructions: I, source: {ref: src, section: S}}
  - {id: stretch, title: S, instructions: I, source: {ref: src, section: S}}
  - {id: walk, title: W, instructions: I, source: {ref: src, section: S}}
rules:
  - {id: red_flag, title: T, priority: 9, when: red == yes, then: {red_flag: {text: R, disposition: emergency}}, source: {ref: src, section: S}}
  - {id: severe, title: T, when: pain >= 7, then: {red_flag: {text: S, disposition: see_doctor}}, source: {ref: src, section: S}}
  - {id: slow_rule, title: T, when: {all: [days >= 14, better == no]}, then: {set: slow}, source: {ref: src, section: S}}
  - {id: slow_doctor, title: T, when: slow == yes, then: {red_flag: {text: L, disposition: see_doctor}}, source: {ref: src, section: S}}
  - {id: acute_rule, title: T, when: {all: [injury == yes, "kind in [sport, fall]"]}, then: {set: acute}, source: {ref: src, section: S}}
  - {id: no_gun, title: T, when: acute == yes, then: {avoid: {gun: not on an injury}}, source: {ref: src, section: S}}
  - {id: gun_ok, title: T, when: {all: [pain < 7, pain >= 2]}, then: {recommend: [gun, stretch]}, source: {ref: src, section: S}}
  - {id: walk_not_urgent, title: T, when: {not: slow == yes}, then: {recommend: walk}, source: {ref: src, section: S}}
  - {id: doctor_if_fall, title: T, when: kind == fall, then: {disposition: urgent}, source: {ref: src, section: S}}
  - {id: baseline, title: T, priority: -9, when: always, then: {disposition: self_care}, source: {ref: src, section: S}}
)";

std::vector<RuleBase> small_rule_bases() {
  std::vector<RuleBase> out;
  out.push_back(test::load_dir("docs/examples/tiny"));
  out.push_back(test::load(kChained));
  return out;
}

}  // namespace

TEST_SUITE("properties") {
TEST_CASE("one-shot evaluation equals a session fed the same answers in question order") {
  std::mt19937 rng(7);
  for (const RuleBase& rb : small_rule_bases()) {
    const auto domain = representative_values(rb);
    Evaluator ev(rb);
    for (int trial = 0; trial < 500; ++trial) {
      std::vector<Value> full(static_cast<size_t>(rb.question_count));
      for (size_t q = 0; q < full.size(); ++q) {
        const auto& d = domain[q];
        full[q] = d[rng() % d.size()];
      }
      CAPTURE(trial);
      const Outcome oneshot = outcome_of(ev.evaluate(full));
      Session s(rb);
      while (const auto q = s.next_question()) s.answer(*q, full[static_cast<size_t>(*q)]);
      CHECK(s.result().complete);
      CHECK(outcome_of(s.result()) == oneshot);
    }
  }
}

TEST_CASE("every question a session asks can change the result (exhaustive search)") {
  std::mt19937 rng(11);
  for (const RuleBase& rb : small_rule_bases()) {
    const auto domain = representative_values(rb);
    int checked = 0;
    for (int trial = 0; trial < 40; ++trial) {
      Session s(rb);
      std::vector<Value> partial(static_cast<size_t>(rb.question_count), kUnknown);
      while (const auto q = s.next_question()) {
        CAPTURE(rb.facts[static_cast<size_t>(*q)].id);
        CHECK(question_is_relevant(rb, partial, *q, domain));
        ++checked;
        const auto& d = domain[static_cast<size_t>(*q)];
        const Value v = d[rng() % d.size()];
        partial[static_cast<size_t>(*q)] = v;
        s.answer(*q, v);
      }
    }
    CHECK(checked > 40);
  }
}

TEST_CASE("a question the session skips could not have changed the result") {
  // The converse, on the chained base: at the end of each session, every unanswered question is
  // irrelevant given the answers so far.
  std::mt19937 rng(5);
  const RuleBase rb = test::load(kChained);
  const auto domain = representative_values(rb);
  for (int trial = 0; trial < 30; ++trial) {
    Session s(rb);
    std::vector<Value> partial(static_cast<size_t>(rb.question_count), kUnknown);
    while (const auto q = s.next_question()) {
      const auto& d = domain[static_cast<size_t>(*q)];
      partial[static_cast<size_t>(*q)] = d[rng() % d.size()];
      s.answer(*q, partial[static_cast<size_t>(*q)]);
    }
    for (FactId q = 0; q < rb.question_count; ++q) {
      if (partial[static_cast<size_t>(q)] != kUnknown) continue;
      CAPTURE(rb.facts[static_cast<size_t>(q)].id);
      CHECK_FALSE(question_is_relevant(rb, partial, q, domain));
    }
  }
}
}
