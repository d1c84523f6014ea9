// The one JSON writer of assessments and explanations (docs/json-output.md, schema/*.json): every
// constant part (titles, messages, sources, options, question texts) is escaped once per rule
// base, so a case only appends fragments and its few variable values. `assess --format json`,
// `--explain`, `batch` and `batch --detail full` all write through it; golden files and the JSON
// Schemas in schema/ pin what it writes.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "report/assessment.hpp"

namespace backtriage {

/// Compact JSON (as JsonWriter writes it) laid out for people: one member or element per line,
/// "key": value, empty containers kept as {} and [].
std::string indent_json(std::string_view compact, int indent);

/// JSON fragments by index (of a rule, an option, a question...): all made up front, for a
/// writer shared by many cases and threads (batch), or each made when first written, for one
/// case that writes a few dozen of them (one assess: making them all was an eighth of its run).
class JsonFragments {
 public:
  enum class When { up_front, on_demand };
  using Make = std::function<std::string(size_t)>;
  JsonFragments() = default;
  JsonFragments(size_t count, Make make, When when);
  /// Not thread-safe when made on demand.
  const std::string& operator[](size_t i) const {
    if (!made_[i]) {
      text_[i] = make_(i);
      made_[i] = 1;
    }
    return text_[i];
  }

 private:
  Make make_;
  mutable std::vector<std::string> text_;
  mutable std::vector<char> made_;
};

class JsonWriter {
 public:
  /// on_demand: for one case in one thread (a writer that makes fragments as it writes is not
  /// thread-safe); up_front: for many cases, any number of threads.
  explicit JsonWriter(const RuleBase& rb, JsonFragments::When when = JsonFragments::When::up_front);
  /// Appends the compact JSON object of a full assessment to out; `fields` (such as "line":3,
  /// with a trailing comma) go first inside the braces; an explanation, when given, goes last
  /// under "explanation".
  void write(const Assessment& a, std::string& out, std::string_view fields = {},
             const Explanation* explanation = nullptr) const;
  /// Appends the compact line a script acts on (`batch`, docs/json-output.md): status, missing,
  /// the level and its title, the ids of the red flags found, of the plan and of what to avoid,
  /// and the rule base; no texts, reasons or trace.
  void write_compact(const Assessment& a, std::string& out, std::string_view fields = {}) const;
  /// Appends the JSON object of one explanation (HOW or WHY NOT).
  void write_explanation(const Explanation& e, std::string& out) const;

 private:
  void value(FactId f, Value v, std::string& out) const;
  void reasons(const std::vector<Reason>& rs, std::string& out) const;
  void steps(const std::vector<HowStep>& ss, std::string& out) const;
  void candidates(const std::vector<Candidate>& cs, std::string& out) const;

  const RuleBase& rb_;
  JsonFragments red_flag_;        // per rule: its red_flags entry
  JsonFragments red_flag_id_;     // per rule: the id in its red_flags entry
  JsonFragments ruled_out_head_;  // per rule: ruled_out entry up to "because":[
  JsonFragments trace_head_;      // per rule: trace entry up to "because":[
  JsonFragments trace_tail_;      // per rule: from ] to the entry's source (no closing brace)
  JsonFragments candidate_head_;  // per rule: candidate entry up to "state":
  JsonFragments candidate_tail_;  // per rule: its "source" and the closing brace
  JsonFragments sign_;            // per rule: its entry among the signs of the safety net
  std::vector<size_t> avoid_start_;  // per rule: where its avoid entries begin in avoid_
  JsonFragments avoid_;           // per rule, per avoid: its avoid entry
  JsonFragments option_;          // per option: its recommended entry
  JsonFragments option_id_;       // per option: its id as a JSON string
  std::vector<std::string> disposition_;     // per level: "disposition":...,"message":...
  std::vector<std::string> disposition_id_;  // per level: its id as a JSON string
  std::vector<std::string> compact_level_;   // per level: "disposition":...,"disposition_title":...
  std::vector<std::string> advice_;          // per level: "advice":[...] (its own safety-net lines)
  std::vector<std::string> net_level_head_;  // per level: {"disposition":...,"title":...,"signs":[
  JsonFragments leaf_head_;       // per condition: {"fact":"x","value":
  JsonFragments leaf_tail_;       // per condition: ,"condition":"..."}
  JsonFragments key_;             // per question: "id":
  JsonFragments id_;              // per question: "id"
  JsonFragments missing_question_;  // per question: its missing_questions entry
  std::vector<std::vector<std::string>> choice_;  // per question: its choices as JSON strings
  std::string tail_;                         // "rule_base":...,"disclaimer":...}
  std::string compact_tail_;                 // "rule_base":...}
};

}  // namespace backtriage
