// What a set of scenarios exercises (`rules test --coverage`): the rules that fired, each branch
// of each rule's condition (every comparison and every all/any/not, seen true and seen false),
// and the options that were recommended or avoided. Like a test coverage report for code: what no
// scenario reached is what a change could break unseen.
#pragma once

#include <cstddef>
#include <vector>

#include "eval/evaluator.hpp"
#include "model/model.hpp"

namespace backtriage {

/// One side of one node of a rule's condition.
struct Branch {
  CondId cond = kNoCond;
  RuleId rule = -1;       // the first rule (in firing order) whose condition holds the node
  bool outcome = false;   // the side: true or false
};

struct CoverageReport {
  std::size_t scenarios = 0;
  std::size_t rules_total = 0, rules_fired = 0;
  std::vector<RuleId> rules_not_fired;
  std::size_t branches_total = 0, branches_taken = 0;
  std::vector<Branch> branches_not_taken;  // in rule order, then condition order
  std::size_t options_total = 0, options_exercised = 0;
  std::vector<OptionId> options_not_exercised;
};

/// Counts what each evaluated case exercised; report() at the end.
class CoverageCounter {
 public:
  explicit CoverageCounter(const RuleBase& rb);
  /// After ev.evaluate(...) of one scenario.
  void add(const Evaluator& ev);
  CoverageReport report() const;

 private:
  const RuleBase& rb_;
  std::vector<Branch> nodes_;  // every node of every rule's condition, once (outcome unused)
  std::vector<char> seen_true_, seen_false_;  // by index in nodes_
  std::vector<char> fired_, option_used_;
  std::size_t scenarios_ = 0;
};

}  // namespace backtriage
