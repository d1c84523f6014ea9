// The analyses of `rules check` beyond the loader: rules that can never fire, unused questions,
// options no rule recommends, subsumed rules, and recommend/avoid conflicts, each found by
// searching the equivalence classes of the answers the rule actually depends on (its cone).
#pragma once

#include <cstdint>

#include "base/diagnostics.hpp"
#include "model/model.hpp"

namespace backtriage {

struct AuditOptions {
  std::uint64_t max_cone_cases = 1'000'000;  // larger cones are reported as not analysed
  std::uint64_t max_rule_evaluations = 100'000'000;  // all analyses together (a few seconds at most)
};

/// Adds warnings and errors about rb to diags (file:line:col of the element concerned).
void audit_rule_base(const RuleBase& rb, Diagnostics& diags, const AuditOptions& options = {});

}  // namespace backtriage
