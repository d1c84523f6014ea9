// rules diff on purpose-built versions: the joint answer space splits where either version
// compares, moves are counted per class and flagged when lower, examples reproduce in both
// evaluators, and elements are matched by id.
#include <doctest/doctest.h>

#include <algorithm>

#include "audit/diff.hpp"
#include "eval/evaluator.hpp"
#include "test_support.hpp"

using namespace backtriage;

namespace {
std::string version(const char* flag_level, int pain_threshold, const char* extra = "") {
  return std::string(R"(questions:
  - {id: flag, order: 1, type: yes_no, text: F}
  - {id: pain, order: 2, type: integer, min: 0, max: 10, text: P}
  - {id: side, order: 3, type: choice, choices: [left, right], text: S}
)") + extra + R"(options:
  - {id: o1, title: O1, instructions: I, source: {ref: src, section: S}}
rules:
  - {id: flag_rule, title: T, when: flag == yes, then: {red_flag: {text: F, disposition: )" + flag_level +
         R"(}}, source: {ref: src, section: S}}
  - {id: pain_rule, title: T, when: pain >= )" + std::to_string(pain_threshold) +
         R"(, then: {disposition: see_doctor}, source: {ref: src, section: S}}
  - {id: side_rule, title: T, when: side == left, then: {recommend: o1}, source: {ref: src, section: S}}
  - {id: base, title: T, priority: -1, when: always, then: {disposition: self_care}, source: {ref: src, section: S}}
)";
}

const DispositionMove* find_move(const DiffReport& r, const std::string& from, const std::string& to) {
  const auto it = std::find_if(r.moves.begin(), r.moves.end(), [&](const auto& m) { return m.from == from && m.to == to; });
  return it == r.moves.end() ? nullptr : &*it;
}
}  // namespace

TEST_SUITE("diff") {
TEST_CASE("the same rule base twice: every class compared, nothing moves") {
  const RuleBase a = test::load(version("urgent", 7));
  const DiffReport r = diff_rule_bases(a, a);
  CHECK(r.cases == 2 * 2 * 2);  // flag, pain split at 7, side
  CHECK(r.changed_cases == 0);
  CHECK(r.moves.empty());
  CHECK(r.options.empty());
  CHECK(r.elements.empty());
  CHECK_FALSE(r.any_lower());
}

TEST_CASE("a lowered red flag and a lowered threshold: counted per class, the lower one flagged") {
  const RuleBase old_rb = test::load(version("urgent", 7));
  const RuleBase new_rb = test::load(version("see_doctor", 5));
  const DiffReport r = diff_rule_bases(old_rb, new_rb);
  CHECK(r.cases == 2 * 3 * 2);  // pain split where either version compares: 0, 5, 7
  const DispositionMove* down = find_move(r, "urgent", "see_doctor");
  REQUIRE(down != nullptr);
  CHECK(down->lower);
  CHECK(down->cases == 3 * 2);  // flag yes: every pain and side
  const DispositionMove* up = find_move(r, "self_care", "see_doctor");
  REQUIRE(up != nullptr);
  CHECK_FALSE(up->lower);
  CHECK(up->cases == 2);  // flag no, pain 5 or 6, either side
  CHECK(r.changed_cases == 8);
  CHECK(r.any_lower());
  CHECK(r.moves.front().lower);  // lower moves come first
  // Each example reproduces in both evaluators, and is complete in both.
  Evaluator old_ev(old_rb), new_ev(new_rb);
  REQUIRE_FALSE(up->examples.empty());
  for (const auto& e : up->examples) {
    const Result& o = old_ev.evaluate(e.old_answers);
    const Result& n = new_ev.evaluate(e.new_answers);
    CHECK(o.complete);
    CHECK(n.complete);
    CHECK(o.disposition == *old_rb.find_level("self_care"));
    CHECK(n.disposition == *new_rb.find_level("see_doctor"));
  }
  CHECK(r.internal_error.empty());
}

TEST_CASE("a question added, another accepting other answers, and an option leaving the plan") {
  const RuleBase old_rb = test::load(version("urgent", 7));
  std::string changed = version("urgent", 7, "  - {id: extra, order: 4, type: yes_no, text: E}\n");
  changed.replace(changed.find("side == left"), 12, "side == right");
  changed.replace(changed.find("text: F}"), 8, "text: Flag now}");
  const RuleBase new_rb = test::load(changed);
  const DiffReport r = diff_rule_bases(old_rb, new_rb);
  const auto has = [&](const char* kind, const char* id, const char* change) {
    return std::any_of(r.elements.begin(), r.elements.end(),
                       [&](const auto& e) { return e.kind == kind && e.id == id && e.change == change; });
  };
  CHECK(has("question", "extra", "added"));
  CHECK(has("question", "flag", "reworded"));
  const auto option = [&](bool added) {
    return std::find_if(r.options.begin(), r.options.end(), [&](const auto& o) {
      return o.option == "o1" && o.list == "recommended" && o.added == added;
    });
  };
  // o1 now for the right side instead of the left: in the plan for some classes, out for others.
  REQUIRE(option(true) != r.options.end());
  REQUIRE(option(false) != r.options.end());
  CHECK(r.moves.empty());
}
}

namespace {
/// A rule base with its own levels (lowest first): flag yes -> urgent, pain >= 7 -> see_doctor.
RuleBase with_levels(const std::string& levels, const std::string& pain_question = "min: 0, max: 10") {
  Diagnostics diags;
  auto rb = load_rule_base_texts({{"unit.yaml", R"(rule_base:
  name: unit
  version: "1"
  sources: [{id: src, title: Test source}]
dispositions:
)" + levels + R"(questions:
  - {id: flag, order: 1, type: yes_no, text: F}
  - {id: pain, order: 2, type: integer, )" + pain_question + R"(, text: P}
options:
  - {id: o1, title: O1, instructions: I, source: {ref: src, section: S}}
rules:
  - {id: flag_rule, title: T, when: flag == yes, then: {red_flag: {text: F, disposition: urgent}}, source: {ref: src, section: S}}
  - {id: pain_rule, title: T, when: pain >= 7, then: {disposition: see_doctor, recommend: o1}, source: {ref: src, section: S}}
  - {id: base, title: T, priority: -1, when: always, then: {disposition: self_care}, source: {ref: src, section: S}}
)"}},
                                  diags);
  REQUIRE_MESSAGE(rb.has_value(), diags.format_all());
  return std::move(*rb);
}
const char* const kLevels = R"(  - {id: self_care, title: S, message: M}
  - {id: see_doctor, title: D, message: M}
  - {id: urgent, title: U, message: M, show_plan: no}
)";
}  // namespace

TEST_CASE("levels reordered: the move is flagged lower by the old order, and the levels are reported") {
  const RuleBase old_rb = with_levels(kLevels);
  const RuleBase new_rb = with_levels(R"(  - {id: self_care, title: S, message: M}
  - {id: urgent, title: U, message: M, show_plan: no}
  - {id: see_doctor, title: D, message: M}
)");
  const DiffReport r = diff_rule_bases(old_rb, new_rb);
  // flag yes and pain >= 7: urgent before, see_doctor (now the top) after: lower by the old order.
  const DispositionMove* m = find_move(r, "urgent", "see_doctor");
  REQUIRE(m != nullptr);
  CHECK(m->lower);
  CHECK(r.any_lower());
  const auto changed = [&](const char* id) {
    return std::any_of(r.elements.begin(), r.elements.end(),
                       [&](const auto& e) { return e.kind == "disposition" && e.id == id && e.change == "changed"; });
  };
  CHECK(changed("urgent"));
  CHECK(changed("see_doctor"));
}

TEST_CASE("show_plan changed: the options a person is shown change, though no disposition moves") {
  const RuleBase old_rb = with_levels(kLevels);
  std::string shown = kLevels;
  shown.replace(shown.find(", show_plan: no"), 14, "");
  const RuleBase new_rb = with_levels(shown);
  const DiffReport r = diff_rule_bases(old_rb, new_rb);
  CHECK(r.moves.empty());
  // flag yes and pain >= 7: urgent, whose plan (o1) is now shown.
  const auto it = std::find_if(r.options.begin(), r.options.end(),
                               [](const auto& o) { return o.option == "o1" && o.list == "recommended" && o.added; });
  REQUIRE(it != r.options.end());
  CHECK(it->cases == 1 * 1);  // flag yes, pain in [7, 10]
  CHECK(std::any_of(r.elements.begin(), r.elements.end(),
                    [](const auto& e) { return e.id == "urgent" && e.change == "changed"; }));
}

TEST_CASE("a question whose range changed is compared on the answers both accept") {
  const RuleBase old_rb = with_levels(kLevels);
  const RuleBase new_rb = with_levels(kLevels, "min: 0, max: 11");
  const DiffReport r = diff_rule_bases(old_rb, new_rb);
  CHECK(r.moves.empty());  // pain 0-10 gives the same everywhere: never paired with another answer
  CHECK(r.cases == 2 * 2);
  CHECK(std::any_of(r.elements.begin(), r.elements.end(),
                    [](const auto& e) { return e.kind == "question" && e.id == "pain" && e.change == "changed"; }));
}
