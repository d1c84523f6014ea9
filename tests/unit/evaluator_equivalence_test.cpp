// The evaluator's fast paths against plain definitions: compiled comparisons against the
// comparison as written, the rules' states against a direct three-valued reading of their
// conditions, and both ways of restoring the state between cases against a fresh evaluator.
#include <doctest/doctest.h>

#include <limits>
#include <random>

#include "eval/evaluator.hpp"
#include "random_rule_base.hpp"
#include "test_support.hpp"

using namespace backtriage;

namespace {

/// Kleene logic over the condition tree, straight from the definition, with the values that
/// value_of gives (kUnknown: not known).
template <class ValueOf>
Truth reference(const RuleBase& rb, const ValueOf& value_of, CondId c) {
  const CondNode& n = rb.conds[static_cast<size_t>(c)];
  switch (n.kind) {
    case CondKind::always: return Truth::yes;
    case CondKind::compare: {
      const Value v = value_of(n.fact);
      if (v == kUnknown) return Truth::unknown;
      return comparison_holds(rb, n, v) ? Truth::yes : Truth::no;
    }
    case CondKind::negation: {
      const Truth t = reference(rb, value_of, rb.cond_children[n.first]);
      return t == Truth::unknown ? t : t == Truth::yes ? Truth::no : Truth::yes;
    }
    case CondKind::all:
    case CondKind::any: {
      const Truth decisive = n.kind == CondKind::all ? Truth::no : Truth::yes;
      Truth out = n.kind == CondKind::all ? Truth::yes : Truth::no;
      for (std::uint32_t k = 0; k < n.count; ++k) {
        const Truth t = reference(rb, value_of, rb.cond_children[n.first + k]);
        if (t == decisive) return decisive;
        if (t == Truth::unknown) out = Truth::unknown;
      }
      return out;
    }
  }
  return Truth::unknown;
}

/// The same with the values the evaluator holds (answers in effect, derived facts as settled).
Truth reference(const RuleBase& rb, const Evaluator& ev, CondId c) {
  return reference(rb, [&](FactId f) { return ev.value(f); }, c);
}

/// Forward chaining as the evaluator's contract states it, with none of its machinery (no
/// agenda, no compiled comparisons, no sweep, no restore): re-read every condition from the
/// tree after each step. A derived fact is yes once a rule setting it has fired, and no once
/// every rule that could set it reads no; among the rules that read yes and have not fired, the
/// first in priority order (the lowest id) fires next. Answers to gated questions count, in
/// question order, once their ask_when reads yes, as often as new ones open.
Result reference_result(const RuleBase& rb, const std::vector<Value>& given) {
  const size_t rules = rb.rules.size();
  std::vector<Value> values(rb.facts.size(), kUnknown);
  std::vector<std::vector<RuleId>> setters(rb.facts.size());
  for (RuleId r = 0; r < static_cast<RuleId>(rules); ++r)
    for (FactId f : rb.rules[static_cast<size_t>(r)].sets) setters[static_cast<size_t>(f)].push_back(r);
  const auto value_of = [&](FactId f) { return values[static_cast<size_t>(f)]; };
  const auto truth = [&](RuleId r) { return reference(rb, value_of, rb.rules[static_cast<size_t>(r)].when); };
  Result out;
  out.disposition = rb.default_level;
  std::vector<char> fired(rules, 0), avoided(rb.options.size(), 0), recommended(rb.options.size(), 0);
  const auto run = [&] {
    for (;;) {
      for (bool changed = true; changed;) {  // closed world: nothing left that could set it
        changed = false;
        for (FactId f = rb.question_count; f < static_cast<FactId>(rb.facts.size()); ++f) {
          if (values[static_cast<size_t>(f)] != kUnknown) continue;
          bool none_left = true;
          for (RuleId s : setters[static_cast<size_t>(f)]) none_left = none_left && truth(s) == Truth::no;
          if (none_left) {
            values[static_cast<size_t>(f)] = kNo;
            changed = true;
          }
        }
      }
      RuleId next = -1;
      for (RuleId r = 0; r < static_cast<RuleId>(rules) && next < 0; ++r)
        if (!fired[static_cast<size_t>(r)] && truth(r) == Truth::yes) next = r;
      if (next < 0) return;
      const Rule& rule = rb.rules[static_cast<size_t>(next)];
      fired[static_cast<size_t>(next)] = 1;
      out.fired.push_back(next);
      if (rule.red_flag) out.red_flags.push_back(next);
      out.disposition = std::max(out.disposition, rule.disposition);
      if (rule.stop || (rule.disposition != kNoLevel && rule.disposition == rb.top_level())) out.stopped = true;
      for (OptionId o : rule.recommends) recommended[static_cast<size_t>(o)] = 1;
      for (const Avoid& a : rule.avoids)
        if (!avoided[static_cast<size_t>(a.option)]) {
          avoided[static_cast<size_t>(a.option)] = 1;
          out.avoided.emplace_back(a.option, next);
        }
      for (FactId f : rule.sets) values[static_cast<size_t>(f)] = kYes;
    }
  };
  std::vector<FactId> gated;
  for (FactId q = 0; q < rb.question_count; ++q) {
    if (given[static_cast<size_t>(q)] == kUnknown) continue;
    if (rb.facts[static_cast<size_t>(q)].ask_when != kNoCond)
      gated.push_back(q);
    else
      values[static_cast<size_t>(q)] = given[static_cast<size_t>(q)];
  }
  run();
  for (bool progress = !gated.empty(); progress;) {
    progress = false;
    for (FactId q : gated) {
      if (values[static_cast<size_t>(q)] != kUnknown) continue;
      if (reference(rb, value_of, rb.facts[static_cast<size_t>(q)].ask_when) != Truth::yes) continue;
      values[static_cast<size_t>(q)] = given[static_cast<size_t>(q)];
      run();
      progress = true;
    }
  }
  for (FactId q : gated)
    if (values[static_cast<size_t>(q)] == kUnknown) out.ignored.push_back(q);
  for (OptionId o = 0; o < static_cast<OptionId>(rb.options.size()); ++o)
    if (recommended[static_cast<size_t>(o)] && !avoided[static_cast<size_t>(o)]) out.recommended.push_back(o);
  return out;
}

/// Everything of a result but what is missing, which reference_result() leaves out.
void check_conclusions(const Result& got, const Result& want) {
  CHECK(got.stopped == want.stopped);
  CHECK(got.disposition == want.disposition);
  CHECK(got.fired == want.fired);
  CHECK(got.red_flags == want.red_flags);
  CHECK(got.recommended == want.recommended);
  CHECK(got.avoided == want.avoided);
  CHECK(got.ignored == want.ignored);
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
  check_conclusions(a, b);
  CHECK(a.complete == b.complete);
  CHECK(a.missing == b.missing);
}

}  // namespace

