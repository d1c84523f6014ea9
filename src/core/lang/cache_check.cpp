// What a rule base read from a cache must satisfy before the evaluator may touch it, and the
// rebuilding of what is derived from it. Everything here is linear in the size of the rule base
// and free of recursion, so that a forged file can neither hang nor overflow the stack; the
// limits are the loader's, so that nothing the YAML could not say is accepted.
#include <algorithm>
#include <tuple>
#include <unordered_set>

#include <fmt/format.h>

#include "lang/cache_internal.hpp"
#include "lang/loader.hpp"
#include "lang/schema.hpp"

namespace backtriage::detail {

namespace {

const LoadLimits kLimits{};
// A condition deeper than the YAML can nest is refused: the evaluator recurses through it. The
// same bound applies to chains of derived facts (rule -> fact -> rule ...), along which the
// relevance walk recurses once per condition level.
const int kMaxDepth = kLimits.yaml.max_depth;

bool in_range(std::int64_t v, std::int64_t lo, std::int64_t end) { return v >= lo && v < end; }
std::int64_t size_of(const auto& items) { return static_cast<std::int64_t>(items.size()); }

bool operator_allowed(const Fact& f, CmpOp op) {
  switch (f.type) {
    // The parser turns <, <=, > and >= on yes/no/unsure into `in`.
    case ValueType::yes_no: return op == CmpOp::eq || op == CmpOp::ne || (f.accepts_unsure && op == CmpOp::in);
    case ValueType::choice: return op == CmpOp::eq || op == CmpOp::ne || op == CmpOp::in;
    case ValueType::integer: return true;
  }
  return false;
}

/// Builds an Index from (key, item) pairs listed in item order; a counting sort keeps that order
/// within each key, as the loader's lists do.
Index make_index(size_t keys, const std::vector<std::pair<std::int32_t, std::int32_t>>& pairs) {
  Index ix;
  ix.start.assign(keys + 1, 0);
  for (const auto& [key, item] : pairs) ++ix.start[static_cast<size_t>(key) + 1];
  for (size_t k = 0; k < keys; ++k) ix.start[k + 1] += ix.start[k];
  ix.items.resize(pairs.size());
  std::vector<std::uint32_t> next(ix.start.begin(), ix.start.end() - 1);
  for (const auto& [key, item] : pairs) ix.items[next[static_cast<size_t>(key)]++] = item;
  return ix;
}

class CachedBaseChecker {
 public:
  explicit CachedBaseChecker(RuleBase& rb)
      : rb_(rb), nf_(size_of(rb.facts)), no_(size_of(rb.options)), nc_(size_of(rb.conds)),
        nl_(size_of(rb.dispositions)), ns_(size_of(rb.sources)) {}

  std::string run() {
    if (!(check_shape() && check_ids() && check_facts() && check_options() && check_conditions() && check_rules() &&
          check_invariants() && check_checklists() && check_every_condition_has_one_owner()))
      return why_;
    rebuild_indexes();  // the strata are checked against the rebuilt rule -> fact index
    if (!check_strata()) return why_;
    finish();
    return {};
  }

 private:
  bool fail(std::string why) {
    why_ = std::move(why);
    return false;
  }

  bool check_shape() {
    if (rb_.dispositions.empty()) return fail("no dispositions");
    if (!in_range(rb_.default_level, kNoLevel, nl_)) return fail("the default disposition is not a level");
    if (!in_range(rb_.question_count, 0, nf_ + 1)) return fail(fmt::format("{} questions of {} facts", rb_.question_count, nf_));
    if (rb_.cond_text.size() != rb_.conds.size() || rb_.cond_loc.size() != rb_.conds.size())
      return fail("condition texts and places do not match the conditions");
    return true;
  }

  /// Valid, unique ids; the lookups of facts, options, rules and levels are filled on the way.
  template <typename T>
  bool unique_ids(const std::vector<T>& items, const char* what, IdIndex& index) {
    index.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
      if (!is_identifier(items[i].id)) return fail(fmt::format("{} #{} has no valid id", what, i));
      if (!index.emplace(items[i].id, static_cast<std::int32_t>(i)).second)
        return fail(fmt::format("two {}s have the id '{}'", what, items[i].id));
    }
    return true;
  }
  bool check_ids() {
    IdIndex sources, invariants;
    return unique_ids(rb_.sources, "source", sources) && unique_ids(rb_.dispositions, "disposition", rb_.level_ids) &&
           unique_ids(rb_.facts, "fact", rb_.fact_ids) && unique_ids(rb_.options, "option", rb_.option_ids) &&
           unique_ids(rb_.rules, "rule", rb_.rule_ids) && unique_ids(rb_.invariants, "invariant", invariants);
  }

