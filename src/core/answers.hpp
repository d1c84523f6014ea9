// Answer maps from files: question id -> answer, as a YAML or JSON map, checked against the rule
// base with a place for every problem.
#pragma once

#include <optional>
#include <vector>

#include "diagnostics.hpp"
#include "model.hpp"
#include "yaml_tree.hpp"

namespace backtriage {

/// A value per question (kUnknown where not answered) read from a map node. Unknown ids get
/// "did you mean", rejected values say what is allowed; all problems are reported, not the first.
std::optional<std::vector<Value>> read_answer_map(const yaml::Node& map, const RuleBase& rb,
                                                  Diagnostics& diags);

}  // namespace backtriage
