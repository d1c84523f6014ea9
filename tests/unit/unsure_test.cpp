// "Not sure" (SPEC §3): a yes/no question that declares `unsure: yes` takes a third answer,
// ordered no < unsure < yes. Its spellings, the language around it, and what each comparison
// does on it.
#include <doctest/doctest.h>

#include <string>

#include "eval/evaluator.hpp"
#include "eval/describe.hpp"
#include "report/assessment.hpp"
#include "report/json_writer.hpp"
#include "test_support.hpp"

using namespace backtriage;
using test::load;
using test::load_errors;

namespace {
const char* const kQuestions = R"(questions:
  - {id: u, order: 1, type: yes_no, unsure: yes, text: U}
  - {id: p, order: 2, type: yes_no, text: P}
options:
  - {id: o1, title: O1, instructions: I, source: {ref: src, section: S}}
rules:
)";

std::string rule(const std::string& id, const std::string& when) {
  return "  - {id: " + id + ", title: T, when: \"" + when + "\", then: {recommend: o1}, source: {ref: src, section: S}}\n";
}
}  // namespace

TEST_SUITE("unsure") {
TEST_CASE("unsure is typed as unsure, not sure, don't know (either apostrophe) or dk, in any case") {
  const RuleBase rb = load(std::string(kQuestions) + rule("r", "u == yes"));
  const FactId u = *rb.find_fact("u"), p = *rb.find_fact("p");
  for (const char* text : {"unsure", "UNSURE", "Not sure", "not  sure", " not sure ", "don't know", "Don\u2019t know",
                           "dont know", "DK", "dk"}) {
    CAPTURE(text);
    const ParsedValue v = parse_value(rb, u, text);
    CHECK(v.ok);
    CHECK(v.value == kUnsure);
    // A question without `unsure: yes` refuses it, and says why.
    const ParsedValue refused = parse_value(rb, p, text);
    CHECK_FALSE(refused.ok);
    CHECK(refused.error.find("this question has no 'unsure' answer") != std::string::npos);
  }
  // "u" sits next to "y": a slip must not turn yes into unsure. "?" stays help (the questionnaire's).
  for (const char* text : {"u", "?", "maybe", "not", "sure", "dunno", "d k"}) {
    CAPTURE(text);
    const ParsedValue v = parse_value(rb, u, text);
    CHECK_FALSE(v.ok);
    CHECK(v.error.find("expected yes, no or unsure") != std::string::npos);
  }
  CHECK(parse_value(rb, u, "y").value == kYes);
  CHECK(parse_value(rb, u, "false").value == kNo);
  CHECK(rb.value_text(u, kUnsure) == "unsure");
  CHECK(rb.value_text(u, kYes) == "yes");
  CHECK(rb.value_text(u, kNo) == "no");
  CHECK(rb.accepted_text(u) == "yes, no or unsure");
  CHECK(rb.accepted_text(p) == "yes or no");
}

TEST_CASE("every comparison on a question that accepts unsure follows no < unsure < yes") {
  struct Row {
    const char* when;
    bool on_no, on_unsure, on_yes;
  };
  const Row rows[] = {
      {"u == yes", false, false, true},   {"u == unsure", false, true, false}, {"u == no", true, false, false},
      {"u != no", false, true, true},     {"u != yes", true, true, false},     {"u >= unsure", false, true, true},
      {"u > no", false, true, true},      {"u <= unsure", true, true, false},  {"u < yes", true, true, false},
      {"u > unsure", false, false, true}, {"u < unsure", true, false, false},  {"u in [no, yes]", true, false, true},
      {"u >= no", true, true, true},
  };
  for (const auto& row : rows) {
    CAPTURE(row.when);
    const RuleBase rb = load(std::string(kQuestions) + rule("r", row.when));
    Evaluator ev(rb);
    const RuleId r = *rb.find_rule("r");
    const auto holds = [&](Value v) {
      ev.evaluate(std::vector<Value>{v, kNo});
      return ev.rule_truth(r) == Truth::yes;
    };
    CHECK(holds(kNo) == row.on_no);
    CHECK(holds(kUnsure) == row.on_unsure);
    CHECK(holds(kYes) == row.on_yes);
    // Unanswered, it is unknown, as for every question.
    ev.evaluate(std::vector<Value>{kUnknown, kNo});
    CHECK(ev.rule_truth(r) == Truth::unknown);
  }
}

TEST_CASE("the language refuses unsure where it was not declared, and comparisons that never hold") {
  const std::string q = kQuestions;
  CHECK(load_errors(q + rule("r", "p == unsure")).find("'p' does not accept unsure: declare it with 'unsure: yes'") !=
        std::string::npos);
  CHECK(load_errors(q + rule("r", "p >= yes")).find("other operators need a question declared with 'unsure: yes'") !=
        std::string::npos);
  CHECK(load_errors(q + rule("r", "u > yes")).find("'u' > yes never holds: the answers are ordered no < unsure < yes") !=
        std::string::npos);
  CHECK(load_errors(q + rule("r", "u < no")).find("never holds") != std::string::npos);
  // Only yes/no questions take `unsure`, reported where it is written.
  const std::string integer = R"(questions:
  - {id: n, order: 1, type: integer, min: 0, max: 3, unsure: yes, text: N}
options: []
rules:
  - {id: r, title: T, when: "n > 1", then: {disposition: see_doctor}, source: {ref: src, section: S}}
)";
  const std::string errors = load_errors(integer);
  CHECK(errors.find("'unsure' applies only to yes_no questions ('n' is integer)") != std::string::npos);
  CAPTURE(errors);
  CHECK(errors.find("unit.yaml:11:62: error:") == 0);
}

TEST_CASE("a rule that needs an unsure answer is known as such; reasons and JSON name the answer") {
  const RuleBase rb = load(std::string(kQuestions) + rule("only_unsure", "u == unsure") +
                           rule("unsure_or_yes", "u >= unsure") + 
                           "  - {id: with_p, title: T, when: {all: [u == unsure, p == yes]}, then: {recommend: o1}, "
                           "source: {ref: src, section: S}}\n"
                           "  - {id: either, title: T, when: {any: [u == unsure, p == yes]}, then: {recommend: o1}, "
                           "source: {ref: src, section: S}}\n");
  CHECK(rb.rules[static_cast<size_t>(*rb.find_rule("only_unsure"))].on_unsure);
  CHECK(rb.rules[static_cast<size_t>(*rb.find_rule("with_p"))].on_unsure);
  CHECK_FALSE(rb.rules[static_cast<size_t>(*rb.find_rule("unsure_or_yes"))].on_unsure);
  CHECK_FALSE(rb.rules[static_cast<size_t>(*rb.find_rule("either"))].on_unsure);
  const FactId u = *rb.find_fact("u");
  CHECK(describe_reason(rb, Reason{kNoCond, u, kUnsure}) == "u = unsure (you were not sure)");
  CHECK(describe_reason(rb, Reason{kNoCond, u, kYes}) == "u = yes");

  Evaluator ev(rb);
  ev.evaluate(std::vector<Value>{kUnsure, kNo});
  const Assessment a = build_assessment(ev);
  std::string json;
  JsonWriter(rb).write(a, json);
  CHECK(json.find("\"answers\":{\"u\":\"unsure\",\"p\":\"no\"}") != std::string::npos);
}
}
