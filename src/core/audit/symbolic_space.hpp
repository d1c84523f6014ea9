// The answer space as binary decision diagrams (BuDDy): every equivalence class of answers
// (answer_space.hpp) is a point of a boolean space, and where the evaluator decides a condition,
// fires a rule or sets a fact is a diagram built from the rules, so that a question about all
// classes (is an invariant ever broken? can these two rules fire together?) is answered at once,
// in time that follows the rules' structure rather than the size of the space.
//
// The encoding follows the evaluator exactly (tests/unit/verify_test.cpp compares it with an
// enumeration of every class on the shipped rules and on random rule bases):
//  - each question with k classes has ceil(log2 k) variables; class c is their binary value;
//  - a condition is true or false or unknown, so it has two diagrams, T (true) and F (false);
//  - a question's answer counts only where its ask_when is true (T of the gate), else unknown;
//  - a derived fact is yes where some rule setting it fires (T of its condition), no where every
//    one of them fails (F), unknown elsewhere (derived facts are acyclic: rules check).
// Users run what a diagram says through the real evaluator before they report it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#define CPLUSPLUS  // BuDDy's C++ interface (bdd with operators)
#include <bdd.h>
#undef CPLUSPLUS

#include "audit/class_count.hpp"
#include "model/model.hpp"

namespace backtriage {

/// BuDDy's one global node table, for one analysis: started and stopped with it (not reentrant,
/// one thread). Errors (the node limit above all) are only noted: failed() says the analysis
/// outgrew max_nodes and its diagrams are not to be trusted.
class BddPackage {
 public:
  BddPackage(int variables, int max_nodes);
  ~BddPackage();
  BddPackage(const BddPackage&) = delete;
  BddPackage& operator=(const BddPackage&) = delete;
  static bool failed();
};

/// A condition's two diagrams: where it is true and where it is false (unknown: neither).
struct Tri {
  bdd t = bddfalse;
  bdd f = bddfalse;
};

/// Start a BddPackage of variables_needed() variables, construct, then build().
class Space {
 public:
  Space(const RuleBase& rb, std::vector<std::vector<Value>> classes);
  /// The same, question q's variables from first_var[q] on, out of `variables` in all: two rule
  /// bases laid out on shared variables answer about one space (rules diff).
  Space(const RuleBase& rb, std::vector<std::vector<Value>> classes, std::vector<int> first_var, int variables);
  static int variables_needed(const std::vector<std::vector<Value>>& classes);
  int variables() const { return variables_; }
  void build();

  /// The class c of question q.
  bdd is_class(FactId q, size_t c) const;
  /// The classes that exist (with 3 classes, 2 bits would also allow a fourth).
  bdd domain(FactId q) const;
  /// Every point that is a combination of existing classes.
  const bdd& universe() const { return universe_; }
  /// Where rule r fires.
  const bdd& fires(RuleId r) const { return fires_[static_cast<size_t>(r)]; }
  /// Where some of these rules fires (an option's recommenders or avoiders).
  bdd any_fires(std::span<const std::int32_t> rules) const;
  /// Where the disposition is at least level l: the default is, or some rule concluding l or
  /// higher fires (l = 0: some disposition is reached).
  bdd disposition_at_least(Level l) const;
  /// Where the evaluator decides condition c true, and where false.
  const Tri& cond(CondId c);
  /// Where a condition is true or false on the answers alone (derived facts unknown, gates not
  /// applied): the test by which verify merges classes of a question whose ask_when is false.
  const Tri& on_answers(CondId c);

  /// One point of f (a satisfiable diagram) as answers: every question given one of its classes.
  std::vector<Value> point(const bdd& f) const;
  /// The answers at a point given as the value of every variable.
  std::vector<Value> point_at(const std::vector<char>& values) const;
  /// One point of f (a satisfiable diagram) as the value, 0 or 1, of every variable.
  std::vector<char> assignment(const bdd& f) const;
  /// Whether f holds at that point: a walk down f, no diagram built (a quick test before an
  /// operation that builds one).
  static bool holds_at(const bdd& f, const std::vector<char>& values);
  /// The points of these answers, every class of an unanswered question (to leave them out when
  /// looking for another).
  bdd cube_of(const std::vector<Value>& answers) const;
  /// The number of points of f over the questions' variables.
  ClassCount count(const bdd& f) const;
  int bits(FactId q) const { return bits_[static_cast<size_t>(q)]; }

 private:
  template <typename Child>
  Tri combine(const CondNode& n, Child child);
  bdd holds_for_classes(const CondNode& n) const;
  const Tri& fact(FactId f);

  const RuleBase& rb_;
  std::vector<std::vector<Value>> classes_;
  std::vector<int> first_var_, bits_;
  int variables_ = 0;
  bdd universe_;
  std::vector<std::optional<Tri>> cond_, fact_, answers_only_;
  std::vector<bdd> fires_;
};

}  // namespace backtriage
