// The analyses of `rules check` beyond the loader, on the answer space's decision diagrams
// (symbolic_space.hpp): rules that can never fire, subsumed rules and recommend/avoid conflicts;
// and, from the rules alone, unused questions and options no rule recommends. Every bound on
// their cost is said, once, when reached (docs/auditing.md).
#pragma once

#include <cstdint>

#include "base/diagnostics.hpp"
#include "model/model.hpp"

namespace backtriage {

struct AuditOptions {
  std::uint64_t max_bdd_nodes = 4'000'000;   // decision-diagram nodes (about 20 bytes each)
  std::uint64_t max_rule_pairs = 2'000'000;  // pairs compared for subsumption and conflicts together
  // Cone searches: the hint for a rule that never fires, and whether rules fire at all when the
  // diagrams outgrew their limit. Larger cones are reported as not analysed.
  std::uint64_t max_cone_cases = 1'000'000;
  std::uint64_t max_rule_evaluations = 100'000'000;  // the cone searches together (a few seconds at most)
};

/// Adds warnings and errors about rb to diags (file:line:col of the element concerned).
void audit_rule_base(const RuleBase& rb, Diagnostics& diags, const AuditOptions& options = {});

}  // namespace backtriage
