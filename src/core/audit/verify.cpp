// Verification over the whole answer space, symbolically: every equivalence class of answers
// (answer_space.hpp) is a point of a boolean space, and what the evaluator concludes there is a
// binary decision diagram (BuDDy) built from the rules, so that an invariant is proved for all
// classes at once, in time that follows the rules' structure rather than the size of the space.
//
// The encoding follows the evaluator exactly (tests/unit/verify_test.cpp compares it with an
// enumeration of every class on the shipped rules and on random rule bases):
//  - each question with k classes has ceil(log2 k) variables; class c is their binary value;
//  - a condition is true or false or unknown, so it has two diagrams, T (true) and F (false);
//  - a question's answer counts only where its ask_when is true (T of the gate), else unknown;
//  - a derived fact is yes where some rule setting it fires (T of its condition), no where every
//    one of them fails (F), unknown elsewhere (derived facts are acyclic: rules check);
//  - the disposition is at least L where some rule concluding L or higher fires; an option is
//    recommended where a recommending rule fires and no avoiding rule does.
// Counterexamples are points of a violation's diagram, run through the real evaluator, which
// gives the message; should the two ever disagree, verify says so instead of reporting.
#include "audit/verify.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#define CPLUSPLUS  // BuDDy's C++ interface (bdd with operators)
#include <bdd.h>
#undef CPLUSPLUS

#include <fmt/format.h>

#include "audit/answer_space.hpp"
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

// BuDDy keeps one global node table. It reports errors (such as the node limit) through a hook;
// ours only notes them, and a verify that saw one reports the space as too large.
bool g_bdd_failed = false;
void note_bdd_error(int) { g_bdd_failed = true; }

/// The BuDDy package for one verify: started and stopped with it (not reentrant, one thread).
class BddPackage {
 public:
  BddPackage(int variables, int max_nodes) {
    if (bdd_isrunning()) bdd_done();
    bdd_init(100'000, 10'000);
    bdd_error_hook(note_bdd_error);
    bdd_gbc_hook(nullptr);  // no garbage-collection messages on stdout
    bdd_setmaxnodenum(max_nodes);
    bdd_setvarnum(std::max(variables, 1));
    g_bdd_failed = false;
  }
  ~BddPackage() { bdd_done(); }
  BddPackage(const BddPackage&) = delete;
  BddPackage& operator=(const BddPackage&) = delete;
};

/// A condition's two diagrams: where it is true and where it is false (unknown: neither).
struct Tri {
  bdd t = bddfalse;
  bdd f = bddfalse;
};

class Space {
 public:
  Space(const RuleBase& rb, std::vector<std::vector<Value>> classes) : rb_(rb), classes_(std::move(classes)) {
    for (const auto& c : classes_) {
      first_var_.push_back(variables_);
      int bits = 0;
      while ((size_t{1} << bits) < c.size()) ++bits;
      bits_.push_back(bits);
      variables_ += bits;
    }
  }
  int variables() const { return variables_; }

  void build() {
    universe_ = bddtrue;
    for (FactId q = 0; q < rb_.question_count; ++q) universe_ &= domain(q);
    cond_.assign(rb_.conds.size(), std::nullopt);
    fact_.assign(rb_.facts.size(), std::nullopt);
    answers_only_.assign(rb_.conds.size(), std::nullopt);
    fires_.resize(rb_.rules.size());
    for (size_t r = 0; r < rb_.rules.size(); ++r) fires_[r] = cond(rb_.rules[r].when).t;
  }

  /// The class c of question q.
  bdd is_class(FactId q, size_t c) const {
    bdd out = bddtrue;
    for (int b = 0; b < bits_[static_cast<size_t>(q)]; ++b) {
      const bdd v = bdd_ithvar(first_var_[static_cast<size_t>(q)] + b);
      out &= (c >> b) & 1 ? v : !v;
    }
    return out;
  }
  /// The classes that exist (with 3 classes, 2 bits would also allow a fourth).
  bdd domain(FactId q) const {
    bdd out = bddfalse;
    for (size_t c = 0; c < classes_[static_cast<size_t>(q)].size(); ++c) out |= is_class(q, c);
    return out;
  }
  const bdd& universe() const { return universe_; }
  const bdd& fires(RuleId r) const { return fires_[static_cast<size_t>(r)]; }

