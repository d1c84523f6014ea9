// `backtriage export clips`: the rule base as a CLIPS 6.30 program, for benchmarks side by side
// with CLIPS and for differential testing (both engines must reach the same conclusions).
#pragma once

#include <string>
#include <vector>

#include "model/model.hpp"

namespace backtriage {

/// A CLIPS program defining `(run-case LINE v1 v2 ...)` with one argument per question in
/// question-id order; it prints "LINE|LEVEL|recommended,...|avoided,..." (LEVEL is the index of
/// the disposition, -1 for none). Conditions are expanded to disjunctive normal form, one
/// defrule per conjunction; derived facts are facts, their absence tested with `not` under
/// salience by stratum, which matches our closed world for complete answers.
std::string export_clips(const RuleBase& rb);

/// The rule base as json-rules-engine rules (JSON array): nested all/any/not conditions as they
/// are, derived facts as names in an array fact "D" (contains / doesNotContain), priority by
/// stratum; each rule's event carries what it concludes ("disposition:2", "recommend:cobra",
/// "avoid:massage_gun", "set:early_phase"). bench/jre_driver.js runs it.
std::string export_jre(const RuleBase& rb);

/// One `(run-case ...)` line for a complete answer map (values in question-id order).
std::string clips_case(const RuleBase& rb, long line, const std::vector<Value>& answers);

}  // namespace backtriage
