// rules diff: see diff.hpp.
#include "audit/diff.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <span>
#include <utility>

#include "audit/answer_space.hpp"
#include "audit/symbolic_space.hpp"
#include "eval/evaluator.hpp"

namespace backtriage {

bool DiffReport::any_lower() const {
  return std::any_of(moves.begin(), moves.end(), [](const DispositionMove& m) { return m.lower; });
}

namespace {

/// Whether two versions' questions accept the same answers: then they share their variables.
bool same_answers(const Fact& a, const Fact& b) {
  return a.type == b.type && a.min == b.min && a.max == b.max && a.choices == b.choices &&
         a.accepts_unsure == b.accepts_unsure && a.in_days == b.in_days;
}

/// A question of the joint space: its id in each version (nullopt: not there) and its classes.
struct JointQuestion {
  std::optional<FactId> in_old, in_new;
  std::vector<Value> classes;
  int first_var = 0;
};

int bits_for(size_t classes) {
  int bits = 0;
  while ((size_t{1} << bits) < classes) ++bits;
  return bits;
}

/// Where the disposition is exactly l (kNoLevel: none reached).
bdd exactly(const Space& s, Level l) {
  if (l == kNoLevel) return !s.disposition_at_least(0);
  return s.disposition_at_least(l) & !s.disposition_at_least(l + 1);
}

std::string level_id(const RuleBase& rb, Level l) {
  return l == kNoLevel ? std::string("none") : rb.dispositions[static_cast<size_t>(l)].id;
}

class Differ {
 public:
  Differ(const RuleBase& old_rb, const RuleBase& new_rb, const DiffOptions& options)
      : old_(old_rb), new_(new_rb), options_(options), old_ev_(old_rb), new_ev_(new_rb) {}

  DiffReport run() {
    compare_elements();
    lay_out();
    BddPackage package(variables_, static_cast<int>(options_.max_nodes));
    {
      Space old_space(old_, classes_of(old_, true), first_vars_of(old_, true), variables_);
      Space new_space(new_, classes_of(new_, false), first_vars_of(new_, false), variables_);
      old_space.build();
      new_space.build();
      compare_cases(old_space, new_space);
    }  // the diagrams are released before the package stops
    if (BddPackage::failed()) {
      DiffReport failed;
      failed.too_large = true;
      failed.elements = std::move(report_.elements);
      return failed;
    }
    return std::move(report_);
  }

 private:
  // --- elements by id -------------------------------------------------------------------------

  template <typename Items, typename Describe, typename Same, typename Texts>
  void compare_by_id(const char* kind, const Items& old_items, const Items& new_items, Describe id_of, Same same,
                     Texts same_texts) {
    std::map<std::string, const typename Items::value_type*> olds;
    for (const auto& item : old_items)
      if (const std::optional<std::string> id = id_of(item)) olds.emplace(*id, &item);
    std::map<std::string, bool> seen;
    for (const auto& item : new_items) {
      const std::optional<std::string> given = id_of(item);
      if (!given) continue;
      const std::string& id = *given;
      const auto it = olds.find(id);
      if (it == olds.end()) {
        report_.elements.push_back({kind, id, "added"});
        continue;
      }
      seen[id] = true;
      if (!same(*it->second, item))
        report_.elements.push_back({kind, id, "changed"});
      else if (!same_texts(*it->second, item))
        report_.elements.push_back({kind, id, "reworded"});
    }
    for (const auto& [id, item] : olds)
      if (!seen.count(id)) report_.elements.push_back({kind, id, "removed"});
  }

  void compare_elements() {
    const auto always = [](const auto&, const auto&) { return true; };
    std::vector<Fact> old_questions(old_.facts.begin(), old_.facts.begin() + old_.question_count);
    std::vector<Fact> new_questions(new_.facts.begin(), new_.facts.begin() + new_.question_count);
    compare_by_id(
        "question", old_questions, new_questions, [](const Fact& f) { return std::optional<std::string>(f.id); },
        [](const Fact& a, const Fact& b) { return same_answers(a, b); },
        [](const Fact& a, const Fact& b) { return a.text == b.text && a.help == b.help; });
    compare_by_id(
        "option", old_.options, new_.options, [](const Option& o) { return std::optional<std::string>(o.id); }, always,
        [](const Option& a, const Option& b) {
          return a.title == b.title && a.instructions == b.instructions && a.dose == b.dose && a.cautions == b.cautions;
        });
    compare_by_id(
        "disposition", old_.dispositions, new_.dispositions,
        [](const Disposition& d) { return std::optional<std::string>(d.id); }, always,
        [](const Disposition& a, const Disposition& b) {
          return a.title == b.title && a.message == b.message && a.safety_net == b.safety_net;
        });
    // Red flags by the id of the rule that raises them; what they do shows in the cases.
    compare_by_id(
        "red flag", old_.rules, new_.rules,
        [](const Rule& r) { return r.red_flag ? std::optional<std::string>(r.id) : std::nullopt; }, always,
        [](const Rule& a, const Rule& b) { return a.red_flag_text == b.red_flag_text && a.red_flag_sign == b.red_flag_sign; });
    compare_by_id(
        "rule", old_.rules, new_.rules, [](const Rule& r) { return std::optional<std::string>(r.id); }, always,
        [](const Rule& a, const Rule& b) { return a.title == b.title; });
    compare_by_id(
        "invariant", old_.invariants, new_.invariants,
        [](const Invariant& i) { return std::optional<std::string>(i.id); }, always,
        [](const Invariant& a, const Invariant& b) { return a.title == b.title; });
  }

