// `rules verify`: every invariant proved over the whole answer space at once, on the decision
// diagrams of symbolic_space.hpp. The disposition is at least L where some rule concluding L or
// higher fires; an option is recommended where a recommending rule fires and no avoiding rule does.
// Counterexamples are points of a violation's diagram, run through the real evaluator, which
// gives the message; should the two ever disagree, verify says so instead of reporting.
#include "audit/verify.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "audit/answer_space.hpp"
#include "audit/symbolic_space.hpp"
#include "eval/evaluator.hpp"

namespace backtriage {

bool VerifyReport::ok() const {
  if (too_large || !internal_error.empty()) return false;
  const auto holds = [](const InvariantResult& r) { return r.violations == 0; };
  return std::all_of(results.begin(), results.end(), holds) && std::all_of(unsure_order.begin(), unsure_order.end(), holds);
}

namespace {

std::string level_name(const RuleBase& rb, Level l) {
  return l == kNoLevel ? std::string("none") : rb.dispositions[static_cast<size_t>(l)].id;
}

}  // namespace

std::string check_expectation(const RuleBase& rb, const Invariant& inv, const Evaluator& ev, const Result& r) {
  if (inv.has_disposition && r.disposition == kNoLevel) return "no disposition was reached";
  if (inv.at_least != kNoLevel && r.disposition < inv.at_least)
    return fmt::format("disposition {} is below {}", level_name(rb, r.disposition), level_name(rb, inv.at_least));
  if (inv.at_most != kNoLevel && r.disposition > inv.at_most)
    return fmt::format("disposition {} is above {}", level_name(rb, r.disposition), level_name(rb, inv.at_most));
  for (OptionId o : inv.not_recommended)
    if (ev.is_recommended(o) && !ev.is_avoided(o))
      return fmt::format("'{}' is recommended", rb.options[static_cast<size_t>(o)].id);
  for (OptionId o : inv.recommended)
    if (!ev.is_recommended(o) || ev.is_avoided(o))
      return fmt::format("'{}' is not recommended", rb.options[static_cast<size_t>(o)].id);
  for (OptionId o : inv.avoided)
    if (!ev.is_avoided(o)) return fmt::format("'{}' is not avoided", rb.options[static_cast<size_t>(o)].id);
  return {};
}

namespace {

/// Where an expectation invariant is broken (within the classes where its `when` holds).
bdd broken(const RuleBase& rb, Space& s, const Invariant& inv) {
  bdd bad = bddfalse;
  if (inv.has_disposition) bad |= !s.disposition_at_least(0);
  if (inv.at_least != kNoLevel) bad |= !s.disposition_at_least(inv.at_least);
  if (inv.at_most != kNoLevel) bad |= s.disposition_at_least(inv.at_most + 1);
  const auto shown = [&](OptionId o) {
    return s.any_fires(rb.recommended_by[static_cast<size_t>(o)]) & !s.any_fires(rb.avoided_by[static_cast<size_t>(o)]);
  };
  for (OptionId o : inv.not_recommended) bad |= shown(o);
  for (OptionId o : inv.recommended) bad |= !shown(o);
  for (OptionId o : inv.avoided) bad |= !s.any_fires(rb.avoided_by[static_cast<size_t>(o)]);
  return bad;
}

/// The answers of question q from lowest to highest: no < yes, or no < unsure < yes.
std::vector<Value> ordered_answers(const RuleBase& rb, FactId q) {
  if (rb.facts[static_cast<size_t>(q)].accepts_unsure) return {kNo, kUnsure, kYes};
  return {kNo, kYes};
}

/// Adds to res where a higher answer to q than another (one step up) lowers the disposition,
/// whatever the other answers are, with counterexamples run through the evaluator. False (with
/// internal_error set) when the two disagree.
bool check_order(const RuleBase& rb, Space& space, Evaluator& ev, FactId q, InvariantResult& res, size_t max_examples,
                 std::string& internal_error) {
  const std::vector<Value> order = ordered_answers(rb, q);
  bdd others = bddtrue;
  for (FactId o = 0; o < rb.question_count; ++o)
    if (o != q) others &= space.domain(o);
  const double per_point = std::ldexp(1.0, space.bits(q));  // q's own variables are free here
  const auto points = [&](const bdd& f) {
    return space.count(f) / per_point;
  };
  for (size_t step = 0; step + 1 < order.size(); ++step) {
    const Value from = order[step], to = order[step + 1];
    const bdd low = space.is_class(q, static_cast<size_t>(from)), high = space.is_class(q, static_cast<size_t>(to));
    bdd lower = bddfalse;  // where some level is reached with the lower answer and lost with the higher
    for (Level l = 0; l <= rb.top_level(); ++l) {
      const bdd reached = space.disposition_at_least(l);
      lower |= bdd_restrict(reached, low) & !bdd_restrict(reached, high);
    }
    lower &= others;
    res.applied += points(others);
    res.violations += points(lower);
    while (lower != bddfalse && res.examples.size() < max_examples) {
      std::vector<Value> answers = space.point(lower & low);
      std::vector<Value> other = answers;
      other[static_cast<size_t>(q)] = to;
      const Level before = ev.evaluate(answers).disposition;
      const Level after = ev.evaluate(other).disposition;
      if (after >= before) {
        internal_error = fmt::format("order of the answers to '{}': the symbolic check and the evaluator disagree on: {}",
                                     rb.facts[static_cast<size_t>(q)].id, assess_command(rb, answers));
        return false;
      }
      const std::string change = order.size() == 2 ? std::string("yes")
                                                   : fmt::format("{} instead of {}", rb.value_text(q, to), rb.value_text(q, from));
      res.examples.push_back({answers, other,
                              fmt::format("answering {} to '{}' lowers the disposition from {} to {}", change,
                                          rb.facts[static_cast<size_t>(q)].id, level_name(rb, before),
                                          level_name(rb, after))});
      lower &= !bdd_restrict(space.cube_of(answers), low);
    }
  }
  return true;
}

}  // namespace

VerifyReport verify(const RuleBase& rb, const VerifyOptions& options) {
  // A base read through the cache has no invariants: "all hold" would be a false proof.
  if (rb.invariants_left_out) throw std::logic_error("verify was given a rule base without its invariants (from the cache)");
  VerifyReport report;
  const auto classes = answer_classes(rb);
  report.combinations = 1;
  for (const auto& c : classes) {
    report.classes_per_question.push_back(c.size());
    report.combinations *= static_cast<double>(c.size());
  }
  Space space(rb, classes);
  BddPackage package(space.variables(), static_cast<int>(options.max_nodes));
  space.build();
  // Classes of a question whose ask_when is false on the answers repeat its first class: they are
  // left out of the counts (as the questionnaire never asks such a question).
  bdd counted = space.universe();
  for (FactId q = 0; q < rb.question_count; ++q) {
    const CondId gate = rb.facts[static_cast<size_t>(q)].ask_when;
    if (gate != kNoCond) counted &= !((!space.is_class(q, 0)) & space.on_answers(gate).f);
  }
  report.cases = space.count(counted);  // within the universe: no point outside a question's classes

  Evaluator ev(rb);
  const size_t ni = rb.invariants.size();
  report.results.resize(ni);
  for (size_t i = 0; i < ni && !BddPackage::failed(); ++i) {
    const Invariant& inv = rb.invariants[i];
    InvariantResult& res = report.results[i];
    res.invariant = static_cast<std::int32_t>(i);
    if (inv.monotone.empty()) {
      const bdd applies = counted & (inv.when == kNoCond ? bddtrue : space.cond(inv.when).t);
      res.applied = space.count(applies);
      bdd bad = applies & broken(rb, space, inv);
      res.violations = space.count(bad);
      while (bad != bddfalse && res.examples.size() < options.max_examples) {
        const std::vector<Value> answers = space.point(bad);
        const Result& r = ev.evaluate(answers);
        std::string problem = check_expectation(rb, inv, ev, r);
        if (problem.empty()) {
          report.internal_error = fmt::format("invariant '{}': the symbolic check and the evaluator disagree on: {}",
                                              inv.id, assess_command(rb, answers));
          return report;
        }
        res.examples.push_back({answers, {}, std::move(problem)});
        bad &= !space.cube_of(answers);
      }
      continue;
    }
    // Monotonicity: a higher answer to a listed question (yes instead of no; with unsure, each
    // step of no < unsure < yes) never lowers the level.
    for (FactId q : inv.monotone)
      if (!check_order(rb, space, ev, q, res, options.max_examples, report.internal_error)) return report;
  }
  // Built in for every question that accepts unsure: its disposition lies between no's and yes's.
  for (FactId q = 0; q < rb.question_count && !BddPackage::failed(); ++q) {
    if (!rb.facts[static_cast<size_t>(q)].accepts_unsure) continue;
    InvariantResult res;
    res.question = q;
    if (!check_order(rb, space, ev, q, res, options.max_examples, report.internal_error)) return report;
    report.unsure_order.push_back(std::move(res));
  }
  if (BddPackage::failed()) {
    report.too_large = true;
    report.results.clear();
    report.unsure_order.clear();
  }
  return report;
}

}  // namespace backtriage
