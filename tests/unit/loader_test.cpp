// The loader: every feature of the rule language reaches the model, references resolve to ids,
// order in files never matters, and every kind of mistake is reported at its place.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "test_support.hpp"

using namespace backtriage;
using backtriage::test::load;
using backtriage::test::load_dir;
using backtriage::test::load_errors;

namespace {
const char* const kQuestions = R"(questions:
  - {id: a, order: 1, type: yes_no, text: "A?"}
  - {id: n, order: 2, type: integer, min: 0, max: 10, text: "N?"}
  - {id: c, order: 3, type: choice, choices: [x, y, z], text: "C?"}
)";
std::string with_rule(const std::string& when) {
  return std::string(kQuestions) + "rules:\n  - id: r\n    title: R\n    when: " + when +
         "\n    then: {disposition: see_doctor}\n    source: {ref: src, section: S}\n";
}
}  // namespace

TEST_SUITE("loader") {
TEST_CASE("the tiny example loads with every feature of the language") {
  const RuleBase rb = load_dir("docs/examples/tiny");
  CHECK(rb.name == "tiny-example");
  CHECK(rb.version == "1.0.0");
  REQUIRE(rb.sources.size() == 2);
  CHECK(rb.sources[1].id == "nice_ng59");
  CHECK(rb.sources[0].date == "2024-05-05");

  REQUIRE(rb.dispositions.size() == 3);
  CHECK(rb.dispositions[0].safety_net.size() == 1);
  CHECK_FALSE(rb.dispositions[2].show_plan);

  // Questions in declared order, then derived facts.
  REQUIRE(rb.question_count == 5);
  CHECK(rb.question_names() ==
        std::vector<std::string>{"saddle_numbness", "pain_score", "side", "days_since_onset",
                                 "cold_makes_stiffer"});
  const Fact& pain = rb.facts[static_cast<size_t>(*rb.find_fact("pain_score"))];
  CHECK(pain.type == ValueType::integer);
  CHECK(pain.min == 0);
  CHECK(pain.max == 10);
  const Fact& side = rb.facts[static_cast<size_t>(*rb.find_fact("side"))];
  CHECK(side.choices == std::vector<std::string>{"left", "right", "both"});
  const Fact& cold = rb.facts[static_cast<size_t>(*rb.find_fact("cold_makes_stiffer"))];
  REQUIRE(cold.ask_when != kNoCond);
  CHECK(rb.cond_text[static_cast<size_t>(cold.ask_when)] == "days_since_onset <= 3");
  const FactId early = *rb.find_fact("early_days");
  CHECK_FALSE(rb.is_question(early));

  // Options sorted by id, with cautions and sources.
  REQUIRE(rb.options.size() == 3);
  CHECK(rb.options[0].id == "cobra");
  const Option& pack = rb.options[static_cast<size_t>(*rb.find_option("cold_pack"))];
  CHECK(pack.cautions.size() == 1);
  CHECK(rb.source_text(pack.source) == "seed_000 / Apply A Cold Pack");

  // Rules in firing order: priority descending, then id.
  std::vector<std::string> order;
  for (const auto& r : rb.rules) order.push_back(r.id);
  CHECK(order == std::vector<std::string>{"saddle_numbness_emergency", "cold_early", "early_days_fact",
                                          "heat_instead", "severe_pain", "one_sided_stretch", "baseline"});
  const Rule& saddle = rb.rules[static_cast<size_t>(*rb.find_rule("saddle_numbness_emergency"))];
  CHECK(saddle.red_flag);
  CHECK(saddle.stop);
  CHECK(saddle.disposition == *rb.find_level("emergency"));
  const Rule& heat = rb.rules[static_cast<size_t>(*rb.find_rule("heat_instead"))];
  REQUIRE(heat.avoids.size() == 1);
  CHECK(heat.avoids[0].reason == "cold leaves you stiffer");
  CHECK(heat.recommends == std::vector<OptionId>{*rb.find_option("heat")});
  const Rule& fact_rule = rb.rules[static_cast<size_t>(*rb.find_rule("early_days_fact"))];
  CHECK(fact_rule.sets == std::vector<FactId>{early});
  const Rule& baseline = rb.rules[static_cast<size_t>(*rb.find_rule("baseline"))];
  CHECK(rb.conds[static_cast<size_t>(baseline.when)].kind == CondKind::always);

  // Indexes and strata: cold_early reads the fact early_days_fact sets.
  const RuleId cold_early = *rb.find_rule("cold_early");
  CHECK(rb.rules[static_cast<size_t>(cold_early)].stratum == 1);
  CHECK(fact_rule.stratum == 0);
  const auto setters = rb.setters[static_cast<size_t>(early)];
  REQUIRE(setters.size() == 1);
  CHECK(setters[0] == *rb.find_rule("early_days_fact"));
  const auto readers = rb.readers[static_cast<size_t>(early)];
  CHECK(std::find(readers.begin(), readers.end(), cold_early) != readers.end());
  CHECK(rb.rules_by_stratum_desc.front() == cold_early);
}

TEST_CASE("conditions: every operator and combinator is parsed into the flat arrays") {
  struct Row {
    const char* when;
    CondKind kind;
    CmpOp op;
    Value value;
  };
  const Row rows[] = {
      {"a == yes", CondKind::compare, CmpOp::eq, kYes},  {"a != no", CondKind::compare, CmpOp::ne, kNo},
      {"n < 3", CondKind::compare, CmpOp::lt, 3},        {"n <= 3", CondKind::compare, CmpOp::le, 3},
      {"n > 3", CondKind::compare, CmpOp::gt, 3},        {"n >= 10", CondKind::compare, CmpOp::ge, 10},
      {"c == z", CondKind::compare, CmpOp::eq, 2},       {"n==3", CondKind::compare, CmpOp::eq, 3},
      {"always", CondKind::always, CmpOp::eq, 0},
  };
  for (const auto& row : rows) {
    CAPTURE(row.when);
    const RuleBase rb = load(with_rule(row.when));
    const CondNode& n = rb.conds[static_cast<size_t>(rb.rules[0].when)];
    CHECK(n.kind == row.kind);
    CHECK(n.op == row.op);
    CHECK(n.value == row.value);
  }
  const RuleBase rb = load(with_rule("{all: [a == yes, {any: [n > 3, \"c in [x, z]\"]}, {not: c == y}]}"));
  const CondNode& all = rb.conds[static_cast<size_t>(rb.rules[0].when)];
  REQUIRE(all.kind == CondKind::all);
  REQUIRE(all.count == 3);
  const CondNode& any = rb.conds[static_cast<size_t>(rb.cond_children[all.first + 1])];
  CHECK(any.kind == CondKind::any);
  const CondNode& in = rb.conds[static_cast<size_t>(rb.cond_children[any.first + 1])];
  CHECK(in.op == CmpOp::in);
  REQUIRE(in.count == 2);
  CHECK(rb.value_pool[in.first] == 0);
  CHECK(rb.value_pool[in.first + 1] == 2);
  CHECK(rb.conds[static_cast<size_t>(rb.cond_children[all.first + 2])].kind == CondKind::negation);
}

TEST_CASE("conditions: mistakes are reported at the exact column with what is allowed") {
  struct Row {
    const char* when;
    const char* error;
  };
  const Row rows[] = {
      {"b == yes", "unknown question or fact 'b'"},
      {"a", "expected a comparison such as 'pain_score >= 7' or 'fever == yes', or 'always'"},
      {"a = yes", "use '==' to compare"},
      {"a < yes", "'a' is a yes/no question: compare it with == or != and yes or no"},
      {"a == maybe", "'maybe' is not a value of 'a': yes or no"},
      {"n >= 11", "11 is outside the range of 'n' (0 to 10)"},
      {"n >= ten", "'ten' is not a value of 'n': a whole number from 0 to 10"},
      {"c == w", "'w' is not a choice of 'c'"},
      {"c in x", "expected '[' after 'in'"},
      {"c in [x y]", "expected ',' or ']' in the list after 'in'"},
      {"a == yes and n > 3", "unexpected 'and n > 3' after the comparison"},
      {"{both: [a == yes]}", "unknown condition 'both'"},
      {"{all: []}", "'all' takes a list of one or more conditions"},
      {"{all: [a == yes], any: [a == no]}", "a condition map has exactly one key"},
      {"[a == yes]", "a condition is a comparison such as 'pain_score >= 7'"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.when);
    const std::string errors = load_errors(with_rule(row.when));
    CHECK(errors.find(row.error) != std::string::npos);
  }
  // Line 17 of header + questions + rule; "    when: " is 10 characters, "n >= " 5 more.
  CHECK(load_errors(with_rule("n >= 11")).find("unit.yaml:17:16: error:") == 0);
}

TEST_CASE("then: each action is checked against the declarations") {
  const std::string base = std::string(kQuestions) +
                           "facts: [{id: f, text: F}]\noptions:\n  - {id: o, title: O, instructions: I, "
                           "source: {ref: src, section: S}}\nrules:\n  - id: r\n    title: R\n    when: a == yes\n"
                           "    source: {ref: src, section: S}\n    then: ";
  CHECK(load_errors(base + "{recommend: [p]}").find("unknown option 'p'") != std::string::npos);
  CHECK(load_errors(base + "{avoid: {o: \"\"}}").find("give a reason for avoiding 'o'") != std::string::npos);
  CHECK(load_errors(base + "{avoid: [o]}").find("'avoid' must map each option id") != std::string::npos);
  CHECK(load_errors(base + "{set: a}").find("'a' is a question") != std::string::npos);
  CHECK(load_errors(base + "{disposition: urgentt}").find("did you mean 'urgent'") != std::string::npos);
  CHECK(load_errors(base + "{red_flag: {text: T, disposition: urgent}, disposition: urgent}")
            .find("not both") != std::string::npos);
  CHECK(load_errors(base + "{stop: maybe}").find("'stop' must be yes or no") != std::string::npos);
  CHECK(load_errors(base + "{red_flag: {disposition: urgent}}").find("has no 'text'") != std::string::npos);
  CHECK(load_errors(base + "{set: f, recommend: o, avoid: {o: R}, stop: yes}").empty());
}

TEST_CASE("declarations: duplicates, bad ids and misplaced keys are all reported in one run") {
  const std::string errors = load_errors(R"(questions:
  - {id: a, order: 1, type: yes_no, text: "A?"}
  - {id: a, order: 2, type: yes_no, text: again}
  - {id: Bad-Id, order: 3, type: yes_no, text: "B?"}
  - {id: y, order: 4, type: yes_no, text: "Y?", min: 1}
  - {id: i, order: 5, type: integer, text: "I?"}
  - {id: k, order: 6, type: choice, choices: [one], text: "K?"}
  - {id: m, order: 7, type: integer, min: 5, max: 1, text: "M?"}
)");
  CHECK(errors.find("unit.yaml:12:5: error: duplicate question id 'a'") != std::string::npos);
  CHECK(errors.find("unit.yaml:11:5: note: 'a' was first declared here") != std::string::npos);
  CHECK(errors.find("'Bad-Id' is not a valid id") != std::string::npos);
  CHECK(errors.find("'min' and 'max' apply only to integer questions") != std::string::npos);
  CHECK(errors.find("integer question 'i' needs 'min' and 'max'") != std::string::npos);
  CHECK(errors.find("choice question 'k' needs 'choices'") != std::string::npos);
  CHECK(errors.find("'min' (5) is greater than 'max' (1)") != std::string::npos);
  // Sorted by place: line numbers never go down.
  std::istringstream lines(errors);
  std::string line;
  int last = 0;
  while (std::getline(lines, line)) {
    if (line.find(": note:") != std::string::npos) continue;
    const int n = std::stoi(line.substr(line.find(':') + 1));
    CHECK(n >= last);
    last = n;
  }
}

TEST_CASE("a rule base needs rule_base and dispositions, declared once") {
  Diagnostics diags;
  CHECK_FALSE(load_rule_base_texts({{"a.yaml", "questions: []\n"}}, diags).has_value());
  const std::string all = diags.format_all();
  CHECK(all.find("no file declares 'rule_base'") != std::string::npos);
  CHECK(all.find("no file declares 'dispositions'") != std::string::npos);

  Diagnostics twice;
  CHECK_FALSE(load_rule_base_texts({{"a.yaml", test::kHeader}, {"b.yaml", test::kHeader}}, twice).has_value());
  CHECK(twice.format_all().find("b.yaml:1:1: error: 'rule_base' is declared a second time") != std::string::npos);
}

TEST_CASE("splitting the rules into files in another order changes nothing") {
  const std::string q = kQuestions;
  const std::string r1 = "rules:\n  - {id: r1, title: R1, when: a == yes, then: {disposition: urgent}, source: {ref: src, section: S}}\n";
  const std::string r2 = "rules:\n  - {id: r2, title: R2, priority: 5, when: n > 3, then: {disposition: see_doctor}, source: {ref: src, section: S}}\n";
  Diagnostics d1, d2;
  const auto one = load_rule_base_texts({{"h.yaml", test::kHeader}, {"q.yaml", q}, {"1.yaml", r1}, {"2.yaml", r2}}, d1);
  const auto two = load_rule_base_texts({{"2.yaml", r2}, {"1.yaml", r1}, {"q.yaml", q}, {"h.yaml", test::kHeader}}, d2);
  REQUIRE(one.has_value());
  REQUIRE(two.has_value());
  REQUIRE(one->rules.size() == 2);
  CHECK(one->rules[0].id == "r2");  // higher priority first, whatever the file order
  CHECK(two->rules[0].id == "r2");
  CHECK(one->question_names() == two->question_names());
}

TEST_CASE("the rule-language guide's examples form a rule base that loads") {
  // Every ```yaml block of docs/rule-language.md that starts with "# file: NAME" is one file.
  std::ifstream in(std::string(BACKTRIAGE_SOURCE_DIR) + "/docs/rule-language.md");
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  const std::regex block("```yaml\n# file: ([a-z_]+\\.yaml)\n([\\s\\S]*?)```");
  std::vector<std::pair<std::string, std::string>> files;
  for (std::sregex_iterator it(doc.begin(), doc.end(), block), end; it != end; ++it)
    files.emplace_back((*it)[1].str(), (*it)[2].str());
  REQUIRE(files.size() >= 3);
  Diagnostics diags;
  const auto rb = load_rule_base_texts(files, diags);
  REQUIRE_MESSAGE(rb.has_value(), diags.format_all());
  CHECK(rb->rules.size() >= 4);
}

TEST_CASE("the number of rules is limited") {
  LoadLimits limits;
  limits.max_rules = 1;
  Diagnostics diags;
  const std::string body = std::string(test::kHeader) + kQuestions +
                           "rules:\n  - {id: r1, title: R, when: always, then: {disposition: urgent}, source: {ref: src, section: S}}\n"
                           "  - {id: r2, title: R, when: always, then: {disposition: urgent}, source: {ref: src, section: S}}\n";
  CHECK_FALSE(load_rule_base_texts({{"u.yaml", body}}, diags, limits).has_value());
  CHECK(diags.format_all().find("more than 1 rules in one rule base") != std::string::npos);
}
}

