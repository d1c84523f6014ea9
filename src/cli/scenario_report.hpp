// The outcome of `rules test` in the formats people and CI servers read: text (ok/FAIL lines),
// TAP 14 (Test Anything Protocol), JUnit XML and JSON, one test per scenario file; and what the
// scenarios exercised (--coverage).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "audit/coverage.hpp"

namespace backtriage::cli {

struct ScenarioOutcome {
  std::string file;
  std::string description;
  bool readable = true;                // false: the scenario could not be read (diagnostics says why)
  std::vector<std::string> failures;   // unmet expectations; empty when it passed
  std::string diagnostics;             // the reader's messages, when not readable
  bool passed() const { return readable && failures.empty(); }
};

void write_scenarios_text(const std::vector<ScenarioOutcome>& outcomes, std::ostream& out);
void write_scenarios_tap(const std::vector<ScenarioOutcome>& outcomes, std::ostream& out);
void write_scenarios_junit(const std::vector<ScenarioOutcome>& outcomes, std::ostream& out);
/// {"passed", "failed", "scenarios": [...], "coverage": {...}} (coverage only when given).
void write_scenarios_json(const std::vector<ScenarioOutcome>& outcomes, const CoverageReport* coverage,
                          const RuleBase& rb, std::ostream& out);
/// Percentages, then what no scenario reached: rules, branches (with their place), options.
void write_coverage_text(const CoverageReport& coverage, const RuleBase& rb, std::ostream& out);

}  // namespace backtriage::cli
