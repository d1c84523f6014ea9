// The evaluator's fast paths against plain definitions: compiled comparisons against the
// comparison as written, the rules' states against a direct three-valued reading of their
// conditions, and both ways of restoring the state between cases against a fresh evaluator.
#include <doctest/doctest.h>

#include <random>

#include "eval/evaluator.hpp"
#include "random_rule_base.hpp"
#include "test_support.hpp"

using namespace backtriage;

namespace {

/// Kleene logic over the condition tree, straight from the definition, with the values the
/// evaluator holds (answers in effect, derived facts as settled).
Truth reference(const RuleBase& rb, const Evaluator& ev, CondId c) {
  const CondNode& n = rb.conds[static_cast<size_t>(c)];
  switch (n.kind) {
    case CondKind::always: return Truth::yes;
    case CondKind::compare: {
      const Value v = ev.value(n.fact);
      if (v == kUnknown) return Truth::unknown;
      return comparison_holds(rb, n, v) ? Truth::yes : Truth::no;
    }
    case CondKind::negation: {
      const Truth t = reference(rb, ev, rb.cond_children[n.first]);
      return t == Truth::unknown ? t : t == Truth::yes ? Truth::no : Truth::yes;
    }
    case CondKind::all:
    case CondKind::any: {
      const Truth decisive = n.kind == CondKind::all ? Truth::no : Truth::yes;
      Truth out = n.kind == CondKind::all ? Truth::yes : Truth::no;
      for (std::uint32_t k = 0; k < n.count; ++k) {
        const Truth t = reference(rb, ev, rb.cond_children[n.first + k]);
        if (t == decisive) return decisive;
        if (t == Truth::unknown) out = Truth::unknown;
      }
      return out;
    }
  }
  return Truth::unknown;
}

/// At a fixpoint every rule is decided exactly as its condition reads, and eval() agrees.
void check_rules_match_reference(const RuleBase& rb, const Evaluator& ev) {
  for (RuleId r = 0; r < static_cast<RuleId>(rb.rules.size()); ++r) {
    CAPTURE(rb.rules[static_cast<size_t>(r)].id);
    const Truth want = reference(rb, ev, rb.rules[static_cast<size_t>(r)].when);
    CHECK(ev.rule_truth(r) == want);
    CHECK(ev.eval(rb.rules[static_cast<size_t>(r)].when) == want);
  }
}

void check_same(const Result& a, const Result& b) {
  CHECK(a.complete == b.complete);
  CHECK(a.stopped == b.stopped);
  CHECK(a.disposition == b.disposition);
  CHECK(a.fired == b.fired);
  CHECK(a.red_flags == b.red_flags);
  CHECK(a.recommended == b.recommended);
  CHECK(a.avoided == b.avoided);
  CHECK(a.missing == b.missing);
  CHECK(a.ignored == b.ignored);
}

}  // namespace

TEST_SUITE("evaluator") {
TEST_CASE("compiled comparisons agree with the comparison as written, at every boundary") {
  // Wide integer ranges, every operator, `in` within one word of values and `in` wider than one.
  const RuleBase rb = test::load(R"(questions:
  - {id: n, order: 1, type: integer, min: -100000, max: 100000, text: N}
  - {id: m, order: 2, type: integer, min: 0, max: 1000, text: M}
options:
  - {id: o, title: O, instructions: I, source: {ref: src, section: S}}
rules:
  - {id: eq, title: T, when: n == -7, then: {recommend: o}, source: {ref: src, section: S}}
  - {id: ne, title: T, when: n != 0, then: {recommend: o}, source: {ref: src, section: S}}
  - {id: lt, title: T, when: n < -100000, then: {recommend: o}, source: {ref: src, section: S}}
  - {id: le, title: T, when: n <= 100000, then: {recommend: o}, source: {ref: src, section: S}}
  - {id: gt, title: T, when: n > 99999, then: {recommend: o}, source: {ref: src, section: S}}
  - {id: ge, title: T, when: n >= -3, then: {recommend: o}, source: {ref: src, section: S}}
  - {id: in_word, title: T, when: "m in [0, 5, 63]", then: {recommend: o}, source: {ref: src, section: S}}
  - {id: in_edge, title: T, when: "m in [1, 64]", then: {recommend: o}, source: {ref: src, section: S}}
  - {id: in_wide, title: T, when: "m in [3, 67, 1000]", then: {recommend: o}, source: {ref: src, section: S}}
  - {id: in_neg, title: T, when: "n in [-100000, -99990]", then: {recommend: o}, source: {ref: src, section: S}}
)");
  std::vector<Value> probes;
  for (const CondNode& c : rb.conds) {
    if (c.kind != CondKind::compare) continue;
    std::vector<Value> constants = {c.value};
    if (c.op == CmpOp::in) constants.assign(rb.value_pool.begin() + c.first, rb.value_pool.begin() + c.first + c.count);
    for (Value k : constants)
      for (Value d : {-64, -63, -2, -1, 0, 1, 2, 63, 64}) probes.push_back(k + d);
  }
  for (auto restore : {Evaluator::Restore::copy, Evaluator::Restore::undo}) {
    Evaluator ev(rb, restore);
    for (Value n : probes)
      for (Value m : {Value{0}, Value{1}, Value{4}, Value{5}, Value{63}, Value{64}, Value{65}, Value{67}, Value{1000}}) {
        CAPTURE(n);
        CAPTURE(m);
        const std::vector<Value> given = {n, m};
        ev.evaluate(given);
        check_rules_match_reference(rb, ev);
      }
  }
}

TEST_CASE("copying and undoing the state give the results of a fresh evaluator, case after case") {
  // Random rule bases (derived facts, gates, nested conditions, avoids, stops) and random
  // answer maps, complete and partial; one evaluator of each kind runs every case in turn.
  for (unsigned seed = 1; seed <= 150; ++seed) {
    CAPTURE(seed);
    Diagnostics diags;
    auto loaded = load_rule_base_texts(test::RandomRuleBase(seed).files(), diags);
    REQUIRE_MESSAGE(loaded.has_value(), diags.format_all());
    const RuleBase& rb = *loaded;
    Evaluator copying(rb, Evaluator::Restore::copy), undoing(rb, Evaluator::Restore::undo);
    std::mt19937 rng(seed);
    for (int trial = 0; trial < 40; ++trial) {
      CAPTURE(trial);
      std::vector<Value> given(static_cast<size_t>(rb.question_count), kUnknown);
      const bool complete = trial % 2 == 0;
      for (FactId q = 0; q < rb.question_count; ++q) {
        const Fact& f = rb.facts[static_cast<size_t>(q)];
        if (complete || rng() % 3 != 0)
          given[static_cast<size_t>(q)] = f.min + static_cast<Value>(rng() % static_cast<unsigned>(f.max - f.min + 1));
      }
      Evaluator fresh(rb);
      const Result want = fresh.evaluate(given);
      check_same(copying.evaluate(given), want);
      check_same(undoing.evaluate(given), want);
      check_rules_match_reference(rb, copying);
      check_rules_match_reference(rb, undoing);
      for (OptionId o = 0; o < static_cast<OptionId>(rb.options.size()); ++o) {
        CHECK(copying.is_avoided(o) == fresh.is_avoided(o));
        CHECK(undoing.is_recommended(o) == fresh.is_recommended(o));
      }
    }
  }
}
}