TEST_CASE("the rule language's version: 1 or none is read, a newer or nonsensical one is refused") {
  const auto with_language = [](const std::string& value) {
    std::string header = test::kHeader;
    header.replace(header.find("  version: \"1\"\n"), 15, "  version: \"1\"\n  language: " + value + "\n");
    Diagnostics diags;
    const bool loaded = load_rule_base_texts({{"unit.yaml", header + "questions: []\nrules: []\n"}}, diags).has_value();
    std::string all;
    for (const auto& d : diags.items()) all += d.loc.str() + ": " + d.message + "\n";
    return std::make_pair(loaded, all);
  };
  CHECK(kRuleLanguageVersion == 1);
  const auto [one_loads, one_says] = with_language("1");
  CHECK_MESSAGE(one_says.find("language") == std::string::npos, one_says);
  const auto [two_loads, two_says] = with_language("2");
  CHECK_FALSE(two_loads);
  CHECK(two_says.find("unit.yaml:4:13: this rule base is written in version 2 of the rule language, and this "
                      "backtriage reads version 1 only: use a newer backtriage") != std::string::npos);
  const auto [zero_loads, zero_says] = with_language("0");
  CHECK_FALSE(zero_loads);
  CHECK(zero_says.find("'language' is the version of the rule language: 1") != std::string::npos);
  const auto [word_loads, word_says] = with_language("one");
  CHECK_FALSE(word_loads);
  CHECK(word_says.find("'language' must be a whole number, found 'one'") != std::string::npos);
  // Without it, version 1: every rule base written before the key existed still reads the same.
  CHECK(std::string(test::kHeader).find("language") == std::string::npos);
}