  /// Where the evaluator decides condition c true, and where false.
  const Tri& cond(CondId c) {
    auto& slot = cond_[static_cast<size_t>(c)];
    if (slot) return *slot;
    const CondNode& n = rb_.conds[static_cast<size_t>(c)];
    Tri out;
    switch (n.kind) {
      case CondKind::always: out.t = bddtrue; break;
      case CondKind::compare: {
        if (rb_.is_question(n.fact)) {
          const bdd holds = holds_for_classes(n);
          const CondId gate = rb_.facts[static_cast<size_t>(n.fact)].ask_when;
          const bdd open = gate == kNoCond ? bddtrue : cond(gate).t;
          out.t = open & holds;
          out.f = open & !holds;
        } else {
          const Tri& d = fact(n.fact);  // t: the fact is yes; f: it is no
          const bool yes_holds = comparison_holds(rb_, n, kYes), no_holds = comparison_holds(rb_, n, kNo);
          out.t = (yes_holds ? d.t : bddfalse) | (no_holds ? d.f : bddfalse);
          out.f = (yes_holds ? bddfalse : d.t) | (no_holds ? bddfalse : d.f);
        }
        break;
      }
      case CondKind::all:
      case CondKind::any:
      case CondKind::negation: out = combine(n, [&](CondId child) { return cond(child); }); break;
    }
    slot = out;
    return *slot;
  }

  /// Where a condition is false on the answers alone (derived facts unknown, gates not applied):
  /// the test by which verify merges classes of a question whose ask_when is false.
  const Tri& on_answers(CondId c) {
    auto& slot = answers_only_[static_cast<size_t>(c)];
    if (slot) return *slot;
    const CondNode& n = rb_.conds[static_cast<size_t>(c)];
    Tri out;
    switch (n.kind) {
      case CondKind::always: out.t = bddtrue; break;
      case CondKind::compare:
        if (rb_.is_question(n.fact)) {
          out.t = holds_for_classes(n);
          out.f = !out.t;
        }
        break;
      case CondKind::all:
      case CondKind::any:
      case CondKind::negation: out = combine(n, [&](CondId child) { return on_answers(child); }); break;
    }
    slot = out;
    return *slot;
  }

  /// all / any / not of the children's diagrams, in three-valued logic.
  template <typename Child>
  Tri combine(const CondNode& n, Child child) {
    Tri out;
    if (n.kind == CondKind::negation) {
      const Tri c = child(rb_.cond_children[n.first]);
      out.t = c.f;
      out.f = c.t;
      return out;
    }
    const bool all = n.kind == CondKind::all;
    out.t = all ? bddtrue : bddfalse;
    out.f = all ? bddfalse : bddtrue;
    for (std::uint32_t k = 0; k < n.count; ++k) {
      const Tri c = child(rb_.cond_children[n.first + k]);
      out.t = all ? out.t & c.t : out.t | c.t;
      out.f = all ? out.f | c.f : out.f & c.f;
    }
    return out;
  }

  /// One point of f (a satisfiable diagram) as answers: every question given one of its classes.
  std::vector<Value> point(const bdd& f) const {
    const bdd cube = bdd_fullsatone(f);
    std::vector<Value> answers(static_cast<size_t>(rb_.question_count), kUnknown);
    for (FactId q = 0; q < rb_.question_count; ++q) {
      size_t c = 0;
      for (int b = 0; b < bits_[static_cast<size_t>(q)]; ++b)
        if ((cube & bdd_ithvar(first_var_[static_cast<size_t>(q)] + b)) != bddfalse) c |= size_t{1} << b;
      answers[static_cast<size_t>(q)] = classes_[static_cast<size_t>(q)][std::min(c, classes_[static_cast<size_t>(q)].size() - 1)];
    }
    return answers;
  }
  /// The point of these answers (to leave it out when looking for another).
  bdd cube_of(const std::vector<Value>& answers) const {
    bdd out = bddtrue;
    for (FactId q = 0; q < rb_.question_count; ++q) {
      const auto& cls = classes_[static_cast<size_t>(q)];
      const auto it = std::find(cls.begin(), cls.end(), answers[static_cast<size_t>(q)]);
      out &= is_class(q, static_cast<size_t>(it - cls.begin()));
    }
    return out;
  }
  /// The number of points of f over the questions' variables (BuDDy counts every variable it
  /// declared, and it declares at least one).
  std::uint64_t count(const bdd& f) const {
    return static_cast<std::uint64_t>(std::llround(std::ldexp(bdd_satcount(f), variables_ - bdd_varnum())));
  }
  int bits(FactId q) const { return bits_[static_cast<size_t>(q)]; }

