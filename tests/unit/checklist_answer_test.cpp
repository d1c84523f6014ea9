// Reading a checklist answer: item numbers to one yes, no or unsure per item, never a guess.
#include <doctest/doctest.h>

#include "model/checklist_answer.hpp"
#include "test_support.hpp"

using namespace backtriage;
using test::load_dir;

namespace {
struct Fixture {
  RuleBase rb = load_dir("rules");
  // saddle_numbness takes unsure; getting_worse does not (checked below, so the cases stay honest)
  std::vector<FactId> items{*rb.find_fact("saddle_numbness"), *rb.find_fact("getting_worse"),
                            *rb.find_fact("leg_weakness")};
  std::vector<Value> values(std::string_view text) const {
    const ParsedChecklist p = parse_checklist_answer(rb, items, text);
    REQUIRE_MESSAGE(p.ok, p.error);
    std::vector<Value> out;
    for (size_t i = 0; i < p.answers.size(); ++i) {
      CHECK(p.answers[i].first == items[i]);
      out.push_back(p.answers[i].second);
    }
    return out;
  }
  std::string error(std::string_view text) const {
    const ParsedChecklist p = parse_checklist_answer(rb, items, text);
    CHECK_FALSE(p.ok);
    CHECK(p.answers.empty());
    return p.error;
  }
};
}  // namespace

TEST_SUITE("checklist answer") {
TEST_CASE("none, numbers and not sure give every item its own answer") {
  const Fixture f;
  REQUIRE(f.rb.facts[static_cast<size_t>(f.items[0])].accepts_unsure);
  REQUIRE_FALSE(f.rb.facts[static_cast<size_t>(f.items[1])].accepts_unsure);
  const std::vector<Value> all_no{kNo, kNo, kNo};
  for (const char* none : {"none", "None", " n ", "no", "nothing", "none of them", "None of these", "none of the above",
                           ", none", "none,"})
    CHECK(f.values(none) == all_no);
  CHECK(f.values("2") == std::vector<Value>{kNo, kYes, kNo});
  CHECK(f.values("1 3") == std::vector<Value>{kYes, kNo, kYes});
  CHECK(f.values("3,1") == std::vector<Value>{kYes, kNo, kYes});
  CHECK(f.values(" 1 , 2 ,3 ") == std::vector<Value>{kYes, kYes, kYes});
  CHECK(f.values("1? 2") == std::vector<Value>{kUnsure, kYes, kNo});
  CHECK(f.values("3 3") == std::vector<Value>{kNo, kNo, kYes});  // the same item twice is the same answer
}

TEST_CASE("anything else is refused with what to type") {
  const Fixture f;
  CHECK(f.error("").find("No answer was given") != std::string::npos);
  // Separators alone are no answer: they must never pass for "none" (nothing would be said back).
  for (const char* blank : {",", ",,", " , ", "\t", ", ,\t,"}) CHECK(f.error(blank).find("No answer was given") != std::string::npos);
  CHECK(f.error("yes").find("Which ones?") != std::string::npos);
  CHECK(f.error("4") == "There is no item 4: the items are numbered 1 to 3.");
  CHECK(f.error("0") == "There is no item 0: the items are numbered 1 to 3.");
  CHECK(f.error("99999999999999999999").find("is not an item number") != std::string::npos);
  CHECK(f.error("-1").find("'-1' is not an item number") != std::string::npos);
  CHECK(f.error("1 none").find("'none' cannot go with item numbers") != std::string::npos);
  CHECK(f.error("none?").find("'none?' is not an item number") != std::string::npos);
  CHECK(f.error("none of it").find("'none of it' is not an answer to this list") != std::string::npos);
  CHECK(f.error("2?").find("Item 2 has no \"not sure\" answer") != std::string::npos);
  CHECK(f.error("1 1?").find("Item 1 is given both") != std::string::npos);
  CHECK(f.error("1.5").find("'1.5' is not an item number") != std::string::npos);
  // "u" sits next to "y": it is not taken for unsure, nor any other letter for anything.
  CHECK(f.error("u1").find("'u1' is not an item number") != std::string::npos);
}
}