TEST_CASE("title, publisher and date of a rule base, and a question's code, are read and checked") {
  const auto load_with = [](const std::string& meta, const std::string& question_extra) {
    std::string header = test::kHeader;
    header.replace(header.find("  version: \"1\"\n"), 15, "  version: \"1\"\n" + meta);
    Diagnostics diags;
    auto rb = load_rule_base_texts(
        {{"unit.yaml", header + "questions:\n  - id: n\n    order: 1\n    type: integer\n    min: 0\n    max: 10\n"
                                "    text: N?\n" + question_extra + "rules: []\n"}},
        diags);
    std::string all;
    for (const auto& d : diags.items()) all += d.loc.str() + ": " + d.message + "\n";
    return std::make_pair(std::move(rb), all);
  };
  const auto [good, good_says] = load_with("  title: Unit triage\n  publisher: Us\n  date: \"2026-12\"\n",
                                           "    code: {system: \"http://loinc.org\", code: 72514-3, display: Pain}\n");
  REQUIRE_MESSAGE(good.has_value(), good_says);
  CHECK(good->title == "Unit triage");
  CHECK(good->publisher == "Us");
  CHECK(good->date == "2026-12");
  const Fact& n = good->facts[static_cast<size_t>(*good->find_fact("n"))];
  CHECK(n.code.system == "http://loinc.org");
  CHECK(n.code.code == "72514-3");
  CHECK(n.code.display == "Pain");

  for (const char* date : {"\"2026-13-01\"", "\"26-12-06\"", "\"2026-12-6\"", "\"2026-12-00\"", "today"}) {
    CAPTURE(date);
    const auto [rb, says] = load_with(std::string("  date: ") + date + "\n", "");
    CHECK_FALSE(rb.has_value());
    CHECK(says.find("'date' is when this version was published: YYYY-MM-DD") != std::string::npos);
  }
  const auto [no_system, no_system_says] = load_with("", "    code: {code: 72514-3}\n");
  CHECK_FALSE(no_system.has_value());
  CHECK(no_system_says.find("'system'") != std::string::npos);
  const auto [bad_system, bad_system_says] = load_with("", "    code: {system: loinc, code: 72514-3}\n");
  CHECK_FALSE(bad_system.has_value());
  CHECK(bad_system_says.find("a code's 'system' is the URI of its code system") != std::string::npos);
  const auto [extra, extra_says] = load_with("", "    code: {system: \"http://loinc.org\", code: x, version: 2}\n");
  CHECK_FALSE(extra.has_value());
  CHECK(extra_says.find("unknown key 'version' in the code of question 'n'") != std::string::npos);
}

