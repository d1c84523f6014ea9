// The validated, immutable rule base. Everything the evaluator touches is addressed by small
// integer ids into flat arrays; names and texts are kept only for output and explanations.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/diagnostics.hpp"

namespace backtriage {

using FactId = std::int32_t;    // questions first, then derived facts
using RuleId = std::int32_t;    // index in RuleBase::rules (canonical firing order)
using OptionId = std::int32_t;
using CondId = std::int32_t;
using Level = std::int32_t;     // index in RuleBase::dispositions, 0 = lowest

/// Hashes std::string and std::string_view alike, so an IdIndex is searched without a copy.
struct IdHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
/// Id text -> index (all four id kinds are int32).
using IdIndex = std::unordered_map<std::string, std::int32_t, IdHash, std::equal_to<>>;
using Value = std::int32_t;     // yes = 1, no = 0, unsure = 2, a number, or a choice's index

inline constexpr Value kUnknown = std::numeric_limits<Value>::min();
inline constexpr Value kYes = 1;
inline constexpr Value kNo = 0;
/// "Not sure", for a yes/no question that accepts it. Ordered no < unsure < yes (yes_no_rank); its
/// code is 2 so that yes and no keep theirs.
inline constexpr Value kUnsure = 2;
/// The place of a yes/no value in the order no < unsure < yes: 0, 1, 2.
constexpr int yes_no_rank(Value v) { return v == kUnsure ? 1 : v == kYes ? 2 : 0; }
inline constexpr CondId kNoCond = -1;
inline constexpr Level kNoLevel = -1;

enum class ValueType : std::uint8_t { yes_no, integer, choice };
std::string_view value_type_name(ValueType t);  // as written in YAML: yes_no, integer, choice

struct Source {
  std::string id;
  std::string title;
  std::string date;
  std::string about;  // what the document is: an article, a guideline, ...
  SourceLoc loc;
};

/// Where a rule or an option comes from: a declared source and the section within it.
struct SourceRef {
  std::int32_t source = -1;
  std::string section;
};

/// A standard code for what a question asks (LOINC, SNOMED CT ...), carried into exports such as
/// FHIR's item.code; empty when there is none.
struct Coding {
  std::string system;  // an absolute URI, such as http://loinc.org
  std::string code;
  std::string display;
};

/// A question (answered by the user) or a derived fact (set by rules). Derived facts are yes/no:
/// yes once a rule sets them, no once every rule that could set them has been ruled out.
struct Fact {
  std::string id;
  ValueType type = ValueType::yes_no;
  Value min = 0;
  Value max = 1;
  std::vector<std::string> choices;
  bool accepts_unsure = false;  // a yes/no question that takes "unsure" (then max is kUnsure)
  /// A fact of the person's history, age or medicines: it cannot newly appear, so the safety net
  /// holds its answer and never lists it as a sign to watch for.
  bool history = false;
  /// An integer question counted in days (`unit: days`): it also takes durations as people say
  /// them (today, yesterday, 3 days, 2 weeks, 3 months, 1 year, 2w), read as days.
  bool in_days = false;
  bool is_question = true;
  std::string text;
  std::string help;
  std::string list_text;  // how it reads as an item of a checklist (required of a checklist member)
  Coding code;
  std::int32_t order = 0;
  CondId ask_when = kNoCond;
  SourceLoc loc;
};

enum class CondKind : std::uint8_t { always, all, any, negation, compare };
enum class CmpOp : std::uint8_t { eq, ne, lt, le, gt, ge, in };
std::string_view cmp_op_text(CmpOp op);

/// One node of a condition tree. Children of all/any/not, and the values of `in`, are ranges
/// [first, first + count) of RuleBase::cond_children and RuleBase::value_pool.
struct CondNode {
  CondKind kind = CondKind::always;
  CmpOp op = CmpOp::eq;
  FactId fact = -1;
  Value value = 0;
  std::uint32_t first = 0;
  std::uint32_t count = 0;
};

struct Avoid {
  OptionId option = -1;
  std::string reason;
};

struct Rule {
  std::string id;
  std::string title;
  std::int32_t priority = 0;
  CondId when = kNoCond;
  Level disposition = kNoLevel;  // raised by this rule, or kNoLevel
  bool red_flag = false;          // the disposition comes with a red flag shown to the user
  std::string red_flag_text;
  std::string red_flag_sign;      // the sign in a few words, for the safety net ("" falls back to the text)
  std::vector<FactId> sets;
  std::vector<OptionId> recommends;
  std::vector<Avoid> avoids;
  bool stop = false;              // no further questions once this rule fires
  SourceRef source;
  SourceLoc loc;
  std::int32_t stratum = 0;       // 1 + the highest stratum of the rules setting facts it reads
  /// It can fire only on an "unsure" answer (its condition, or one part of an `all` of it, holds
  /// for unsure alone): what a doubt calls for, not a red flag of its own. Such a rule is never
  /// listed as ruled out nor in the safety net, where the rule for the sure answer speaks.
  bool on_unsure = false;
};

struct Option {
  std::string id;
  std::int32_t order = 0;  // where it stands in a plan (then by id)
  std::string title;
  std::string instructions;
  std::string dose;
  std::vector<std::string> cautions;
  SourceRef source;
  SourceLoc loc;
};

struct Disposition {
  std::string id;
  std::string title;
  std::string message;
  bool show_plan = true;                // emergency: the instruction alone, no self-care plan
  std::vector<std::string> safety_net;  // when to seek help, shown with this result
  SourceLoc loc;
};

/// A safety property that `rules verify` checks over every possible set of answers.
struct Invariant {
  std::string id;
  std::string title;
  CondId when = kNoCond;               // where it applies; kNoCond = every case
  // expectations (kind: expect)
  Level at_least = kNoLevel;
  Level at_most = kNoLevel;
  bool has_disposition = false;
  std::vector<OptionId> recommended;
  std::vector<OptionId> not_recommended;
  std::vector<OptionId> avoided;
  // monotonicity (kind: monotone): answering yes to any of these never lowers the disposition
  std::vector<FactId> monotone;
  SourceLoc loc;
};

/// A checklist: yes/no questions asked together under one lead question ("Do you have any of
/// these?"), as telephone and online triage ask red flags. Each member keeps its own answer; the
/// list only changes how they are asked.
struct Checklist {
  std::string id;
  std::string lead;              // the prompt above the numbered list
  std::vector<FactId> members;   // yes/no questions, in question order, each in one checklist only
  SourceLoc loc;
};

/// What the evaluator reads of a rule, packed: the hot path touches 32 bytes per rule instead of
/// a Rule with its texts. Built from `rules` by compile_hot_rules().
struct HotRule {
  CondId when = kNoCond;
  Level disposition = kNoLevel;
  std::uint32_t sets = 0, sets_count = 0;      // range in RuleBase::hot_facts
  std::uint32_t recs = 0, recs_count = 0;      // range in RuleBase::hot_options
  std::uint32_t avoids = 0, avoids_count = 0;  // range in RuleBase::hot_options
  bool red_flag = false;
  bool stop = false;
};

/// A compressed list of lists: the ids for key k are items[start[k] .. start[k + 1]).
struct Index {
  std::vector<std::uint32_t> start;
  std::vector<std::int32_t> items;
  std::span<const std::int32_t> operator[](size_t k) const {
    return {items.data() + start[k], items.data() + start[k + 1]};
  }
};

struct RuleBase {
  std::string name;
  std::string version;
  std::string description;
  std::string title;      // a readable name for forms and documents; the name when empty
  std::string publisher;  // who publishes the rule base
  std::string date;       // when this version was published: YYYY, YYYY-MM or YYYY-MM-DD
  std::vector<Source> sources;
  std::vector<Disposition> dispositions;  // lowest first
  std::vector<Fact> facts;                // questions [0, question_count), then derived facts
  FactId question_count = 0;
  std::vector<FactId> question_order;     // questions by (order, id)
  std::vector<Option> options;            // by (order, id): the order of a plan
  std::vector<Rule> rules;                // sorted by (priority descending, id): firing order
  std::vector<Invariant> invariants;      // in file order
  std::vector<Checklist> checklists;      // by their first member's place in the question order
  std::vector<std::int32_t> checklist_of;  // per question: the checklist it belongs to, or -1