  bool check_facts() {
    for (size_t i = 0; i < rb_.facts.size(); ++i) {
      const Fact& f = rb_.facts[i];
      const bool question = static_cast<std::int64_t>(i) < rb_.question_count;
      if (f.is_question != question) return fail(fmt::format("fact '{}' is out of place (questions come first)", f.id));
      if (!(question ? check_question(f) : check_derived_fact(f))) return false;
      // The loader's canonical order: questions by (order, id), derived facts by id.
      if (i > 0 && static_cast<std::int64_t>(i) != rb_.question_count) {
        const Fact& prev = rb_.facts[i - 1];
        if (!(std::tie(prev.order, prev.id) < std::tie(f.order, f.id)))
          return fail(fmt::format("fact '{}' is out of order", f.id));
      }
    }
    return true;
  }
  bool check_derived_fact(const Fact& f) {
    if (f.type != ValueType::yes_no || f.min != 0 || f.max != 1 || f.accepts_unsure || !f.choices.empty() || !f.help.empty() || !f.list_text.empty() ||
        f.order != 0 || f.ask_when != kNoCond)
      return fail(fmt::format("derived fact '{}' is not a plain yes/no fact", f.id));
    return true;
  }
  bool check_question(const Fact& f) {
    switch (f.type) {
      case ValueType::yes_no:
        if (f.min != 0 || f.max != (f.accepts_unsure ? kUnsure : kYes) || !f.choices.empty())
          return fail(fmt::format("yes/no question '{}' has the range {} to {}", f.id, f.min, f.max));
        break;
      case ValueType::integer:
        if (f.accepts_unsure) return fail(fmt::format("integer question '{}' accepts unsure", f.id));
        // kUnknown is the lowest int32: the loader keeps it out of every range.
        if (f.min > f.max || f.min == kUnknown || !f.choices.empty())
          return fail(fmt::format("integer question '{}' has the range {} to {}", f.id, f.min, f.max));
        break;
      case ValueType::choice:
        if (f.accepts_unsure) return fail(fmt::format("choice question '{}' accepts unsure", f.id));
        if (!check_choices(f)) return false;
        break;
    }
    if (f.ask_when != kNoCond && !in_range(f.ask_when, 0, nc_))
      return fail(fmt::format("the ask_when of '{}' is not a condition", f.id));
    return true;
  }
  bool check_choices(const Fact& f) {
    if (f.choices.size() < 2 || f.min != 0 || f.max != static_cast<std::int64_t>(f.choices.size()) - 1)
      return fail(fmt::format("choice question '{}' has {} choices and the range {} to {}", f.id, f.choices.size(),
                              f.min, f.max));
    std::unordered_set<std::string_view> seen;
    seen.reserve(f.choices.size());
    for (const std::string& c : f.choices)
      if (!is_identifier(c) || !seen.insert(c).second)
        return fail(fmt::format("choice question '{}' has an invalid or repeated choice", f.id));
    return true;
  }

  bool check_options() {
    for (size_t i = 0; i < rb_.options.size(); ++i) {
      const Option& o = rb_.options[i];
      if (!in_range(o.source.source, 0, ns_)) return fail(fmt::format("option '{}' cites no declared source", o.id));
      if (i > 0 && !(std::tie(rb_.options[i - 1].order, rb_.options[i - 1].id) < std::tie(o.order, o.id)))
        return fail(fmt::format("option '{}' is out of order", o.id));
    }
    return true;
  }

