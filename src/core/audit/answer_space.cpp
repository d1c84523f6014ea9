// Equivalence classes of answers, condition cones and reproduction commands.
#include "audit/answer_space.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace backtriage {

std::vector<std::vector<Value>> answer_classes(const RuleBase& rb) {
  // For integers: the cut points where some comparison changes its outcome; each interval
  // between cuts is one class, represented by its lowest value.
  std::vector<std::set<Value>> cuts(static_cast<size_t>(rb.question_count));
  for (const CondNode& n : rb.conds) {
    if (n.kind != CondKind::compare || !rb.is_question(n.fact)) continue;
    const Fact& f = rb.facts[static_cast<size_t>(n.fact)];
    if (f.type != ValueType::integer) continue;
    auto& c = cuts[static_cast<size_t>(n.fact)];
    const auto cut_at = [&](std::int64_t v) {
      if (v > f.min && v <= f.max) c.insert(static_cast<Value>(v));
    };
    const std::int64_t k = n.value;
    switch (n.op) {
      case CmpOp::ge: case CmpOp::lt: cut_at(k); break;
      case CmpOp::gt: case CmpOp::le: cut_at(k + 1); break;
      case CmpOp::eq: case CmpOp::ne: cut_at(k); cut_at(k + 1); break;
      case CmpOp::in:
        for (std::uint32_t i = 0; i < n.count; ++i) {
          cut_at(rb.value_pool[n.first + i]);
          cut_at(std::int64_t{rb.value_pool[n.first + i]} + 1);
        }
        break;
    }
  }
  std::vector<std::vector<Value>> out(static_cast<size_t>(rb.question_count));
  for (FactId q = 0; q < rb.question_count; ++q) {
    const Fact& f = rb.facts[static_cast<size_t>(q)];
    auto& values = out[static_cast<size_t>(q)];
    if (f.type != ValueType::integer) {
      for (Value v = f.min; v <= f.max; ++v) values.push_back(v);
      continue;
    }
    values.push_back(f.min);
    for (Value c : cuts[static_cast<size_t>(q)]) values.push_back(c);
  }
  return out;
}

namespace {
void cone_of(const RuleBase& rb, CondId c, std::set<FactId>& questions, std::vector<char>& seen) {
  if (c == kNoCond) return;
  const CondNode& n = rb.conds[static_cast<size_t>(c)];
  if (n.kind == CondKind::compare) {
    if (seen[static_cast<size_t>(n.fact)]) return;
    seen[static_cast<size_t>(n.fact)] = 1;
    if (rb.is_question(n.fact)) {
      questions.insert(n.fact);
      cone_of(rb, rb.facts[static_cast<size_t>(n.fact)].ask_when, questions, seen);
    } else {
      for (RuleId s : rb.setters[static_cast<size_t>(n.fact)]) cone_of(rb, rb.rules[static_cast<size_t>(s)].when, questions, seen);
    }
    return;
  }
  for (std::uint32_t k = 0; k < n.count; ++k) cone_of(rb, rb.cond_children[n.first + k], questions, seen);
}
}  // namespace

std::vector<FactId> condition_cone(const RuleBase& rb, CondId c) {
  std::set<FactId> questions;
  std::vector<char> seen(rb.facts.size(), 0);
  cone_of(rb, c, questions, seen);
  return {questions.begin(), questions.end()};
}

std::string assess_command(const RuleBase& rb, const std::vector<Value>& answers) {
  std::string cmd = "backtriage assess";
  for (FactId q : rb.question_order)
    if (answers[static_cast<size_t>(q)] != kUnknown)
      cmd += fmt::format(" --answer {}={}", rb.facts[static_cast<size_t>(q)].id, rb.value_text(q, answers[static_cast<size_t>(q)]));
  return cmd;
}

}  // namespace backtriage
