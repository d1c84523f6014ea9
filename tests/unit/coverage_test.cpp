// rules test --coverage on a purpose-built rule base: rules fired, both sides of every node of
// every rule's condition, options recommended or avoided, counted over the cases given.
#include <doctest/doctest.h>

#include "audit/coverage.hpp"
#include "test_support.hpp"

using namespace backtriage;

TEST_SUITE("coverage") {
TEST_CASE("rules, branches and options: what the cases reached, and exactly what they did not") {
  const RuleBase rb = test::load(R"(questions:
  - {id: flag, order: 1, type: yes_no, text: F}
  - {id: pain, order: 2, type: integer, min: 0, max: 10, text: P}
options:
  - {id: o1, title: O1, instructions: I, source: {ref: src, section: S}}
  - {id: o2, title: O2, instructions: I, source: {ref: src, section: S}}
rules:
  - {id: flag_rule, title: T, when: flag == yes, then: {red_flag: {text: F, disposition: urgent}}, source: {ref: src, section: S}}
  - {id: both, title: T, when: {all: [flag == no, pain >= 7]}, then: {disposition: see_doctor, recommend: o1}, source: {ref: src, section: S}}
  - {id: base, title: T, priority: -1, when: always, then: {disposition: self_care}, source: {ref: src, section: S}}
)");
  CoverageCounter counter(rb);
  Evaluator ev(rb);
  ev.evaluate(test::answers(rb, {{"flag", "no"}, {"pain", "3"}}));
  counter.add(ev);
  CoverageReport r = counter.report();
  CHECK(r.scenarios == 1);
  CHECK(r.rules_total == 3);
  CHECK(r.rules_fired == 1);  // base only
  // Nodes: flag == yes; all(...), flag == no, pain >= 7 (base's `always` is no branch): 8 sides.
  CHECK(r.branches_total == 8);
  CHECK(r.branches_taken == 4);  // flag == yes false; all false; flag == no true; pain >= 7 false
  REQUIRE(r.branches_not_taken.size() == 4);
  // In firing order (priority, then id): 'both' (its all true, flag == no false, pain >= 7 true), then
  // 'flag_rule' (flag == yes true).
  CHECK(rb.rules[static_cast<size_t>(r.branches_not_taken[0].rule)].id == "both");
  CHECK(r.branches_not_taken[0].outcome == true);
  CHECK(rb.conds[static_cast<size_t>(r.branches_not_taken[0].cond)].kind == CondKind::all);
  CHECK(r.branches_not_taken[1].outcome == false);
  CHECK(rb.rules[static_cast<size_t>(r.branches_not_taken[3].rule)].id == "flag_rule");
  CHECK(r.branches_not_taken[3].outcome == true);
  CHECK(r.options_exercised == 0);
  CHECK(r.options_not_exercised.size() == 2);

  ev.evaluate(test::answers(rb, {{"flag", "yes"}, {"pain", "8"}}));
  counter.add(ev);
  ev.evaluate(test::answers(rb, {{"flag", "no"}, {"pain", "8"}}));
  counter.add(ev);
  r = counter.report();
  CHECK(r.rules_fired == 3);
  CHECK(r.branches_taken == 8);
  CHECK(r.branches_not_taken.empty());
  CHECK(r.options_exercised == 1);  // o1 recommended; o2 never
  REQUIRE(r.options_not_exercised.size() == 1);
  CHECK(rb.options[static_cast<size_t>(r.options_not_exercised[0])].id == "o2");
}
}