  // --- the joint answer space ------------------------------------------------------------------

  void lay_out() {
    const auto old_classes = answer_classes(old_);
    const auto new_classes = answer_classes(new_);
    std::map<std::string, size_t> by_id;  // old questions that the new version shares
    for (FactId q = 0; q < old_.question_count; ++q) {
      JointQuestion j;
      j.in_old = q;
      j.classes = old_classes[static_cast<size_t>(q)];
      by_id.emplace(old_.facts[static_cast<size_t>(q)].id, joint_.size());
      joint_.push_back(std::move(j));
    }
    for (FactId q = 0; q < new_.question_count; ++q) {
      const Fact& f = new_.facts[static_cast<size_t>(q)];
      const auto it = by_id.find(f.id);
      if (it != by_id.end() && same_answers(old_.facts[static_cast<size_t>(*joint_[it->second].in_old)], f)) {
        // Split wherever either version compares: the union of both versions' representatives.
        auto& c = joint_[it->second].classes;
        c.insert(c.end(), new_classes[static_cast<size_t>(q)].begin(), new_classes[static_cast<size_t>(q)].end());
        std::sort(c.begin(), c.end());
        c.erase(std::unique(c.begin(), c.end()), c.end());
        joint_[it->second].in_new = q;
        continue;
      }
      JointQuestion j;  // new, or accepting other answers than the old one: a question of its own
      j.in_new = q;
      j.classes = new_classes[static_cast<size_t>(q)];
      joint_.push_back(std::move(j));
    }
    for (auto& j : joint_) {
      j.first_var = variables_;
      variables_ += bits_for(j.classes.size());
    }
  }

  std::vector<std::vector<Value>> classes_of(const RuleBase& rb, bool old) const {
    std::vector<std::vector<Value>> out(static_cast<size_t>(rb.question_count));
    for (const auto& j : joint_)
      if (const auto q = old ? j.in_old : j.in_new) out[static_cast<size_t>(*q)] = j.classes;
    return out;
  }
  std::vector<int> first_vars_of(const RuleBase& rb, bool old) const {
    std::vector<int> out(static_cast<size_t>(rb.question_count), 0);
    for (const auto& j : joint_)
      if (const auto q = old ? j.in_old : j.in_new) out[static_cast<size_t>(*q)] = j.first_var;
    return out;
  }

  // --- cases -----------------------------------------------------------------------------------

  void compare_cases(Space& old_space, Space& new_space) {
    // The classes compared: both universes, and a question neither version would ask (its gate
    // closed, or not in that version) taken at its first class only, as verify counts.
    bdd counted = old_space.universe() & new_space.universe();
    for (const auto& j : joint_) {
      const auto closed = [](const RuleBase& rb, Space& s, std::optional<FactId> q) -> bdd {
        if (!q) return bddtrue;
        const CondId gate = rb.facts[static_cast<size_t>(*q)].ask_when;
        return gate == kNoCond ? bddfalse : s.on_answers(gate).f;
      };
      const bdd first = j.in_old ? old_space.is_class(*j.in_old, 0) : new_space.is_class(*j.in_new, 0);
      counted &= !((!first) & closed(old_, old_space, j.in_old) & closed(new_, new_space, j.in_new));
    }
    report_.cases = old_space.count(counted);
    if (BddPackage::failed()) return;

    // Dispositions: every pair of levels by id; lower when the new one ranks below the old one
    // (ranked in the new version when both ids are there, else in the old one).
    std::vector<Level> old_levels{kNoLevel}, new_levels{kNoLevel};
    for (Level l = 0; l < static_cast<Level>(old_.dispositions.size()); ++l) old_levels.push_back(l);
    for (Level l = 0; l < static_cast<Level>(new_.dispositions.size()); ++l) new_levels.push_back(l);
    for (const Level a : old_levels) {
      const bdd was = counted & exactly(old_space, a);
      if (was == bddfalse) continue;
      for (const Level b : new_levels) {
        if (level_id(old_, a) == level_id(new_, b)) continue;
        bdd moved = was & exactly(new_space, b);
        if (BddPackage::failed()) return;
        if (moved == bddfalse) continue;
        DispositionMove m;
        m.from = level_id(old_, a);
        m.to = level_id(new_, b);
        m.lower = rank_new(m.to) < rank_new(m.from);
        m.cases = old_space.count(moved);
        report_.changed_cases += m.cases;
        m.examples = examples(old_space, new_space, moved, [&](const Result& o, const Result& n) {
          return o.disposition == a && n.disposition == b;
        });
        if (!report_.internal_error.empty()) return;
        report_.moves.push_back(std::move(m));
      }
    }
    std::stable_sort(report_.moves.begin(), report_.moves.end(), [](const DispositionMove& x, const DispositionMove& y) {
      return x.lower != y.lower ? x.lower : x.cases > y.cases;
    });

    // Options of both versions, by id: where each entered or left the plan, or the avoid list.
    for (OptionId no = 0; no < static_cast<OptionId>(new_.options.size()); ++no) {
      const std::string& id = new_.options[static_cast<size_t>(no)].id;
      const auto oo = old_.find_option(id);
      if (!oo) continue;  // an option of one version only is reported as added or removed
      const bdd old_avoided = old_space.any_fires(old_.avoided_by[static_cast<size_t>(*oo)]);
      const bdd new_avoided = new_space.any_fires(new_.avoided_by[static_cast<size_t>(no)]);
      const bdd old_shown = old_space.any_fires(old_.recommended_by[static_cast<size_t>(*oo)]) & !old_avoided;
      const bdd new_shown = new_space.any_fires(new_.recommended_by[static_cast<size_t>(no)]) & !new_avoided;
      option_move(old_space, new_space, id, "recommended", true, counted & new_shown & !old_shown, *oo, no);
      option_move(old_space, new_space, id, "recommended", false, counted & old_shown & !new_shown, *oo, no);
      option_move(old_space, new_space, id, "avoided", true, counted & new_avoided & !old_avoided, *oo, no);
      option_move(old_space, new_space, id, "avoided", false, counted & old_avoided & !new_avoided, *oo, no);
      if (BddPackage::failed() || !report_.internal_error.empty()) return;
    }
  }

