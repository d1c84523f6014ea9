// The questionnaire without I/O: question order, the emergency stop, taking answers back.
#include <doctest/doctest.h>

#include "eval/session.hpp"
#include "test_support.hpp"

using namespace backtriage;
using test::load_dir;
using test::names;

namespace {
std::string next_id(const RuleBase& rb, const Session& s) {
  const auto q = s.next_question();
  return q ? rb.facts[static_cast<size_t>(*q)].id : std::string("(done)");
}
void say(const RuleBase& rb, Session& s, const char* id, const char* text) {
  const FactId q = *rb.find_fact(id);
  s.answer(q, parse_value(rb, q, text).value);
}
}  // namespace

TEST_SUITE("session") {
TEST_CASE("questions come in declared order, skipping those that cannot change the result") {
  const RuleBase rb = load_dir("docs/examples/tiny");
  Session s(rb);
  CHECK(next_id(rb, s) == "saddle_numbness");
  CHECK(s.questions_left_at_most() == 5);
  say(rb, s, "saddle_numbness", "no");
  CHECK(next_id(rb, s) == "pain_score");
  say(rb, s, "pain_score", "3");
  CHECK(next_id(rb, s) == "side");
  say(rb, s, "side", "both");
  CHECK(next_id(rb, s) == "days_since_onset");
  say(rb, s, "days_since_onset", "10");
  // The gate of cold_makes_stiffer is closed: nothing is left to ask.
  CHECK(next_id(rb, s) == "(done)");
  const Result& r = s.result();
  CHECK(r.complete);
  CHECK(rb.dispositions[static_cast<size_t>(r.disposition)].id == "self_care");
  CHECK(r.recommended.empty());
}

TEST_CASE("the emergency red flag ends the questionnaire at once") {
  const RuleBase rb = load_dir("docs/examples/tiny");
  Session s(rb);
  say(rb, s, "saddle_numbness", "yes");
  CHECK(next_id(rb, s) == "(done)");
  CHECK(s.questions_left_at_most() == 0);
  const Result& r = s.result();
  CHECK(r.stopped);
  CHECK(r.complete);
  CHECK(rb.dispositions[static_cast<size_t>(r.disposition)].id == "emergency");
  CHECK(names(r.red_flags, rb.rules) == std::vector<std::string>{"saddle_numbness_emergency"});
}

TEST_CASE("back takes the last answer back, as if it had never been given") {
  const RuleBase rb = load_dir("docs/examples/tiny");
  Session s(rb);
  CHECK_FALSE(s.back());
  say(rb, s, "saddle_numbness", "no");
  say(rb, s, "pain_score", "9");
  CHECK(rb.dispositions[static_cast<size_t>(s.result().disposition)].id == "see_doctor");
  REQUIRE(s.back());
  CHECK(next_id(rb, s) == "pain_score");
  CHECK(s.answers().size() == 1);
  CHECK(s.result().red_flags.empty());
  say(rb, s, "pain_score", "2");
  CHECK(rb.dispositions[static_cast<size_t>(s.result().disposition)].id == "self_care");
  // Back out of an emergency too.
  Session e(rb);
  say(rb, e, "saddle_numbness", "yes");
  REQUIRE(e.back());
  CHECK(next_id(rb, e) == "saddle_numbness");
  CHECK_FALSE(e.result().stopped);
}

TEST_CASE("answering twice, or out of range, is refused") {
  const RuleBase rb = load_dir("docs/examples/tiny");
  Session s(rb);
  say(rb, s, "saddle_numbness", "no");
  CHECK_THROWS_WITH_AS(say(rb, s, "saddle_numbness", "yes"), "'saddle_numbness' is already answered", Error);
  CHECK_THROWS_AS(s.answer(*rb.find_fact("pain_score"), 11), Error);
  CHECK_THROWS_AS(s.answer(rb.question_count, 1), Error);  // a derived fact is not a question
}

TEST_CASE("a checklist comes as one prompt of its relevant members; one by one on request") {
  const RuleBase rb = load_dir("rules");
  Session s(rb);
  const auto first = s.next_prompt();
  REQUIRE(first);
  REQUIRE(first->checklist >= 0);
  const Checklist& emergency = rb.checklists[static_cast<size_t>(first->checklist)];
  CHECK(emergency.id == "emergency_signs");
  CHECK(first->questions == emergency.members);
  const auto plain = s.next_prompt(false);
  REQUIRE(plain);
  CHECK(plain->checklist == -1);
  CHECK(plain->questions == std::vector<FactId>{emergency.members.front()});
  // Each checklist counts once among the prompts left; one by one, each question counts.
  CHECK(s.prompts_left_at_most() < s.prompts_left_at_most(false));
  CHECK(s.prompts_left_at_most(false) == s.questions_left_at_most());
}

TEST_CASE("a checklist answered whole is one step: back takes every member back") {
  const RuleBase rb = load_dir("rules");
  Session s(rb);
  const Prompt list = *s.next_prompt();
  std::vector<std::pair<FactId, Value>> none;
  for (FactId q : list.questions) none.emplace_back(q, kNo);
  s.answer_all(none);
  CHECK(s.answers().size() == list.questions.size());
  CHECK(s.steps() == 1);
  CHECK(s.last_step().size() == list.questions.size());
  const auto second = s.next_prompt();
  REQUIRE(second);
  CHECK(rb.checklists[static_cast<size_t>(second->checklist)].id == "serious_cause_signs");
  REQUIRE(s.back());
  CHECK(s.answers().empty());
  CHECK(s.steps() == 0);
  CHECK(s.next_prompt()->questions == list.questions);
}

TEST_CASE("a ticked emergency item ends the questionnaire, and every member keeps its answer") {
  const RuleBase rb = load_dir("rules");
  Session s(rb);
  const Prompt list = *s.next_prompt();
  std::vector<std::pair<FactId, Value>> answers;
  for (FactId q : list.questions) answers.emplace_back(q, q == *rb.find_fact("chest_pain") ? kYes : kNo);
  s.answer_all(answers);
  CHECK_FALSE(s.next_prompt());
  CHECK(s.result().stopped);
  CHECK(rb.dispositions[static_cast<size_t>(s.result().disposition)].id == "emergency");
  CHECK(s.answers() == answers);
}

TEST_CASE("members that can no longer change the result drop out; one left is a plain question") {
  const RuleBase rb = load_dir("rules");
  Session s(rb);
  // An ordinary start: nothing on the first lists, pain 3, age 35, five days.
  for (int step = 0; step < 8; ++step) {
    const Prompt p = *s.next_prompt();
    if (p.checklist >= 0) {
      std::vector<std::pair<FactId, Value>> none;
      for (FactId q : p.questions) none.emplace_back(q, kNo);
      s.answer_all(none);
      continue;
    }
    const std::string& id = rb.facts[static_cast<size_t>(p.questions[0])].id;
    s.answer(p.questions[0], id == "pain_score" ? 3 : id == "age" ? 35 : id == "days_since_onset" ? 5 : kNo);
    if (id == "days_since_onset") break;
  }
  // Morning stiffness is asked from two weeks on: after five days it is not listed.
  const Prompt doctor = *s.next_prompt();
  REQUIRE(doctor.checklist >= 0);
  const Checklist& see_doctor = rb.checklists[static_cast<size_t>(doctor.checklist)];
  CHECK(see_doctor.id == "see_doctor_signs");
  CHECK(see_doctor.members.size() == 3);
  CHECK(names(doctor.questions, rb.facts) == std::vector<std::string>{"getting_worse", "cannot_cope"});
  // With one member left the list is a plain question.
  s.answer(*rb.find_fact("getting_worse"), kNo);
  const Prompt last = *s.next_prompt();
  CHECK(last.checklist == -1);
  CHECK(names(last.questions, rb.facts) == std::vector<std::string>{"cannot_cope"});
}

TEST_CASE("a checklist's answers are checked before any is recorded") {
  const RuleBase rb = load_dir("rules");
  Session s(rb);
  const Prompt list = *s.next_prompt();
  const std::vector<std::pair<FactId, Value>> twice{{list.questions[0], kNo}, {list.questions[0], kYes}};
  CHECK_THROWS_WITH_AS(s.answer_all(twice), "'saddle_numbness' is answered twice", Error);
  const std::vector<std::pair<FactId, Value>> bad{{list.questions[0], kNo}, {list.questions[1], 7}};
  CHECK_THROWS_AS(s.answer_all(bad), Error);
  CHECK(s.answers().empty());
  CHECK(s.steps() == 0);
}
}