  std::vector<CondNode> conds;
  std::vector<CondId> cond_children;
  std::vector<Value> value_pool;
  std::vector<std::string> cond_text;     // the comparison as written, for explanations
  std::vector<SourceLoc> cond_loc;

  Index readers;        // fact -> rules whose `when` reads it
  Index setters;        // fact -> rules that set it (derived facts only)
  Index gated;          // fact -> questions whose ask_when reads it
  Index rule_facts;     // rule -> facts its `when` reads (directly)
  // Who concludes what, for the rule book, `rules show` and the explanations (one home for all):
  Index recommended_by;  // option -> rules that recommend it
  Index avoided_by;      // option -> rules that avoid it
  Index reaching;        // level -> rules that conclude it
  std::vector<RuleId> rules_by_stratum_desc;  // for relevance: consumers before producers
  std::vector<HotRule> hot;             // per rule, in rule order
  std::vector<FactId> hot_facts;
  std::vector<OptionId> hot_options;

  IdIndex fact_ids;
  IdIndex option_ids;
  IdIndex rule_ids;
  IdIndex level_ids;

  std::optional<FactId> find_fact(std::string_view id) const;
  std::optional<OptionId> find_option(std::string_view id) const;
  std::optional<RuleId> find_rule(std::string_view id) const;
  std::optional<Level> find_level(std::string_view id) const;

