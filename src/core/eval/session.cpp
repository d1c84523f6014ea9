// Session: the evaluator driven one answer at a time, with undo by replay.
#include "eval/session.hpp"

#include <fmt/format.h>

namespace backtriage {

Session::Session(const RuleBase& rb) : rb_(rb), evaluator_(rb) {}

std::optional<FactId> Session::next_question() const {
  // The finished result lists the questions still needed in question order, and none once an
  // emergency has stopped the questionnaire (asking more would only delay the instruction).
  const auto& missing = evaluator_.result().missing;
  if (missing.empty()) return std::nullopt;
  return missing.front();
}

size_t Session::questions_left_at_most() const { return evaluator_.needed_question_count(); }

void Session::answer(FactId question, Value value) {
  if (question < 0 || question >= rb_.question_count)
    throw Error(fmt::format("no question with id {}", question), ErrorKind::bad_input);
  const Fact& q = rb_.facts[static_cast<size_t>(question)];
  if (evaluator_.value(question) != kUnknown)
    throw Error(fmt::format("'{}' is already answered", q.id), ErrorKind::bad_input);
  if (value == kUnknown || value < q.min || value > q.max)
    throw Error(fmt::format("{} is not an accepted answer to '{}'", value, q.id), ErrorKind::bad_input);
  answers_.emplace_back(question, value);
  evaluator_.answer(question, value);
}

bool Session::back() {
  if (answers_.empty()) return false;
  answers_.pop_back();
  // Replaying is simpler than un-firing rules, and costs microseconds for a questionnaire.
  evaluator_.reset();
  for (const auto& [q, v] : answers_) evaluator_.answer(q, v);
  return true;
}

}  // namespace backtriage
