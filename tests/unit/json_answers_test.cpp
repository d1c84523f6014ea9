// One batch line of JSON answers: strict JSON, read straight into values, every refusal named.
#include <doctest/doctest.h>

#include "json_answers.hpp"
#include "test_support.hpp"

using namespace backtriage;

namespace {

const RuleBase& tiny() {
  static const RuleBase rb = test::load_dir("docs/examples/tiny");
  return rb;
}

Value answer(const JsonAnswers& a, const char* question) {
  return a.values.at(static_cast<size_t>(*tiny().find_fact(question)));
}

std::string error_of(const char* line) {
  const JsonAnswers a = parse_json_answers(line, tiny());
  CHECK_FALSE(a.ok);
  return a.error;
}

}  // namespace

TEST_SUITE("json answers") {
TEST_CASE("answers of every type are read into values; null and absent mean not answered") {
  const JsonAnswers a = parse_json_answers(
      R"({"id": "case-7", "saddle_numbness": false, "pain_score": 8, "side": "Left", "days_since_onset": null})", tiny());
  REQUIRE_MESSAGE(a.ok, a.error);
  CHECK(a.id == "\"case-7\"");
  CHECK(answer(a, "saddle_numbness") == kNo);
  CHECK(answer(a, "pain_score") == 8);
  CHECK(answer(a, "side") == 0);
  CHECK(answer(a, "days_since_onset") == kUnknown);
  CHECK(answer(a, "cold_makes_stiffer") == kUnknown);
  // Spelled as in the questionnaire, a number may also come as a string.
  const JsonAnswers b = parse_json_answers(R"({"saddle_numbness": "yes", "pain_score": "3"})", tiny());
  REQUIRE_MESSAGE(b.ok, b.error);
  CHECK(b.id.empty());
  CHECK(answer(b, "saddle_numbness") == kYes);
  CHECK(answer(b, "pain_score") == 3);
}

TEST_CASE("the id is echoed as given, whatever its JSON type, even when an answer is refused") {
  CHECK(parse_json_answers(R"({"id": 17})", tiny()).id == "17");
  CHECK(parse_json_answers(R"({"id": {"site": "A", "n": [1, {"x": null}]}})", tiny()).id ==
        R"({"n":[1,{"x":null}],"site":"A"})");
  const JsonAnswers refused = parse_json_answers(R"({"pain_score": 11, "id": ["a", true]})", tiny());
  CHECK_FALSE(refused.ok);
  CHECK(refused.id == R"(["a",true])");
  CHECK(refused.error.find("pain_score") != std::string::npos);
}

TEST_CASE("duplicate keys are refused at every level, unlike nlohmann's default of keeping the last") {
  CHECK(error_of(R"({"pain_score": 2, "pain_score": 9})") == "duplicate key 'pain_score' (each question may appear once)");
  CHECK(error_of(R"({"id": 1, "id": 2})").starts_with("duplicate key 'id'"));
  CHECK(error_of(R"({"id": {"a": 1, "a": 2}})").starts_with("duplicate key 'a'"));
  CHECK(error_of(R"({"pain_score": {"a": 1, "a": 2}})").find("is an object") != std::string::npos);
}

TEST_CASE("wrong types name the question and what it accepts") {
  CHECK(error_of(R"({"pain_score": 2.5})") == "the answer to 'pain_score' is a fractional number: expected " +
                                                   tiny().accepted_text(*tiny().find_fact("pain_score")));
  CHECK(error_of(R"({"pain_score": true})").starts_with("the answer to 'pain_score' is boolean"));
  CHECK(error_of(R"({"side": 1})").starts_with("the answer to 'side' is number"));
  CHECK(error_of(R"({"saddle_numbness": [true]})").starts_with("the answer to 'saddle_numbness' is a list"));
  CHECK(error_of(R"({"pain_score": 18446744073709551615})").find("pain_score") != std::string::npos);
  CHECK(error_of(R"({"pain_score": -1})").find("pain_score") != std::string::npos);
  CHECK(error_of(R"({"side": "up"})").find("left") != std::string::npos);
  CHECK(error_of(R"({"pain_scor": 1})") == "unknown question 'pain_scor' (did you mean 'pain_score'?)");
  CHECK(error_of(R"({"early_days": "yes"})").starts_with("unknown question 'early_days'"));  // derived, not asked
}

TEST_CASE("only one JSON object, strictly: no YAML, comments, trailing data or other top-level values") {
  for (const char* line : {"{pain_score: 1}", "{\"pain_score\": 1} x", "{\"pain_score\": 1}{}", "{\"a\": 1,}",
                           "// c\n{}", "{\"pain_score\": 01}", "{\"p\": 'x'}", "", "{\"x\": \"\\ud800\"}"})
    CHECK_MESSAGE(error_of(line).starts_with("not valid JSON"), line);
  CHECK(error_of("[1, 2]") == "expected a JSON object of question id to answer, found a list");
  CHECK(error_of("\"text\"") == "expected a JSON object of question id to answer, found string");
  CHECK(error_of("null") == "expected a JSON object of question id to answer, found null");
  CHECK(error_of("4.5") == "expected a JSON object of question id to answer, found a fractional number");
  // A syntax error later in the line wins over a refused answer before it.
  CHECK(error_of(R"({"nope": 1, )").starts_with("not valid JSON"));
  CHECK(parse_json_answers("{}", tiny()).ok);
}

TEST_CASE("the first refusal in the line is the one reported") {
  CHECK(error_of(R"({"zzz": 1, "aaa": 2})").starts_with("unknown question 'zzz'"));
}
}

