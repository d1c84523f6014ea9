// Scenario tests for a rule base: answers in, expected disposition, plan and red flags out.
// The format is documented in docs/scenarios.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "eval/evaluator.hpp"
#include "model/model.hpp"

namespace backtriage {

/// An expectation on a list of ids: exactly these (a YAML list), or a map with `include` and
/// `exclude` lists.
struct IdExpectation {
  bool exact = false;
  std::vector<std::int32_t> include;
  std::vector<std::int32_t> exclude;
};

struct Scenario {
  std::string file;
  std::string description;
  std::vector<Value> answers;
  std::optional<Level> disposition;
  std::optional<bool> complete;
  std::optional<IdExpectation> missing;
  std::optional<IdExpectation> recommended;
  std::optional<IdExpectation> avoid;
  std::optional<IdExpectation> red_flags;
};

/// Reads one scenario file; problems go to diags with their place.
std::optional<Scenario> load_scenario(const std::string& path, const RuleBase& rb, Diagnostics& diags);

/// Runs a scenario on ev and checks what a person is shown (the assessment value every report
/// renders); returns one line per unmet expectation (empty when it passes).
std::vector<std::string> check_scenario(const Scenario& s, Evaluator& ev);

}  // namespace backtriage
