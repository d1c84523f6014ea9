// Compilation of a validated rule base: canonical rule order, the fact -> rule indexes the
// evaluator walks, strata of derived facts, and the cycle checks that make evaluation well defined.
#include <algorithm>
#include <functional>
#include <set>

#include <fmt/format.h>

#include "lang/loader_internal.hpp"

namespace backtriage::detail {

namespace {

Index make_index(const std::vector<std::vector<std::int32_t>>& lists) {
  Index idx;
  idx.start.reserve(lists.size() + 1);
  idx.start.push_back(0);
  for (const auto& l : lists) {
    idx.items.insert(idx.items.end(), l.begin(), l.end());
    idx.start.push_back(static_cast<std::uint32_t>(idx.items.size()));
  }
  return idx;
}

void facts_read(const RuleBase& rb, CondId c, std::vector<FactId>& out) {
  if (c == kNoCond) return;
  const CondNode& n = rb.conds[static_cast<size_t>(c)];
  if (n.kind == CondKind::compare) {
    if (std::find(out.begin(), out.end(), n.fact) == out.end()) out.push_back(n.fact);
    return;
  }
  if (n.kind == CondKind::always) return;
  for (std::uint32_t k = 0; k < n.count; ++k) facts_read(rb, rb.cond_children[n.first + k], out);
}

}  // namespace

void LoadContext::compile() {
  // Firing order is declared policy (priority, then id), never the order of files.
  std::sort(rb.rules.begin(), rb.rules.end(), [](const Rule& a, const Rule& b) {
    return a.priority != b.priority ? a.priority > b.priority : a.id < b.id;
  });
  const size_t nf = rb.facts.size();
  const size_t nr = rb.rules.size();
  for (size_t r = 0; r < nr; ++r) rb.rule_ids.emplace(rb.rules[r].id, static_cast<RuleId>(r));

  std::vector<std::vector<std::int32_t>> readers(nf), setters(nf), gated(nf), rule_facts(nr);
  for (size_t r = 0; r < nr; ++r) {
    std::vector<FactId> read;
    facts_read(rb, rb.rules[r].when, read);
    std::sort(read.begin(), read.end());
    for (FactId f : read) readers[static_cast<size_t>(f)].push_back(static_cast<std::int32_t>(r));
    rule_facts[r] = read;
    for (FactId f : rb.rules[r].sets) setters[static_cast<size_t>(f)].push_back(static_cast<std::int32_t>(r));
  }
  for (FactId q = 0; q < rb.question_count; ++q) {
    std::vector<FactId> read;
    facts_read(rb, rb.facts[static_cast<size_t>(q)].ask_when, read);
    for (FactId f : read) gated[static_cast<size_t>(f)].push_back(q);
  }
  rb.readers = make_index(readers);
  rb.setters = make_index(setters);
  rb.gated = make_index(gated);
  rb.rule_facts = make_index(rule_facts);

  // Strata: a rule comes after every rule that sets a fact it reads. A cycle has no strata and
  // no well-defined meaning under "a fact is no once all its setters are ruled out".
  enum class Mark : std::uint8_t { white, grey, black };
  std::vector<Mark> mark(nr, Mark::white);
  std::vector<RuleId> path;
  std::set<std::vector<RuleId>> reported;
  std::function<void(RuleId)> visit = [&](RuleId r) {
    mark[static_cast<size_t>(r)] = Mark::grey;
    path.push_back(r);
    std::int32_t stratum = 0;
    for (FactId f : rb.rule_facts[static_cast<size_t>(r)]) {
      for (RuleId s : rb.setters[static_cast<size_t>(f)]) {
        if (mark[static_cast<size_t>(s)] == Mark::grey) {
          std::vector<RuleId> cycle(std::find(path.begin(), path.end(), s), path.end());
          std::vector<RuleId> key = cycle;
          std::sort(key.begin(), key.end());
          if (!reported.insert(key).second) continue;
          std::string chain;
          for (RuleId c : cycle) chain += fmt::format("'{}' -> ", rb.rules[static_cast<size_t>(c)].id);
          chain += fmt::format("'{}'", rb.rules[static_cast<size_t>(s)].id);
          diags.error(rb.rules[static_cast<size_t>(s)].loc,
                      fmt::format("derived facts form a cycle: {} (each rule reads a fact the "
                                  "previous one sets)",
                                  chain));
          continue;
        }
        if (mark[static_cast<size_t>(s)] == Mark::white) visit(s);
        stratum = std::max(stratum, rb.rules[static_cast<size_t>(s)].stratum + 1);
      }
    }
    rb.rules[static_cast<size_t>(r)].stratum = stratum;
    path.pop_back();
    mark[static_cast<size_t>(r)] = Mark::black;
  };
  for (RuleId r = 0; r < static_cast<RuleId>(nr); ++r)
    if (mark[static_cast<size_t>(r)] == Mark::white) visit(r);

  // A question whose ask_when depends on its own answer could never be asked.
  std::function<bool(FactId, FactId, std::vector<char>&)> depends_on =
      [&](FactId f, FactId target, std::vector<char>& seen) -> bool {
    if (f == target) return true;
    if (rb.is_question(f) || seen[static_cast<size_t>(f)]) return false;
    seen[static_cast<size_t>(f)] = 1;
    for (RuleId s : rb.setters[static_cast<size_t>(f)])
      for (FactId g : rb.rule_facts[static_cast<size_t>(s)])
        if (depends_on(g, target, seen)) return true;
    return false;
  };
  if (!diags.has_errors()) {
    for (FactId q = 0; q < rb.question_count; ++q) {
      const Fact& fact = rb.facts[static_cast<size_t>(q)];
      std::vector<FactId> read;
      facts_read(rb, fact.ask_when, read);
      std::vector<char> seen(nf, 0);
      for (FactId f : read) {
        if (depends_on(f, q, seen)) {
          diags.error(rb.cond_loc[static_cast<size_t>(fact.ask_when)],
                      fmt::format("the ask_when of '{}' depends on the answer to '{}' itself", fact.id,
                                  fact.id));
          break;
        }
      }
    }
  }

  compile_hot_rules(rb);
  compile_reverse_indexes(rb);
  rb.rules_by_stratum_desc.resize(nr);
  for (size_t r = 0; r < nr; ++r) rb.rules_by_stratum_desc[r] = static_cast<RuleId>(r);
  std::stable_sort(rb.rules_by_stratum_desc.begin(), rb.rules_by_stratum_desc.end(),
                   [&](RuleId a, RuleId b) {
                     return rb.rules[static_cast<size_t>(a)].stratum > rb.rules[static_cast<size_t>(b)].stratum;
                   });
}

}  // namespace backtriage::detail
