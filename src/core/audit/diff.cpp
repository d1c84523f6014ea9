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

/// A question of the joint space: its id in each version (nullopt: not there) and its classes,
/// as each version writes the answer (a choice's index may differ; the same text is the same
/// answer).
struct JointQuestion {
  std::optional<FactId> in_old, in_new;
  std::vector<Value> old_values, new_values;  // one per class, same length when shared
  int first_var = 0;
  size_t classes() const { return std::max(old_values.size(), new_values.size()); }
};

/// The classes two versions of one question share: the answers both accept, split wherever
/// either version compares. Empty when they share none (different types, disjoint ranges).
std::pair<std::vector<Value>, std::vector<Value>> shared_classes(const Fact& a, const std::vector<Value>& a_classes,
                                                                 const Fact& b, const std::vector<Value>& b_classes) {
  std::vector<Value> va, vb;
  if (a.type != b.type) return {va, vb};
  if (a.type == ValueType::choice) {  // by text: a choice kept under another index is the same answer
    for (const Value v : a_classes) {
      const auto& text = a.choices[static_cast<size_t>(v)];
      const auto it = std::find(b.choices.begin(), b.choices.end(), text);
      if (it == b.choices.end()) continue;
      va.push_back(v);
      vb.push_back(static_cast<Value>(it - b.choices.begin()));
    }
    return {va, vb};
  }
  if (a.type == ValueType::integer) {  // the range both accept; thresholds of both, clamped into it
    const Value lo = std::max(a.min, b.min), hi = std::min(a.max, b.max);
    if (lo > hi) return {va, vb};
    for (const auto* list : {&a_classes, &b_classes})
      for (const Value v : *list) va.push_back(std::clamp(v, lo, hi));
    std::sort(va.begin(), va.end());
    va.erase(std::unique(va.begin(), va.end()), va.end());
    return {va, va};
  }
  // yes/no (with or without unsure): the values both accept
  for (const Value v : a_classes)
    if (std::find(b_classes.begin(), b_classes.end(), v) != b_classes.end()) va.push_back(v);
  return {va, va};
}

int bits_for(size_t classes) {
  int bits = 0;
  while ((size_t{1} << bits) < classes) ++bits;
  return bits;
}

/// Where a person is shown the plan and avoid list: no disposition reached, or one that shows it.
bdd plan_shown(const RuleBase& rb, const Space& s) {
  bdd out = !s.disposition_at_least(0);
  for (Level l = 0; l < static_cast<Level>(rb.dispositions.size()); ++l)
    if (rb.dispositions[static_cast<size_t>(l)].show_plan)
      out |= s.disposition_at_least(l) & !s.disposition_at_least(l + 1);
  return out;
}

/// The same for one evaluated case (report/assessment.cpp shows the plan on the same terms).
bool shows_plan(const RuleBase& rb, const Result& r) {
  return r.disposition == kNoLevel || rb.dispositions[static_cast<size_t>(r.disposition)].show_plan;
}

/// Where the disposition is exactly l (kNoLevel: none reached).
bdd exactly(const Space& s, Level l) {
  if (l == kNoLevel) return !s.disposition_at_least(0);
  return s.disposition_at_least(l) & !s.disposition_at_least(l + 1);
}

