// `rules verify`: every invariant of the rule base proved on every equivalence class of complete
// answers (answer_space.hpp), symbolically (binary decision diagrams), with counterexamples as
// ready-to-run commands. Not reentrant: one verify at a time per process (BuDDy's node table).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audit/class_count.hpp"
#include "model/model.hpp"

namespace backtriage {

struct VerifyOptions {
  size_t max_examples = 3;             // counterexamples kept per invariant
  std::uint64_t max_nodes = 4'000'000;  // decision-diagram nodes (about 20 bytes each) before giving up
};

struct Counterexample {
  std::vector<Value> answers;
  std::vector<Value> other;  // monotone and unsure order: the same answers, one question's a step higher
  std::string problem;       // what went wrong, in words
};

struct InvariantResult {
  std::int32_t invariant = -1;   // or, for the built-in order of unsure, -1 and the question
  FactId question = -1;
  ClassCount applied = 0;     // classes in which its `when` held (pairs, for monotone)
  ClassCount violations = 0;
  std::vector<Counterexample> examples;
};

struct VerifyReport {
  bool too_large = false;                   // the diagrams outgrew max_nodes
  std::string internal_error;               // the symbolic check and the evaluator disagreed
  ClassCount combinations = 0;              // all combinations of answer classes
  ClassCount cases = 0;                     // distinct ones evaluated: a class of a question whose
                                            // ask_when is false duplicates its first class
  std::vector<size_t> classes_per_question;
  std::vector<InvariantResult> results;     // one per invariant, in order
  std::vector<InvariantResult> unsure_order;  // one per question accepting unsure: no <= unsure <= yes
  bool ok() const;
};

VerifyReport verify(const RuleBase& rb, const VerifyOptions& options = {});

class Evaluator;
struct Result;
/// What is wrong with an evaluated case for an expectation invariant (in words), or "" when it holds.
std::string check_expectation(const RuleBase& rb, const Invariant& inv, const Evaluator& ev, const Result& r);

}  // namespace backtriage