  void option_move(Space& old_space, Space& new_space, const std::string& id, const char* list, bool added,
                   const bdd& where, OptionId oo, OptionId no) {
    if (where == bddfalse || BddPackage::failed() || !report_.internal_error.empty()) return;
    const bool recommended = std::string_view(list) == "recommended";
    OptionMove m;
    m.option = id;
    m.list = list;
    m.added = added;
    m.cases = old_space.count(where);
    m.examples = examples(old_space, new_space, where, [&](const Result&, const Result&) {
      const bool in_old = recommended ? old_ev_.is_recommended(oo) && !old_ev_.is_avoided(oo) : old_ev_.is_avoided(oo);
      const bool in_new = recommended ? new_ev_.is_recommended(no) && !new_ev_.is_avoided(no) : new_ev_.is_avoided(no);
      return in_old != added && in_new == added;
    });
    report_.options.push_back(std::move(m));
  }

  /// Up to max_examples cases of `where`, each run through both evaluators; `holds` must say
  /// they show the change, else the report carries an internal error.
  template <typename Holds>
  std::vector<DiffExample> examples(Space& old_space, Space& new_space, bdd where, Holds holds) {
    std::vector<DiffExample> out;
    while (where != bddfalse && out.size() < options_.max_examples) {
      const std::vector<char> values = old_space.assignment(where);
      DiffExample e{old_space.point_at(values), new_space.point_at(values)};
      if (!holds(old_ev_.evaluate(e.old_answers), new_ev_.evaluate(e.new_answers))) {
        report_.internal_error = "the decision diagrams and the evaluators disagree on: " +
                                 assess_command(old_, e.old_answers) + " (old) and " +
                                 assess_command(new_, e.new_answers) + " (new)";
        return out;
      }
      minimize(e, holds);
      where &= !(old_space.cube_of(e.old_answers) & new_space.cube_of(e.new_answers));
      out.push_back(std::move(e));
    }
    return out;
  }

  /// Leaves out every answer the change does not need, the questions asked last first: an answer
  /// goes when both versions, without it, still reach a complete result that shows the change
  /// (complete: no answer left out could change it, so every way of giving them shows it too).
  template <typename Holds>
  void minimize(DiffExample& e, Holds holds) {
    for (auto j = joint_.rbegin(); j != joint_.rend(); ++j) {
      DiffExample fewer = e;
      if (j->in_old) fewer.old_answers[static_cast<size_t>(*j->in_old)] = kUnknown;
      if (j->in_new) fewer.new_answers[static_cast<size_t>(*j->in_new)] = kUnknown;
      const Result& o = old_ev_.evaluate(fewer.old_answers);  // two evaluators: both results stay valid
      const Result& n = new_ev_.evaluate(fewer.new_answers);
      if (o.complete && n.complete && holds(o, n)) e = std::move(fewer);
    }
  }

  /// A disposition's rank for "lower": in the new version when it has the id, else in the old.
  double rank_new(const std::string& id) const {
    if (id == "none") return -1;
    if (const auto l = new_.find_level(id)) return *l;
    if (const auto l = old_.find_level(id)) return *l;
    return -1;
  }

  const RuleBase& old_;
  const RuleBase& new_;
  DiffOptions options_;
  Evaluator old_ev_, new_ev_;
  std::vector<JointQuestion> joint_;
  int variables_ = 0;
  DiffReport report_;
};

}  // namespace

DiffReport diff_rule_bases(const RuleBase& old_rb, const RuleBase& new_rb, const DiffOptions& options) {
  return Differ(old_rb, new_rb, options).run();
}

}  // namespace backtriage
