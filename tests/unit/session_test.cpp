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
}