  /// Condition trees as the loader lays them out: children before their parent, and the child
  /// lists and `in` value lists back to back in node order, so that every entry belongs to
  /// exactly one node. Depth is computed on the way (children come first).
  bool check_conditions() {
    depth_.assign(rb_.conds.size(), 0);
    owners_.assign(rb_.conds.size(), 0);
    std::uint64_t next_child = 0, next_value = 0;
    for (size_t c = 0; c < rb_.conds.size(); ++c) {
      const CondNode& n = rb_.conds[c];
      const bool checked = n.kind == CondKind::always    ? check_always(c, n)
                           : n.kind == CondKind::compare ? check_comparison(c, n, next_value)
                                                         : check_combination(c, n, next_child);
      if (!checked) return false;
      if (depth_[c] > kMaxDepth) return fail(fmt::format("condition #{} is nested deeper than {} levels", c, kMaxDepth));
    }
    if (next_child != rb_.cond_children.size() || next_value != rb_.value_pool.size())
      return fail("the condition lists hold entries that no condition uses");
    return true;
  }
  bool check_always(size_t c, const CondNode& n) {
    if (n.op != CmpOp::eq || n.fact != -1 || n.value != 0 || n.first != 0 || n.count != 0)
      return fail(fmt::format("condition #{} ('always') has operands", c));
    depth_[c] = 1;
    return true;
  }
  bool check_comparison(size_t c, const CondNode& n, std::uint64_t& next_value) {
    if (!in_range(n.fact, 0, nf_)) return fail(fmt::format("condition #{} compares no fact", c));
    const Fact& f = rb_.facts[static_cast<size_t>(n.fact)];
    if (!operator_allowed(f, n.op))
      return fail(fmt::format("condition #{} compares the {} fact '{}' with '{}'", c, value_type_name(f.type), f.id,
                              cmp_op_text(n.op)));
    const auto allowed = [&](Value v) { return v >= f.min && v <= f.max; };
    if (n.op == CmpOp::in) {
      if (n.value != 0 || n.count == 0 || n.first != next_value || n.count > rb_.value_pool.size() - next_value)
        return fail(fmt::format("condition #{} has a misplaced list of values", c));
      for (std::uint32_t k = 0; k < n.count; ++k)
        if (!allowed(rb_.value_pool[n.first + k]))
          return fail(fmt::format("condition #{} compares '{}' with a value outside its range", c, f.id));
      next_value += n.count;
    } else if (n.first != 0 || n.count != 0 || !allowed(n.value)) {
      return fail(fmt::format("condition #{} compares '{}' with a value outside its range", c, f.id));
    }
    depth_[c] = 1;
    return true;
  }
  bool check_combination(size_t c, const CondNode& n, std::uint64_t& next_child) {
    if (n.op != CmpOp::eq || n.fact != -1 || n.value != 0 || n.count == 0 ||
        (n.kind == CondKind::negation && n.count != 1))
      return fail(fmt::format("condition #{} is not a valid all, any or not", c));
    if (n.first != next_child || n.count > rb_.cond_children.size() - next_child)
      return fail(fmt::format("condition #{} has a misplaced list of children", c));
    for (std::uint32_t k = 0; k < n.count; ++k) {
      const CondId child = rb_.cond_children[n.first + k];
      if (!in_range(child, 0, static_cast<std::int64_t>(c)))
        return fail(fmt::format("condition #{} has a child that is not an earlier condition", c));
      if (!own(child)) return false;
      depth_[c] = std::max(depth_[c], depth_[static_cast<size_t>(child)] + 1);
    }
    next_child += n.count;
    return true;
  }
  /// Every node belongs to exactly one parent or one owner (a rule, a question, an invariant):
  /// shared subtrees could make one evaluation exponential.
  bool own(CondId c) {
    if (++owners_[static_cast<size_t>(c)] > 1) return fail(fmt::format("condition #{} is used twice", c));
    return true;
  }
  bool own_root(CondId c, bool optional, const std::string& owner) {
    if (optional && c == kNoCond) return true;
    if (!in_range(c, 0, nc_)) return fail(fmt::format("{} has no valid condition", owner));
    return own(c);
  }
  bool check_every_condition_has_one_owner() {
    for (const Fact& f : rb_.facts)
      if (!own_root(f.ask_when, true, fmt::format("question '{}'", f.id))) return false;
    for (size_t c = 0; c < owners_.size(); ++c)
      if (owners_[c] != 1) return fail(fmt::format("condition #{} belongs to nothing", c));
    return true;
  }