TEST_SUITE("evaluator") {
TEST_CASE("compiled comparisons agree with the comparison as written, at every boundary") {
  // Wide integer ranges, every operator, `in` within one word of values and `in` wider than one,
  // and comparisons at the ends of what an answer can be.
  const RuleBase rb = test::load(R"(questions:
  - {id: n, order: 1, type: integer, min: -100000, max: 100000, text: N}
  - {id: m, order: 2, type: integer, min: 0, max: 1000, text: M}
  - {id: x, order: 3, type: integer, min: -2147483647, max: 2147483647, text: X}
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
  - {id: x_gt, title: T, when: x > 2147483646, then: {recommend: o}, source: {ref: src, section: S}}
  - {id: x_ge, title: T, when: x >= 2147483647, then: {recommend: o}, source: {ref: src, section: S}}
  - {id: x_lt, title: T, when: x < -2147483646, then: {recommend: o}, source: {ref: src, section: S}}
  - {id: x_le, title: T, when: x <= -2147483647, then: {recommend: o}, source: {ref: src, section: S}}
  - {id: x_ne, title: T, when: x != 2147483647, then: {recommend: o}, source: {ref: src, section: S}}
  - {id: x_eq, title: T, when: x == -2147483647, then: {recommend: o}, source: {ref: src, section: S}}
  - {id: x_in_top, title: T, when: "x in [2147483647, 2147483600]", then: {recommend: o}, source: {ref: src, section: S}}
  - {id: x_in_ends, title: T, when: "x in [-2147483647, 2147483647]", then: {recommend: o}, source: {ref: src, section: S}}
)");
  std::vector<Value> probes;
  for (const CondNode& c : rb.conds) {
    if (c.kind != CondKind::compare) continue;
    std::vector<Value> constants = {c.value};
    if (c.op == CmpOp::in) constants.assign(rb.value_pool.begin() + c.first, rb.value_pool.begin() + c.first + c.count);
    // Every value a Value can hold but kUnknown, the loader's bounds for a question.
    for (Value k : constants)
      for (std::int64_t d : {-64, -63, -2, -1, 0, 1, 2, 63, 64})
        if (const std::int64_t p = std::int64_t{k} + d; p > kUnknown && p <= std::numeric_limits<Value>::max())
          probes.push_back(static_cast<Value>(p));
  }
  for (auto restore : {Evaluator::Restore::copy, Evaluator::Restore::undo}) {
    Evaluator ev(rb, restore);
    for (Value n : probes)
      for (Value m : {Value{0}, Value{1}, Value{4}, Value{5}, Value{63}, Value{64}, Value{65}, Value{67}, Value{1000}}) {
        CAPTURE(n);
        CAPTURE(m);
        const std::vector<Value> given = {n, m, n};  // x takes n's probes, its extremes among them
        ev.evaluate(given);
        check_rules_match_reference(rb, ev);
      }
  }
}

TEST_CASE("the bit rows hold at the edges of a table: 128 values and 129, negative and offset ranges") {
  // a and d have 128 values (one row each, the most a table takes), b has 129 (its comparisons
  // are tested one by one), c is all negative; single comparisons are rules of their own bit, the
  // all / any ones are parts. One evaluator runs every case, so the rows are built at the second;
  // values one past each end are in-process answers the tables must leave to the walk.
  const RuleBase rb = test::load(R"(questions:
  - {id: a, order: 1, type: integer, min: -60, max: 67, text: A}
  - {id: b, order: 2, type: integer, min: -64, max: 64, text: B}
  - {id: c, order: 3, type: integer, min: -10, max: -1, text: C}
  - {id: d, order: 4, type: integer, min: 0, max: 127, text: D}
options:
  - {id: o, title: O, instructions: I, source: {ref: src, section: S}}
  - {id: p, title: P, instructions: I, source: {ref: src, section: S}}
rules:
  - {id: a_low, title: T, when: a <= -60, then: {recommend: o}, source: {ref: src, section: S}}
  - {id: a_high, title: T, when: a >= 67, then: {recommend: o}, source: {ref: src, section: S}}
  - {id: a_in, title: T, when: "a in [-60, 0, 3, 66, 67]", then: {recommend: p}, source: {ref: src, section: S}}
  - {id: b_ends, title: T, when: {any: [b == -64, b == 64]}, then: {recommend: o}, source: {ref: src, section: S}}
  - {id: b_mid, title: T, when: b > -1, then: {avoid: {p: not with this}}, source: {ref: src, section: S}}
  - {id: c_top, title: T, when: c == -1, then: {disposition: urgent}, source: {ref: src, section: S}}
  - {id: d_edge, title: T, when: {all: [d >= 127, {any: [a == 67, c < -9]}]}, then: {red_flag: {text: E, sign: edge, disposition: emergency}}, source: {ref: src, section: S}}
  - {id: mixed, title: T, when: {any: [d == 0, {all: [a < -59, b < -63, c <= -10]}]}, then: {disposition: see_doctor}, source: {ref: src, section: S}}
  - {id: base, title: T, priority: -1, when: always, then: {disposition: self_care}, source: {ref: src, section: S}}
)");
  Evaluator ev(rb, Evaluator::Restore::copy);
  int cases = 0;
  for (Value i = -62; i <= 69; ++i) {
    // a walks its range and one past each end; the others follow at their own offsets.
    const std::vector<Value> given = {i, static_cast<Value>(i - 2), static_cast<Value>(-1 - (i + 62) % 12),
                                      static_cast<Value>(i + 60)};
    CAPTURE(i);
    const Result want = reference_result(rb, given);
    check_conclusions(ev.evaluate(given), want);
    check_rules_match_reference(rb, ev);
    ++cases;
  }
  CHECK(cases == 132);
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

TEST_CASE("every result equals plain forward chaining re-read from the condition trees") {
  // The fired rules and their order, red flags, disposition, stop, plan, avoid list (with the
  // first rule to avoid each option) and ignored answers, against reference_result(): on random
  // rule bases, and on larger ones whose rules and options fill more than one word of bits;
  // complete cases (one pass over the rules) and partial ones (only the answers' readers woken),
  // some with answers outside a question's range (in-process callers can pass them).
  int past_one_word = 0;
  for (unsigned seed = 1; seed <= 200; ++seed) {
    const int scale = seed <= 150 ? 1 : 24;
    CAPTURE(seed);
    Diagnostics diags;
    auto loaded = load_rule_base_texts(test::RandomRuleBase(seed, scale).files(), diags);
    REQUIRE_MESSAGE(loaded.has_value(), diags.format_all());
    const RuleBase& rb = *loaded;
    if (rb.rules.size() > 64 && rb.options.size() > 64) ++past_one_word;
    Evaluator copying(rb, Evaluator::Restore::copy), undoing(rb, Evaluator::Restore::undo);
    std::mt19937 rng(seed * 7919);
    for (int trial = 0; trial < 40; ++trial) {
      CAPTURE(trial);
      std::vector<Value> given(static_cast<size_t>(rb.question_count), kUnknown);
      for (FactId q = 0; q < rb.question_count; ++q) {
        const Fact& f = rb.facts[static_cast<size_t>(q)];
        if (trial % 2 == 1 && rng() % 3 == 0) continue;  // odd trials: partial
        given[static_cast<size_t>(q)] = f.min + static_cast<Value>(rng() % static_cast<unsigned>(f.max - f.min + 1));
        if (trial % 5 == 4 && rng() % 4 == 0) given[static_cast<size_t>(q)] = rng() % 2 ? f.max + 1 : f.min - 1;
      }
      const Result want = reference_result(rb, given);
      check_conclusions(copying.evaluate(given), want);
      check_conclusions(undoing.evaluate(given), want);
    }
  }
  CHECK(past_one_word >= 10);
}
}
