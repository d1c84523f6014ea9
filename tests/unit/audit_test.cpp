// Verification and static analysis on purpose-built rule bases: the answer classes split at the
// thresholds the rules use, verify finds counterexamples, and the audit finds what it claims.
#include <doctest/doctest.h>

#include "audit/answer_space.hpp"
#include "audit/audit.hpp"
#include "audit/verify.hpp"
#include "test_support.hpp"

using namespace backtriage;

namespace {
const char* const kBase = R"(questions:
  - {id: flag, order: 1, type: yes_no, text: F}
  - {id: pain, order: 2, type: integer, min: 0, max: 10, text: P}
  - {id: days, order: 3, type: integer, min: 0, max: 100, text: D}
  - {id: side, order: 4, type: choice, choices: [left, right], text: S}
options:
  - {id: o1, title: O1, instructions: I, source: {ref: src, section: S}}
rules:
  - {id: flag_rule, title: T, when: flag == yes, then: {red_flag: {text: F, disposition: urgent}}, source: {ref: src, section: S}}
  - {id: pain_rule, title: T, when: pain >= 7, then: {disposition: see_doctor}, source: {ref: src, section: S}}
  - {id: days_rule, title: T, when: {all: [days > 3, days <= 14]}, then: {recommend: o1}, source: {ref: src, section: S}}
  - {id: base, title: T, priority: -1, when: always, then: {disposition: self_care}, source: {ref: src, section: S}}
)";

std::string audited(const RuleBase& rb, const AuditOptions& options = {}) {
  Diagnostics diags;
  audit_rule_base(rb, diags, options);
  diags.sort();
  return diags.format_all();
}

size_t occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}
}  // namespace

