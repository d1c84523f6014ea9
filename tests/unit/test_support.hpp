// Helpers shared by the unit tests: small rule bases built from text.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "loader.hpp"

namespace backtriage::test {

/// Declarations shared by the purpose-built rule bases of the unit tests: one source, three
/// levels, and the questions named by the caller's rules.
inline const char* const kHeader = R"(rule_base:
  name: unit
  version: "1"
  sources: [{id: src, title: Test source}]
dispositions:
  - {id: self_care, title: Self-care, message: Home.}
  - {id: see_doctor, title: See a doctor, message: Book.}
  - {id: urgent, title: Urgent, message: Today.}
  - {id: emergency, title: Emergency, message: Now., show_plan: no}
)";

/// Loads header + body as one file; fails the test with the diagnostics if it does not load.
inline RuleBase load(const std::string& body) {
  Diagnostics diags;
  auto rb = load_rule_base_texts({{"unit.yaml", std::string(kHeader) + body}}, diags);
  REQUIRE_MESSAGE(rb.has_value(), diags.format_all());
  return std::move(*rb);
}

/// Loads header + body and returns all diagnostics, formatted without source lines.
inline std::string load_errors(const std::string& body) {
  Diagnostics diags;
  auto rb = load_rule_base_texts({{"unit.yaml", std::string(kHeader) + body}}, diags);
  std::string out;
  for (const auto& d : diags.items())
    out += d.loc.str() + ": " + std::string(severity_name(d.severity)) + ": " + d.message + "\n";
  return out;
}

inline RuleBase load_dir(const std::string& relative) {
  Diagnostics diags;
  auto rb = load_rule_base(std::string(BACKTRIAGE_SOURCE_DIR) + "/" + relative, diags);
  REQUIRE_MESSAGE(rb.has_value(), diags.format_all());
  return std::move(*rb);
}

}  // namespace backtriage::test

namespace backtriage::test {

/// Answers by question id: {"fever", "yes"} pairs, parsed as a user would type them.
inline std::vector<Value> answers(const RuleBase& rb,
                                  std::initializer_list<std::pair<const char*, const char*>> given) {
  std::vector<Value> out(static_cast<size_t>(rb.question_count), kUnknown);
  for (const auto& [id, text] : given) {
    const auto q = rb.find_fact(id);
    REQUIRE_MESSAGE(q.has_value(), id);
    const ParsedValue v = parse_value(rb, *q, text);
    REQUIRE_MESSAGE(v.ok, v.error);
    out[static_cast<size_t>(*q)] = v.value;
  }
  return out;
}

template <typename Ids, typename Names>
std::vector<std::string> names(const Ids& ids, const Names& items) {
  std::vector<std::string> out;
  for (auto id : ids) out.push_back(items[static_cast<size_t>(id)].id);
  return out;
}

}  // namespace backtriage::test