TEST_SUITE("loader") {
namespace {
const char* const kListQuestions = R"(questions:
  - {id: a, order: 1, type: yes_no, text: "A?", list_text: "A"}
  - {id: b, order: 2, type: yes_no, unsure: yes, text: "B?", list_text: "B"}
  - {id: n, order: 3, type: integer, min: 0, max: 10, text: "N?", list_text: "N"}
  - {id: c, order: 4, type: yes_no, text: "C?", list_text: "C"}
  - {id: d, order: 5, type: yes_no, text: "D?"}
  - {id: e, order: 6, type: yes_no, text: "E?", list_text: "E"}
rules: []
)";
}  // namespace

TEST_CASE("checklists: members in question order, each question in one list, read in order of their first member") {
  const RuleBase rb = load(std::string(kListQuestions) + R"(checklists:
  - {id: later, lead: "Any of these?", members: [c, e]}
  - {id: first, lead: "Any of these now?", members: [a, b]}
)");
  REQUIRE(rb.checklists.size() == 2);
  CHECK(rb.checklists[0].id == "first");
  CHECK(rb.checklists[0].lead == "Any of these now?");
  CHECK(rb.checklists[0].members == std::vector<FactId>{*rb.find_fact("a"), *rb.find_fact("b")});
  CHECK(rb.checklists[1].members == std::vector<FactId>{*rb.find_fact("c"), *rb.find_fact("e")});
  CHECK(rb.checklists[0].loc.line == 20);
  CHECK(rb.checklist_of[static_cast<size_t>(*rb.find_fact("b"))] == 0);
  CHECK(rb.checklist_of[static_cast<size_t>(*rb.find_fact("e"))] == 1);
  CHECK(rb.checklist_of[static_cast<size_t>(*rb.find_fact("n"))] == -1);
  CHECK(rb.facts[static_cast<size_t>(*rb.find_fact("b"))].list_text == "B");
}

