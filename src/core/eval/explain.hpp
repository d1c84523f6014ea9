// Explanations as data, for the front ends to render: HOW a conclusion was reached, WHY a
// question is asked, WHY NOT for an option or a disposition, and the pertinent negatives.
#pragma once

#include <vector>

#include "eval/evaluator.hpp"

namespace backtriage {

/// One comparison and the value that decided it (value is kUnknown while unanswered).
struct Reason {
  CondId leaf = kNoCond;
  FactId fact = -1;
  Value value = kUnknown;
};

/// The comparisons that make a condition what it is now: for a true condition the ones that
/// make it true, for a false one those that make it false, for an undecided one those unanswered.
std::vector<Reason> reasons(const Evaluator& ev, CondId c);

/// A fired rule and the answers and derived facts that made its condition true.
struct HowStep {
  RuleId rule = -1;
  std::vector<Reason> because;
};

/// The fired rules behind the given rules, including those that set the derived facts they used,
/// in firing order.
std::vector<HowStep> how(const Evaluator& ev, const std::vector<RuleId>& rules);
/// HOW for every fired rule: the full trace.
std::vector<HowStep> trace(const Evaluator& ev);
/// The fired rules that concluded the final disposition, with their chains.
std::vector<HowStep> how_disposition(const Evaluator& ev);
/// The fired rules that recommended (or, with avoided = true, avoided) an option.
std::vector<HowStep> how_option(const Evaluator& ev, OptionId o, bool avoided = false);

/// A rule that could have reached a conclusion, and why it did not (yet).
struct Candidate {
  RuleId rule = -1;
  Truth truth = Truth::unknown;  // no: its condition failed; unknown: answers are missing
  std::vector<Reason> reasons;    // the failing comparisons, or the unanswered ones
};

struct WhyNot {
  enum class Verdict {
    reached,      // it was reached after all: ask HOW instead
    dominated,    // (disposition) a higher disposition was reached
    avoided,      // (option) an avoid rule keeps it out of the plan
    not_reached,  // no rule reaching it fired
  };
  Verdict verdict = Verdict::not_reached;
  std::vector<Candidate> candidates;  // every rule that concludes it and did not fire
  std::vector<HowStep> blockers;      // the avoid rules, or the rules of the higher disposition
};

WhyNot why_not_option(const Evaluator& ev, OptionId o);
WhyNot why_not_disposition(const Evaluator& ev, Level level);

/// WHY a question is asked: the undecided rules that need its answer (what each would conclude
/// is in the rule itself).
std::vector<RuleId> why_question(const Evaluator& ev, FactId question);

/// A red flag ruled out, with the answers that ruled it out.
struct Negative {
  RuleId rule = -1;
  std::vector<Reason> reasons;
};
/// Red-flag rules that can no longer fire, in rule order: what was ruled out.
std::vector<Negative> pertinent_negatives(const Evaluator& ev);

}  // namespace backtriage
