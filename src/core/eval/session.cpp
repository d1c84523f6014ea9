// Session: the evaluator driven one prompt at a time, with undo by replay.
#include "eval/session.hpp"

#include <algorithm>

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

std::optional<Prompt> next_prompt(const RuleBase& rb, const Result& result, bool with_checklists) {
  // The finished result lists the questions still needed in question order, and none once an
  // emergency has stopped the questionnaire.
  const auto& missing = result.missing;
  if (missing.empty()) return std::nullopt;
  const FactId first = missing.front();
  Prompt p;
  const std::int32_t list = rb.checklist_of.empty() ? -1 : rb.checklist_of[static_cast<size_t>(first)];
  if (with_checklists && list >= 0) {
    for (FactId m : rb.checklists[static_cast<size_t>(list)].members)
      if (std::find(missing.begin(), missing.end(), m) != missing.end()) p.questions.push_back(m);
    if (p.questions.size() >= 2) {
      p.checklist = list;
      return p;
    }
    p.questions.clear();
  }
  p.questions.push_back(first);
  return p;
}

std::optional<Prompt> Session::next_prompt(bool with_checklists) const {
  return backtriage::next_prompt(rb_, evaluator_.result(), with_checklists);
}

size_t Session::questions_left_at_most() const { return evaluator_.needed_question_count(); }

size_t Session::prompts_left_at_most(bool with_checklists) const {
  const std::vector<FactId> needed = evaluator_.needed_questions();
  if (!with_checklists || rb_.checklists.empty()) return needed.size();
  std::vector<char> counted(rb_.checklists.size(), 0);
  size_t n = 0;
  for (FactId q : needed) {
    const std::int32_t list = rb_.checklist_of[static_cast<size_t>(q)];
    const Fact& f = rb_.facts[static_cast<size_t>(q)];
    // A member behind a gate that is still open to question may come up in a later prompt.
    const bool waits = f.ask_when != kNoCond && evaluator_.eval(f.ask_when) != Truth::yes;
    if (list < 0 || waits) {
      ++n;
    } else if (!counted[static_cast<size_t>(list)]) {
      counted[static_cast<size_t>(list)] = 1;
      ++n;
    }
  }
  return n;
}

void Session::check_answer(FactId question, Value value) const {
  if (question < 0 || question >= rb_.question_count)
    throw Error(fmt::format("no question with id {}", question), ErrorKind::bad_input);
  const Fact& q = rb_.facts[static_cast<size_t>(question)];
  if (evaluator_.value(question) != kUnknown)
    throw Error(fmt::format("'{}' is already answered", q.id), ErrorKind::bad_input);
  if (value == kUnknown || value < q.min || value > q.max)
    throw Error(fmt::format("{} is not an accepted answer to '{}'", value, q.id), ErrorKind::bad_input);
}

void Session::answer(FactId question, Value value) {
  check_answer(question, value);
  answers_.emplace_back(question, value);
  step_ends_.push_back(answers_.size());
  evaluator_.answer(question, value);
}

void Session::answer_all(std::span<const std::pair<FactId, Value>> answers) {
  if (answers.empty()) return;
  for (size_t i = 0; i < answers.size(); ++i) {
    check_answer(answers[i].first, answers[i].second);
    for (size_t j = 0; j < i; ++j)
      if (answers[j].first == answers[i].first)
        throw Error(fmt::format("'{}' is answered twice", rb_.facts[static_cast<size_t>(answers[i].first)].id),
                    ErrorKind::bad_input);
  }
  // Every member is recorded even when an earlier one stops the questionnaire: the person
  // answered them all, and the record says what they said.
  for (const auto& [q, v] : answers) {
    answers_.emplace_back(q, v);
    evaluator_.answer(q, v);
  }
  step_ends_.push_back(answers_.size());
}

std::span<const std::pair<FactId, Value>> Session::last_step() const {
  if (step_ends_.empty()) return {};
  const size_t begin = step_ends_.size() >= 2 ? step_ends_[step_ends_.size() - 2] : 0;
  return {answers_.data() + begin, answers_.data() + step_ends_.back()};
}

bool Session::back() {
  if (step_ends_.empty()) return false;
  step_ends_.pop_back();
  answers_.resize(step_ends_.empty() ? 0 : step_ends_.back());
  // Replaying is simpler than un-firing rules, and costs microseconds for a questionnaire.
  evaluator_.reset();
  for (const auto& [q, v] : answers_) evaluator_.answer(q, v);
  return true;
}

}  // namespace backtriage
