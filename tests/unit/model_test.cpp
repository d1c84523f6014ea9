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
