// The questionnaire without I/O: yields the next prompt (a question, or a checklist of questions
// asked together), takes answers, takes them back a prompt at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "eval/evaluator.hpp"

namespace backtriage {

/// One thing to ask: a single question, or the members of a checklist that can still change the
/// result, listed together under the checklist's lead.
struct Prompt {
  std::int32_t checklist = -1;    // index in RuleBase::checklists, or -1 for a plain question
  std::vector<FactId> questions;  // the question; or the listed members, in the checklist's order
};

/// The next prompt of a finished result: its first missing question, or (with_checklists) that
/// question's checklist members still missing when two or more are. Nothing when none is missing.
std::optional<Prompt> next_prompt(const RuleBase& rb, const Result& result, bool with_checklists = true);

class Session {
 public:
  explicit Session(const RuleBase& rb);

  /// The next question whose answer can still change the result, or nothing when done.
  std::optional<FactId> next_question() const;
  /// The next prompt: the next question, or (with_checklists) its checklist's members that are
  /// still relevant when two or more are; a checklist with one relevant member left is a plain
  /// question. Nothing when done.
  std::optional<Prompt> next_prompt(bool with_checklists = true) const;
  /// How many questions may still be asked at most (answers only ever rule questions out).
  size_t questions_left_at_most() const;
  /// How many prompts may still come at most: each checklist counts once for its members that
  /// can be asked now, and a member still waiting for its ask_when counts on its own.
  size_t prompts_left_at_most(bool with_checklists = true) const;
  /// Records an answer to an unanswered question and chains forward; throws Error otherwise.
  void answer(FactId question, Value value);
  /// Records the answers to one prompt as one step (back takes them all back); each question
  /// unanswered and answered once. Throws Error, recording none, when one is not acceptable.
  void answer_all(std::span<const std::pair<FactId, Value>> answers);
  /// Takes back the last step (one answer, or a checklist's answers); false when there is none.
  bool back();

  const Result& result() const { return evaluator_.result(); }
  const Evaluator& evaluator() const { return evaluator_; }
  const std::vector<std::pair<FactId, Value>>& answers() const { return answers_; }
  /// How many steps were taken: answers given one by one, and checklists answered whole.
  size_t steps() const { return step_ends_.size(); }
  /// The answers of the last step.
  std::span<const std::pair<FactId, Value>> last_step() const;

 private:
  void check_answer(FactId question, Value value) const;

  const RuleBase& rb_;
  Evaluator evaluator_;
  std::vector<std::pair<FactId, Value>> answers_;
  std::vector<size_t> step_ends_;  // answers_.size() after each step
};

}  // namespace backtriage
