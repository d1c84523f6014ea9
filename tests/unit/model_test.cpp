// Answer values as people spell them (SPEC §3): yes/no words, integers in range, choices; and
// the model's compiled indexes.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>

#include "lang/loader.hpp"
#include "test_support.hpp"

using namespace backtriage;

namespace {
RuleBase tiny() {
  Diagnostics diags;
  auto rb = load_rule_base(std::string(BACKTRIAGE_SOURCE_DIR) + "/docs/examples/tiny", diags);
  REQUIRE_MESSAGE(rb.has_value(), diags.format_all());
  return std::move(*rb);
}
}  // namespace

TEST_SUITE("model") {
TEST_CASE("yes/no answers accept yes/no, y/n and true/false in any case, nothing else") {
  const RuleBase rb = tiny();
  const FactId q = *rb.find_fact("saddle_numbness");
  for (const char* yes : {"yes", "YES", "y", "Y", "true", "True", " yes "}) {
    CAPTURE(yes);
    const auto v = parse_value(rb, q, yes);
    CHECK(v.ok);
    CHECK(v.value == kYes);
  }
  for (const char* no : {"no", "N", "false", "FALSE"}) {
    CAPTURE(no);
    CHECK(parse_value(rb, q, no).value == kNo);
  }
  for (const char* bad : {"", "1", "0", "on", "off", "yess", "maybe"}) {
    CAPTURE(bad);
    const auto v = parse_value(rb, q, bad);
    CHECK_FALSE(v.ok);
    CHECK(v.error.find("saddle_numbness") != std::string::npos);
    CHECK(v.error.find("yes or no") != std::string::npos);
  }
}

TEST_CASE("integer answers are decimal and within the question's range") {
  const RuleBase rb = tiny();
  const FactId q = *rb.find_fact("pain_score");
  CHECK(parse_value(rb, q, "0").value == 0);
  CHECK(parse_value(rb, q, "10").value == 10);
  for (const char* bad : {"11", "-1", "7.5", "7a", "+7", "0x7", "", "99999999999999999999"}) {
    CAPTURE(bad);
    const auto v = parse_value(rb, q, bad);
    CHECK_FALSE(v.ok);
    CHECK(v.error == fmt::format("'{}' is not an accepted answer to 'pain_score': expected a whole "
                                 "number from 0 to 10",
                                 bad));
  }
}

TEST_CASE("a question counted in days takes times as people say them, read as days") {
  const RuleBase rb = test::load(R"(questions:
  - {id: days, order: 1, type: integer, min: 0, max: 3650, unit: days, text: "How long ago?"}
  - {id: count, order: 2, type: integer, min: 0, max: 3650, text: "How many?"}
rules:
  - {id: r, title: R, when: days <= 3, then: {disposition: see_doctor}, source: {ref: src, section: S}}
  - {id: r2, title: R2, when: count <= 3, then: {disposition: see_doctor}, source: {ref: src, section: S}}
)");
  const FactId days = *rb.find_fact("days");
  const std::pair<const char*, Value> said[] = {
      {"today", 0},   {"Yesterday", 1},  {"3 days", 3},  {"1 day", 1},       {"2 weeks", 14}, {"2w", 14},
      {"2 wk", 14},   {"3 months", 90},  {"1 mo", 30},   {"a month", 30},    {"1 year", 365}, {"2y", 730},
      {"an year", 365}, {"5 days ago", 5}, {" 10 ", 10}, {"0", 0}};
  for (const auto& [text, value] : said) {
    CAPTURE(text);
    const ParsedValue v = parse_value(rb, days, text);
    CHECK(v.ok);
    CHECK(v.value == value);
  }
  // Out of range after conversion, no unit, an unknown unit, a fraction, a negative time: refused,
  // saying what is taken.
  for (const char* bad : {"11 years", "99999999999 years", "ten", "3", "3 fortnights", "1.5 weeks", "-1 week", "weeks",
                          "2 m", "tomorrow", ""}) {
    CAPTURE(bad);
    const ParsedValue v = parse_value(rb, days, bad);
    if (std::string_view(bad) == "3") continue;  // a plain number stays a number of days
    CHECK_FALSE(v.ok);
    CHECK(v.error.find("or a time such as today, yesterday, 3 days, 2 weeks") != std::string::npos);
  }
  // Without unit: days, a time in words is no number.
  CHECK_FALSE(parse_value(rb, *rb.find_fact("count"), "2 weeks").ok);
  // unit: only days, and only on integer questions.
  CHECK(test::load_errors(R"(questions:
  - {id: q, order: 1, type: integer, min: 0, max: 9, unit: weeks, text: "Q?"}
)").find("unknown unit 'weeks': the one unit is 'days'") != std::string::npos);
  CHECK(test::load_errors(R"(questions:
  - {id: q, order: 1, type: yes_no, unit: days, text: "Q?"}
)").find("'unit' is for integer questions; 'q' is yes_no") != std::string::npos);
}

TEST_CASE("choice answers match a choice by name, in any case") {
  const RuleBase rb = tiny();
  const FactId q = *rb.find_fact("side");
  CHECK(parse_value(rb, q, "Left").value == 0);
  CHECK(parse_value(rb, q, "both").value == 2);
  const auto v = parse_value(rb, q, "middle");
  CHECK_FALSE(v.ok);
  CHECK(v.error.find("one of 'left', 'right' or 'both'") != std::string::npos);
}

TEST_CASE("values are spelled back as the user writes them") {
  const RuleBase rb = tiny();
  CHECK(rb.value_text(*rb.find_fact("saddle_numbness"), kYes) == "yes");
  CHECK(rb.value_text(*rb.find_fact("side"), 1) == "right");
  CHECK(rb.value_text(*rb.find_fact("pain_score"), 7) == "7");
  CHECK(rb.value_text(*rb.find_fact("pain_score"), kUnknown) == "unknown");
}
}

TEST_CASE("the reverse indexes list, in rule order, exactly the rules that recommend, avoid or reach each element") {
  const RuleBase rb = test::load_dir("rules");
  for (OptionId o = 0; o < static_cast<OptionId>(rb.options.size()); ++o) {
    std::vector<RuleId> recommending, avoiding;
    for (RuleId r = 0; r < static_cast<RuleId>(rb.rules.size()); ++r) {
      const Rule& rule = rb.rules[static_cast<size_t>(r)];
      if (std::find(rule.recommends.begin(), rule.recommends.end(), o) != rule.recommends.end()) recommending.push_back(r);
      if (std::any_of(rule.avoids.begin(), rule.avoids.end(), [&](const Avoid& a) { return a.option == o; }))
        avoiding.push_back(r);
    }
    CAPTURE(rb.options[static_cast<size_t>(o)].id);
    const auto by = rb.recommended_by[static_cast<size_t>(o)];
    const auto av = rb.avoided_by[static_cast<size_t>(o)];
    CHECK(std::vector<RuleId>(by.begin(), by.end()) == recommending);
    CHECK(std::vector<RuleId>(av.begin(), av.end()) == avoiding);
  }
  size_t reached = 0;
  for (Level l = 0; l < static_cast<Level>(rb.dispositions.size()); ++l)
    for (RuleId r : rb.reaching[static_cast<size_t>(l)]) {
      CHECK(rb.rules[static_cast<size_t>(r)].disposition == l);
      ++reached;
    }
  CHECK(reached == static_cast<size_t>(std::count_if(rb.rules.begin(), rb.rules.end(),
                                                      [](const Rule& r) { return r.disposition != kNoLevel; })));
}