 private:
  bdd holds_for_classes(const CondNode& n) const {
    bdd out = bddfalse;
    const auto& cls = classes_[static_cast<size_t>(n.fact)];
    for (size_t c = 0; c < cls.size(); ++c)
      if (comparison_holds(rb_, n, cls[c])) out |= is_class(n.fact, c);
    return out;
  }
  const Tri& fact(FactId f) {
    auto& slot = fact_[static_cast<size_t>(f)];
    if (slot) return *slot;
    Tri out;
    out.f = bddtrue;  // a derived fact nothing can set is no
    for (RuleId s : rb_.setters[static_cast<size_t>(f)]) {
      const Tri& w = cond(rb_.rules[static_cast<size_t>(s)].when);
      out.t |= w.t;
      out.f &= w.f;
    }
    slot = out;
    return *slot;
  }

  const RuleBase& rb_;
  std::vector<std::vector<Value>> classes_;
  std::vector<int> first_var_, bits_;
  int variables_ = 0;
  bdd universe_;
  std::vector<std::optional<Tri>> cond_, fact_, answers_only_;
  std::vector<bdd> fires_;
};

/// Where the disposition is at least level l.
bdd at_least(const RuleBase& rb, const Space& s, Level l) {
  if (rb.default_level != kNoLevel && rb.default_level >= l) return bddtrue;  // where every case starts
  bdd out = bddfalse;
  for (size_t r = 0; r < rb.rules.size(); ++r)
    if (rb.rules[r].disposition != kNoLevel && rb.rules[r].disposition >= l) out |= s.fires(static_cast<RuleId>(r));
  return out;
}
bdd any_of(const Space& s, std::span<const std::int32_t> rules) {
  bdd out = bddfalse;
  for (RuleId r : rules) out |= s.fires(r);
  return out;
}

/// Where an expectation invariant is broken (within the classes where its `when` holds).
bdd broken(const RuleBase& rb, Space& s, const Invariant& inv) {
  bdd bad = bddfalse;
  if (inv.has_disposition) bad |= !at_least(rb, s, 0);
  if (inv.at_least != kNoLevel) bad |= !at_least(rb, s, inv.at_least);
  if (inv.at_most != kNoLevel) bad |= at_least(rb, s, inv.at_most + 1);
  const auto shown = [&](OptionId o) {
    return any_of(s, rb.recommended_by[static_cast<size_t>(o)]) & !any_of(s, rb.avoided_by[static_cast<size_t>(o)]);
  };
  for (OptionId o : inv.not_recommended) bad |= shown(o);
  for (OptionId o : inv.recommended) bad |= !shown(o);
  for (OptionId o : inv.avoided) bad |= !any_of(s, rb.avoided_by[static_cast<size_t>(o)]);
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
    return static_cast<std::uint64_t>(std::llround(static_cast<double>(space.count(f)) / per_point));
  };
  for (size_t step = 0; step + 1 < order.size(); ++step) {
    const Value from = order[step], to = order[step + 1];
    const bdd low = space.is_class(q, static_cast<size_t>(from)), high = space.is_class(q, static_cast<size_t>(to));
    bdd lower = bddfalse;  // where some level is reached with the lower answer and lost with the higher
    for (Level l = 0; l <= rb.top_level(); ++l) {
      const bdd reached = at_least(rb, space, l);
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
  VerifyReport report;
  const auto classes = answer_classes(rb);
  report.combinations = 1;
  for (const auto& c : classes) {
    report.classes_per_question.push_back(c.size());
    const double next = static_cast<double>(report.combinations) * static_cast<double>(c.size());
    report.combinations = next > 1.8e19 ? UINT64_MAX : report.combinations * c.size();
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
  for (size_t i = 0; i < ni && !g_bdd_failed; ++i) {
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
  for (FactId q = 0; q < rb.question_count && !g_bdd_failed; ++q) {
    if (!rb.facts[static_cast<size_t>(q)].accepts_unsure) continue;
    InvariantResult res;
    res.question = q;
    if (!check_order(rb, space, ev, q, res, options.max_examples, report.internal_error)) return report;
    report.unsure_order.push_back(std::move(res));
  }
  if (g_bdd_failed) {
    report.too_large = true;
    report.results.clear();
    report.unsure_order.clear();
  }
  return report;
}

}  // namespace backtriage
