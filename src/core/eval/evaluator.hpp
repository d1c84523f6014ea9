// Forward chaining over a RuleBase with three-valued conditions. Holds only flat per-assessment
// arrays indexed by ids, so one Evaluator can run many assessments without allocating.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "model/model.hpp"

namespace backtriage {

enum class Truth : std::uint8_t { no, yes, unknown };

/// What an assessment concluded. Lists are in firing order, which is canonical (priority, id).
struct Result {
  bool complete = false;                  // no unanswered question can change the result
  bool stopped = false;                   // a stop rule or the top disposition ended the questions
  Level disposition = kNoLevel;           // the highest disposition concluded
  std::vector<RuleId> fired;              // every rule that fired, in order
  std::vector<RuleId> red_flags;          // fired rules that raise a red flag
  std::vector<OptionId> recommended;      // recommended and not avoided, in option order
  std::vector<std::pair<OptionId, RuleId>> avoided;  // each avoided option and the first rule that
                                                     // avoided it, in the order they were avoided
  std::vector<FactId> missing;            // unanswered questions that can still change the result
  std::vector<FactId> ignored;            // answered, but their ask_when is false: not applicable
};

/// The inference engine. Each call that changes the answers (evaluate, reset, answer) leaves a
/// finished Result behind; everything else only reads, so renderers take a const Evaluator&.
class Evaluator {
 public:
  /// How each evaluate() returns to the state with no answers: by copying that state back, or by
  /// undoing only what the last case changed. Copying wins on small rule bases, where a complete
  /// case touches most of the state anyway; undoing wins on large ones, where a case touches a
  /// few rules of many. automatic picks by the size of the state; tests force each.
  enum class Restore : std::uint8_t { automatic, copy, undo };
  explicit Evaluator(const RuleBase& rb, Restore restore = Restore::automatic);

  const RuleBase& rule_base() const { return rb_; }

  /// One-shot evaluation of answers given as (question, value) pairs, each question at most once,
  /// in any order. An answer to a question whose ask_when turns out false is ignored, as the
  /// questionnaire would never have asked it; it is listed in Result::ignored. (apply_gates =
  /// false uses every answer, for the audit's "would it fire without the gate?") The cost grows
  /// with the answers and the rules they touch, plus one relevance walk when some are missing.
  const Result& evaluate(std::span<const std::pair<FactId, Value>> answers, bool apply_gates = true);
  /// The same with answers[q] for each question q (kUnknown = not answered).
  const Result& evaluate(std::span<const Value> answers, bool apply_gates = true);

  /// Clears the working memory: no answers, only rules that need none decided.
  void reset();
  /// Adds one answer and chains forward to a fixpoint (the questionnaire's step).
  void answer(FactId question, Value value);
  /// The finished result of the answers so far.
  const Result& result() const { return result_; }

  Value value(FactId f) const { return values_[static_cast<size_t>(f)]; }
  /// yes: fired (or about to), no: can never fire, unknown: undecided.
  Truth rule_truth(RuleId r) const;
  Truth eval(CondId c) const;
  bool is_avoided(OptionId o) const { return has_bit(avoided_bits_, o); }
  bool is_recommended(OptionId o) const { return has_bit(recommended_bits_, o); }

  /// Whether an undecided rule would still add something: a higher disposition, or an option not
  /// yet recommended or avoided. Rules whose conclusions are dominated need no more questions.
  bool concludes_something_new(RuleId r) const;
  /// The unanswered questions the undecided, useful rules depend on (directly or through derived
  /// facts), in question order; gated questions only once their ask_when is true.
  std::vector<FactId> relevant_questions() const;
  /// The undecided, useful rules whose outcome depends on question q.
  std::vector<RuleId> rules_needing(FactId question) const;
  /// Unanswered questions still needed, asked now or once their gate opens: an upper bound on
  /// the questions left, since answers only ever decide rules.
  size_t needed_question_count() const;
  /// Those questions themselves, in id order.
  std::vector<FactId> needed_questions() const;