TEST_CASE("checklists: every mistake is reported at the member, list or checklist it is about") {
  const auto errors = [](const std::string& lists) { return load_errors(std::string(kListQuestions) + "checklists:\n" + lists); };
  CHECK(errors("  - {id: x, lead: L, members: [a, nope]}\n").find(
            "unit.yaml:19:35: error: checklist 'x' lists 'nope', which is not a question") != std::string::npos);
  CHECK(errors("  - {id: x, lead: L, members: [a, n]}\n").find(
            "19:35: error: checklist 'x' lists 'n', a question that takes a whole number from 0 to 10: a checklist holds "
            "yes/no questions only") != std::string::npos);
  CHECK(errors("  - {id: x, lead: L, members: [a, d]}\n").find(
            "19:35: error: checklist 'x' lists 'd', which has no 'list_text'") != std::string::npos);
  CHECK(errors("  - {id: x, lead: L, members: [c, a]}\n").find(
            "19:35: error: checklist 'x' lists 'a' after 'c', but the questionnaire asks it first (order 1 before 4)") !=
        std::string::npos);
  CHECK(errors("  - {id: x, lead: L, members: [a, a]}\n").find("19:35: error: checklist 'x' lists 'a' twice") !=
        std::string::npos);
  const std::string twice = errors("  - {id: x, lead: L, members: [a, b]}\n  - {id: y, lead: L, members: [c, b]}\n");
  CHECK(twice.find("20:35: error: 'b' is in checklist 'x' already: a question belongs to one checklist at most") !=
        std::string::npos);
  CHECK(twice.find("19:35: note: 'b' is listed here") != std::string::npos);
  CHECK(errors("  - {id: x, lead: L, members: [a]}\n").find(
            "19:31: error: checklist 'x' has 1 member: a checklist lists two or more yes/no questions") != std::string::npos);
  CHECK(errors("  - {id: a, lead: L, members: [b, c]}\n").find(
            "19:5: error: checklist id 'a' is already the id of a question or fact") != std::string::npos);
  CHECK(errors("  - {id: see_doctor, lead: L, members: [a, b]}\n").find(
            "19:5: error: checklist id 'see_doctor' is already the id of a disposition") != std::string::npos);
  const std::string dup = errors("  - {id: x, lead: L, members: [a, b]}\n  - {id: x, lead: L, members: [c, e]}\n");
  CHECK(dup.find("20:5: error: duplicate checklist id 'x'") != std::string::npos);
  CHECK(errors("  - {id: x, members: [a, b]}\n").find("19:5: error: a checklist has no 'lead'") != std::string::npos);  // no lead
  CHECK(errors("  - {id: x, lead: L, members: [a, b], extra: 1}\n").find("unknown key 'extra'") != std::string::npos);
}
}