  bool check_rules() {
    for (size_t i = 0; i < rb_.rules.size(); ++i) {
      const Rule& r = rb_.rules[i];
      const std::string what = fmt::format("rule '{}'", r.id);
      if (!own_root(r.when, false, what)) return false;
      if (!in_range(r.disposition, kNoLevel, nl_) || (r.red_flag && r.disposition == kNoLevel) ||
          (!r.red_flag && !r.red_flag_text.empty()))
        return fail(what + " has an invalid disposition or red flag");
      for (FactId f : r.sets)
        if (!in_range(f, rb_.question_count, nf_)) return fail(what + " sets something that is not a derived fact");
      for (OptionId o : r.recommends)
        if (!in_range(o, 0, no_)) return fail(what + " recommends an unknown option");
      for (const Avoid& a : r.avoids)
        if (!in_range(a.option, 0, no_)) return fail(what + " avoids an unknown option");
      if (!in_range(r.source.source, 0, ns_)) return fail(what + " cites no declared source");
      // Firing order: priority descending, then id.
      if (i > 0 && !(std::tie(r.priority, rb_.rules[i - 1].id) < std::tie(rb_.rules[i - 1].priority, r.id)))
        return fail(what + " is out of order");
    }
    return true;
  }

  bool check_invariants() {
    for (const Invariant& inv : rb_.invariants) {
      const std::string what = fmt::format("invariant '{}'", inv.id);
      if (!own_root(inv.when, true, what)) return false;
      if (!in_range(inv.at_least, kNoLevel, nl_) || !in_range(inv.at_most, kNoLevel, nl_))
        return fail(what + " names an unknown disposition");
      for (const auto* list : {&inv.recommended, &inv.not_recommended, &inv.avoided})
        for (OptionId o : *list)
          if (!in_range(o, 0, no_)) return fail(what + " names an unknown option");
      for (FactId q : inv.monotone)
        if (!in_range(q, 0, rb_.question_count) || rb_.facts[static_cast<size_t>(q)].type != ValueType::yes_no)
          return fail(what + " names something that is not a yes/no question");
    }
    return true;
  }

  /// As the loader makes them: ids of their own, two or more yes/no questions each in question
  /// order, no question in two, and the lists ordered by their first member.
  bool check_checklists() {
    std::vector<std::uint8_t> listed(static_cast<size_t>(rb_.question_count), 0);
    IdIndex ids;
    for (size_t c = 0; c < rb_.checklists.size(); ++c) {
      const Checklist& list = rb_.checklists[c];
      const std::string what = fmt::format("checklist #{}", c);
      const auto other_has = [&](const auto& items) {
        return std::any_of(items.begin(), items.end(), [&](const auto& x) { return x.id == list.id; });
      };
      if (!is_identifier(list.id) || !ids.emplace(list.id, static_cast<std::int32_t>(c)).second ||
          rb_.fact_ids.count(list.id) || rb_.option_ids.count(list.id) || rb_.level_ids.count(list.id) ||
          rb_.rule_ids.count(list.id) || other_has(rb_.sources) || other_has(rb_.invariants))
        return fail(what + " has no id of its own");
      if (list.lead.empty()) return fail(what + " has no lead");
      if (list.members.size() < 2) return fail(what + " has fewer than two members");
      for (size_t k = 0; k < list.members.size(); ++k) {
        const FactId q = list.members[k];
        if (!in_range(q, 0, rb_.question_count) || rb_.facts[static_cast<size_t>(q)].type != ValueType::yes_no ||
            rb_.facts[static_cast<size_t>(q)].list_text.empty())
          return fail(what + " lists something that is not a yes/no question with a list_text");
        if (listed[static_cast<size_t>(q)]++ != 0) return fail(what + " lists a question that is listed already");
        if (k > 0 && !(list.members[k - 1] < q)) return fail(what + " lists its members out of question order");
      }
      if (c > 0 && !(rb_.checklists[c - 1].members.front() < list.members.front()))
        return fail(what + " is out of order");
    }
    return true;
  }

  /// The facts a condition reads, each once, in no particular order (callers sort or do not
  /// care). A stamp per call marks the facts already taken; an explicit stack replaces recursion.
  void facts_read(CondId root, std::vector<FactId>& out) {
    out.clear();
    ++stamp_;
    stack_.assign(1, root);
    while (!stack_.empty()) {
      const CondNode& n = rb_.conds[static_cast<size_t>(stack_.back())];
      stack_.pop_back();
      if (n.kind == CondKind::compare && seen_[static_cast<size_t>(n.fact)] != stamp_) {
        seen_[static_cast<size_t>(n.fact)] = stamp_;
        out.push_back(n.fact);
      } else if (n.kind != CondKind::compare && n.kind != CondKind::always) {
        for (std::uint32_t k = 0; k < n.count; ++k) stack_.push_back(rb_.cond_children[n.first + k]);
      }
    }
  }

