// Recording into the person's own answers file: only answers change, where they stand.
#include <doctest/doctest.h>

#include "io/answers.hpp"
#include "test_support.hpp"

namespace backtriage {
namespace {

const RuleBase& shipped() {
  static const RuleBase rb = test::load_dir("rules");
  return rb;
}

std::pair<FactId, Value> answer(const char* id, const char* text) {
  const RuleBase& rb = shipped();
  const auto q = rb.find_fact(id);
  REQUIRE(q.has_value());
  const ParsedValue v = parse_value(rb, *q, text);
  REQUIRE(v.ok);
  return {*q, v.value};
}

std::string updated(std::string_view text, std::vector<std::pair<FactId, Value>> answers) {
  const auto out = update_answers_text(shipped(), "answers.yaml", text, answers);
  REQUIRE_MESSAGE(out.has_value(), text);
  return *out;
}

TEST_CASE("unchanged answers leave the text byte for byte, whatever their spelling") {
  const std::string text = "# mine\nsaddle_numbness: N   # twice\nfever: 'no'\n\npain_score: 3\n";
  CHECK(updated(text, {answer("saddle_numbness", "no"), answer("fever", "n"), answer("pain_score", "3")}) == text);
}

TEST_CASE("a changed answer is replaced where it stands, keeping its quotes and its comment") {
  CHECK(updated("fever: 'no'  # checked\npain_score: 3\n", {answer("fever", "yes")}) ==
        "fever: 'yes'  # checked\npain_score: 3\n");
  CHECK(updated("pain_score: 3 # today\n", {answer("pain_score", "10")}) == "pain_score: 10 # today\n");
  CHECK(updated("fever: \"no\"\n", {answer("fever", "yes")}) == "fever: \"yes\"\n");
}

TEST_CASE("new answers are appended in the file's own style") {
  CHECK(updated("# mine\nfever: no", {answer("fever", "no"), answer("pain_score", "4")}) ==
        "# mine\nfever: no\npain_score: 4\n");
  CHECK(updated("{\"fever\": \"no\"}\n", {answer("numbness", "yes"), answer("pain_score", "4")}) ==
        "{\"fever\": \"no\",\n \"numbness\": \"yes\",\n \"pain_score\": 4}\n");
  CHECK(updated("{}\n", {answer("numbness", "yes")}) == "{\n \"numbness\": \"yes\"}\n");
}

TEST_CASE("a JSON answer is replaced as JSON") {
  CHECK(updated("{\"fever\": \"no\", \"pain_score\": 3}", {answer("fever", "yes"), answer("pain_score", "7")}) ==
        "{\"fever\": \"yes\", \"pain_score\": 7}");
}

TEST_CASE("answers that are not given stay in the file") {
  const std::string out = updated("has_massage_gun: yes  # the blue one\nfever: no\n", {answer("fever", "yes")});
  CHECK(out == "has_massage_gun: yes  # the blue one\nfever: yes\n");
}

TEST_CASE("a byte order mark stays, and does not shift the edits of the first line") {
  CHECK(updated("\xEF\xBB\xBF" "fever: no\n", {answer("fever", "yes"), answer("pain_score", "2")}) ==
        "\xEF\xBB\xBF" "fever: yes\npain_score: 2\n");
  CHECK(updated("\xEF\xBB\xBF{\"fever\": \"no\"}", {answer("numbness", "no")}) ==
        "\xEF\xBB\xBF{\"fever\": \"no\",\n \"numbness\": \"no\"}");
}

TEST_CASE("a layout that cannot be edited safely gives nothing rather than a wrong file") {
  const RuleBase& rb = shipped();
  // The value on its own line: replacing it in place would be wrong, and the read-back says so
  // or the edit lands right; either way no file with other answers changed comes out.
  for (const char* text : {"pain_score:\n  3\nfever: no\n", "pain_score: >\n  3\n", "fever: no\nbogus: 1\n",
                           "- not a map\n", "fever: [no]\n"}) {
    CAPTURE(text);
    const auto out = update_answers_text(rb, "answers.yaml", text, {answer("pain_score", "5")});
    if (!out) continue;
    Diagnostics diags;
    const auto root = yaml::parse("answers.yaml", *out, diags);
    REQUIRE(root.has_value());
    const auto values = read_answer_map(*root, rb, diags);
    REQUIRE(values.has_value());
    CHECK((*values)[static_cast<size_t>(*rb.find_fact("pain_score"))] == 5);
  }
}

}  // namespace
}  // namespace backtriage
