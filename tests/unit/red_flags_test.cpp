// Under-triage guard on the shipped rule base: every red-flag rule escalates to at least its
// level whatever the other answers are. Checked on the all-benign and all-worrying answer maps
// and on thousands of random ones; `rules verify` (issue 6) covers the whole answer space.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>

#include "eval/evaluator.hpp"
#include "report/assessment.hpp"
#include "test_support.hpp"

using namespace backtriage;

namespace {

/// Sets answers so that condition c is true; supports the shapes red flags use (comparisons,
/// all, any) and returns false for anything else.
bool satisfy(const RuleBase& rb, CondId c, std::vector<Value>& answers) {
  const CondNode& n = rb.conds[static_cast<size_t>(c)];
  switch (n.kind) {
    case CondKind::always: return true;
    case CondKind::compare: {
      if (!rb.is_question(n.fact)) return false;
      const Fact& f = rb.facts[static_cast<size_t>(n.fact)];
      for (Value v = f.min; v <= f.max; ++v) {
        answers[static_cast<size_t>(n.fact)] = v;
        const bool holds = comparison_holds(rb, n, v);
        if (holds) return true;
      }
      return false;
    }
    case CondKind::all:
      for (std::uint32_t k = 0; k < n.count; ++k)
        if (!satisfy(rb, rb.cond_children[n.first + k], answers)) return false;
      return true;
    case CondKind::any: return satisfy(rb, rb.cond_children[n.first], answers);
    case CondKind::negation: return false;
  }
  return false;
}

}  // namespace

TEST_SUITE("red flags") {
TEST_CASE("every red flag of the shipped rule base escalates whatever the other answers are") {
  const RuleBase rb = test::load_dir("rules");
  Evaluator ev(rb);
  std::mt19937 rng(2024);
  int red_flags = 0;
  for (RuleId r = 0; r < static_cast<RuleId>(rb.rules.size()); ++r) {
    const Rule& rule = rb.rules[static_cast<size_t>(r)];
    if (!rule.red_flag) continue;
    ++red_flags;
    CAPTURE(rule.id);
    std::vector<std::vector<Value>> bases;
    std::vector<Value> benign(static_cast<size_t>(rb.question_count)), worst(benign.size());
    for (FactId q = 0; q < rb.question_count; ++q) {
      benign[static_cast<size_t>(q)] = rb.facts[static_cast<size_t>(q)].min;
      // yes is the worst yes/no answer, also where the range ends at unsure (no < unsure < yes)
      const Fact& f = rb.facts[static_cast<size_t>(q)];
      worst[static_cast<size_t>(q)] = f.type == ValueType::yes_no ? kYes : f.max;
    }
    bases.push_back(benign);
    bases.push_back(worst);
    for (int i = 0; i < 3000; ++i) {
      std::vector<Value> random(benign.size());
      for (FactId q = 0; q < rb.question_count; ++q) {
        const Fact& f = rb.facts[static_cast<size_t>(q)];
        random[static_cast<size_t>(q)] = f.min + static_cast<Value>(rng() % static_cast<unsigned>(f.max - f.min + 1));
      }
      bases.push_back(random);
    }
    for (auto& answers : bases) {
      REQUIRE(satisfy(rb, rule.when, answers));
      const Result& res = ev.evaluate(answers);
      CHECK(res.disposition >= rule.disposition);
      CHECK(ev.rule_truth(r) == Truth::yes);
    }
  }
  CHECK(red_flags == 37 + 25);  // contract v2 (SPEC §6), and 20 + 5 for unsure answers (SPEC §3)
}
}

TEST_SUITE("clinical content") {
TEST_CASE("docs/clinical-content.md lists every rule and option of the shipped rule base") {
  const RuleBase rb = test::load_dir("rules");
  std::ifstream in(std::string(BACKTRIAGE_SOURCE_DIR) + "/docs/clinical-content.md");
  REQUIRE(in.good());
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto& r : rb.rules) {
    CAPTURE(r.id);
    CHECK(doc.find("| `" + r.id + "` (") != std::string::npos);
  }
  for (const auto& o : rb.options) {
    CAPTURE(o.id);
    CHECK(doc.find("| `" + o.id + "`: ") != std::string::npos);
  }
}

TEST_CASE("every rule and option of the shipped rule base cites a declared source and section") {
  const RuleBase rb = test::load_dir("rules");
  for (const auto& r : rb.rules) {
    CAPTURE(r.id);
    CHECK(r.source.source >= 0);
    CHECK_FALSE(r.source.section.empty());
  }
  for (const auto& o : rb.options) {
    CAPTURE(o.id);
    CHECK(o.source.source >= 0);
  }
}

TEST_CASE("the answer contract of SPEC section 3 holds: ids, types and ranges") {
  const RuleBase rb = test::load_dir("rules");
  // Version 1, then version 2 of the contract.
  const char* yes_no[] = {"saddle_numbness", "bladder_bowel_change", "leg_weakness", "numbness",
                          "pain_spreads_to_legs", "swelling", "improving", "acute_injury", "major_trauma",
                          "fever", "cancer_history", "weight_loss", "exercise_pain", "bone_pain",
                          "has_massage_gun", "has_foam_roller", "cold_makes_stiffer", "sits_a_lot",
                          "both_legs", "chest_pain", "faint_or_belly_pulse", "night_pain", "upper_back_pain",
                          "cough_sneeze_pain", "back_changed_shape", "infection_risk", "osteoporosis_or_steroids",
                          "blood_thinners", "getting_worse", "cannot_cope", "morning_stiffness"};
  for (const char* id : yes_no) {
    CAPTURE(id);
    const auto f = rb.find_fact(id);
    REQUIRE(f.has_value());
    CHECK(rb.is_question(*f));
    CHECK(rb.facts[static_cast<size_t>(*f)].type == ValueType::yes_no);
  }
  const Fact& pain = rb.facts[static_cast<size_t>(*rb.find_fact("pain_score"))];
  CHECK(pain.type == ValueType::integer);
  CHECK(pain.min == 0);
  CHECK(pain.max == 10);
  const Fact& days = rb.facts[static_cast<size_t>(*rb.find_fact("days_since_onset"))];
  CHECK(days.min == 0);
  CHECK(days.max == 3650);
  REQUIRE(rb.find_fact("age").has_value());
  const Fact& age = rb.facts[static_cast<size_t>(*rb.find_fact("age"))];
  CHECK(age.type == ValueType::integer);
  CHECK(age.min == 0);
  CHECK(age.max == 120);
  CHECK(rb.question_count == 34);
  for (const char* o : {"cold_pack", "heat", "massage_gun", "foam_roller", "tennis_ball", "cobra", "knee_to_chest",
                        "pelvic_tilt", "glute_bridge", "cat_cow", "hamstring_stretch", "move_regularly"}) {
    CAPTURE(o);
    CHECK(rb.find_option(o).has_value());
  }
  CHECK(rb.dispositions.size() == 4);
  CHECK(rb.dispositions[3].id == "emergency");
  CHECK_FALSE(rb.dispositions[3].show_plan);
  // Self-care's safety net is generated from the red flags of the three levels above it.
  CHECK(seek_help(rb, 0).size() == 3);
}
}
