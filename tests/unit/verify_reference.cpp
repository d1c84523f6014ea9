// The reference for the symbolic verifier (src/core/audit/verify.cpp): the enumerating verifier it
// replaced, kept for the tests. Every class is evaluated by the real Evaluator, in threads over
// parts of the (mixed-radix) index space; the disposition of every class is kept so that
// monotonicity is a comparison of two stored values, not a second evaluation.
#include "verify_reference.hpp"

#include "audit/verify.hpp"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "audit/answer_space.hpp"
#include "eval/evaluator.hpp"

namespace backtriage::test {

namespace {

struct Space {
  std::vector<std::vector<Value>> classes;
  std::vector<std::uint64_t> stride;  // index = sum(digit[q] * stride[q])
  std::uint64_t total = 1;

  void decode(std::uint64_t index, std::vector<Value>& answers) const {
    for (size_t q = 0; q < classes.size(); ++q)
      answers[q] = classes[q][static_cast<size_t>((index / stride[q]) % classes[q].size())];
  }
};

std::string level_name(const RuleBase& rb, Level l) {
  return l == kNoLevel ? std::string("none") : rb.dispositions[static_cast<size_t>(l)].id;
}

/// A condition on answers alone (derived facts are unknown here), in three-valued logic.
Truth eval_on_answers(const RuleBase& rb, CondId c, const std::vector<Value>& answers) {
  const CondNode& n = rb.conds[static_cast<size_t>(c)];
  switch (n.kind) {
    case CondKind::always: return Truth::yes;
    case CondKind::compare: {
      if (!rb.is_question(n.fact) || answers[static_cast<size_t>(n.fact)] == kUnknown) return Truth::unknown;
      return comparison_holds(rb, n, answers[static_cast<size_t>(n.fact)]) ? Truth::yes : Truth::no;
    }
    case CondKind::negation: {
      const Truth t = eval_on_answers(rb, rb.cond_children[n.first], answers);
      return t == Truth::unknown ? t : (t == Truth::yes ? Truth::no : Truth::yes);
    }
    case CondKind::all:
    case CondKind::any: {
      const Truth stop = n.kind == CondKind::all ? Truth::no : Truth::yes;
      Truth out = n.kind == CondKind::all ? Truth::yes : Truth::no;
      for (std::uint32_t k = 0; k < n.count; ++k) {
        const Truth t = eval_on_answers(rb, rb.cond_children[n.first + k], answers);
        if (t == stop) return stop;
        if (t == Truth::unknown) out = Truth::unknown;
      }
      return out;
    }
  }
  return Truth::unknown;
}

void note_violation(InvariantResult& res, size_t max_examples, Counterexample example) {
  ++res.violations;
  if (res.examples.size() < max_examples) res.examples.push_back(std::move(example));
}

}  // namespace

VerifyReport verify_by_enumeration(const RuleBase& rb, const ReferenceOptions& options) {
  VerifyReport report;
  Space space;
  space.classes = answer_classes(rb);
  space.stride.resize(space.classes.size());
  for (size_t q = space.classes.size(); q-- > 0;) {
    space.stride[q] = space.total;
    report.classes_per_question.insert(report.classes_per_question.begin(), space.classes[q].size());
    if (space.total > options.max_cases / space.classes[q].size()) {
      report.too_large = true;
      return report;
    }
    space.total *= space.classes[q].size();
  }
  report.combinations = static_cast<ClassCount>(space.total);
  const size_t ni = rb.invariants.size();
  bool any_monotone = false;
  for (const auto& inv : rb.invariants) any_monotone = any_monotone || !inv.monotone.empty();
  for (FactId q = 0; q < rb.question_count; ++q) any_monotone = any_monotone || rb.facts[static_cast<size_t>(q)].accepts_unsure;
  constexpr std::int8_t kDuplicate = -2;
  std::vector<std::int8_t> level_of(any_monotone ? space.total : 0);
  // Relevance pruning: when a question's ask_when is false its answer is ignored, so every class
  // of it but the first repeats a case already checked; such combinations are skipped.
  std::vector<FactId> gated;
  for (FactId q = 0; q < rb.question_count; ++q)
    if (rb.facts[static_cast<size_t>(q)].ask_when != kNoCond) gated.push_back(q);
  const auto duplicate = [&](std::uint64_t index, const std::vector<Value>& answers) {
    for (FactId q : gated) {
      const std::uint64_t digit = (index / space.stride[static_cast<size_t>(q)]) % space.classes[static_cast<size_t>(q)].size();
      if (digit != 0 && eval_on_answers(rb, rb.facts[static_cast<size_t>(q)].ask_when, answers) == Truth::no) return true;
    }
    return false;
  };
  std::vector<std::uint64_t> evaluated(std::max(1u, std::min(options.threads, 8u)), 0);

  // Each thread checks the expectation invariants on its half and records dispositions.
  const unsigned threads = std::max(1u, std::min(options.threads, 8u));
  std::vector<std::vector<InvariantResult>> partial(threads, std::vector<InvariantResult>(ni));
  const auto work = [&](unsigned t) {
    Evaluator ev(rb);
    std::vector<Value> answers(space.classes.size());
    const std::uint64_t begin = space.total * t / threads, end = space.total * (t + 1) / threads;
    for (std::uint64_t index = begin; index < end; ++index) {
      space.decode(index, answers);
      if (duplicate(index, answers)) {
        if (any_monotone) level_of[index] = kDuplicate;
        continue;
      }
      ++evaluated[t];
      const Result& r = ev.evaluate(answers);
      if (any_monotone) level_of[index] = static_cast<std::int8_t>(r.disposition);
      for (size_t i = 0; i < ni; ++i) {
        const Invariant& inv = rb.invariants[i];
        if (!inv.monotone.empty()) continue;
        if (inv.when != kNoCond && ev.eval(inv.when) != Truth::yes) continue;
        ++partial[t][i].applied;
        if (std::string problem = check_expectation(rb, inv, ev, r); !problem.empty())
          note_violation(partial[t][i], options.max_examples, {answers, {}, std::move(problem)});
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();

  for (std::uint64_t n : evaluated) report.cases += static_cast<ClassCount>(n);
  // A skipped combination has the level of the one with its gated answers at their first class,
  // which comes earlier in index order and so is already known.
  if (any_monotone) {
    std::vector<Value> answers(space.classes.size());
    for (std::uint64_t index = 0; index < space.total; ++index) {
      if (level_of[index] != kDuplicate) continue;
      std::uint64_t first = index;
      space.decode(index, answers);
      for (FactId q : gated) {
        const std::uint64_t stride = space.stride[static_cast<size_t>(q)];
        const std::uint64_t digit = (index / stride) % space.classes[static_cast<size_t>(q)].size();
        if (digit != 0 && eval_on_answers(rb, rb.facts[static_cast<size_t>(q)].ask_when, answers) == Truth::no)
          first -= digit * stride;
      }
      level_of[index] = level_of[first];
    }
  }

  // Merge in thread order, so that the examples kept are the first in index order.
  report.results.resize(ni);
  for (size_t i = 0; i < ni; ++i) {
    report.results[i].invariant = static_cast<std::int32_t>(i);
    for (unsigned t = 0; t < threads; ++t) {
      report.results[i].applied += partial[t][i].applied;
      report.results[i].violations += partial[t][i].violations;
      for (auto& e : partial[t][i].examples)
        if (report.results[i].examples.size() < options.max_examples) report.results[i].examples.push_back(std::move(e));
    }
  }

  // Monotonicity: turning one listed question a step higher (no to yes; with unsure, no to
  // unsure and unsure to yes) never lowers the disposition. Yes/no classes are their values.
  std::vector<Value> answers(space.classes.size()), other(space.classes.size());
  const auto check_order = [&](FactId q, InvariantResult& res) {
    const bool unsure = rb.facts[static_cast<size_t>(q)].accepts_unsure;
    const std::vector<std::pair<Value, Value>> steps =
        unsure ? std::vector<std::pair<Value, Value>>{{kNo, kUnsure}, {kUnsure, kYes}}
               : std::vector<std::pair<Value, Value>>{{kNo, kYes}};
    const std::uint64_t stride = space.stride[static_cast<size_t>(q)];
    const std::uint64_t size = space.classes[static_cast<size_t>(q)].size();
    for (const auto& [from, to] : steps) {
      for (std::uint64_t index = 0; index < space.total; ++index) {
        if ((index / stride) % size != static_cast<std::uint64_t>(from)) continue;
        const std::uint64_t raised = index + static_cast<std::uint64_t>(to - from) * stride;
        ++res.applied;
        if (level_of[raised] >= level_of[index]) continue;
        space.decode(index, answers);
        space.decode(raised, other);
        const std::string change = unsure ? fmt::format("{} instead of {}", rb.value_text(q, to), rb.value_text(q, from))
                                          : std::string("yes");
        note_violation(res, options.max_examples,
                       {answers, other,
                        fmt::format("answering {} to '{}' lowers the disposition from {} to {}", change,
                                    rb.facts[static_cast<size_t>(q)].id, level_name(rb, level_of[index]),
                                    level_name(rb, level_of[raised]))});
      }
    }
  };
  for (size_t i = 0; i < ni; ++i)
    for (FactId q : rb.invariants[i].monotone) check_order(q, report.results[i]);
  for (FactId q = 0; q < rb.question_count; ++q) {
    if (!rb.facts[static_cast<size_t>(q)].accepts_unsure) continue;
    InvariantResult res;
    res.question = q;
    check_order(q, res);
    report.unsure_order.push_back(std::move(res));
  }
  return report;
}

}  // namespace backtriage::test