 private:
  enum RuleState : std::uint8_t { kUndecided, kPending, kFired, kFalse };
  /// The options a rule recommends or avoids as 64-bit words of the option sets: only the words
  /// it touches, so a rule costs what its lists cost, however many options the base has.
  struct OptionWord {
    std::uint32_t word;
    std::uint64_t bits;
  };
  /// What firing a rule does, in one record: the options it recommends and avoids as ranges of
  /// option_words_, its disposition, and what else it does as bits.
  struct RuleFiring {
    enum Does : std::uint8_t { red_flag = 1, stops = 2, sets_facts = 4 };
    std::uint32_t recs = 0, recs_end = 0;      // range in option_words_
    std::uint32_t avoids = 0, avoids_end = 0;  // range in option_words_
    Level disposition = kNoLevel;
    std::uint8_t does = 0;  // Does bits; stops: a stop rule, or one concluding the top level
  };
  /// A comparison compiled so that testing it needs no switch over the operator: a range of
  /// values (the != comparison is true outside it), or for `in` a word of bits.
  struct CompiledCompare {
    enum Kind : std::uint8_t { none, range, mask, wide } kind = none;  // none: not a comparison;
                                                                        // wide: `in` as written
    bool negate = false;
    FactId fact = 0;
    std::int64_t lo = 0;   // range: the lowest value that holds; mask: the value of bit 0
    std::uint64_t hi = 0;  // range: the highest value that holds (as int64); mask: the values
  };
  static CompiledCompare compile_compare(const RuleBase& rb, const CondNode& n);
  Truth test(const CompiledCompare& k, CondId c) const;
  static bool has_bit(const std::vector<std::uint64_t>& set, OptionId o) {
    return (set[static_cast<size_t>(o) / 64] >> (static_cast<size_t>(o) % 64)) & 1;
  }

  /// The work of evaluate(): answers (each question once) onto the base state.
  void apply(std::span<const std::pair<FactId, Value>> answers, bool apply_gates);
  void chain(FactId question, Value value);  // answer() without finishing the result
  void finish();  // brings recommended, missing and complete up to date
  void clear();  // reset() without firing the rules that need no answer
  // Writes that remember what changed, so that clear() restores only that: a case costs in
  // proportion to the rules it touches, not to the size of the rule base.
  void set_value(FactId f, Value v);
  void set_state(RuleId r, std::uint8_t s);
  void decide(RuleId r);
  Truth eval_when(RuleId r) const;
  void settle(RuleId r, Truth t);  // a decided rule onto the agenda, or ruled out
  void wake(FactId f);
  void retire(RuleId r);
  void fire(RuleId r);
  void avoid_new_options(RuleId r);  // fire()'s rare part, kept out of its body
  void set_facts(const HotRule& h);  // a fired rule's derived facts, and their readers woken
  void run();
  Truth eval_child(CondId c) const;
  Truth eval_leaves(std::uint32_t at, std::uint32_t count, bool all) const;  // parts in leaves_
  void mark_needs(CondId c, std::vector<char>& need, std::vector<char>& seen_facts) const;
  std::vector<char> needed_facts() const;

  const RuleBase& rb_;
  // The state with no answers (rules that need none decided, none fired yet), built once.
  std::vector<Value> base_values_;
  std::vector<std::uint8_t> base_state_;
  std::vector<std::int32_t> base_setters_left_;
  std::vector<RuleId> base_agenda_;  // the rules pending with no answers, in id order
  std::vector<FactId> dirty_facts_;
  std::vector<RuleId> dirty_rules_;
  std::vector<std::uint8_t> fact_dirty_, rule_dirty_;
  bool tracking_ = false;  // remembering what changes (Restore::undo, once the base state is built)
  bool undo_ = false;      // the Restore chosen
  std::vector<std::pair<FactId, Value>> given_;  // evaluate(): the answers, in question order

