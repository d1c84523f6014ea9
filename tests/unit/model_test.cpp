// Answer values as people spell them (SPEC §3): yes/no words, integers in range, choices.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "loader.hpp"

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
