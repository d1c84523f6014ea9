// The answer space as decision diagrams: see symbolic_space.hpp for the encoding.
#include "audit/symbolic_space.hpp"

#include <algorithm>
#include <cmath>
#include <utility>


namespace backtriage {

namespace {
bool g_bdd_failed = false;
void note_bdd_error(int) { g_bdd_failed = true; }
}  // namespace

BddPackage::BddPackage(int variables, int max_nodes) {
  if (bdd_isrunning()) bdd_done();
  const int initial_nodes = std::min(100'000, max_nodes / 2 + 1);  // BuDDy refuses a limit not above its table size
  bdd_init(initial_nodes, 10'000);
  bdd_error_hook(note_bdd_error);
  bdd_gbc_hook(nullptr);  // no garbage-collection messages on stdout
  bdd_setmaxnodenum(max_nodes);
  // The operation cache grows with the node table: at BuDDy's fixed 10,000 entries, a base of
  // 1,000 rules over 60 questions recomputed the same subproblems until rules diff gave up.
  // (Not on a tiny table, as the tests' node limits make: BuDDy's cache of a few entries divides
  // by zero.)
  if (initial_nodes >= 40'000) bdd_setcacheratio(4);
  bdd_setvarnum(std::max(variables, 1));
  // Variables move (sifting, at garbage collections) to where the diagrams are small: in the
  // order of the questions, an option recommended by 67 rules of random conditions over 60
  // questions took 1.6 million nodes; sifted, 50,000 (bench/README.md). Nothing here depends on
  // the order: points are read by variable, not by level.
  bdd_varblockall();
  bdd_autoreorder(BDD_REORDER_SIFT);
  g_bdd_failed = false;
}
BddPackage::~BddPackage() { bdd_done(); }
bool BddPackage::failed() { return g_bdd_failed; }

namespace {
/// Variables for k classes: ceil(log2 k).
int bits_for(size_t classes) {
  int bits = 0;
  while ((size_t{1} << bits) < classes) ++bits;
  return bits;
}
}  // namespace

int Space::variables_needed(const std::vector<std::vector<Value>>& classes) {
  int variables = 0;
  for (const auto& c : classes) variables += bits_for(c.size());
  return variables;
}

Space::Space(const RuleBase& rb, std::vector<std::vector<Value>> classes) : rb_(rb), classes_(std::move(classes)) {
  for (const auto& c : classes_) {
    first_var_.push_back(variables_);
    bits_.push_back(bits_for(c.size()));
    variables_ += bits_.back();
  }
}

Space::Space(const RuleBase& rb, std::vector<std::vector<Value>> classes, std::vector<int> first_var, int variables)
    : rb_(rb), classes_(std::move(classes)), first_var_(std::move(first_var)), variables_(variables) {
  for (const auto& c : classes_) bits_.push_back(bits_for(c.size()));
}

template <typename Child>
Tri Space::combine(const CondNode& n, Child child) {
  Tri out;
  if (n.kind == CondKind::negation) {
    const Tri c = child(rb_.cond_children[n.first]);
    out.t = c.f;
    out.f = c.t;
    return out;
  }
  const bool all = n.kind == CondKind::all;
  out.t = all ? bddtrue : bddfalse;
  out.f = all ? bddfalse : bddtrue;
  for (std::uint32_t k = 0; k < n.count; ++k) {
    const Tri c = child(rb_.cond_children[n.first + k]);
    out.t = all ? out.t & c.t : out.t | c.t;
    out.f = all ? out.f | c.f : out.f & c.f;
  }
  return out;
}

void Space::build() {
  universe_ = bddtrue;
  for (FactId q = 0; q < rb_.question_count; ++q) universe_ &= domain(q);
  cond_.assign(rb_.conds.size(), std::nullopt);
  fact_.assign(rb_.facts.size(), std::nullopt);
  answers_only_.assign(rb_.conds.size(), std::nullopt);
  fires_.resize(rb_.rules.size());
  for (size_t r = 0; r < rb_.rules.size(); ++r) fires_[r] = cond(rb_.rules[r].when).t;
}

bdd Space::any_fires(std::span<const std::int32_t> rules) const {
  bdd out = bddfalse;
  for (RuleId r : rules) out |= fires(r);
  return out;
}

bdd Space::disposition_at_least(Level l) const {
  if (rb_.default_level != kNoLevel && rb_.default_level >= l) return bddtrue;  // where every case starts
  bdd out = bddfalse;
  for (size_t r = 0; r < rb_.rules.size(); ++r)
    if (rb_.rules[r].disposition != kNoLevel && rb_.rules[r].disposition >= l) out |= fires_[r];
  return out;
}

bdd Space::is_class(FactId q, size_t c) const {
  bdd out = bddtrue;
  for (int b = 0; b < bits_[static_cast<size_t>(q)]; ++b) {
    const bdd v = bdd_ithvar(first_var_[static_cast<size_t>(q)] + b);
    out &= (c >> b) & 1 ? v : !v;
  }
  return out;
}

bdd Space::domain(FactId q) const {
  bdd out = bddfalse;
  for (size_t c = 0; c < classes_[static_cast<size_t>(q)].size(); ++c) out |= is_class(q, c);
  return out;
}

const Tri& Space::cond(CondId c) {
  auto& slot = cond_[static_cast<size_t>(c)];
  if (slot) return *slot;
  const CondNode& n = rb_.conds[static_cast<size_t>(c)];
  Tri out;
  switch (n.kind) {
    case CondKind::always: out.t = bddtrue; break;
    case CondKind::compare: {
      if (rb_.is_question(n.fact)) {
        const bdd holds = holds_for_classes(n);
        const CondId gate = rb_.facts[static_cast<size_t>(n.fact)].ask_when;
        const bdd open = gate == kNoCond ? bddtrue : cond(gate).t;
        out.t = open & holds;
        out.f = open & !holds;
      } else {
        const Tri& d = fact(n.fact);  // t: the fact is yes; f: it is no
        const bool yes_holds = comparison_holds(rb_, n, kYes), no_holds = comparison_holds(rb_, n, kNo);
        out.t = (yes_holds ? d.t : bddfalse) | (no_holds ? d.f : bddfalse);
        out.f = (yes_holds ? bddfalse : d.t) | (no_holds ? bddfalse : d.f);
      }
      break;
    }
    case CondKind::all:
    case CondKind::any:
    case CondKind::negation: out = combine(n, [&](CondId child) { return cond(child); }); break;
  }
  slot = out;
  return *slot;
}

const Tri& Space::on_answers(CondId c) {
  auto& slot = answers_only_[static_cast<size_t>(c)];
  if (slot) return *slot;
  const CondNode& n = rb_.conds[static_cast<size_t>(c)];
  Tri out;
  switch (n.kind) {
    case CondKind::always: out.t = bddtrue; break;
    case CondKind::compare:
      if (rb_.is_question(n.fact)) {
        out.t = holds_for_classes(n);
        out.f = !out.t;
      }
      break;
    case CondKind::all:
    case CondKind::any:
    case CondKind::negation: out = combine(n, [&](CondId child) { return on_answers(child); }); break;
  }
  slot = out;
  return *slot;
}

std::vector<Value> Space::point(const bdd& f) const { return point_at(assignment(f)); }

std::vector<Value> Space::point_at(const std::vector<char>& values) const {
  std::vector<Value> answers(static_cast<size_t>(rb_.question_count), kUnknown);
  for (FactId q = 0; q < rb_.question_count; ++q) {
    size_t c = 0;
    for (int b = 0; b < bits_[static_cast<size_t>(q)]; ++b)
      if (values[static_cast<size_t>(first_var_[static_cast<size_t>(q)] + b)]) c |= size_t{1} << b;
    answers[static_cast<size_t>(q)] = classes_[static_cast<size_t>(q)][std::min(c, classes_[static_cast<size_t>(q)].size() - 1)];
  }
  return answers;
}

// BuDDy's nodes by their integer ids (its C interface): 0 is false, 1 is true.
std::vector<char> Space::assignment(const bdd& f) const {
  std::vector<char> values(static_cast<size_t>(bdd_varnum()), 0);
  const bdd cube = bdd_fullsatone(f);  // one node per variable, one child of each false
  for (int node = cube.id(); node > 1;) {
    const int low = bdd_low(node);
    if (low == 0) {
      values[static_cast<size_t>(bdd_var(node))] = 1;
      node = bdd_high(node);
    } else {
      node = low;
    }
  }
  return values;
}

bool Space::holds_at(const bdd& f, const std::vector<char>& values) {
  int node = f.id();
  while (node > 1) node = values[static_cast<size_t>(bdd_var(node))] ? bdd_high(node) : bdd_low(node);
  return node == 1;
}

bdd Space::cube_of(const std::vector<Value>& answers) const {
  bdd out = bddtrue;
  for (FactId q = 0; q < rb_.question_count; ++q) {
    if (answers[static_cast<size_t>(q)] == kUnknown) continue;  // any class
    const auto& cls = classes_[static_cast<size_t>(q)];
    const auto it = std::find(cls.begin(), cls.end(), answers[static_cast<size_t>(q)]);
    out &= is_class(q, static_cast<size_t>(it - cls.begin()));
  }
  return out;
}

// BuDDy counts every variable it declared, and it declares at least one.
ClassCount Space::count(const bdd& f) const {
  return std::ldexp(bdd_satcount(f), variables_ - bdd_varnum());
}

bdd Space::holds_for_classes(const CondNode& n) const {
  bdd out = bddfalse;
  const auto& cls = classes_[static_cast<size_t>(n.fact)];
  for (size_t c = 0; c < cls.size(); ++c)
    if (comparison_holds(rb_, n, cls[c])) out |= is_class(n.fact, c);
  return out;
}

const Tri& Space::fact(FactId f) {
  auto& slot = fact_[static_cast<size_t>(f)];
  if (slot) return *slot;
  Tri out;
  out.f = bddtrue;  // a derived fact nothing can set is no
  for (RuleId s : rb_.setters[static_cast<size_t>(f)]) {
    const Tri& w = cond(rb_.rules[static_cast<size_t>(s)].when);
    out.t |= w.t;
    out.f &= w.f;
  }
  slot = out;
  return *slot;
}

}  // namespace backtriage
