// An assessment as a report for people: text (terminal or plain) and Markdown, plus rendered
// explanations (HOW, WHY, WHY NOT). Pure functions from the assessment values to strings; JSON
// is written by JsonWriter (json_writer.hpp) from the same values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report/assessment.hpp"

namespace backtriage {

/// Emphasis for a terminal. The CLI decides (a terminal, NO_COLOR unset); the core only obeys.
struct Style {
  bool color = false;
  std::string bold(std::string_view s) const;
  std::string dim(std::string_view s) const;
  std::string red(std::string_view s) const;
  std::string yellow(std::string_view s) const;
  std::string green(std::string_view s) const;
};

inline constexpr std::string_view kDisclaimer =
    "General self-care information, not a diagnosis. If you are worried or getting worse, contact "
    "a doctor; in an emergency call your local emergency number.";

/// Whether a level's instruction must end the report, with nothing after it that invites
/// self-care: the top two levels (emergency and urgent in the shipped rule base).
inline bool instruction_ends_report(const RuleBase& rb, Level l) { return l != kNoLevel && l >= rb.top_level() - 1; }

/// The full report, in the order a person needs it: the disposition, red flags found and ruled
/// out, the plan, what to avoid, when to seek help, then the reasoning with sources.
std::string render_text(const RuleBase& rb, const Assessment& a, const Style& style);
std::string render_markdown(const RuleBase& rb, const Assessment& a);
/// HOW when the id was reached, WHY NOT when it was not; plain text.
std::string render_explanation(const RuleBase& rb, const Explanation& e, const Style& style);
/// WHY a question is asked: its help text and the undecided rules that need it.
std::string render_why_question(const Evaluator& ev, FactId question, const Style& style);

}  // namespace backtriage