TEST_SUITE("audit") {
TEST_CASE("answer classes: every yes/no and choice value, integers split where a comparison flips") {
  const RuleBase rb = test::load(kBase);
  const auto classes = answer_classes(rb);
  CHECK(classes[static_cast<size_t>(*rb.find_fact("flag"))] == std::vector<Value>{0, 1});
  CHECK(classes[static_cast<size_t>(*rb.find_fact("pain"))] == std::vector<Value>{0, 7});
  CHECK(classes[static_cast<size_t>(*rb.find_fact("days"))] == std::vector<Value>{0, 4, 15});
  CHECK(classes[static_cast<size_t>(*rb.find_fact("side"))] == std::vector<Value>{0, 1});
}

TEST_CASE("verify proves a true invariant and gives a counterexample for a false one") {
  const RuleBase rb = test::load(std::string(kBase) + R"(invariants:
  - {id: flag_urgent, title: T, when: flag == yes, expect: {disposition_at_least: urgent}}
  - {id: pain_urgent, title: T, when: pain >= 7, expect: {disposition_at_least: urgent}}
  - {id: always_one, title: T, expect: {has_disposition: yes}}
  - {id: monotone, title: T, monotone: [flag]}
  - {id: o1_in_window, title: T, when: {all: [days >= 4, days <= 14]}, expect: {recommended: [o1]}}
)");
  const VerifyReport report = verify(rb);
  CHECK(report.cases == 2 * 2 * 3 * 2);
  REQUIRE(report.results.size() == 5);
  CHECK(report.results[0].violations == 0);
  CHECK(report.results[0].applied == 12);
  CHECK(report.results[1].violations == 6);  // pain >= 7 with flag = no: 1 * 3 * 2 cases
  REQUIRE_FALSE(report.results[1].examples.empty());
  CHECK(report.results[1].examples[0].problem == "disposition see_doctor is below urgent");
  CHECK(assess_command(rb, report.results[1].examples[0].answers) ==
        "backtriage assess --answer flag=no --answer pain=7 --answer days=0 --answer side=left");
  CHECK(report.results[2].violations == 0);
  CHECK(report.results[3].violations == 0);
  CHECK(report.results[4].violations == 0);
  CHECK_FALSE(report.ok());
}

TEST_CASE("verify merges combinations that differ only in answers that do not apply") {
  const RuleBase rb = test::load(R"(questions:
  - {id: days, order: 1, type: integer, min: 0, max: 100, text: D}
  - {id: stiff, order: 2, type: yes_no, text: S, ask_when: days <= 3}
rules:
  - {id: stiff_rule, title: T, when: stiff == yes, then: {disposition: urgent}, source: {ref: src, section: S}}
  - {id: base, title: T, priority: -1, when: always, then: {disposition: self_care}, source: {ref: src, section: S}}
invariants:
  - {id: stiff_urgent, title: T, when: stiff == yes, expect: {disposition_at_least: urgent}}
  - {id: late_is_self_care, title: T, when: days >= 4, expect: {disposition_at_most: self_care}}
  - {id: stiff_monotone, title: T, monotone: [stiff]}
)");
  const VerifyReport report = verify(rb);
  CHECK(report.combinations == 4);  // days {0, 4} x stiff {no, yes}
  CHECK(report.cases == 3);         // days 4 with stiff yes is days 4 with stiff no
  CHECK(report.ok());
  CHECK(report.results[0].applied == 1);
  CHECK(report.results[1].applied == 1);
  CHECK(report.results[2].applied == 2);  // the two pairs, the pruned one included
}

TEST_CASE("the audit warns of a red flag a gate can hide, not of one its gate always lets through") {
  // 'hidden' needs numb == yes, but numb is asked only from day 14: before that the answer is
  // ignored and the red flag with it. 'covered' needs day 20 or later, where its gate is open.
  const RuleBase rb = test::load(R"(questions:
  - {id: days, order: 1, type: integer, min: 0, max: 100, text: D}
  - {id: numb, order: 2, type: yes_no, text: N, ask_when: days >= 14}
  - {id: weak, order: 3, type: yes_no, text: W, ask_when: days >= 14}
rules:
  - {id: hidden, title: T, when: numb == yes, then: {red_flag: {text: Numb, sign: numbness, disposition: emergency}}, source: {ref: src, section: S}}
  - {id: covered, title: T, when: {all: [days >= 20, weak == yes]}, then: {red_flag: {text: Weak, sign: weakness, disposition: urgent}}, source: {ref: src, section: S}}
  - {id: base, title: T, priority: -1, when: always, then: {disposition: self_care}, source: {ref: src, section: S}}
)");
  const std::string all = audited(rb);
  CAPTURE(all);
  CHECK(all.find("warning: the red flag of rule 'hidden' can be missed: an answer it needs is ignored where its gate "
                 "is false ('numb' is asked only when days >= 14); for example, backtriage assess") != std::string::npos);
  CHECK(all.find("gives no red flag though the rule's condition holds for those answers (ask 'numb' whenever") != std::string::npos);
  CHECK(all.find("numb=yes") != std::string::npos);
  CHECK(all.find("'covered' can be missed") == std::string::npos);
  CHECK(occurrences(all, ": error: ") == 0);
}

TEST_CASE("a gate can hide a raised level without a red flag, through a derived fact, or behind another gate") {
  const RuleBase rb = test::load(R"(facts:
  - {id: late, text: late}
questions:
  - {id: days, order: 1, type: integer, min: 0, max: 100, text: D}
  - {id: numb, order: 2, type: yes_no, text: N, ask_when: days >= 14}
  - {id: pain, order: 3, type: yes_no, text: P, ask_when: late == yes}
  - {id: weak, order: 4, type: yes_no, text: W, ask_when: pain == yes}
  - {id: tired, order: 5, type: yes_no, text: T, ask_when: days >= 14}
rules:
  - {id: is_late, title: T, when: days >= 30, then: {set: late}, source: {ref: src, section: S}}
  - {id: plain_level, title: T, when: numb == yes, then: {disposition: emergency}, source: {ref: src, section: S}}
  - {id: via_fact, title: T, when: pain == yes, then: {red_flag: {text: Pain, sign: pain, disposition: urgent}}, source: {ref: src, section: S}}
  - {id: two_gates, title: T, when: weak == yes, then: {red_flag: {text: Weak, sign: weakness, disposition: urgent}}, source: {ref: src, section: S}}
  - {id: lowest_only, title: T, when: tired == yes, then: {disposition: self_care}, source: {ref: src, section: S}}
  - {id: base, title: T, priority: -1, when: always, then: {disposition: self_care}, source: {ref: src, section: S}}
)");
  const std::string all = audited(rb);
  CAPTURE(all);
  CHECK(all.find("warning: the level 'emergency' that rule 'plain_level' raises to can be missed: an answer it needs is "
                 "ignored where its gate is false ('numb' is asked only when days >= 14)") != std::string::npos);
  CHECK(all.find("gives a lower level though the rule's condition holds for those answers (ask 'numb' whenever the rule "
                 "may need it)") != std::string::npos);
  // The gate reads a derived fact: the days that set it are searched too.
  CHECK(all.find("the red flag of rule 'via_fact' can be missed") != std::string::npos);
  CHECK(all.find("('pain' is asked only when late == yes)") != std::string::npos);
  // A gate behind a gate: the case found has both closed or the outer one closed.
  CHECK(all.find("the red flag of rule 'two_gates' can be missed") != std::string::npos);
  // Keeping someone at the lowest level is nothing a gate can under-triage.
  CHECK(all.find("rule 'lowest_only' raises") == std::string::npos);
  CHECK(occurrences(all, "can be missed") == 3);
  CHECK(occurrences(all, ": error: ") == 0);
}

TEST_CASE("a red flag behind a gate that keeps it from ever firing gets the one error, not the warning too") {
  const RuleBase rb = test::load(R"(questions:
  - {id: days, order: 1, type: integer, min: 0, max: 100, text: D}
  - {id: numb, order: 2, type: yes_no, text: N, ask_when: days >= 14}
rules:
  - {id: shut_out, title: T, when: {all: [days < 14, numb == yes]}, then: {red_flag: {text: Numb, sign: numbness, disposition: emergency}}, source: {ref: src, section: S}}
  - {id: base, title: T, priority: -1, when: always, then: {disposition: self_care}, source: {ref: src, section: S}}
)");
  const std::string all = audited(rb);
  CAPTURE(all);
  CHECK(all.find("rule 'shut_out' can never fire: the ask_when of a question it needs excludes it") != std::string::npos);
  CHECK(all.find("can be missed") == std::string::npos);
  CHECK(occurrences(all, ": error: ") == 1);
}

TEST_CASE("the gate search says when it was not analysed, and counts its two evaluations a case") {
  // 'covered' holds only from day 20, where its gate (day 14) is open: a clean rule that the
  // search must walk whole, days {0, 14, 20} x weak {no, yes} = 6 cases, 2 rules evaluated twice
  // each: 24 rule evaluations. A budget of 13 lets it see 4 cases (counted once a case, it would
  // see all 6 and say nothing).
  const std::string base = R"(questions:
  - {id: days, order: 1, type: integer, min: 0, max: 100, text: D}
  - {id: weak, order: 2, type: yes_no, text: W, ask_when: days >= 14}
rules:
  - {id: covered, title: T, when: {all: [days >= 20, weak == yes]}, then: {red_flag: {text: Weak, sign: weakness, disposition: urgent}}, source: {ref: src, section: S}}
  - {id: base, title: T, priority: -1, when: always, then: {disposition: self_care}, source: {ref: src, section: S}}
)";
  const RuleBase rb = test::load(base);
  const auto audit = [&](std::uint64_t budget) {
    AuditOptions options;
    options.max_rule_evaluations = budget;
    return audited(rb, options);
  };
  CHECK(audit(24).find("was not analysed") == std::string::npos);
  const std::string short_of_it = audit(13);
  CAPTURE(short_of_it);
  CHECK(short_of_it.find("warning: whether a gate can hide the red flag of rule 'covered' was not analysed: the rule base "
                         "is too large to analyse fully (the budget of 13 rule evaluations is spent)") != std::string::npos);
  CHECK(short_of_it.find("can be missed") == std::string::npos);
}

