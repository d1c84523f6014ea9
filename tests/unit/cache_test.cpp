// The compiled rule-base cache: a faithful round trip, and nothing damaged is ever accepted.
#include <doctest/doctest.h>

#include "cache.hpp"
#include "evaluator.hpp"
#include "test_support.hpp"

using namespace backtriage;

TEST_SUITE("cache") {
TEST_CASE("a serialized rule base reads back identical and evaluates the same") {
  const RuleBase rb = test::load_dir("rules");
  const std::string bytes = serialize_rule_base(rb);
  const auto back = deserialize_rule_base(bytes);
  REQUIRE(back.has_value());
  CHECK(serialize_rule_base(*back) == bytes);
  CHECK(back->find_rule("saddle_numbness_emergency") == rb.find_rule("saddle_numbness_emergency"));
  Evaluator a(rb), b(*back);
  std::vector<Value> answers(static_cast<size_t>(rb.question_count), kNo);
  answers[static_cast<size_t>(*rb.find_fact("pain_score"))] = 8;
  answers[static_cast<size_t>(*rb.find_fact("days_since_onset"))] = 2;
  CHECK(a.evaluate(answers).disposition == b.evaluate(answers).disposition);
  CHECK(a.result().recommended == b.result().recommended);
}

TEST_CASE("a truncated or altered cache is refused, never half-read") {
  const RuleBase rb = test::load_dir("docs/examples/tiny");
  const std::string bytes = serialize_rule_base(rb);
  for (size_t n = 0; n < bytes.size(); n += 7) CHECK_FALSE(deserialize_rule_base(bytes.substr(0, n)).has_value());
  for (size_t i = 0; i < bytes.size(); i += 5) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    CAPTURE(i);
    CHECK_FALSE(deserialize_rule_base(bad).has_value());
  }
  CHECK_FALSE(deserialize_rule_base(bytes + "x").has_value());
}

TEST_CASE("a cache with a correct checksum but an id out of range is refused") {
  RuleBase rb = test::load_dir("docs/examples/tiny");
  rb.rules[0].when = 100000;
  CHECK_FALSE(deserialize_rule_base(serialize_rule_base(rb)).has_value());
  RuleBase other = test::load_dir("docs/examples/tiny");
  other.readers.items.push_back(0);  // start no longer matches items
  CHECK_FALSE(deserialize_rule_base(serialize_rule_base(other)).has_value());
}

TEST_CASE("the cache key changes with any byte of any file, its name, or the program version") {
  const std::vector<std::pair<std::string, std::string>> files = {{"a.yaml", "x: 1\n"}, {"b.yaml", "y: 2\n"}};
  const auto key = rule_files_key(files, "1");
  CHECK(rule_files_key(files, "2") != key);
  auto renamed = files;
  renamed[0].first = "c.yaml";
  CHECK(rule_files_key(renamed, "1") != key);
  auto edited = files;
  edited[1].second = "y: 3\n";
  CHECK(rule_files_key(edited, "1") != key);
  CHECK(rule_files_key(files, "1") == key);
}
}
