// Explanations: HOW (rules and the answers behind them, chained through derived facts), WHY (the
// rules that need an answer), WHY NOT (failed conditions, avoid rules, higher dispositions) and
// the pertinent negatives.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "eval/explain.hpp"
#include "test_support.hpp"

using namespace backtriage;
using test::answers;
using test::load_dir;

namespace {
std::vector<std::string> rule_ids(const RuleBase& rb, const std::vector<HowStep>& steps) {
  std::vector<std::string> out;
  for (const auto& s : steps) out.push_back(rb.rules[static_cast<size_t>(s.rule)].id);
  return out;
}
std::vector<std::string> texts(const RuleBase& rb, const std::vector<Reason>& reasons) {
  std::vector<std::string> out;
  for (const auto& r : reasons)
    out.push_back(rb.cond_text[static_cast<size_t>(r.leaf)] + " (" + rb.value_text(r.fact, r.value) + ")");
  return out;
}
}  // namespace

TEST_SUITE("explain") {
TEST_CASE("HOW chains through derived facts to the answers, in firing order") {
  const RuleBase rb = load_dir("docs/examples/tiny");
  Evaluator ev(rb);
  ev.evaluate(answers(rb, {{"saddle_numbness", "no"}, {"pain_score", "2"}, {"side", "both"},
                           {"days_since_onset", "1"}, {"cold_makes_stiffer", "no"}}));
  const auto steps = how_option(ev, *rb.find_option("cold_pack"));
  // early_days_fact fires first: cold_early can only fire once early_days is set.
  REQUIRE(rule_ids(rb, steps) == std::vector<std::string>{"early_days_fact", "cold_early"});
  CHECK(texts(rb, steps[0].because) ==
        std::vector<std::string>{"days_since_onset <= 3 (1)", "days_since_onset >= 0 (1)"});
  CHECK(texts(rb, steps[1].because) ==
        std::vector<std::string>{"early_days == yes (yes)", "cold_makes_stiffer == yes (no)"});
  // The full trace holds every fired rule, the baseline included.
  const auto all = rule_ids(rb, trace(ev));
  CAPTURE(fmt::format("{}", fmt::join(all, ",")));
  // cold_early waits for cold_makes_stiffer, whose answer counts once its gate (days <= 3) is open.
  CHECK(all == std::vector<std::string>{"early_days_fact", "baseline", "cold_early"});
  CHECK(rule_ids(rb, how_disposition(ev)) == std::vector<std::string>{"baseline"});
}

TEST_CASE("WHY NOT an option: the failed condition, or the avoid rule that blocked it") {
  const RuleBase rb = load_dir("docs/examples/tiny");
  Evaluator ev(rb);
  ev.evaluate(answers(rb, {{"saddle_numbness", "no"}, {"pain_score", "2"}, {"side", "both"},
                           {"days_since_onset", "2"}, {"cold_makes_stiffer", "yes"}}));
  const WhyNot pack = why_not_option(ev, *rb.find_option("cold_pack"));
  CHECK(pack.verdict == WhyNot::Verdict::avoided);
  CHECK(rule_ids(rb, pack.blockers) == std::vector<std::string>{"heat_instead"});
  REQUIRE(pack.candidates.size() == 1);
  CHECK(pack.candidates[0].truth == Truth::no);
  CHECK(texts(rb, pack.candidates[0].reasons) == std::vector<std::string>{"cold_makes_stiffer == yes (yes)"});

  const WhyNot cobra = why_not_option(ev, *rb.find_option("cobra"));
  CHECK(cobra.verdict == WhyNot::Verdict::not_reached);
  REQUIRE(cobra.candidates.size() == 1);
  CHECK(texts(rb, cobra.candidates[0].reasons) ==
        std::vector<std::string>{"side in [left, right] (both)", "side != both (both)"});
  CHECK(why_not_option(ev, *rb.find_option("heat")).verdict == WhyNot::Verdict::reached);
}

TEST_CASE("WHY NOT a disposition: its rules' failed conditions, or the higher one reached") {
  const RuleBase rb = load_dir("docs/examples/tiny");
  Evaluator ev(rb);
  ev.evaluate(answers(rb, {{"saddle_numbness", "no"}, {"pain_score", "8"}}));
  const WhyNot emergency = why_not_disposition(ev, *rb.find_level("emergency"));
  CHECK(emergency.verdict == WhyNot::Verdict::not_reached);
  REQUIRE(emergency.candidates.size() == 1);
  CHECK(texts(rb, emergency.candidates[0].reasons) == std::vector<std::string>{"saddle_numbness == yes (no)"});
  const WhyNot self_care = why_not_disposition(ev, *rb.find_level("self_care"));
  CHECK(self_care.verdict == WhyNot::Verdict::dominated);
  CHECK(rule_ids(rb, self_care.blockers) == std::vector<std::string>{"severe_pain"});
}

TEST_CASE("WHY NOT lists undecided rules with their unanswered comparisons") {
  const RuleBase rb = load_dir("docs/examples/tiny");
  Evaluator ev(rb);
  ev.evaluate(answers(rb, {}));
  const WhyNot doctor = why_not_disposition(ev, *rb.find_level("see_doctor"));
  REQUIRE(doctor.candidates.size() == 1);
  CHECK(doctor.candidates[0].truth == Truth::unknown);
  CHECK(texts(rb, doctor.candidates[0].reasons) == std::vector<std::string>{"pain_score >= 7 (unknown)"});
}

TEST_CASE("WHY a question: the undecided rules that need it, through derived facts too") {
  const RuleBase rb = load_dir("docs/examples/tiny");
  Evaluator ev(rb);
  ev.evaluate(answers(rb, {{"saddle_numbness", "no"}}));
  std::vector<std::string> pain;
  for (RuleId r : why_question(ev, *rb.find_fact("pain_score"))) pain.push_back(rb.rules[static_cast<size_t>(r)].id);
  CHECK(pain == std::vector<std::string>{"severe_pain"});
  std::vector<std::string> days;
  for (RuleId r : why_question(ev, *rb.find_fact("days_since_onset"))) days.push_back(rb.rules[static_cast<size_t>(r)].id);
  CHECK(days == std::vector<std::string>{"cold_early"});  // needs early_days, which needs days
  // After an emergency nothing needs anything.
  ev.evaluate(answers(rb, {{"saddle_numbness", "yes"}}));
  CHECK(why_question(ev, *rb.find_fact("pain_score")).empty());
}

TEST_CASE("pertinent negatives: the red flags ruled out, with the answers that ruled them out") {
  const RuleBase rb = load_dir("docs/examples/tiny");
  Evaluator ev(rb);
  ev.evaluate(answers(rb, {{"saddle_numbness", "no"}, {"pain_score", "3"}}));
  const auto negatives = pertinent_negatives(ev);
  REQUIRE(negatives.size() == 2);
  CHECK(rb.rules[static_cast<size_t>(negatives[0].rule)].id == "saddle_numbness_emergency");
  CHECK(texts(rb, negatives[0].reasons) == std::vector<std::string>{"saddle_numbness == yes (no)"});
  CHECK(texts(rb, negatives[1].reasons) == std::vector<std::string>{"pain_score >= 7 (3)"});
  // A red flag not yet answered is not "ruled out".
  ev.evaluate(answers(rb, {{"saddle_numbness", "no"}}));
  CHECK(pertinent_negatives(ev).size() == 1);
}
}

