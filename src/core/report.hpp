// The result of an assessment as a report: text (terminal or plain), Markdown and JSON, plus
// rendered explanations (HOW, WHY, WHY NOT). Pure functions from evaluator state to strings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "evaluator.hpp"

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

/// The full report, in the order a person needs it: the disposition, red flags found and ruled
/// out, the plan, what to avoid, when to seek help, then the reasoning with sources.
std::string render_text(Evaluator& ev, const Style& style);
std::string render_markdown(Evaluator& ev);
/// The JSON object of docs/json-output.md (status complete or incomplete), with an
/// "explanation" key when explain_id names an option, disposition or rule.
std::string render_json(Evaluator& ev, std::string_view explain_id = {}, int indent = 2);

/// A JSON string literal (quoted, escaped) for text.
std::string render_json_string(std::string_view text);

/// What an id means to --explain: an option, a disposition or a rule.
enum class ExplainTarget { option, disposition, rule, unknown };
ExplainTarget explain_target(const RuleBase& rb, std::string_view id);
/// Every id --explain takes (options, dispositions, rules), for "did you mean" and hints.
std::vector<std::string> explainable_ids(const RuleBase& rb);
/// HOW when the id was reached, WHY NOT when it was not; plain text.
std::string render_explanation(Evaluator& ev, std::string_view id, const Style& style);
/// WHY a question is asked: its help text and the undecided rules that need it.
std::string render_why_question(const Evaluator& ev, FactId question, const Style& style);

}  // namespace backtriage
