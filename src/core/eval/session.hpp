// The questionnaire without I/O: yields the next question, takes answers, takes them back.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "eval/evaluator.hpp"

namespace backtriage {

class Session {
 public:
  explicit Session(const RuleBase& rb);

  /// The next question whose answer can still change the result, or nothing when done.
  std::optional<FactId> next_question() const;
  /// How many questions may still be asked at most (answers only ever rule questions out).
  size_t questions_left_at_most() const;
  /// Records an answer to an unanswered question and chains forward; throws Error otherwise.
  void answer(FactId question, Value value);
  /// Takes back the last answer; false when there is none.
  bool back();

  const Result& result() const { return evaluator_.result(); }
  const Evaluator& evaluator() const { return evaluator_; }
  const std::vector<std::pair<FactId, Value>>& answers() const { return answers_; }

 private:
  const RuleBase& rb_;
  Evaluator evaluator_;
  std::vector<std::pair<FactId, Value>> answers_;
};

}  // namespace backtriage