std::string level_id(const RuleBase& rb, Level l) {
  // Not an identifier, so never a disposition's id.
  return l == kNoLevel ? std::string("(none)") : rb.dispositions[static_cast<size_t>(l)].id;
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
        [](const Disposition& d) { return std::optional<std::string>(d.id); },
        [&](const Disposition& a, const Disposition& b) {
          // What it does: whether it shows the plan, and where it stands among the levels both have.
          return a.show_plan == b.show_plan && rank_among_shared(old_, a.id) == rank_among_shared(new_, b.id);
        },
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

  /// A level's place among the levels both versions have (a reordering changes it).
  long rank_among_shared(const RuleBase& rb, const std::string& id) const {
    const RuleBase& other = &rb == &old_ ? new_ : old_;
    long rank = 0;
    for (const auto& d : rb.dispositions) {
      if (d.id == id) return rank;
      if (other.find_level(d.id)) ++rank;
    }
    return -1;
  }

  // --- the joint answer space ------------------------------------------------------------------

  void lay_out() {
    const auto old_classes = answer_classes(old_);
    const auto new_classes = answer_classes(new_);
    std::map<std::string, size_t> by_id;  // old questions, by id, for the new version to find
    for (FactId q = 0; q < old_.question_count; ++q) {
      JointQuestion j;
      j.in_old = q;
      j.old_values = old_classes[static_cast<size_t>(q)];
      by_id.emplace(old_.facts[static_cast<size_t>(q)].id, joint_.size());
      joint_.push_back(std::move(j));
    }
    for (FactId q = 0; q < new_.question_count; ++q) {
      const Fact& f = new_.facts[static_cast<size_t>(q)];
      if (const auto it = by_id.find(f.id); it != by_id.end()) {
        JointQuestion& j = joint_[it->second];
        // Compared on the answers both versions accept (a question whose range, choices or
        // "unsure" changed is reported as changed, and its other answers exist in one version only).
        auto [ov, nv] = shared_classes(old_.facts[static_cast<size_t>(*j.in_old)], old_classes[static_cast<size_t>(*j.in_old)],
                                       f, new_classes[static_cast<size_t>(q)]);
        if (!ov.empty()) {
          j.old_values = std::move(ov);
          j.new_values = std::move(nv);
          j.in_new = q;
          continue;
        }
      }
      JointQuestion j;  // new, or sharing no answer with the old one: a question of its own
      j.in_new = q;
      j.new_values = new_classes[static_cast<size_t>(q)];
      joint_.push_back(std::move(j));
    }
    for (auto& j : joint_) {
      j.first_var = variables_;
      variables_ += bits_for(j.classes());
    }
  }

  std::vector<std::vector<Value>> classes_of(const RuleBase& rb, bool old) const {
    std::vector<std::vector<Value>> out(static_cast<size_t>(rb.question_count));
    for (const auto& j : joint_)
      if (const auto q = old ? j.in_old : j.in_new) out[static_cast<size_t>(*q)] = old ? j.old_values : j.new_values;
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
        m.lower = is_lower(a, b);
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

    // Options of both versions, by id: where each entered or left the plan, or the avoid list,
    // as a person is shown them (no plan, nor avoid list, at a level with show_plan: no).
    const bdd old_plan = plan_shown(old_, old_space), new_plan = plan_shown(new_, new_space);
    for (OptionId no = 0; no < static_cast<OptionId>(new_.options.size()); ++no) {
      const std::string& id = new_.options[static_cast<size_t>(no)].id;
      const auto oo = old_.find_option(id);
      if (!oo) continue;  // an option of one version only is reported as added or removed
      const bdd old_avoided_any = old_space.any_fires(old_.avoided_by[static_cast<size_t>(*oo)]);
      const bdd new_avoided_any = new_space.any_fires(new_.avoided_by[static_cast<size_t>(no)]);
      const bdd old_shown = old_space.any_fires(old_.recommended_by[static_cast<size_t>(*oo)]) & !old_avoided_any & old_plan;
      const bdd new_shown = new_space.any_fires(new_.recommended_by[static_cast<size_t>(no)]) & !new_avoided_any & new_plan;
      const bdd old_avoided = old_avoided_any & old_plan, new_avoided = new_avoided_any & new_plan;
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
    m.examples = examples(old_space, new_space, where, [&](const Result& o, const Result& n) {
      const bool in_old = shows_plan(old_, o) &&
                          (recommended ? old_ev_.is_recommended(oo) && !old_ev_.is_avoided(oo) : old_ev_.is_avoided(oo));
      const bool in_new = shows_plan(new_, n) &&
                          (recommended ? new_ev_.is_recommended(no) && !new_ev_.is_avoided(no) : new_ev_.is_avoided(no));
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

  /// Whether old level a -> new level b is a move down in either version's order (so that a
  /// reordering or a renamed level can never hide one): b ranks below a's id in the new version,
  /// or b's id ranks below a in the old one; with neither id in both, by the distance from the
  /// top level. Reaching no disposition is the lowest of all.
  bool is_lower(Level a, Level b) const {
    if (b == kNoLevel) return a != kNoLevel;
    if (a == kNoLevel) return false;
    const auto from_in_new = new_.find_level(old_.dispositions[static_cast<size_t>(a)].id);
    const auto to_in_old = old_.find_level(new_.dispositions[static_cast<size_t>(b)].id);
    if (from_in_new && b < *from_in_new) return true;
    if (to_in_old && *to_in_old < a) return true;
    if (!from_in_new && !to_in_old) return new_.top_level() - b > old_.top_level() - a;
    return false;
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