  std::vector<Value> values_;
  std::vector<std::uint8_t> state_;
  std::vector<std::int32_t> setters_left_;
  std::vector<CompiledCompare> compiled_;  // per condition node
  static constexpr std::uint32_t kNoLeaves = ~std::uint32_t{0};
  std::vector<std::uint32_t> leaves_at_;   // per node: where its parts are in leaves_, or kNoLeaves
  std::vector<CompiledCompare> leaves_;    // the parts of each all / any of plain comparisons
  std::vector<CondId> ask_when_;            // per question: its gate, or kNoCond
  // Every rule, producers of a derived fact before its readers, with its condition at hand.
  struct SweepEntry {
    RuleId rule;
    CondId cond;
    CompiledCompare when;  // kind none unless the condition is one comparison
  };
  std::vector<SweepEntry> sweep_;
  // A complete case on a small rule base (Restore::copy, at most 256 rules) reads most
  // conditions as bits. A rule that is one comparison on a question, and sets nothing, is bit r
  // of a set of rules: a case ORs one row per answer (a question of few values) and has every
  // such rule decided at once, each one holding or not. The comparisons inside an all / any of
  // comparisons and of all / any of them are bits of another set (a rule's bits share one word),
  // from the same rows; such a rule is then decided with a few masks once its bits are known,
  // instead of a walk over its tree. The other rules keep the walk (sweep_rest_).
  static constexpr size_t kLeafWords = 4;
  using LeafWords = std::array<std::uint64_t, kLeafWords>;
  struct LeafRow {
    LeafWords rules{}, parts{};
  };
  struct LeafTable {
    Value min = 0;
    std::uint32_t rows = 0;  // values of the question; 0: its comparisons are tested one by one
    std::uint32_t at = 0;    // in leaf_rows_: the question's bits, then which hold, one row a value
  };
  struct LooseLeaf {  // a comparison on a question of many values
    bool lone;        // the bit is a rule's (else a part's)
    std::uint32_t bit;
    CompiledCompare compare;
  };
  struct BitGroup {
    std::uint64_t mask;
    bool all;
  };
  struct BitRule {
    RuleId rule;
    std::uint32_t word;
    bool all;                          // the condition's own kind
    std::uint32_t groups, groups_end;  // its all / any parts, in bit_groups_
    std::uint64_t direct, need;        // its own comparisons; every bit it reads
  };
  std::vector<LeafTable> leaf_tables_;  // per question
  std::vector<LeafRow> leaf_rows_;
  std::vector<LooseLeaf> loose_leaves_;
  LeafWords lone_rules_{};             // the rules decided from their own bit
  std::vector<BitGroup> bit_groups_;
  std::vector<BitRule> bit_rules_;
  std::vector<SweepEntry> sweep_rest_;  // the other rules, in sweep_ order
  bool bits_ = false;                   // the bits are built
  bool bits_wanted_ = false;            // a complete case came: the next one uses the bits
  bool bits_tried_ = false;             // build_bit_rules() ran (and may have found too many rules)
  void build_bit_rules();
  void sweep_complete(std::span<const std::pair<FactId, Value>> answers);
  std::vector<std::pair<FactId, Value>> gated_given_;  // apply(): the answers that wait for a gate
  std::vector<RuleFiring> firing_;  // per rule
  std::vector<OptionWord> option_words_;
  // One bit an option: recommended by a fired rule, avoided by a fired rule (both may be set;
  // avoid wins in the result).
  std::vector<std::uint64_t> recommended_bits_, avoided_bits_;
  // The agenda: one bit a rule, pending when set. Lower id = higher priority, so the next rule to
  // fire is the lowest bit set; no rule below word agenda_low_ is pending.
  std::vector<std::uint64_t> agenda_;
  size_t agenda_low_ = 0;
  size_t agenda_count_ = 0;
  void push_agenda(RuleId r);
  Result result_;
};

}  // namespace backtriage
