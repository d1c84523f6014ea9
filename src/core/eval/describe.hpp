// Plain-words descriptions of rule-base elements, shared by every output format.
#pragma once

#include <string>
#include <vector>

#include "eval/explain.hpp"
#include "model/model.hpp"

namespace backtriage {

/// "fever == yes", "all of (a, b)", "not (x)".
std::string describe_condition(const RuleBase& rb, CondId c);
/// "pain_score = 8", "saddle_numbness = no", "early_phase = yes (derived)".
std::string describe_reason(const RuleBase& rb, const Reason& r);
/// What a rule concludes, in words: "red flag: Severe pain -> see a doctor; avoid massage gun".
std::string describe_conclusions(const RuleBase& rb, const Rule& rule);
/// Machine tags for what a rule concludes: "disposition:see_doctor", "recommend:cobra", ...
std::vector<std::string> conclusion_tags(const RuleBase& rb, const Rule& rule);
/// The id a red flag goes by: its question when it reads just one, else its rule's id.
std::string red_flag_topic(const RuleBase& rb, const Rule& rule);

}  // namespace backtriage
