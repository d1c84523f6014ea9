// The symbolic verifier (decision diagrams) against the enumerating reference, which evaluates
// every class of answers with the real Evaluator: the same classes, the same counts of cases and
// violations per invariant, and counterexamples that the evaluator confirms. On the shipped rules,
// the examples, the test rule bases, broken copies of the shipped rules and random rule bases.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "audit/answer_space.hpp"
#include "audit/verify.hpp"
#include "eval/evaluator.hpp"
#include "lang/loader.hpp"
#include "random_rule_base.hpp"
#include "test_support.hpp"
#include "verify_reference.hpp"

using namespace backtriage;

namespace {

void check_same(const RuleBase& rb, const std::string& what) {
  CAPTURE(what);
  const VerifyReport symbolic = verify(rb, {.max_examples = 2});
  const VerifyReport reference = test::verify_by_enumeration(rb, {.max_examples = 2});
  REQUIRE_FALSE(reference.too_large);
  REQUIRE_FALSE(symbolic.too_large);
  CHECK(symbolic.internal_error == "");
  CHECK(symbolic.combinations == reference.combinations);
  CHECK(symbolic.cases == reference.cases);
  CHECK(symbolic.classes_per_question == reference.classes_per_question);
  const auto same = [&](const InvariantResult& s, const InvariantResult& r, const std::string& which) {
    CAPTURE(which);
    CHECK(s.applied == r.applied);
    CHECK(s.violations == r.violations);
    CHECK(s.examples.size() == r.examples.size());
    // Each counterexample really is one: a run of the evaluator shows the problem it names.
    Evaluator ev(rb);
    for (const Counterexample& e : s.examples) {
      const Level level = ev.evaluate(e.answers).disposition;
      if (!e.other.empty()) CHECK(ev.evaluate(e.other).disposition < level);
      CHECK_FALSE(e.problem.empty());
    }
  };
  REQUIRE(symbolic.results.size() == reference.results.size());
  for (size_t i = 0; i < symbolic.results.size(); ++i) same(symbolic.results[i], reference.results[i], rb.invariants[i].id);
  // The built-in order of unsure: one per question that accepts it.
  REQUIRE(symbolic.unsure_order.size() == reference.unsure_order.size());
  for (size_t i = 0; i < symbolic.unsure_order.size(); ++i) {
    CHECK(symbolic.unsure_order[i].question == reference.unsure_order[i].question);
    same(symbolic.unsure_order[i], reference.unsure_order[i],
         "unsure order of " + rb.facts[static_cast<size_t>(symbolic.unsure_order[i].question)].id);
  }
  CHECK(symbolic.ok() == reference.ok());
}

}  // namespace

TEST_SUITE("verify") {
TEST_CASE("the symbolic verifier agrees with enumeration on the shipped and example rule bases") {
  // The shipped rules of contract v2 have 5.4e14 combinations, beyond any enumeration: the
  // reference runs on the v1 snapshot, and the v2 rules are checked by their invariants and
  // scenarios instead (a failing copy of them is in the next test).
  for (const char* dir : {"tests/unit/fixtures/rules-v1", "docs/examples/tiny", "tests/check/valid_base/rules"})
    check_same(test::load_dir(dir), dir);
}

TEST_CASE("the symbolic verifier agrees with enumeration where invariants fail") {
  RuleBase rb = test::load_dir("tests/unit/fixtures/rules-v1");
  // Lower every urgent rule to see_doctor, and drop one emergency rule's conclusion: several
  // invariants now fail, with thousands of violations each.
  for (Rule& r : rb.rules)
    if (r.disposition == *rb.find_level("urgent")) r.disposition = *rb.find_level("see_doctor");
  compile_hot_rules(rb);
  check_same(rb, "v1 rules, urgent lowered to see_doctor");
  const VerifyReport report = verify(rb);
  CHECK_FALSE(report.ok());
}

TEST_CASE("the shipped v2 rules are proved in full, and a lowered copy fails with confirmed counterexamples") {
  RuleBase rb = test::load_dir("rules");
  const VerifyReport ok = verify(rb);
  CHECK(ok.ok());
  CHECK(ok.combinations == 535'570'083'993'600ull);
  CHECK(ok.unsure_order.size() == 21);
  for (Rule& r : rb.rules)
    if (r.disposition == *rb.find_level("emergency")) r.disposition = *rb.find_level("urgent");
  compile_hot_rules(rb);
  const VerifyReport lowered = verify(rb, {.max_examples = 3});
  CHECK(lowered.internal_error == "");
  CHECK_FALSE(lowered.ok());
  Evaluator ev(rb);
  size_t failed = 0;
  for (size_t i = 0; i < lowered.results.size(); ++i) {
    if (lowered.results[i].violations == 0) continue;
    ++failed;
    for (const Counterexample& e : lowered.results[i].examples)
      CHECK(ev.evaluate(e.answers).disposition < *rb.find_level("emergency"));
  }
  CHECK(failed >= 12);  // every emergency invariant
}

TEST_CASE("the symbolic verifier agrees with enumeration on 300 random rule bases") {
  int failing = 0, with_unsure = 0, unsure_out_of_order = 0;
  for (unsigned seed = 1; seed <= 300; ++seed) {
    Diagnostics diags;
    auto rb = load_rule_base_texts(test::RandomRuleBase(seed).files(), diags);
    REQUIRE_MESSAGE(rb.has_value(), diags.format_all());
    check_same(*rb, fmt::format("random rule base, seed {}", seed));
    const VerifyReport report = verify(*rb);
    failing += report.ok() ? 0 : 1;
    with_unsure += report.unsure_order.empty() ? 0 : 1;
    for (const InvariantResult& u : report.unsure_order) unsure_out_of_order += u.violations > 0 ? 1 : 0;
  }
  // The generator's invariants are random: many fail, so the failing paths are compared too.
  CHECK(failing > 100);
  // And a good share of them ask yes/no/unsure questions, some out of order.
  CHECK(with_unsure > 50);
  CHECK(unsure_out_of_order > 10);
}
}