TEST_SUITE("json answers") {
TEST_CASE("the fast reader gives the reference's verdict, values, id and message on every line") {
  const RuleBase& rb = tiny();
  JsonAnswerReader reader(rb);
  std::vector<std::string> lines = {
      R"({"id": "a", "saddle_numbness": "no", "pain_score": 3, "side": "both", "days_since_onset": 2, "cold_makes_stiffer": true})",
      R"({"id": -4, "pain_score": "7"})", R"({"id": 1.5e3})", R"({"id": null, "side": null})", R"({"id": false})",
      R"({"id": "\u00e9\n\u0001"})", R"({"id": {"a": [1]}})", R"({"pain_score": 9223372036854775808})",
      R"({"pain_score": 1, "pain_score": 1})", R"({"nope": 1})", R"({"side": true})", R"({"": 1})", R"({"id": 1, "": 1})", "[]", "\"x\"", "3", "null", "true",
      R"({"id": "\ud800"})", R"({"id": "\udc00"})", R"({"id": "\u00e9"})", std::string("{}\0{", 3), R"({"id": 1e400})",
      R"({"id": -0.0})", R"({"id": 1E2})", R"({"id": 0.1})", R"({"id": 123456789012345678901234567890})", "\xef\xbb\xbf{}", "{} ", " {}\t", "{}\n"};
  // Every prefix and a byte changed at every position of the first line: well formed or not,
  // the two readers must agree.
  const std::string base = lines[0];
  for (size_t i = 0; i <= base.size(); ++i) lines.push_back(base.substr(0, i));
  for (size_t i = 0; i < base.size(); ++i)
    for (const char c : {'"', '{', '1', ' ', '\\', 'x', '\x80', '\0'}) {
      std::string changed = base;
      changed[i] = c;
      lines.push_back(changed);
    }
  size_t fast = 0;
  for (const std::string& line : lines) {
    const JsonAnswers want = parse_json_answers(line, rb);
    const JsonAnswers& got = reader.read(line);
    fast += reader.last_was_fast();
    CHECK_MESSAGE(got.ok == want.ok, line);
    CHECK_MESSAGE(got.values == want.values, line);
    CHECK_MESSAGE(got.id == want.id, line);
    CHECK_MESSAGE(got.error == want.error, line);
  }
  CHECK(fast >= 6);  // the plain lines took the fast path, so the comparison is not vacuous
}
}