  /// readers, setters, gated and rule_facts, exactly as the loader's compile() builds them.
  void rebuild_indexes() {
    seen_.assign(rb_.facts.size(), 0);
    std::vector<std::pair<std::int32_t, std::int32_t>> readers, setters, gated, rule_facts;
    std::vector<FactId> read;
    for (size_t r = 0; r < rb_.rules.size(); ++r) {
      facts_read(rb_.rules[r].when, read);
      std::sort(read.begin(), read.end());
      for (FactId f : read) {
        readers.emplace_back(f, static_cast<std::int32_t>(r));
        rule_facts.emplace_back(static_cast<std::int32_t>(r), f);
      }
      for (FactId f : rb_.rules[r].sets) setters.emplace_back(f, static_cast<std::int32_t>(r));
    }
    for (FactId q = 0; q < rb_.question_count; ++q) {
      if (rb_.facts[static_cast<size_t>(q)].ask_when == kNoCond) continue;
      facts_read(rb_.facts[static_cast<size_t>(q)].ask_when, read);
      for (FactId f : read) gated.emplace_back(f, q);
    }
    rb_.readers = make_index(rb_.facts.size(), readers);
    rb_.setters = make_index(rb_.facts.size(), setters);
    rb_.gated = make_index(rb_.facts.size(), gated);
    rb_.rule_facts = make_index(rb_.rules.size(), rule_facts);
  }

  /// The loader's strata: a rule's is 1 + the highest of the rules setting a fact it reads (0
  /// when none does). Rules that satisfy this everywhere form no cycle, since the stratum rises
  /// strictly along every edge; checking it takes one pass, where finding it takes a search.
  bool check_strata() {
    std::vector<std::int32_t> fact_level(rb_.facts.size(), 0);
    for (const Rule& r : rb_.rules) {
      if (!in_range(r.stratum, 0, kMaxDepth))
        return fail(fmt::format("rule '{}' has the stratum {} (derived facts chain at most {} deep)", r.id, r.stratum,
                                kMaxDepth));
      for (FactId f : r.sets) fact_level[static_cast<size_t>(f)] = std::max(fact_level[static_cast<size_t>(f)], r.stratum + 1);
    }
    for (size_t r = 0; r < rb_.rules.size(); ++r) {
      std::int32_t expected = 0;
      for (FactId f : rb_.rule_facts[r]) expected = std::max(expected, fact_level[static_cast<size_t>(f)]);
      if (rb_.rules[r].stratum != expected)
        return fail(fmt::format("rule '{}' has the stratum {} where the rules it depends on give {}", rb_.rules[r].id,
                                rb_.rules[r].stratum, expected));
    }
    return true;
  }

  void finish() {
    rb_.question_order.resize(static_cast<size_t>(rb_.question_count));
    for (FactId q = 0; q < rb_.question_count; ++q) rb_.question_order[static_cast<size_t>(q)] = q;
    rb_.rules_by_stratum_desc.resize(rb_.rules.size());
    for (size_t r = 0; r < rb_.rules.size(); ++r) rb_.rules_by_stratum_desc[r] = static_cast<RuleId>(r);
    std::stable_sort(rb_.rules_by_stratum_desc.begin(), rb_.rules_by_stratum_desc.end(), [&](RuleId a, RuleId b) {
      return rb_.rules[static_cast<size_t>(a)].stratum > rb_.rules[static_cast<size_t>(b)].stratum;
    });
    compile_hot_rules(rb_);
    compile_reverse_indexes(rb_);
    index_checklists(rb_);
  }

  RuleBase& rb_;
  const std::int64_t nf_, no_, nc_, nl_, ns_;
  std::string why_;
  std::vector<int> depth_;                 // per condition: levels down to its deepest leaf
  std::vector<std::uint8_t> owners_;       // per condition: parents and owners seen (0, 1, or 2 = too many)
  std::vector<std::uint32_t> seen_;        // per fact: the stamp of the last facts_read that took it
  std::uint32_t stamp_ = 0;
  std::vector<CondId> stack_;
};

}  // namespace

std::string complete_cached_rule_base(RuleBase& rb) { return CachedBaseChecker(rb).run(); }

}  // namespace backtriage::detail
