// The answer space of a rule base, split into equivalence classes: every yes/no and choice value,
// and for integer questions one value per interval between the thresholds the rules compare with.
// Two answers in the same class make every comparison come out the same, so checking one
// representative per class checks them all.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace backtriage {

/// The representative values of each question, in question-id order.
std::vector<std::vector<Value>> answer_classes(const RuleBase& rb);

/// The questions a condition depends on, directly, through derived facts (their setters'
/// conditions) and through the ask_when of the questions involved. Sorted by id.
std::vector<FactId> condition_cone(const RuleBase& rb, CondId c);

/// A ready-to-run command that reproduces an answer set: backtriage assess --answer id=value ...
std::string assess_command(const RuleBase& rb, const std::vector<Value>& answers);

/// Visits every combination of the given questions' classes (others kUnknown); stops early when
/// visit returns true. Returns false if the product exceeds limit (nothing is visited then).
template <typename Visit>
bool for_each_combination(const std::vector<FactId>& questions, const std::vector<std::vector<Value>>& classes,
                          size_t question_count, std::uint64_t limit, Visit visit) {
  // A space larger than the limit is still searched up to the limit: a search for an example
  // (can this rule fire?) usually ends long before it.
  std::vector<Value> answers(question_count, kUnknown);
  std::vector<size_t> digit(questions.size(), 0);
  for (std::uint64_t visited = 0;; ++visited) {
    if (visited == limit) return false;
    for (size_t i = 0; i < questions.size(); ++i)
      answers[static_cast<size_t>(questions[i])] = classes[static_cast<size_t>(questions[i])][digit[i]];
    if (visit(answers)) return true;
    size_t i = 0;
    while (i < questions.size() && ++digit[i] == classes[static_cast<size_t>(questions[i])].size()) digit[i++] = 0;
    if (i == questions.size()) return true;
  }
}

}  // namespace backtriage
