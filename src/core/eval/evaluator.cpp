// Forward chaining with refraction and an agenda ordered by rule priority; three-valued (Kleene)
// conditions; derived facts that become "no" once every rule that could set them is ruled out.
#include "eval/evaluator.hpp"

#include <algorithm>
#include <bit>

namespace backtriage {


namespace {

// Below this many bytes of per-case state, copying the base state back costs less than
// remembering each change (Restore::automatic).
constexpr size_t kCopyStateBelow = 4096;

}  // namespace

Evaluator::Evaluator(const RuleBase& rb, Restore restore)
    : rb_(rb),
      fact_dirty_(rb.facts.size(), 0),
      rule_dirty_(rb.rules.size(), 0),
      values_(rb.facts.size(), kUnknown),
      state_(rb.rules.size(), kUndecided),
      setters_left_(rb.facts.size(), 0),
      recommended_bits_((rb.options.size() + 63) / 64, 0),
      avoided_bits_((rb.options.size() + 63) / 64, 0) {
  const size_t state_bytes = rb.facts.size() * (sizeof(Value) + sizeof(std::int32_t)) + rb.rules.size();
  undo_ = restore == Restore::undo || (restore == Restore::automatic && state_bytes >= kCopyStateBelow);
  agenda_.assign((rb.rules.size() + 63) / 64, 0);
  agenda_low_ = agenda_.size();
  firing_.resize(rb.rules.size());
  const auto add_words = [&](std::uint32_t first, std::uint32_t count) {
    const auto start = static_cast<std::ptrdiff_t>(option_words_.size());
    for (std::uint32_t k = 0; k < count; ++k) {
      const auto o = static_cast<size_t>(rb.hot_options[first + k]);
      const auto word = static_cast<std::uint32_t>(o / 64);
      auto it = std::find_if(option_words_.begin() + start, option_words_.end(),
                             [&](const OptionWord& w) { return w.word == word; });
      if (it == option_words_.end()) it = option_words_.insert(it, OptionWord{word, 0});
      it->bits |= std::uint64_t{1} << (o % 64);
    }
  };
  for (size_t r = 0; r < rb.rules.size(); ++r) {
    const HotRule& h = rb.hot[r];
    RuleFiring& w = firing_[r];
    w.recs = static_cast<std::uint32_t>(option_words_.size());
    add_words(h.recs, h.recs_count);
    w.recs_end = w.avoids = static_cast<std::uint32_t>(option_words_.size());
    add_words(h.avoids, h.avoids_count);
    w.avoids_end = static_cast<std::uint32_t>(option_words_.size());
    w.disposition = h.disposition;
    if (h.red_flag) w.does |= RuleFiring::red_flag;
    if (h.stop || (h.disposition != kNoLevel && h.disposition == rb.top_level())) w.does |= RuleFiring::stops;
    if (h.sets_count != 0) w.does |= RuleFiring::sets_facts;
  }
  compiled_.reserve(rb.conds.size());
  for (const CondNode& n : rb.conds) compiled_.push_back(compile_compare(rb, n));
  // An all or any of plain comparisons (the common shape) gets its parts side by side.
  leaves_at_.assign(rb.conds.size(), kNoLeaves);
  for (size_t c = 0; c < rb.conds.size(); ++c) {
    const CondNode& n = rb.conds[c];
    if (n.kind != CondKind::all && n.kind != CondKind::any) continue;
    const auto plain = [&](std::uint32_t k) {
      const auto kind = compiled_[static_cast<size_t>(rb.cond_children[n.first + k])].kind;
      return kind == CompiledCompare::range || kind == CompiledCompare::mask;
    };
    bool all_plain = true;
    for (std::uint32_t k = 0; k < n.count && all_plain; ++k) all_plain = plain(k);
    if (!all_plain) continue;
    leaves_at_[c] = static_cast<std::uint32_t>(leaves_.size());
    for (std::uint32_t k = 0; k < n.count; ++k) leaves_.push_back(compiled_[static_cast<size_t>(rb.cond_children[n.first + k])]);
  }
  for (auto it = rb.rules_by_stratum_desc.rbegin(); it != rb.rules_by_stratum_desc.rend(); ++it) {
    const CondId when = rb.hot[static_cast<size_t>(*it)].when;
    sweep_.push_back({*it, when, compiled_[static_cast<size_t>(when)]});
  }
  ask_when_.resize(static_cast<size_t>(rb.question_count));
  for (FactId q = 0; q < rb.question_count; ++q) ask_when_[static_cast<size_t>(q)] = rb.facts[static_cast<size_t>(q)].ask_when;
  // The base state: a derived fact nothing can set is "no"; every rule decidable without
  // answers is decided (true ones wait on the agenda, so that they fire in priority order
  // together with those the answers make true).
  for (size_t f = 0; f < rb.facts.size(); ++f) setters_left_[f] = static_cast<std::int32_t>(rb.setters[f].size());
  for (FactId f = rb.question_count; f < static_cast<FactId>(rb.facts.size()); ++f)
    if (setters_left_[static_cast<size_t>(f)] == 0) values_[static_cast<size_t>(f)] = kNo;
  for (const SweepEntry& e : sweep_) decide(e.rule);
  base_values_ = values_;
  base_state_ = state_;
  base_setters_left_ = setters_left_;
  for (size_t w = 0; w < agenda_.size(); ++w)
    for (std::uint64_t bits = agenda_[w]; bits != 0; bits &= bits - 1)
      base_agenda_.push_back(static_cast<RuleId>(w * 64 + static_cast<size_t>(std::countr_zero(bits))));
  tracking_ = undo_;
  // The bits are built when a second complete case comes (clear()): building them costs more
  // than the walk they save in one case, and one whole-process assess evaluates one.
  reset();
}

void Evaluator::build_bit_rules() {
  // The base state is in place: every rule taking part reads only unanswered questions.
  constexpr std::int64_t kMostRows = 128;
  bits_tried_ = true;
  if (rb_.rules.size() > kLeafWords * 64) return;
  const auto is_leaf = [&](CondId c) {
    const CompiledCompare& k = compiled_[static_cast<size_t>(c)];
    return (k.kind == CompiledCompare::range || k.kind == CompiledCompare::mask) && rb_.is_question(k.fact);
  };
  struct Leaf {
    bool lone;
    std::uint32_t bit;
    CondId cond;
  };
  std::vector<Leaf> leaves;
  std::uint32_t next_bit = 0;  // in the parts' bits
  for (const SweepEntry& e : sweep_) {
    const auto r = static_cast<size_t>(e.rule);
    if (state_[r] != kUndecided) {
      sweep_rest_.push_back(e);
      continue;
    }
    if (is_leaf(e.cond) && rb_.hot[r].sets_count == 0) {
      lone_rules_[r / 64] |= std::uint64_t{1} << (r % 64);
      leaves.push_back({true, static_cast<std::uint32_t>(r), e.cond});
      continue;
    }
    // An all / any whose parts are comparisons, or an all / any of comparisons.
    const CondNode& n = rb_.conds[static_cast<size_t>(e.cond)];
    std::vector<CondId> direct;
    std::vector<std::pair<bool, std::vector<CondId>>> groups;  // (all, its comparisons)
    bool fits = n.kind == CondKind::all || n.kind == CondKind::any;
    for (std::uint32_t k = 0; fits && k < n.count; ++k) {
      const CondId child = rb_.cond_children[n.first + k];
      const CondNode& cn = rb_.conds[static_cast<size_t>(child)];
      if (is_leaf(child)) {
        direct.push_back(child);
        continue;
      }
      fits = cn.kind == CondKind::all || cn.kind == CondKind::any;
      groups.emplace_back(cn.kind == CondKind::all, std::vector<CondId>{});
      for (std::uint32_t j = 0; fits && j < cn.count; ++j) {
        fits = is_leaf(rb_.cond_children[cn.first + j]);
        groups.back().second.push_back(rb_.cond_children[cn.first + j]);
      }
    }
    size_t count = direct.size();
    for (const auto& g : groups) count += g.second.size();
    if (fits && next_bit % 64 + count > 64) next_bit = (next_bit / 64 + 1) * 64;  // one word a rule
    if (!fits || count > 64 || next_bit + count > kLeafWords * 64) {
      sweep_rest_.push_back(e);
      continue;
    }
    BitRule b{e.rule, next_bit / 64, n.kind == CondKind::all, 0, 0, 0, 0};
    const auto take = [&](CondId leaf) {
      leaves.push_back({false, next_bit, leaf});
      return std::uint64_t{1} << (next_bit++ % 64);
    };
    for (CondId leaf : direct) b.direct |= take(leaf);
    b.groups = static_cast<std::uint32_t>(bit_groups_.size());
    for (const auto& [all, parts] : groups) {
      BitGroup g{0, all};
      for (CondId leaf : parts) g.mask |= take(leaf);
      bit_groups_.push_back(g);
      b.need |= g.mask;
    }
    b.groups_end = static_cast<std::uint32_t>(bit_groups_.size());
    b.need |= b.direct;
    bit_rules_.push_back(b);
  }
  // Rows for the questions of few values; the comparisons on the others are tested each case.
  leaf_tables_.assign(static_cast<size_t>(rb_.question_count), LeafTable{});
  std::vector<std::vector<Leaf>> by_question(static_cast<size_t>(rb_.question_count));
  for (const Leaf& l : leaves) by_question[static_cast<size_t>(compiled_[static_cast<size_t>(l.cond)].fact)].push_back(l);
  for (FactId q = 0; q < rb_.question_count; ++q) {
    const std::vector<Leaf>& on_q = by_question[static_cast<size_t>(q)];
    if (on_q.empty()) continue;
    const Fact& fact = rb_.facts[static_cast<size_t>(q)];
    const std::int64_t rows = std::int64_t{fact.max} - fact.min + 1;
    if (rows > kMostRows) {
      for (const Leaf& l : on_q) loose_leaves_.push_back({l.lone, l.bit, compiled_[static_cast<size_t>(l.cond)]});
      continue;
    }
    LeafTable& t = leaf_tables_[static_cast<size_t>(q)];
    t.min = fact.min;
    t.rows = static_cast<std::uint32_t>(rows);
    t.at = static_cast<std::uint32_t>(leaf_rows_.size());
    leaf_rows_.resize(leaf_rows_.size() + static_cast<size_t>(rows) + 1, LeafRow{});
    for (const Leaf& l : on_q) {
      const auto words = [&](LeafRow& row) -> LeafWords& { return l.lone ? row.rules : row.parts; };
      const std::uint64_t bit = std::uint64_t{1} << (l.bit % 64);
      words(leaf_rows_[t.at])[l.bit / 64] |= bit;
      for (std::int64_t row = 0; row < rows; ++row) {
        values_[static_cast<size_t>(q)] = static_cast<Value>(fact.min + row);
        if (test(compiled_[static_cast<size_t>(l.cond)], l.cond) == Truth::yes)
          words(leaf_rows_[t.at + 1 + static_cast<size_t>(row)])[l.bit / 64] |= bit;
      }
      values_[static_cast<size_t>(q)] = kUnknown;
    }
  }
  bits_ = true;
}

void Evaluator::sweep_complete(std::span<const std::pair<FactId, Value>> answers) {
  if (!bits_) {
    bits_wanted_ = !undo_;
    for (const SweepEntry& e : sweep_)
      if (state_[static_cast<size_t>(e.rule)] == kUndecided)
        settle(e.rule, e.when.kind != CompiledCompare::none ? test(e.when, e.cond) : eval(e.cond));
    return;
  }
  // The bits of the answers in effect (a gated answer waits for its gate: its bits stay unknown).
  LeafRow yes, known;
  for (const auto& answer : answers) {
    const auto q = static_cast<size_t>(answer.first);
    const Value v = values_[q];
    const LeafTable& t = leaf_tables_[q];
    if (v == kUnknown || t.rows == 0) continue;
    const auto row = static_cast<std::uint64_t>(std::int64_t{v} - t.min);
    if (row >= t.rows) continue;  // outside the question's range: its rules are decided one by one
    const LeafRow& reads = leaf_rows_[t.at];
    const LeafRow& holds = leaf_rows_[t.at + 1 + row];
    for (size_t w = 0; w < kLeafWords; ++w) {
      known.rules[w] |= reads.rules[w];
      known.parts[w] |= reads.parts[w];
      yes.rules[w] |= holds.rules[w];
      yes.parts[w] |= holds.parts[w];
    }
  }
  for (const LooseLeaf& l : loose_leaves_) {
    const Truth t = test(l.compare, kNoCond);
    if (t == Truth::unknown) continue;
    const std::uint64_t bit = std::uint64_t{1} << (l.bit % 64);
    (l.lone ? known.rules : known.parts)[l.bit / 64] |= bit;
    if (t == Truth::yes) (l.lone ? yes.rules : yes.parts)[l.bit / 64] |= bit;
  }
  // Every answer is in place before any rule is decided, and these rules read answers only, so
  // deciding them first gives the states the sweep in stratum order gives. No rule decided here
  // sets a fact: nothing to retire.
  for (size_t w = 0; w < agenda_.size(); ++w) {
    const std::uint64_t decided = known.rules[w] & lone_rules_[w];
    const std::uint64_t holds = decided & yes.rules[w];
    for (std::uint64_t bits = holds; bits != 0; bits &= bits - 1) state_[w * 64 + static_cast<size_t>(std::countr_zero(bits))] = kPending;
    for (std::uint64_t bits = decided & ~holds; bits != 0; bits &= bits - 1)
      state_[w * 64 + static_cast<size_t>(std::countr_zero(bits))] = kFalse;
    // Those whose answer is missing or out of range: three-valued, one by one.
    for (std::uint64_t bits = lone_rules_[w] & ~decided; bits != 0; bits &= bits - 1)
      decide(static_cast<RuleId>(w * 64 + static_cast<size_t>(std::countr_zero(bits))));
    if (holds == 0) continue;
    agenda_[w] |= holds;
    agenda_count_ += static_cast<size_t>(std::popcount(holds));
    agenda_low_ = std::min(agenda_low_, w);
  }
  for (const BitRule& b : bit_rules_) {
    if (state_[static_cast<size_t>(b.rule)] != kUndecided) continue;  // decided by a retired fact's wake
    if ((known.parts[b.word] & b.need) != b.need) {  // some part unknown: three-valued, on the tree
      settle(b.rule, eval_when(b.rule));
      continue;
    }
    const std::uint64_t y = yes.parts[b.word];
    const auto group_holds = [&](const BitGroup& g) { return g.all ? (y & g.mask) == g.mask : (y & g.mask) != 0; };
    bool holds;
    if (b.all) {
      holds = (y & b.direct) == b.direct;
      for (std::uint32_t g = b.groups; g < b.groups_end && holds; ++g) holds = group_holds(bit_groups_[g]);
    } else {
      holds = (y & b.direct) != 0;
      for (std::uint32_t g = b.groups; g < b.groups_end && !holds; ++g) holds = group_holds(bit_groups_[g]);
    }
    settle(b.rule, holds ? Truth::yes : Truth::no);
  }
  for (const SweepEntry& e : sweep_rest_)
    if (state_[static_cast<size_t>(e.rule)] == kUndecided)
      settle(e.rule, e.when.kind != CompiledCompare::none ? test(e.when, e.cond) : eval(e.cond));
}

Evaluator::CompiledCompare Evaluator::compile_compare(const RuleBase& rb, const CondNode& n) {
  CompiledCompare k;
  if (n.kind != CondKind::compare) return k;
  // Beyond any Value, so that v - 1 and v + 1 never overflow.
  constexpr std::int64_t kBelow = -(std::int64_t{1} << 32), kAbove = std::int64_t{1} << 32;
  const std::int64_t v = n.value;
  std::int64_t lo = v, hi = v;
  k.kind = CompiledCompare::range;
  k.fact = n.fact;
  switch (n.op) {
    case CmpOp::eq: break;
    case CmpOp::ne: k.negate = true; break;
    case CmpOp::lt: lo = kBelow; hi = v - 1; break;
    case CmpOp::le: lo = kBelow; break;
    case CmpOp::gt: lo = v + 1; hi = kAbove; break;
    case CmpOp::ge: hi = kAbove; break;
    case CmpOp::in: {
      // Values within 64 of each other make one word of bits; a wider set is compared as written.
      std::int64_t least = kAbove, most = kBelow;
      for (std::uint32_t i = 0; i < n.count; ++i) {
        least = std::min<std::int64_t>(least, rb.value_pool[n.first + i]);
        most = std::max<std::int64_t>(most, rb.value_pool[n.first + i]);
      }
      if (n.count == 0 || most - least >= 64) {
        k.kind = CompiledCompare::wide;
        return k;
      }
      k.kind = CompiledCompare::mask;
      lo = least;
      std::uint64_t bits = 0;
      for (std::uint32_t i = 0; i < n.count; ++i) bits |= std::uint64_t{1} << (rb.value_pool[n.first + i] - least);
      hi = static_cast<std::int64_t>(bits);
      break;
    }
  }
  k.lo = lo;
  k.hi = static_cast<std::uint64_t>(hi);
  return k;
}

inline Truth Evaluator::test(const CompiledCompare& k, CondId c) const {
  const Value v = values_[static_cast<size_t>(k.fact)];
  if (v == kUnknown) return Truth::unknown;
  const auto offset = static_cast<std::uint64_t>(v - k.lo);
  bool holds;
  if (k.kind == CompiledCompare::range)
    holds = (offset <= k.hi - static_cast<std::uint64_t>(k.lo)) != k.negate;
  else if (k.kind == CompiledCompare::mask)
    holds = offset < 64 && ((k.hi >> offset) & 1);
  else
    holds = comparison_holds(rb_, rb_.conds[static_cast<size_t>(c)], v);
  return holds ? Truth::yes : Truth::no;
}

void Evaluator::set_value(FactId f, Value v) {
  if (tracking_ && !fact_dirty_[static_cast<size_t>(f)]) {
    fact_dirty_[static_cast<size_t>(f)] = 1;
    dirty_facts_.push_back(f);
  }
  values_[static_cast<size_t>(f)] = v;
}

void Evaluator::set_state(RuleId r, std::uint8_t st) {
  if (tracking_ && !rule_dirty_[static_cast<size_t>(r)]) {
    rule_dirty_[static_cast<size_t>(r)] = 1;
    dirty_rules_.push_back(r);
  }
  state_[static_cast<size_t>(r)] = st;
}

inline Truth Evaluator::eval_leaves(std::uint32_t at, std::uint32_t count, bool all) const {
  const Truth decisive = all ? Truth::no : Truth::yes;
  Truth out = all ? Truth::yes : Truth::no;
  for (std::uint32_t k = 0; k < count; ++k) {
    const Truth t = test(leaves_[at + k], kNoCond);
    if (t == decisive) return t;
    if (t == Truth::unknown) out = Truth::unknown;
  }
  return out;
}

inline Truth Evaluator::eval_child(CondId c) const {
  // Most children are comparisons, or an all / any of comparisons: decided here without a call.
  const CompiledCompare& k = compiled_[static_cast<size_t>(c)];
  if (k.kind != CompiledCompare::none) return test(k, c);
  if (const std::uint32_t at = leaves_at_[static_cast<size_t>(c)]; at != kNoLeaves) {
    const CondNode& n = rb_.conds[static_cast<size_t>(c)];
    return eval_leaves(at, n.count, n.kind == CondKind::all);
  }
  return eval(c);
}

Truth Evaluator::eval(CondId c) const {
  const CondNode& n = rb_.conds[static_cast<size_t>(c)];
  switch (n.kind) {
    case CondKind::always: return Truth::yes;
    case CondKind::compare: return test(compiled_[static_cast<size_t>(c)], c);
    case CondKind::all:
    case CondKind::any: {
      const bool all = n.kind == CondKind::all;
      if (const std::uint32_t at = leaves_at_[static_cast<size_t>(c)]; at != kNoLeaves) return eval_leaves(at, n.count, all);
      const Truth decisive = all ? Truth::no : Truth::yes;
      Truth out = all ? Truth::yes : Truth::no;
      for (std::uint32_t k = 0; k < n.count; ++k) {
        const Truth t = eval_child(rb_.cond_children[n.first + k]);
        if (t == decisive) return t;
        if (t == Truth::unknown) out = Truth::unknown;
      }
      return out;
    }
    case CondKind::negation: {
      const Truth t = eval_child(rb_.cond_children[n.first]);
      if (t == Truth::unknown) return t;
      return t == Truth::yes ? Truth::no : Truth::yes;
    }
  }
  return Truth::unknown;
}

Truth Evaluator::rule_truth(RuleId r) const {
  switch (state_[static_cast<size_t>(r)]) {
    case kPending:
    case kFired: return Truth::yes;
    case kFalse: return Truth::no;
    default: return Truth::unknown;
  }
}

void Evaluator::reset() {
  clear();
  run();
  finish();
}

void Evaluator::clear() {
  if (undo_) {
    for (FactId f : dirty_facts_) {
      values_[static_cast<size_t>(f)] = base_values_[static_cast<size_t>(f)];
      setters_left_[static_cast<size_t>(f)] = base_setters_left_[static_cast<size_t>(f)];
      fact_dirty_[static_cast<size_t>(f)] = 0;
    }
    for (RuleId r : dirty_rules_) {
      state_[static_cast<size_t>(r)] = base_state_[static_cast<size_t>(r)];
      rule_dirty_[static_cast<size_t>(r)] = 0;
    }
    dirty_facts_.clear();
    dirty_rules_.clear();
  } else {
    std::copy(base_values_.begin(), base_values_.end(), values_.begin());
    std::copy(base_setters_left_.begin(), base_setters_left_.end(), setters_left_.begin());
    std::copy(base_state_.begin(), base_state_.end(), state_.begin());
    if (bits_wanted_ && !bits_tried_) build_bit_rules();  // the base state is in place
  }
  std::fill(recommended_bits_.begin(), recommended_bits_.end(), 0);
  std::fill(avoided_bits_.begin(), avoided_bits_.end(), 0);
  // run() leaves the agenda empty; only the base rules go back on it.
  if (agenda_count_ != 0) std::fill(agenda_.begin(), agenda_.end(), 0);
  agenda_count_ = 0;
  agenda_low_ = agenda_.size();
  for (RuleId r : base_agenda_) push_agenda(r);
  result_.stopped = false;
  result_.disposition = rb_.default_level;
  result_.fired.clear();
  result_.red_flags.clear();
  result_.avoided.clear();
  result_.ignored.clear();
}

const Result& Evaluator::evaluate(std::span<const Value> answers, bool apply_gates) {
  const size_t n = std::min(answers.size(), static_cast<size_t>(rb_.question_count));
  given_.resize(n);  // no reallocation after the first case
  size_t count = 0;
  for (size_t q = 0; q < n; ++q)
    if (answers[q] != kUnknown) given_[count++] = {static_cast<FactId>(q), answers[q]};
  given_.resize(count);
  apply(given_, apply_gates);
  finish();
  return result_;
}

const Result& Evaluator::evaluate(std::span<const std::pair<FactId, Value>> answers, bool apply_gates) {
  // Gated answers open one at a time, in question order: the order the answers came in (a JSON
  // line's key order) must not change the order rules fire in, and so the report.
  given_.assign(answers.begin(), answers.end());
  std::sort(given_.begin(), given_.end());
  apply(given_, apply_gates);
  finish();
  return result_;
}

void Evaluator::apply(std::span<const std::pair<FactId, Value>> answers, bool apply_gates) {
  clear();  // no firing yet: every rule true at the start fires in priority order below
  gated_given_.clear();
  size_t readers = 0;
  for (const auto& [q, v] : answers) {
    if (apply_gates && ask_when_[static_cast<size_t>(q)] != kNoCond) {
      gated_given_.emplace_back(q, v);
    } else {
      set_value(q, v);
      readers += rb_.readers.start[static_cast<size_t>(q) + 1] - rb_.readers.start[static_cast<size_t>(q)];
    }
  }
  // Only the rules that read an answer can change from the base state; derived facts wake
  // their readers as they settle. When the answers' readers outnumber the rules (a complete
  // case), one pass over the rules, producers of derived facts first, visits each rule once
  // instead of once per answer it reads; a rule that reads no answer stays as it was.
  if (readers >= sweep_.size()) {
    sweep_complete(answers);
  } else {
    for (const auto& [q, v] : answers)
      if (values_[static_cast<size_t>(q)] != kUnknown) wake(q);
  }
  run();
  // Gated answers count only once their ask_when is true; a gate may depend on other gated
  // answers, so repeat until nothing more opens (a gate never depends on its own question).
  for (bool progress = !gated_given_.empty(); progress;) {
    progress = false;
    for (const auto& [q, v] : gated_given_) {
      if (values_[static_cast<size_t>(q)] != kUnknown) continue;
      if (eval(ask_when_[static_cast<size_t>(q)]) != Truth::yes) continue;
      chain(q, v);
      progress = true;
    }
  }
  for (const auto& [q, v] : gated_given_)
    if (values_[static_cast<size_t>(q)] == kUnknown) result_.ignored.push_back(q);
}

void Evaluator::answer(FactId question, Value value) {
  chain(question, value);
  finish();
}

void Evaluator::chain(FactId question, Value value) {
  set_value(question, value);
  wake(question);
  run();
}

void Evaluator::decide(RuleId r) {
  if (state_[static_cast<size_t>(r)] == kUndecided) settle(r, eval_when(r));
}

inline Truth Evaluator::eval_when(RuleId r) const {
  const CondId when = rb_.hot[static_cast<size_t>(r)].when;
  const CompiledCompare& k = compiled_[static_cast<size_t>(when)];
  // Most rules test one comparison: decided here without a call.
  return k.kind != CompiledCompare::none ? test(k, when) : eval(when);
}

inline void Evaluator::settle(RuleId r, Truth t) {
  if (t == Truth::yes) {
    set_state(r, kPending);
    push_agenda(r);
  } else if (t == Truth::no) {
    set_state(r, kFalse);
    if (rb_.hot[static_cast<size_t>(r)].sets_count != 0) retire(r);
  }
}

void Evaluator::wake(FactId f) {
  // The hot loop of an assessment: every reader of every answer passes here. Decided rules are
  // skipped before any call, and a rule that sets nothing settles without one.
  for (RuleId r : rb_.readers[static_cast<size_t>(f)])
    if (state_[static_cast<size_t>(r)] == kUndecided) settle(r, eval_when(r));
}

void Evaluator::retire(RuleId r) {
  const HotRule& h = rb_.hot[static_cast<size_t>(r)];
  for (std::uint32_t k = 0; k < h.sets_count; ++k) {
    const FactId f = rb_.hot_facts[h.sets + k];
    if (tracking_ && !fact_dirty_[static_cast<size_t>(f)]) {
      fact_dirty_[static_cast<size_t>(f)] = 1;
      dirty_facts_.push_back(f);
    }
    if (--setters_left_[static_cast<size_t>(f)] == 0 && values_[static_cast<size_t>(f)] == kUnknown) {
      set_value(f, kNo);  // closed world: nothing left that could set it
      wake(f);
    }
  }
}

inline void Evaluator::fire(RuleId r) {
  set_state(r, kFired);
  const RuleFiring& f = firing_[static_cast<size_t>(r)];
  result_.fired.push_back(r);
  if (f.disposition > result_.disposition) result_.disposition = f.disposition;
  if (f.does & RuleFiring::red_flag) result_.red_flags.push_back(r);
  for (std::uint32_t k = f.recs; k < f.recs_end; ++k) recommended_bits_[option_words_[k].word] |= option_words_[k].bits;
  bool avoids_new = false;
  for (std::uint32_t k = f.avoids; k < f.avoids_end; ++k)
    avoids_new |= (option_words_[k].bits & ~avoided_bits_[option_words_[k].word]) != 0;
  if (avoids_new) avoid_new_options(r);
  if (f.does & RuleFiring::stops) result_.stopped = true;
  if (f.does & RuleFiring::sets_facts) set_facts(rb_.hot[static_cast<size_t>(r)]);  // the one way back into wake()
}

void Evaluator::avoid_new_options(RuleId r) {
  // In the rule's own order; an option already avoided keeps the rule that avoided it first.
  const HotRule& h = rb_.hot[static_cast<size_t>(r)];
  for (std::uint32_t k = 0; k < h.avoids_count; ++k) {
    const OptionId o = rb_.hot_options[h.avoids + k];
    if (has_bit(avoided_bits_, o)) continue;
    result_.avoided.emplace_back(o, r);
    avoided_bits_[static_cast<size_t>(o) / 64] |= std::uint64_t{1} << (static_cast<size_t>(o) % 64);
  }
}

void Evaluator::set_facts(const HotRule& h) {
  for (std::uint32_t k = 0; k < h.sets_count; ++k) {
    const FactId f = rb_.hot_facts[h.sets + k];
    if (values_[static_cast<size_t>(f)] == kYes) continue;
    set_value(f, kYes);
    wake(f);
  }
}

void Evaluator::run() {
  // Refraction: a rule leaves the agenda once, when it fires. The agenda is ordered by id, and
  // ids are in priority order, so the highest-priority activated rule always fires next.
  while (agenda_count_ != 0) {
    while (agenda_[agenda_low_] == 0) ++agenda_low_;
    std::uint64_t& word = agenda_[agenda_low_];
    const auto r = static_cast<RuleId>(agenda_low_ * 64 + static_cast<size_t>(std::countr_zero(word)));
    word &= word - 1;
    --agenda_count_;
    fire(r);
  }
}

void Evaluator::push_agenda(RuleId r) {
  const auto w = static_cast<size_t>(r) / 64;
  agenda_[w] |= std::uint64_t{1} << (static_cast<size_t>(r) % 64);
  ++agenda_count_;
  agenda_low_ = std::min(agenda_low_, w);
}

bool Evaluator::concludes_something_new(RuleId r) const {
  const RuleFiring& ow = firing_[static_cast<size_t>(r)];
  if (ow.disposition > result_.disposition) return true;
  for (std::uint32_t k = ow.recs; k < ow.recs_end; ++k) {  // neither recommended nor avoided yet
    const std::uint32_t w = option_words_[k].word;
    if ((option_words_[k].bits & ~(recommended_bits_[w] | avoided_bits_[w])) != 0) return true;
  }
  for (std::uint32_t k = ow.avoids; k < ow.avoids_end; ++k)
    if ((option_words_[k].bits & ~avoided_bits_[option_words_[k].word]) != 0) return true;
  return false;
}

void Evaluator::mark_needs(CondId c, std::vector<char>& need, std::vector<char>& seen_facts) const {
  if (eval(c) != Truth::unknown) return;  // a decided part needs nothing more
  const CondNode& n = rb_.conds[static_cast<size_t>(c)];
  switch (n.kind) {
    case CondKind::always: return;
    case CondKind::compare: {
      const auto f = static_cast<size_t>(n.fact);
      need[f] = 1;
      if (rb_.is_question(n.fact) || seen_facts[f]) return;
      seen_facts[f] = 1;
      // An unknown derived fact needs whatever its undecided setters need.
      for (RuleId s : rb_.setters[f])
        if (state_[static_cast<size_t>(s)] == kUndecided) mark_needs(rb_.hot[static_cast<size_t>(s)].when, need, seen_facts);
      return;
    }
    case CondKind::all:
    case CondKind::any:
    case CondKind::negation:
      for (std::uint32_t k = 0; k < n.count; ++k) mark_needs(rb_.cond_children[n.first + k], need, seen_facts);
      return;
  }
}

std::vector<char> Evaluator::needed_facts() const {
  std::vector<char> need(values_.size(), 0);
  if (result_.stopped) return need;
  std::vector<char> seen(values_.size(), 0);
  for (RuleId r = 0; r < static_cast<RuleId>(state_.size()); ++r)
    if (state_[static_cast<size_t>(r)] == kUndecided && concludes_something_new(r))
      mark_needs(rb_.hot[static_cast<size_t>(r)].when, need, seen);
  // A needed question whose ask_when is still unknown cannot be asked yet: what its ask_when
  // depends on is needed first. Repeat until no new gate opens up.
  std::vector<char> gate_done(static_cast<size_t>(rb_.question_count), 0);
  for (bool changed = true; changed;) {
    changed = false;
    for (FactId q = 0; q < rb_.question_count; ++q) {
      const Fact& fact = rb_.facts[static_cast<size_t>(q)];
      if (!need[static_cast<size_t>(q)] || gate_done[static_cast<size_t>(q)] || fact.ask_when == kNoCond ||
          values_[static_cast<size_t>(q)] != kUnknown || eval(fact.ask_when) != Truth::unknown)
        continue;
      gate_done[static_cast<size_t>(q)] = 1;
      mark_needs(fact.ask_when, need, seen);
      changed = true;
    }
  }
  return need;
}

std::vector<FactId> Evaluator::relevant_questions() const {
  std::vector<FactId> out;
  const std::vector<char> need = needed_facts();
  for (FactId q : rb_.question_order) {
    if (!need[static_cast<size_t>(q)] || values_[static_cast<size_t>(q)] != kUnknown) continue;
    const CondId gate = rb_.facts[static_cast<size_t>(q)].ask_when;
    if (gate != kNoCond && eval(gate) != Truth::yes) continue;
    out.push_back(q);
  }
  return out;
}

size_t Evaluator::needed_question_count() const { return needed_questions().size(); }

std::vector<FactId> Evaluator::needed_questions() const {
  const std::vector<char> need = needed_facts();
  std::vector<FactId> out;
  for (FactId q = 0; q < rb_.question_count; ++q)
    if (need[static_cast<size_t>(q)] && values_[static_cast<size_t>(q)] == kUnknown) out.push_back(q);
  return out;
}

std::vector<RuleId> Evaluator::rules_needing(FactId question) const {
  std::vector<RuleId> out;
  if (result_.stopped) return out;
  for (RuleId r = 0; r < static_cast<RuleId>(state_.size()); ++r) {
    if (state_[static_cast<size_t>(r)] != kUndecided || !concludes_something_new(r)) continue;
    std::vector<char> need(values_.size(), 0), seen(values_.size(), 0);
    mark_needs(rb_.hot[static_cast<size_t>(r)].when, need, seen);
    if (need[static_cast<size_t>(question)]) out.push_back(r);
  }
  return out;
}

void Evaluator::finish() {
  result_.recommended.clear();
  for (size_t w = 0; w < recommended_bits_.size(); ++w)
    for (std::uint64_t bits = recommended_bits_[w] & ~avoided_bits_[w]; bits != 0; bits &= bits - 1)
      result_.recommended.push_back(static_cast<OptionId>(w * 64 + static_cast<size_t>(std::countr_zero(bits))));
  // Nothing is missing when every question is answered or can no longer be asked (its ask_when
  // is false): skip the relevance walk (batch fast path).
  bool all_answered = true;
  for (FactId q = 0; q < rb_.question_count && all_answered; ++q)
    all_answered = values_[static_cast<size_t>(q)] != kUnknown ||
                   (ask_when_[static_cast<size_t>(q)] != kNoCond && eval(ask_when_[static_cast<size_t>(q)]) == Truth::no);
  if (all_answered)
    result_.missing.clear();
  else
    result_.missing = relevant_questions();
  result_.complete = result_.missing.empty();
}

}  // namespace backtriage