  bool is_question(FactId f) const { return f < question_count; }
  Level top_level() const { return static_cast<Level>(dispositions.size()) - 1; }
  /// The level every assessment starts from (rule_base.default_disposition), or kNoLevel: the
  /// result when no rule concludes a higher one, declared rather than concluded by a rule.
  Level default_level = kNoLevel;
  /// Read through the compiled-rule cache, which holds what the advice commands use: the
  /// invariants, which only `rules verify` checks (always from the YAML), and their conditions
  /// are left out (lang/cache.hpp, advice_part).
  bool invariants_left_out = false;
  /// "seed-000 / When Do You See A Doctor"
  std::string source_text(const SourceRef& ref) const;
  /// A value as the user writes it: yes/no/unsure, a number or a choice.
  std::string value_text(FactId f, Value v) const;
  /// What a question accepts: "yes or no", "yes, no or unsure", "a whole number from 0 to 10",
  /// "one of a, b, c".
  std::string accepted_text(FactId f) const;
  /// The ids of all questions, in question order (for "did you mean" and listings).
  std::vector<std::string> question_names() const;
};

/// The ids of a list of sources, dispositions, options, rules...: for "did you mean" and listings.
template <typename T>
std::vector<std::string> ids_of(const std::vector<T>& items) {
  std::vector<std::string> ids;
  ids.reserve(items.size());
  for (const auto& x : items) ids.push_back(x.id);
  return ids;
}

/// Fills RuleBase::hot from RuleBase::rules, and each rule's on_unsure (after loading, and after
/// reading a cache).
void compile_hot_rules(RuleBase& rb);
/// Fills recommended_by, avoided_by and reaching from the rules (after loading, and after reading
/// a cache), each list in rule order.
void compile_reverse_indexes(RuleBase& rb);

/// checklist_of, from the checklists' members (the loader and the cache reader both call it).
void index_checklists(RuleBase& rb);

/// Whether a comparison node holds for value v (v must be known). Inline: the evaluator's
/// innermost step.
inline bool comparison_holds(const RuleBase& rb, const CondNode& n, Value v) {
  switch (n.op) {
    case CmpOp::eq: return v == n.value;
    case CmpOp::ne: return v != n.value;
    case CmpOp::lt: return v < n.value;
    case CmpOp::le: return v <= n.value;
    case CmpOp::gt: return v > n.value;
    case CmpOp::ge: return v >= n.value;
    case CmpOp::in:
      for (std::uint32_t k = 0; k < n.count; ++k)
        if (rb.value_pool[n.first + k] == v) return true;
      return false;
  }
  return false;
}

/// Result of reading a user's answer for one question.
/// A time ago as people say it, in days: "today" 0, "yesterday" 1, "3 days", "2 weeks" 14,
/// "3 months" 90, "1 year" 365, "2w", "a month", "5 days ago"; nullopt for anything else.
std::optional<Value> parse_days(std::string_view text);

struct ParsedValue {
  bool ok = false;
  Value value = kUnknown;
  std::string error;  // what is allowed, when !ok
};

/// Reads an answer as the user spells it: yes/no, y/n, true/false (any case), and where the
/// question accepts it unsure, "not sure", "don't know" (either apostrophe) or dk; decimal integers in range; a choice
/// by name (any case). Never accepts anything else.
ParsedValue parse_value(const RuleBase& rb, FactId fact, std::string_view text);

}  // namespace backtriage
