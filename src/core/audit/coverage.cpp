// CoverageCounter: see coverage.hpp.
#include "audit/coverage.hpp"

namespace backtriage {

CoverageCounter::CoverageCounter(const RuleBase& rb)
    : rb_(rb), fired_(rb.rules.size(), 0), option_used_(rb.options.size(), 0) {
  // The nodes of each rule's condition, depth first, each once (conditions may share nodes);
  // `always` has no false side and is no branch.
  std::vector<char> seen(rb.conds.size(), 0);
  for (RuleId r = 0; r < static_cast<RuleId>(rb.rules.size()); ++r) {
    std::vector<CondId> stack{rb.rules[static_cast<size_t>(r)].when};
    while (!stack.empty()) {
      const CondId c = stack.back();
      stack.pop_back();
      if (c == kNoCond || seen[static_cast<size_t>(c)]) continue;
      seen[static_cast<size_t>(c)] = 1;
      const CondNode& n = rb.conds[static_cast<size_t>(c)];
      if (n.kind == CondKind::always) continue;
      nodes_.push_back({c, r, false});
      if (n.kind == CondKind::compare) continue;
      for (std::uint32_t k = n.count; k > 0; --k) stack.push_back(rb.cond_children[n.first + k - 1]);
    }
  }
  seen_true_.assign(nodes_.size(), 0);
  seen_false_.assign(nodes_.size(), 0);
}

void CoverageCounter::add(const Evaluator& ev) {
  ++scenarios_;
  const Result& r = ev.result();
  for (RuleId f : r.fired) fired_[static_cast<size_t>(f)] = 1;
  for (OptionId o : r.recommended) option_used_[static_cast<size_t>(o)] = 1;
  for (const auto& [o, rule] : r.avoided) option_used_[static_cast<size_t>(o)] = 1;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const Truth t = ev.eval(nodes_[i].cond);
    if (t == Truth::yes) seen_true_[i] = 1;
    if (t == Truth::no) seen_false_[i] = 1;
  }
}

CoverageReport CoverageCounter::report() const {
  CoverageReport out;
  out.scenarios = scenarios_;
  out.rules_total = rb_.rules.size();
  for (RuleId r = 0; r < static_cast<RuleId>(rb_.rules.size()); ++r)
    if (fired_[static_cast<size_t>(r)])
      ++out.rules_fired;
    else
      out.rules_not_fired.push_back(r);
  out.branches_total = 2 * nodes_.size();
  for (size_t i = 0; i < nodes_.size(); ++i) {
    for (const bool side : {true, false}) {
      if ((side ? seen_true_ : seen_false_)[i])
        ++out.branches_taken;
      else
        out.branches_not_taken.push_back({nodes_[i].cond, nodes_[i].rule, side});
    }
  }
  out.options_total = rb_.options.size();
  for (OptionId o = 0; o < static_cast<OptionId>(rb_.options.size()); ++o)
    if (option_used_[static_cast<size_t>(o)])
      ++out.options_exercised;
    else
      out.options_not_exercised.push_back(o);
  return out;
}

}  // namespace backtriage
