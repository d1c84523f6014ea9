// Explanations: walks the decided state of an Evaluator and returns which comparisons and rules
// account for each conclusion. Nothing here changes the evaluation.
#include "eval/explain.hpp"

#include <algorithm>

namespace backtriage {

namespace {

void collect(const Evaluator& ev, CondId c, Truth want, std::vector<Reason>& out) {
  const RuleBase& rb = ev.rule_base();
  const CondNode& n = rb.conds[static_cast<size_t>(c)];
  const Truth t = ev.eval(c);
  if (t != want) return;
  switch (n.kind) {
    case CondKind::always: return;
    case CondKind::compare: {
      const bool seen = std::any_of(out.begin(), out.end(), [&](const Reason& r) { return r.leaf == c; });
      if (!seen) out.push_back({c, n.fact, ev.value(n.fact)});
      return;
    }
    case CondKind::negation: {
      const Truth inner = want == Truth::unknown ? Truth::unknown : (want == Truth::yes ? Truth::no : Truth::yes);
      collect(ev, rb.cond_children[n.first], inner, out);
      return;
    }
    case CondKind::all:
    case CondKind::any:
      // A true `all` needs every part, a false `any` fails in every part; otherwise the parts
      // with the same truth as the whole are the ones that decide it.
      for (std::uint32_t k = 0; k < n.count; ++k) collect(ev, rb.cond_children[n.first + k], want, out);
      return;
  }
}

bool fired(const Evaluator& ev, RuleId r) { return ev.rule_truth(r) == Truth::yes; }

/// Position of each fired rule in the firing order, for sorting chains.
std::vector<int> firing_position(const Evaluator& ev) {
  std::vector<int> pos(ev.rule_base().rules.size(), -1);
  const Result& res = ev.result();
  for (size_t i = 0; i < res.fired.size(); ++i) pos[static_cast<size_t>(res.fired[i])] = static_cast<int>(i);
  return pos;
}

}  // namespace

std::vector<Reason> reasons(const Evaluator& ev, CondId c) {
  std::vector<Reason> out;
  collect(ev, c, ev.eval(c), out);
  return out;
}

std::vector<HowStep> how(const Evaluator& ev, const std::vector<RuleId>& roots) {
  const RuleBase& rb = ev.rule_base();
  std::vector<char> included(rb.rules.size(), 0);
  std::vector<RuleId> todo;
  for (RuleId r : roots)
    if (fired(ev, r)) todo.push_back(r);
  std::vector<HowStep> steps;
  while (!todo.empty()) {
    const RuleId r = todo.back();
    todo.pop_back();
    if (included[static_cast<size_t>(r)]) continue;
    included[static_cast<size_t>(r)] = 1;
    HowStep step{r, reasons(ev, rb.rules[static_cast<size_t>(r)].when)};
    // A derived fact that is yes was set by fired rules: they belong to the chain too.
    for (const Reason& why : step.because)
      if (!rb.is_question(why.fact) && why.value == kYes)
        for (RuleId s : rb.setters[static_cast<size_t>(why.fact)])
          if (fired(ev, s)) todo.push_back(s);
    steps.push_back(std::move(step));
  }
  const std::vector<int> pos = firing_position(ev);
  std::sort(steps.begin(), steps.end(), [&](const HowStep& a, const HowStep& b) {
    return pos[static_cast<size_t>(a.rule)] < pos[static_cast<size_t>(b.rule)];
  });
  return steps;
}

std::vector<HowStep> trace(const Evaluator& ev) {
  return how(ev, ev.result().fired);
}

std::vector<HowStep> how_disposition(const Evaluator& ev) {
  const RuleBase& rb = ev.rule_base();
  const Result& res = ev.result();
  std::vector<RuleId> roots;
  for (RuleId r : res.fired)
    if (rb.rules[static_cast<size_t>(r)].disposition == res.disposition && res.disposition != kNoLevel)
      roots.push_back(r);
  return how(ev, roots);
}

std::vector<HowStep> how_option(const Evaluator& ev, OptionId o, bool avoided) {
  const RuleBase& rb = ev.rule_base();
  std::vector<RuleId> roots;
  for (RuleId r = 0; r < static_cast<RuleId>(rb.rules.size()); ++r) {
    const Rule& rule = rb.rules[static_cast<size_t>(r)];
    const bool concludes =
        avoided ? std::any_of(rule.avoids.begin(), rule.avoids.end(), [&](const Avoid& a) { return a.option == o; })
                : std::find(rule.recommends.begin(), rule.recommends.end(), o) != rule.recommends.end();
    if (concludes) roots.push_back(r);
  }
  return how(ev, roots);
}

namespace {
std::vector<Candidate> candidates_for(const Evaluator& ev, const std::vector<RuleId>& rules) {
  std::vector<Candidate> out;
  for (RuleId r : rules) {
    const Truth t = ev.rule_truth(r);
    if (t == Truth::yes) continue;
    out.push_back({r, t, reasons(ev, ev.rule_base().rules[static_cast<size_t>(r)].when)});
  }
  return out;
}
}  // namespace

WhyNot why_not_option(const Evaluator& ev, OptionId o) {
  const RuleBase& rb = ev.rule_base();
  WhyNot out;
  const auto recommenders = rb.recommended_by[static_cast<size_t>(o)];
  out.candidates = candidates_for(ev, {recommenders.begin(), recommenders.end()});
  if (ev.is_avoided(o)) {
    out.verdict = WhyNot::Verdict::avoided;
    out.blockers = how_option(ev, o, /*avoided=*/true);
  } else if (ev.is_recommended(o)) {
    out.verdict = WhyNot::Verdict::reached;
  }
  return out;
}

WhyNot why_not_disposition(const Evaluator& ev, Level level) {
  const RuleBase& rb = ev.rule_base();
  const Result& res = ev.result();
  WhyNot out;
  const auto concluding = rb.reaching[static_cast<size_t>(level)];
  out.candidates = candidates_for(ev, {concluding.begin(), concluding.end()});
  if (res.disposition == level) {
    out.verdict = WhyNot::Verdict::reached;
  } else if (res.disposition > level) {
    out.verdict = WhyNot::Verdict::dominated;
    out.blockers = how_disposition(ev);
  }
  return out;
}

std::vector<RuleId> why_question(const Evaluator& ev, FactId question) { return ev.rules_needing(question); }

std::vector<Negative> pertinent_negatives(const Evaluator& ev) {
  const RuleBase& rb = ev.rule_base();
  std::vector<Negative> out;
  for (RuleId r = 0; r < static_cast<RuleId>(rb.rules.size()); ++r) {
    const Rule& rule = rb.rules[static_cast<size_t>(r)];
    // A rule about an unsure answer is no finding when the answer was sure, and a flag that an
    // unsure answer kept from firing was not ruled out: its unsure rule speaks for it.
    if (!rule.red_flag || rule.on_unsure || ev.rule_truth(r) != Truth::no) continue;
    std::vector<Reason> because = reasons(ev, rule.when);
    const bool left_open = std::any_of(because.begin(), because.end(), [&](const Reason& why) {
      return rb.facts[static_cast<size_t>(why.fact)].accepts_unsure && why.value == kUnsure;
    });
    if (!left_open) out.push_back({r, std::move(because)});
  }
  return out;
}

}  // namespace backtriage