#include <random>

#include <nlohmann/json.hpp>

#include "report/json_writer.hpp"
#include "report/report.hpp"

TEST_SUITE("json writer") {
// The writer is checked against the assessment value it renders (and, byte for byte, by the
// golden files in tests/golden; its shape by the JSON Schemas in schema/).
TEST_CASE("the JSON writer says what the assessment holds, is valid JSON, and indents without change") {
  for (const char* dir : {"rules", "docs/examples/tiny"}) {
    CAPTURE(dir);
    const RuleBase rb = load_dir(dir);
    Evaluator ev(rb);
    const JsonWriter writer(rb);
    // One writer making its fragments as it writes (one assess) writes the same bytes, case
    // after case, whichever fragments earlier cases made.
    const JsonWriter on_demand(rb, JsonFragments::When::on_demand);
    std::mt19937 rng(99);
    const auto ids = [](const auto& items, auto id_of) {
      std::vector<std::string> out;
      for (const auto& i : items) out.push_back(id_of(i));
      return out;
    };
    for (int i = 0; i < 1500; ++i) {
      std::vector<Value> answers(static_cast<size_t>(rb.question_count), kUnknown);
      for (FactId q = 0; q < rb.question_count; ++q) {
        if (rng() % 8 == 0) continue;  // leave some unanswered: incomplete reports too
        const Fact& f = rb.facts[static_cast<size_t>(q)];
        answers[static_cast<size_t>(q)] = f.min + static_cast<Value>(rng() % static_cast<unsigned>(std::min(f.max - f.min + 1, 40)));
      }
      ev.evaluate(answers);
      const Assessment a = build_assessment(ev);
      std::string full, summary;
      writer.write(a, full);
      writer.write_compact(build_assessment(ev, Detail::conclusions), summary);
      std::string full_on_demand, summary_on_demand;
      on_demand.write(a, full_on_demand);
      on_demand.write_compact(build_assessment(ev, Detail::conclusions), summary_on_demand);
      REQUIRE(full_on_demand == full);
      REQUIRE(summary_on_demand == summary);
      const auto j = nlohmann::json::parse(full);
      const auto s = nlohmann::json::parse(summary);
      // The layout people read is nlohmann's own (member order kept), byte for byte.
      REQUIRE(indent_json(full, 2) == nlohmann::ordered_json::parse(full).dump(2));
      const auto question = [&](FactId q) { return rb.facts[static_cast<size_t>(q)].id; };
      CHECK(j["missing"].get<std::vector<std::string>>() == ids(a.missing, question));
      CHECK(s["missing"] == j["missing"]);
      CHECK(s["rule_base"] == j["rule_base"]);
      CHECK(j["answers"].size() == a.answers.size() + a.ignored.size());
      if (!a.complete) {
        CHECK(j["status"] == "incomplete");
        CHECK_FALSE(j.contains("disposition"));
        continue;
      }
      CHECK(j["status"] == "complete");
      CHECK(j["disposition"] == rb.dispositions[static_cast<size_t>(a.disposition)].id);
      CHECK(s["disposition"] == j["disposition"]);
      CHECK(s["disposition_title"] == j["disposition_title"]);
      const auto option = [&](OptionId o) { return rb.options[static_cast<size_t>(o)].id; };
      std::vector<std::string> recommended, avoided;
      for (const auto& o : j["recommended"]) recommended.push_back(o["id"]);
      for (const auto& o : j["avoid"]) avoided.push_back(o["id"]);
      CHECK(recommended == ids(a.plan, option));
      CHECK(avoided == ids(a.avoid, [&](const ShownAvoid& v) { return option(v.option); }));
      CHECK(s["recommended"].get<std::vector<std::string>>() == recommended);
      CHECK(s["avoid"].get<std::vector<std::string>>() == avoided);
      CHECK(j["trace"].size() == a.reasons.size());
      CHECK(j["red_flags"].size() == a.red_flags.size());
    }
  }
}

TEST_CASE("indent_json lays out strings whole, whatever quotes, backslashes or brackets they hold") {
  // Escaped quotes after odd and even runs of backslashes, structural characters inside strings,
  // numbers, literals, empty containers, and a string that ends in escaped backslashes.
  const std::string compact =
      R"({"a":"x\"{[,:]}\\","b":[1,-25,true,null,{}],"c":{"d":[],"e\\\"f":"\\"},"g":"\u00e9:"})";
  CHECK(nlohmann::json::parse(indent_json(compact, 2)) == nlohmann::json::parse(compact));
  CHECK(indent_json(compact, 2) == R"({
  "a": "x\"{[,:]}\\",
  "b": [
    1,
    -25,
    true,
    null,
    {}
  ],
  "c": {
    "d": [],
    "e\\\"f": "\\"
  },
  "g": "\u00e9:"
})");
  CHECK(indent_json("[]", 4) == "[]");
  CHECK(indent_json(R"({"k":[0]})", 4) == "{\n    \"k\": [\n        0\n    ]\n}");
}

