// An assessment as a report for people: text (terminal or plain) and Markdown, plus rendered
// explanations (HOW, WHY, WHY NOT). Pure functions from the assessment values to strings; JSON
// is written by JsonWriter (json_writer.hpp) from the same values.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/text.hpp"
#include "report/assessment.hpp"

namespace backtriage {

/// Emphasis and width for a terminal. The CLI decides (a terminal, NO_COLOR unset, its columns);
/// the core only obeys.
struct Style {
  bool color = false;
  size_t width = 80;  // columns of the screen; text is filled to two less
  /// Text filled to the width, never splitting a word; later lines indented by indent spaces.
  std::string wrap(std::string_view text, size_t indent) const { return fill(text, indent, columns()); }
  /// What the text is filled to: two columns less than the screen, at least 20.
  size_t columns() const { return width > 22 ? width - 2 : 20; }
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

/// What a report shows beyond what a person needs to act on.
struct ReportOptions {
  /// Also the red flags ruled out, ids, each plan item's instructions, and the reasoning with the
  /// answers behind each step (what `--verbose` asks for; JSON always has all of it).
  bool verbose = false;
  /// After a compact plan: where the person finds how to do each item ("" for nothing).
  std::string details_hint;
};

/// The report, in the order a person needs it: what to do now (the level and its message, the
/// red flags found), when to get help, what to avoid, the plan, then why, by title and source.
/// An emergency or urgent instruction comes again last, alone, so that it ends the screen.
std::string render_text(const RuleBase& rb, const Assessment& a, const Style& style, const ReportOptions& options = {});
std::string render_markdown(const RuleBase& rb, const Assessment& a, const ReportOptions& options = {});
/// HOW when the id was reached, WHY NOT when it was not; plain text.
std::string render_explanation(const RuleBase& rb, const Explanation& e, const Style& style);
/// WHY a question is asked: its help text and the undecided rules that need it. As item N of a
/// checklist (item), how to answer it in the list instead of the answers it accepts alone.
std::string render_why_question(const Evaluator& ev, FactId question, const Style& style,
                                std::optional<size_t> item = std::nullopt);
/// WHY a checklist is asked: why asking together, and each listed item's help text (numbered from
/// 1); what an item's answer decides is render_why_question's.
std::string render_why_checklist(const Evaluator& ev, std::span<const FactId> items, const Style& style);

}  // namespace backtriage