TEST_CASE("the audit reports rules that can never fire, unused questions and unrecommended options") {
  const RuleBase rb = test::load(R"(questions:
  - {id: a, order: 1, type: integer, min: 0, max: 10, text: A}
  - {id: gate, order: 2, type: yes_no, text: G}
  - {id: gated, order: 3, type: yes_no, text: X, ask_when: gate == yes}
  - {id: unused, order: 4, type: yes_no, text: U}
options:
  - {id: o1, title: O1, instructions: I, source: {ref: src, section: S}}
  - {id: lonely, title: L, instructions: I, source: {ref: src, section: S}}
rules:
  - {id: contradiction, title: T, when: {all: [a < 3, a > 5]}, then: {recommend: o1}, source: {ref: src, section: S}}
  - {id: excluded, title: T, when: {all: [gate == no, gated == yes]}, then: {recommend: o1}, source: {ref: src, section: S}}
  - {id: fine, title: T, when: a >= 5, then: {recommend: o1}, source: {ref: src, section: S}}
  - {id: narrower, title: T, when: a >= 8, then: {recommend: o1}, source: {ref: src, section: S}}
)");
  Diagnostics diags;
  audit_rule_base(rb, diags);
  diags.sort();
  const std::string all = diags.format_all();
  CHECK(all.find("error: rule 'contradiction' can never fire: no answers make 'all of (a < 3, a > 5)' true") != std::string::npos);
  CHECK(all.find("error: rule 'excluded' can never fire: the ask_when of a question it needs excludes it ('gated' is asked only when gate == yes)") != std::string::npos);
  CHECK(all.find("error: question 'unused' is used by no rule") != std::string::npos);
  CHECK(all.find("warning: option 'lonely' is recommended by no rule") != std::string::npos);
  CHECK(all.find("warning: rule 'narrower' is subsumed by rule 'fine'") != std::string::npos);
  CHECK(all.find("rule 'fine' is subsumed") == std::string::npos);
  CHECK(diags.error_count() == 3);
}

