// One assessment as it is shown, built once from a finished evaluation: every format (text,
// Markdown, JSON, batch lines and summaries) renders this value and decides nothing itself.
// Likewise one explanation (HOW or WHY NOT for an option, a disposition or a rule).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "eval/evaluator.hpp"
#include "eval/explain.hpp"

namespace backtriage {

/// An option on the avoid list as shown: the rule that first avoided it, and that rule's avoid
/// entry (its reason), by index into the rule's `avoids`.
struct ShownAvoid {
  OptionId option = -1;
  RuleId rule = -1;
  std::int32_t entry = -1;  // -1 when the rule has no entry for it (a rule base error)
};

/// A question answered "not sure" whose answer yes would call for a higher level than the one
/// reached: the safety net tells the person what to do if it becomes clear.
struct IfSure {
  FactId question = -1;
  Level level = kNoLevel;  // the level with this answer yes and every other answer the same
  RuleId rule = -1;        // the fired rule about the doubt, whose words name it; -1 if none fired
};

/// When to seek help, generated from the red-flag rules themselves so that it can never contradict
/// them: for each level above the one reached, highest first, the red flags that lead there. A
/// sign that leads to several levels (a swelling: urgent by one rule, see a doctor by another) is
/// listed at its highest only. Empty for the top level.
struct SeekHelp {
  Level level = kNoLevel;
  std::vector<RuleId> red_flags;  // in the order their first question is asked
};
/// How much of an assessment to build: the conclusions only (the default `batch` line) or everything
/// a report shows (the reasons and the ruled-out red flags cost a walk over the rules).
enum class Detail : unsigned char { conclusions, full };

struct Assessment {
  bool complete = false;
  Level disposition = kNoLevel;       // kNoLevel when incomplete: no partial level is ever shown
  std::vector<RuleId> red_flags;      // fired red-flag rules, in firing order
  std::vector<Negative> ruled_out;    // red flags that can no longer fire (full detail only)
  std::vector<OptionId> plan;         // recommended and shown (an emergency shows no plan)
  std::vector<ShownAvoid> avoid;      // avoided and shown
  std::vector<HowStep> reasons;       // every fired rule with what made it fire (full detail only)
  std::vector<char> outranked;        // per reason: its conclusions did not make the result shown (a
                                      // self-care rule under an emergency): kept for the trace and
                                      // --explain, never presented as a reason
  std::vector<FactId> missing;        // unanswered questions that can still change the result
  std::vector<FactId> ignored;        // answered, but not applicable (a closed ask_when)
  std::vector<std::pair<FactId, Value>> answers;  // the answers used, in question order
  std::vector<IfSure> if_sure;        // unsure answers that yes would raise (full detail only)
  std::vector<SeekHelp> seek_help;       // this person's safety net (full detail only): personal_seek_help()
};

/// The red flags found, each topic once (red_flag_topic: a swelling raised by one rule at urgent
/// and by another at see a doctor), at its highest level, in the place of its first: the codes a
/// form lists (FHIR). The JSON trace keeps every rule.
std::vector<RuleId> red_flags_once_per_topic(const RuleBase& rb, const std::vector<RuleId>& red_flags);
/// The red flags found as a person reads them (text and Markdown): as above, and two rules with
/// one sign are one finding too (bone pain, and bone pain after an injury).
std::vector<RuleId> red_flags_as_read(const RuleBase& rb, const std::vector<RuleId>& red_flags);

/// The red flags found as a report shows them (red_flags_as_read): those at the level reached,
/// which are its reasons, with any doubt ("not sure whether ...", at its own level: SPEC §3), and
/// those below it, outranked (SPEC §2), which the person should still mention when seen.
struct FoundFlags {
  std::vector<RuleId> at_level;
  std::vector<RuleId> below;
};
FoundFlags red_flags_found(const RuleBase& rb, const Assessment& a);

/// The assessment of the evaluator's finished result. `into` keeps its buffers between calls.
void build_assessment(const Evaluator& ev, Detail detail, Assessment& into);
Assessment build_assessment(const Evaluator& ev, Detail detail = Detail::full);

/// What an id means to --explain: an option, a disposition or a rule.
enum class ExplainTarget { option, disposition, rule, unknown };
ExplainTarget explain_target(const RuleBase& rb, std::string_view id);
/// Every id --explain takes (options, dispositions, rules), for "did you mean" and hints.
std::vector<std::string> explainable_ids(const RuleBase& rb);

/// HOW an option, a disposition or a rule was reached, or WHY NOT.
struct Explanation {
  std::string id;
  ExplainTarget target = ExplainTarget::unknown;
  std::int32_t index = -1;  // the option, level or rule
  bool reached = false;
  WhyNot::Verdict verdict = WhyNot::Verdict::not_reached;
  std::vector<HowStep> how;             // when reached
  std::vector<HowStep> blockers;        // avoid rules, or the rules of the higher level
  std::vector<Candidate> candidates;    // rules that would reach it and did not fire
  Level reached_level = kNoLevel;       // the level that was reached (for "a higher level won")
  bool shown = true;    // option: in the plan shown (an emergency shows no plan, even of options reached)
  bool outranked = false;  // rule: it fired, but its conclusions did not make the result shown
};
/// `shown` is the assessment of the same evaluation (it says which fired rules were outranked).
Explanation build_explanation(const Evaluator& ev, const Assessment& shown, std::string_view id);

std::vector<SeekHelp> seek_help(const RuleBase& rb, Level reached);
/// The safety net of one person: the red flags above the level reached that could still fire with
/// their history held (the sure answers to `history` questions) and every other answer free to
/// change, minus those that fired and those about history alone; each sign once, at its highest
/// level. A subset of seek_help(rb, reached), so it cannot contradict the rules either.
std::vector<SeekHelp> personal_seek_help(const Evaluator& ev, const Assessment& a);
/// The safety net of someone who answered nothing yet: every sign that can newly appear above
/// `reached` (no fact of history alone), each once at its highest level. The rule book shows it;
/// a person's net is a subset (personal_seek_help).
std::vector<SeekHelp> signs_to_watch(const RuleBase& rb, Level reached);
/// Whether a rule reads something that can newly appear: a question that is no fact of history,
/// or a derived fact. A red flag that does not is never a sign to watch for.
bool reads_what_can_appear(const RuleBase& rb, RuleId r);
/// A red flag as a sign to watch for: its `sign`, else its text.
const std::string& sign_text(const Rule& rule);
/// "Go to the emergency department now if you notice: a; b; c."
std::string seek_help_line(const RuleBase& rb, const SeekHelp& h);
/// One line of the safety net: "Go to the emergency department now if any of these appear: a; b."
std::string seek_help_line(const Disposition& to, const std::vector<std::string>& red_flag_texts);

/// "Not sure whether ...: if it becomes clear that it is so, go to the emergency department now."
std::string if_sure_line(const RuleBase& rb, const IfSure& s);
/// The safety net of a full assessment as plain lines, in the order the reports show it: the
/// doubts that would raise the level, the level's own advice, then the signs of each level above.
std::vector<std::string> safety_net_lines(const RuleBase& rb, const Assessment& a);

/// What the user is shown of a result: the plan and the avoid list, or nothing when the level
/// hides the plan (an emergency shows the instruction alone). Scenario tests check this too.
void shown_plan(const RuleBase& rb, const Result& result, std::vector<OptionId>& plan,
                std::vector<ShownAvoid>& avoid);

}  // namespace backtriage
