// The evaluator on small purpose-built rule bases: chaining, refraction, priorities, conflict
// policy, three-valued logic, question selection and the emergency stop.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "eval/evaluator.hpp"
#include "test_support.hpp"

using namespace backtriage;
using test::answers;
using test::load;
using test::names;

namespace {
const char* const kYesNo = R"(questions:
  - {id: a, order: 1, type: yes_no, text: A}
  - {id: b, order: 2, type: yes_no, text: B}
  - {id: c, order: 3, type: yes_no, text: C}
  - {id: n, order: 4, type: integer, min: 0, max: 10, text: N}
options:
  - {id: o1, title: O1, instructions: I, source: {ref: src, section: S}}
  - {id: o2, title: O2, instructions: I, source: {ref: src, section: S}}
)";

std::string rule(const std::string& id, const std::string& when, const std::string& then, int priority = 0) {
  return "  - {id: " + id + ", title: T, priority: " + std::to_string(priority) + ", when: \"" + when +
         "\", then: " + then + ", source: {ref: src, section: S}}\n";
}

std::vector<std::string> fired(const RuleBase& rb, const Result& r) { return names(r.fired, rb.rules); }
}  // namespace

TEST_SUITE("evaluator") {
TEST_CASE("derived facts chain to a fixpoint, and a fact no rule can set is no") {
  const RuleBase rb = load(std::string(kYesNo) + "facts: [{id: f1, text: F1}, {id: f2, text: F2}, {id: f3, text: F3}]\nrules:\n" +
                           rule("r1", "a == yes", "{set: f1}") + rule("r2", "f1 == yes", "{set: f2}") +
                           rule("r3", "f2 == yes", "{disposition: urgent}") +
                           rule("r4", "f3 == no", "{recommend: o1}"));
  Evaluator ev(rb);
  const Result& res = ev.evaluate(answers(rb, {{"a", "yes"}}));
  CHECK(res.disposition == *rb.find_level("urgent"));
  CHECK(ev.value(*rb.find_fact("f2")) == kYes);
  CHECK(ev.value(*rb.find_fact("f3")) == kNo);  // nothing sets f3
  CHECK(names(res.recommended, rb.options) == std::vector<std::string>{"o1"});

  const Result& other = ev.evaluate(answers(rb, {{"a", "no"}}));
  CHECK(other.disposition == kNoLevel);
  CHECK(ev.value(*rb.find_fact("f1")) == kNo);  // its only setter was ruled out
  CHECK(ev.value(*rb.find_fact("f2")) == kNo);
}

TEST_CASE("refraction: a rule fires once, even when two rules set the fact it reads") {
  const RuleBase rb = load(std::string(kYesNo) + "facts: [{id: f, text: F}]\nrules:\n" +
                           rule("s1", "a == yes", "{set: f}") + rule("s2", "b == yes", "{set: f}") +
                           rule("reader", "f == yes", "{recommend: o1}"));
  Evaluator ev(rb);
  const Result& res = ev.evaluate(answers(rb, {{"a", "yes"}, {"b", "yes"}}));
  const auto f = fired(rb, res);
  CHECK(std::count(f.begin(), f.end(), "reader") == 1);
  CHECK(f.size() == 3);
}

TEST_CASE("priorities order the firing: higher first, then by id") {
  const RuleBase rb = load(std::string(kYesNo) + "rules:\n" + rule("low", "a == yes", "{recommend: o1}", -5) +
                           rule("high", "a == yes", "{recommend: o2}", 10) + rule("mid_b", "a == yes", "{disposition: see_doctor}") +
                           rule("mid_a", "a == yes", "{disposition: self_care}"));
  Evaluator ev(rb);
  const Result& res = ev.evaluate(answers(rb, {{"a", "yes"}}));
  CHECK(fired(rb, res) == std::vector<std::string>{"high", "mid_a", "mid_b", "low"});
  // The plan lists options in catalogue order (order, then id), whatever fired first.
  CHECK(names(res.recommended, rb.options) == std::vector<std::string>{"o1", "o2"});
}

TEST_CASE("conflict policy: the highest disposition wins, avoid beats recommend whatever fires first") {
  const RuleBase rb = load(std::string(kYesNo) + "rules:\n" + rule("urgent_first", "a == yes", "{disposition: urgent}", 50) +
                           rule("lower_later", "a == yes", "{disposition: see_doctor}", 1) +
                           rule("avoid_first", "b == yes", "{avoid: {o1: reason}}", 9) +
                           rule("recommend_later", "b == yes", "{recommend: [o1, o2]}", 0) +
                           rule("recommend_first", "c == yes", "{recommend: o1}", 99) +
                           rule("avoid_later", "c == yes", "{avoid: {o1: reason}}", -9));
  Evaluator ev(rb);
  CHECK(ev.evaluate(answers(rb, {{"a", "yes"}})).disposition == *rb.find_level("urgent"));
  const Result& res = ev.evaluate(answers(rb, {{"b", "yes"}}));
  CHECK(names(res.recommended, rb.options) == std::vector<std::string>{"o2"});
  REQUIRE(res.avoided.size() == 1);
  CHECK(rb.rules[static_cast<size_t>(res.avoided[0].second)].id == "avoid_first");
  const Result& later = ev.evaluate(answers(rb, {{"c", "yes"}}));
  CHECK(later.recommended.empty());
  CHECK(later.avoided.size() == 1);
}

TEST_CASE("results do not depend on the order of rules or files") {
  std::vector<std::string> rules = {
      rule("r1", "a == yes", "{disposition: see_doctor}"),       rule("r2", "b == yes", "{recommend: [o1, o2]}"),
      rule("r3", "c == yes", "{avoid: {o2: because}}", 3),        rule("r4", "n >= 7", "{disposition: urgent}"),
      rule("r5", "n < 3", "{recommend: o2}", -2),                 rule("r6", "f == yes", "{disposition: emergency, stop: yes}"),
      rule("r7", "a == yes", "{set: f}"),                         rule("r8", "always", "{disposition: self_care}", -100)};
  const std::string decl = std::string(kYesNo) + "facts: [{id: f, text: F}]\n";
  std::mt19937 rng(42);
  const RuleBase reference = load(decl + "rules:\n" + rules[0] + rules[1] + rules[2] + rules[3] + rules[4] + rules[5] + rules[6] + rules[7]);
  for (int shuffle = 0; shuffle < 20; ++shuffle) {
    std::shuffle(rules.begin(), rules.end(), rng);
    // Split across three files in shuffled order too.
    const std::string f1 = "rules:\n" + rules[0] + rules[1] + rules[2];
    const std::string f2 = "rules:\n" + rules[3] + rules[4];
    const std::string f3 = "rules:\n" + rules[5] + rules[6] + rules[7];
    std::vector<std::pair<std::string, std::string>> files = {{"h.yaml", std::string(test::kHeader) + decl}, {"1.yaml", f1}, {"2.yaml", f2}, {"3.yaml", f3}};
    std::shuffle(files.begin(), files.end(), rng);
    Diagnostics diags;
    const auto rb = load_rule_base_texts(files, diags);
    REQUIRE_MESSAGE(rb.has_value(), diags.format_all());
    Evaluator ev(*rb), ref(reference);
    for (int trial = 0; trial < 50; ++trial) {
      std::vector<Value> given(4);
      for (int q = 0; q < 3; ++q) given[static_cast<size_t>(q)] = static_cast<Value>(rng() % 3) - 1;  // -1 = unanswered
      for (int q = 0; q < 3; ++q) if (given[static_cast<size_t>(q)] < 0) given[static_cast<size_t>(q)] = kUnknown;
      given[3] = rng() % 4 == 0 ? kUnknown : static_cast<Value>(rng() % 11);
      const Result a = ev.evaluate(given);
      const Result b = ref.evaluate(given);
      CHECK(a.disposition == b.disposition);
      CHECK(names(a.fired, rb->rules) == names(b.fired, reference.rules));
      CHECK(names(a.recommended, rb->options) == names(b.recommended, reference.options));
      CHECK(names(a.missing, rb->facts) == names(b.missing, reference.facts));
    }
  }
}

TEST_CASE("three-valued logic: all, any and not with unknown answers") {
  const RuleBase rb = load(std::string(kYesNo) + "rules:\n" +
                           "  - {id: r_all, title: T, when: {all: [a == yes, b == yes]}, then: {recommend: o1}, source: {ref: src, section: S}}\n"
                           "  - {id: r_any, title: T, when: {any: [a == yes, b == yes]}, then: {recommend: o2}, source: {ref: src, section: S}}\n"
                           "  - {id: r_not, title: T, when: {not: a == yes}, then: {disposition: self_care}, source: {ref: src, section: S}}\n");
  struct Row {
    const char* a;
    const char* b;
    Truth all, any, negation;
  };
  const Truth Y = Truth::yes, N = Truth::no, U = Truth::unknown;
  const Row rows[] = {
      {"yes", "yes", Y, Y, N}, {"yes", "no", N, Y, N}, {"no", "no", N, N, Y},  {"yes", nullptr, U, Y, N},
      {"no", nullptr, N, U, Y}, {nullptr, "yes", U, Y, U}, {nullptr, "no", N, U, U}, {nullptr, nullptr, U, U, U},
  };
  Evaluator ev(rb);
  for (const auto& row : rows) {
    CAPTURE(row.a);
    CAPTURE(row.b);
    std::vector<Value> given(static_cast<size_t>(rb.question_count), kUnknown);
    if (row.a) given[0] = std::string(row.a) == "yes" ? kYes : kNo;
    if (row.b) given[1] = std::string(row.b) == "yes" ? kYes : kNo;
    ev.evaluate(given);
    CHECK(ev.rule_truth(*rb.find_rule("r_all")) == row.all);
    CHECK(ev.rule_truth(*rb.find_rule("r_any")) == row.any);
    CHECK(ev.rule_truth(*rb.find_rule("r_not")) == row.negation);
  }
}

TEST_CASE("integer comparisons at their boundaries, and `in`") {
  const RuleBase rb = load(std::string(kYesNo) + "rules:\n" + rule("ge7", "n >= 7", "{recommend: o1}") +
                           "  - {id: in_set, title: T, when: \"n in [1, 3]\", then: {recommend: o2}, source: {ref: src, section: S}}\n");
  Evaluator ev(rb);
  for (Value n = 0; n <= 10; ++n) {
    CAPTURE(n);
    std::vector<Value> given(4, kUnknown);
    given[3] = n;
    ev.evaluate(given);
    CHECK((ev.rule_truth(*rb.find_rule("ge7")) == Truth::yes) == (n >= 7));
    CHECK((ev.rule_truth(*rb.find_rule("in_set")) == Truth::yes) == (n == 1 || n == 3));
  }
}

TEST_CASE("only questions that can change the result are missing") {
  const RuleBase rb = load(std::string(kYesNo) + "rules:\n" + rule("emergency", "a == yes", "{disposition: emergency}", 10) +
                           rule("doctor_b", "b == yes", "{disposition: see_doctor}") +
                           rule("doctor_c", "c == yes", "{disposition: see_doctor}") +
                           rule("severe", "n >= 7", "{disposition: urgent}"));
  Evaluator ev(rb);
  CHECK(names(ev.evaluate(answers(rb, {})).missing, rb.facts) == std::vector<std::string>{"a", "b", "c", "n"});
  // Once urgent is reached, the see_doctor questions cannot change the disposition.
  CHECK(names(ev.evaluate(answers(rb, {{"n", "8"}})).missing, rb.facts) == std::vector<std::string>{"a"});
  const Result& done = ev.evaluate(answers(rb, {{"n", "8"}, {"a", "no"}}));
  CHECK(done.complete);
  // An emergency ends the questions at once: nothing is missing.
  const Result& stop = ev.evaluate(answers(rb, {{"a", "yes"}}));
  CHECK(stop.stopped);
  CHECK(stop.complete);
  CHECK(stop.missing.empty());
}

TEST_CASE("an option already avoided makes its recommend rules irrelevant") {
  const RuleBase rb = load(std::string(kYesNo) + "rules:\n" + rule("avoid_o1", "a == yes", "{avoid: {o1: reason}}") +
                           rule("rec_o1", "b == yes", "{recommend: o1}"));
  Evaluator ev(rb);
  CHECK(names(ev.evaluate(answers(rb, {{"a", "yes"}})).missing, rb.facts).empty());
  CHECK(names(ev.evaluate(answers(rb, {{"a", "no"}})).missing, rb.facts) == std::vector<std::string>{"b"});
  // Recommending first does not make the avoid rule irrelevant: avoid still changes the result.
  CHECK(names(ev.evaluate(answers(rb, {{"b", "yes"}})).missing, rb.facts) == std::vector<std::string>{"a"});
}

TEST_CASE("ask_when: a gated question waits for its gate, and its answer is ignored when the gate is false") {
  const RuleBase rb = load(R"(questions:
  - {id: days, order: 1, type: integer, min: 0, max: 100, text: D}
  - {id: stiff, order: 2, type: yes_no, text: S, ask_when: days <= 3}
options:
  - {id: heat, title: H, instructions: I, source: {ref: src, section: S}}
rules:
  - {id: heat_rule, title: T, when: stiff == yes, then: {recommend: heat}, source: {ref: src, section: S}}
)");
  Evaluator ev(rb);
  // Only the gate is missing while it is unknown, even though it is not used by any rule.
  CHECK(names(ev.evaluate(answers(rb, {})).missing, rb.facts) == std::vector<std::string>{"days"});
  CHECK(names(ev.evaluate(answers(rb, {{"days", "2"}})).missing, rb.facts) == std::vector<std::string>{"stiff"});
  const Result& closed = ev.evaluate(answers(rb, {{"days", "9"}, {"stiff", "yes"}}));
  CHECK(closed.recommended.empty());
  CHECK(names(closed.ignored, rb.facts) == std::vector<std::string>{"stiff"});
  CHECK(closed.complete);
  const Result& open = ev.evaluate(answers(rb, {{"days", "3"}, {"stiff", "yes"}}));
  CHECK(open.recommended.size() == 1);
  CHECK(open.ignored.empty());
}
}