namespace {
const char* const kPairs = R"(questions:
  - {id: a, order: 1, type: integer, min: 0, max: 10, text: A}
  - {id: b, order: 2, type: yes_no, text: B}
options:
  - {id: o1, title: O1, instructions: I, source: {ref: src, section: S}}
  - {id: o2, title: O2, instructions: I, source: {ref: src, section: S}}
rules:
  - {id: contradiction, title: T, when: {all: [a < 3, a > 5]}, then: {recommend: o2}, source: {ref: src, section: S}}
  - {id: rec, title: T, when: a >= 5, then: {recommend: [o1, o2]}, source: {ref: src, section: S}}
  - {id: narrower, title: T, when: {all: [a >= 5, b == yes]}, then: {recommend: [o1, o2]}, source: {ref: src, section: S}}
  - {id: overlaps, title: T, when: {all: [a >= 8, b == no]}, then: {avoid: {o1: R}}, source: {ref: src, section: S}}
  - {id: apart, title: T, when: a < 2, then: {avoid: {o1: R, o2: R}}, source: {ref: src, section: S}}
)";

}  // namespace

TEST_CASE("a recommend and an avoid that can fire together are a finding, with a case where both do") {
  const std::string all = audited(test::load(kPairs));
  INFO(all);
  // The example names only the answers the two rules depend on, and is one where both fire.
  CHECK(all.find("info: 'overlaps' avoids what 'rec' recommends (o1) in some cases; avoid wins, for example: "
                 "backtriage assess --answer a=8 --answer b=no") != std::string::npos);
  CHECK(all.find("info: 'overlaps' avoids what 'narrower' recommends") == std::string::npos);  // b differs
  CHECK(all.find("'apart' avoids") == std::string::npos);  // a < 2 and a >= 5 never meet
  CHECK(all.find("warning: rule 'narrower' is subsumed by rule 'rec'") != std::string::npos);
  CHECK(all.find("internal error") == std::string::npos);
}

TEST_CASE("comparing pairs of rules stops at its budget, said once for each analysis") {
  AuditOptions options;
  options.max_rule_pairs = 1;
  const std::string all = audited(test::load(kPairs), options);
  INFO(all);
  CHECK(occurrences(all, "subsumed rules from rule") == 1);
  CHECK(occurrences(all, "recommend/avoid conflicts from rule") == 1);
  CHECK(all.find("the budget of 1 compared pairs of rules is spent") != std::string::npos);
  // Said without a place in a file (so first): never among a file's first findings, never hidden.
  CHECK(all.find("warning: subsumed rules from rule") == 0);
  CHECK(all.find("error: rule 'contradiction' can never fire") != std::string::npos);  // not a pair analysis
}

TEST_CASE("diagrams that outgrow their limit are said, and whether rules fire is searched instead") {
  AuditOptions options;
  options.max_bdd_nodes = 12;
  const std::string all = audited(test::load(kPairs), options);
  INFO(all);
  CHECK(occurrences(all, "the decision diagrams outgrew 12 nodes") == 1);
  CHECK(all.find("error: rule 'contradiction' can never fire: no answers make") != std::string::npos);
  CHECK(all.find("is subsumed by") == std::string::npos);
  CHECK(all.find("avoids what") == std::string::npos);
}

TEST_CASE("the shipped rule base passes the audit without errors or warnings") {
  const RuleBase rb = test::load_dir("rules");
  Diagnostics diags;
  audit_rule_base(rb, diags);
  CHECK(diags.error_count() == 0);
  CHECK(diags.warning_count() == 0);
}
}