TEST_CASE("an explanation is written into the report, and alone, as the same JSON") {
  const RuleBase rb = load_dir("rules");
  Evaluator ev(rb);
  ev.evaluate(answers(rb, {{"saddle_numbness", "yes"}}));
  const JsonWriter writer(rb);
  for (const char* id : {"emergency", "self_care", "massage_gun", "cauda_equina_saddle"}) {
    CAPTURE(id);
    if (explain_target(rb, id) == ExplainTarget::unknown) continue;
    const Explanation e = build_explanation(ev, build_assessment(ev), id);
    std::string alone, report;
    writer.write_explanation(e, alone);
    writer.write(build_assessment(ev), report, {}, &e);
    const auto j = nlohmann::json::parse(alone);
    CHECK(nlohmann::json::parse(report)["explanation"] == j);
    CHECK(j["id"] == id);
    CHECK(j["reached"] == e.reached);
    CHECK(j.contains(e.reached ? "how" : "why_not"));
  }
}
}

TEST_SUITE("safety net") {
TEST_CASE("the safety net is generated from the red-flag rules and follows a change of level") {
  RuleBase rb = test::load_dir("rules");
  const Level self_care = *rb.find_level("self_care"), see_doctor = *rb.find_level("see_doctor");
  const Level urgent = *rb.find_level("urgent"), emergency = *rb.find_level("emergency");
  const RuleId numbness = *rb.find_rule("numbness_see_doctor");
  const auto level_of = [&](const std::vector<SeekHelp>& help, RuleId r) {
    for (const SeekHelp& h : help)
      if (std::find(h.red_flags.begin(), h.red_flags.end(), r) != h.red_flags.end()) return h.level;
    return kNoLevel;
  };
  std::vector<SeekHelp> help = seek_help(rb, self_care);
  REQUIRE(help.size() == 3);
  CHECK(help[0].level == emergency);  // highest first
  CHECK(level_of(help, numbness) == see_doctor);
  CHECK(level_of(help, *rb.find_rule("leg_weakness_emergency")) == emergency);
  // Every red-flag rule above self-care is in it, at its own level, or its topic is listed higher.
  size_t listed = 0;
  for (const SeekHelp& h : help) listed += h.red_flags.size();
  CHECK(listed >= 30);
  CHECK(level_of(help, *rb.find_rule("swelling_urgent")) == urgent);
  CHECK(level_of(help, *rb.find_rule("swelling_see_doctor")) == kNoLevel);  // listed once, at its highest
  // A see_doctor result lists only what is higher; an emergency lists nothing.
  CHECK(level_of(seek_help(rb, see_doctor), numbness) == kNoLevel);
  CHECK(seek_help(rb, emergency).empty());
  // Raise numbness to urgent: the safety net follows, with no rule book edit.
  rb.rules[static_cast<size_t>(numbness)].disposition = urgent;
  compile_hot_rules(rb);
  compile_reverse_indexes(rb);
  CHECK(level_of(seek_help(rb, self_care), numbness) == urgent);
  CHECK(level_of(seek_help(rb, see_doctor), numbness) == urgent);
  const std::string line = seek_help_line(rb.dispositions[static_cast<size_t>(urgent)], {"Fever", "HIV treatment"});
  CHECK(line == "Be seen by a doctor today if any of these appear: Fever; HIV treatment.");
}
TEST_CASE("red flags found are shown once per topic, at the highest level, where the topic first fired") {
  // The see-a-doctor swelling rule fires first (higher priority); the urgent one replaces it in
  // its place. A combination with swelling is a topic of its own.
  const RuleBase rb = test::load(R"(questions:
  - {id: swelling, order: 1, type: yes_no, text: S}
  - {id: fever, order: 2, type: yes_no, text: F}
rules:
  - {id: swelling_doctor, title: T, priority: 90, when: swelling == yes, then: {red_flag: {text: Visible swelling, disposition: see_doctor}}, source: {ref: src, section: S}}
  - {id: fever_doctor, title: T, priority: 80, when: fever == yes, then: {red_flag: {text: Fever, disposition: see_doctor}}, source: {ref: src, section: S}}
  - {id: swelling_urgent, title: T, priority: 70, when: swelling == yes, then: {red_flag: {text: A lump, disposition: urgent}}, source: {ref: src, section: S}}
  - {id: swelling_and_fever, title: T, priority: 60, when: {all: [swelling == yes, fever == yes]}, then: {red_flag: {text: Lump and fever, disposition: emergency}}, source: {ref: src, section: S}}
  - {id: fever_again, title: T, priority: 50, when: fever == yes, then: {red_flag: {text: Fever too, disposition: see_doctor}}, source: {ref: src, section: S}}
)");
  const auto id = [&](const char* rule) { return *rb.find_rule(rule); };
  const std::vector<RuleId> fired = {id("swelling_doctor"), id("fever_doctor"), id("swelling_urgent"),
                                     id("swelling_and_fever"), id("fever_again")};
  const std::vector<RuleId> shown = red_flags_once_per_topic(rb, fired);
  CHECK(shown == std::vector<RuleId>{id("swelling_urgent"), id("fever_doctor"), id("swelling_and_fever")});
  CHECK(red_flags_as_read(rb, fired) == shown);  // no two of these share a sign
  CHECK(red_flags_once_per_topic(rb, {}).empty());
  CHECK(red_flags_once_per_topic(rb, {id("fever_again")}) == std::vector<RuleId>{id("fever_again")});

  // What the evaluator fires for swelling = yes and fever = yes gives the same.
  Evaluator ev(rb);
  ev.evaluate(answers(rb, {{"swelling", "yes"}, {"fever", "yes"}}));
  const Assessment a = build_assessment(ev);
  CHECK(a.red_flags.size() == 5);  // the JSON trace keeps every rule
  CHECK(red_flags_once_per_topic(rb, a.red_flags).size() == 3);
}
TEST_CASE("red flags with one sign are one finding too, shown at the highest level") {
  const RuleBase rb = test::load(R"(questions:
  - {id: bone, order: 1, type: yes_no, text: B}
  - {id: fall, order: 2, type: yes_no, text: F}
rules:
  - {id: bone_doctor, title: T, priority: 90, when: bone == yes, then: {red_flag: {text: Bone pain, sign: pain in a bone, disposition: see_doctor}}, source: {ref: src, section: S}}
  - {id: bone_after_fall, title: T, priority: 80, when: {all: [bone == yes, fall == yes]}, then: {red_flag: {text: Bone pain after a fall, sign: pain in a bone, disposition: urgent}}, source: {ref: src, section: S}}
  - {id: fall_doctor, title: T, priority: 70, when: fall == yes, then: {red_flag: {text: A fall, disposition: see_doctor}}, source: {ref: src, section: S}}
)");
  const auto id = [&](const char* rule) { return *rb.find_rule(rule); };
  Evaluator ev(rb);
  ev.evaluate(answers(rb, {{"bone", "yes"}, {"fall", "yes"}}));
  const Assessment a = build_assessment(ev);
  REQUIRE(a.red_flags.size() == 3);
  CHECK(red_flags_as_read(rb, a.red_flags) == std::vector<RuleId>{id("bone_after_fall"), id("fall_doctor")});
  // A form's codes keep both topics (the combination's rule id, and "bone").
  CHECK(red_flags_once_per_topic(rb, a.red_flags) ==
        std::vector<RuleId>{id("bone_doctor"), id("bone_after_fall"), id("fall_doctor")});
  // Urgent is reached: the fall (see a doctor) is outranked, no reason for the level.
  const FoundFlags found = red_flags_found(rb, a);
  CHECK(found.at_level == std::vector<RuleId>{id("bone_after_fall")});
  CHECK(found.below == std::vector<RuleId>{id("fall_doctor")});
  ev.evaluate(answers(rb, {{"bone", "yes"}, {"fall", "no"}}));
  CHECK(red_flags_as_read(rb, build_assessment(ev).red_flags) == std::vector<RuleId>{id("bone_doctor")});
  CHECK(red_flags_found(rb, build_assessment(ev)).below.empty());
}
}
