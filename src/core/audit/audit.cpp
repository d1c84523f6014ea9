// Static analysis of a loaded rule base, by bounded search over equivalence classes.
#include "audit/audit.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "audit/answer_space.hpp"
#include "audit/symbolic_space.hpp"
#include "base/text.hpp"
#include "eval/describe.hpp"
#include "eval/evaluator.hpp"

namespace backtriage {

namespace {

class Auditor {
 public:
  Auditor(const RuleBase& rb, Diagnostics& diags, const AuditOptions& options)
      : rb_(rb), diags_(diags), options_(options), classes_(answer_classes(rb)), ev_(rb) {
    for (RuleId r = 0; r < static_cast<RuleId>(rb.rules.size()); ++r)
      cones_.push_back(condition_cone(rb, rb.rules[static_cast<size_t>(r)].when));
  }

  void run() {
    // One answer space on decision diagrams for the analyses that look at every case (whether a
    // rule can fire, subsumption, conflicts): exact, in time that follows the rules' structure.
    // Its diagrams are released before the package stops.
    BddPackage package(Space::variables_needed(classes_), static_cast<int>(options_.max_bdd_nodes));
    Space space(rb_, classes_);
    space.build();
    const bool symbolic = diagrams_usable();
    never_fire(symbolic ? &space : nullptr);
    escalations_behind_gates();
    unused_questions();
    unrecommended_options();
    if (symbolic) compare_pairs(space);
    red_flag_signs();
  }

 private:
  const Rule& rule(RuleId r) const { return rb_.rules[static_cast<size_t>(r)]; }

  /// Calls visit(answers) for each class of the given questions; false when too many.
  /// Every case costs evaluations_per_case evaluations of the whole rule base (as many as visit
  /// runs), so all searches together share a budget of rule evaluations: a hostile or huge rule
  /// base cannot make `rules check` run for hours (1,000 rules took minutes before it).
  template <typename Visit>
  bool search(const std::vector<FactId>& questions, Visit visit, std::uint64_t evaluations_per_case = 1) {
    if (work_ >= options_.max_rule_evaluations) {
      budget_spent_ = true;
      return false;
    }
    const std::uint64_t per_case = std::max<std::uint64_t>(1, rb_.rules.size()) * evaluations_per_case;
    const auto counted = [&](const auto& answers) -> decltype(auto) {
      work_ += per_case;
      return visit(answers);
    };
    return for_each_combination(questions, classes_, static_cast<size_t>(rb_.question_count),
                                std::min(options_.max_cone_cases, (options_.max_rule_evaluations - work_) / per_case + 1),
                                counted);
  }

  void too_large(const SourceLoc& loc, const std::string& what) {
    if (budget_spent_ || work_ >= options_.max_rule_evaluations)
      diags_.warning(loc, fmt::format("{} was not analysed: the rule base is too large to analyse fully "
                                      "(the budget of {} rule evaluations is spent)",
                                      what, options_.max_rule_evaluations));
    else
      diags_.warning(loc, fmt::format("{} was not analysed: it depends on too many combinations of answers", what));
  }

  /// On the diagrams when they could be built (one test a rule), else by searching each rule's
  /// cone within the budget. The hint for a rule that never fires is always searched for: such
  /// rules are few, and the search says which ask_when keeps out what.
  void never_fire(Space* space) {
    for (RuleId r = 0; r < static_cast<RuleId>(rb_.rules.size()); ++r) {
      bool fires = false;
      if (space) {
        fires = (space->universe() & space->fires(r)) != bddfalse;
        // Outgrowing the node limit here (or while BuDDy reorders its variables, which may then
        // rewrite live nodes) leaves every diagram untrusted: this rule and the rest are searched.
        if (!diagrams_usable()) space = nullptr;
      }
      if (!space && !search(cones_[static_cast<size_t>(r)], [&](const std::vector<Value>& a) {
            ev_.evaluate(a);
            fires = ev_.rule_truth(r) == Truth::yes;
            return fires;
          })) {
        too_large(rule(r).loc, fmt::format("whether rule '{}' can fire", rule(r).id));
        continue;
      }
      if (fires) continue;
      cannot_fire_[static_cast<size_t>(r)] = 1;
      // Would it fire if every answer counted? Then an ask_when keeps out a question it needs
      // (searched only when its cone has a gated question at all).
      std::vector<std::string> gated;
      for (FactId q : cones_[static_cast<size_t>(r)]) {
        const CondId gate = rb_.facts[static_cast<size_t>(q)].ask_when;
        if (gate != kNoCond)
          gated.push_back(fmt::format("'{}' is asked only when {}", rb_.facts[static_cast<size_t>(q)].id,
                                      describe_condition(rb_, gate)));
      }
      bool without_gates = false;
      if (!gated.empty())
        search(cones_[static_cast<size_t>(r)], [&](const std::vector<Value>& a) {
          ev_.evaluate(a, /*apply_gates=*/false);
          without_gates = ev_.rule_truth(r) == Truth::yes;
          return without_gates;
        });
      const std::string hint =
          without_gates ? fmt::format(": the ask_when of a question it needs excludes it ({})", fmt::join(gated, "; "))
                        : fmt::format(": no answers make '{}' true", describe_condition(rb_, rule(r).when));
      diags_.error(rule(r).loc, fmt::format("rule '{}' can never fire{}", rule(r).id, hint));
    }
  }

  /// An answer to a gated question counts only while its ask_when holds: the questionnaire does
  /// not ask it otherwise, and assess and batch list it as ignored. A red flag, or any rule that
  /// raises the level above the lowest, that needs such an answer in a case where the gate is
  /// false is silently missed there, however the person answered: under-triage written into the
  /// rule base. Searched for each such rule whose cone holds a gated question (rules that can
  /// never fire at all have their error already).
  void escalations_behind_gates() {
    const Level lowest = std::max<Level>(rb_.default_level, 0);
    for (RuleId r = 0; r < static_cast<RuleId>(rb_.rules.size()); ++r) {
      const Rule& ru = rule(r);
      const bool raises = ru.red_flag || (ru.disposition != kNoLevel && ru.disposition > lowest);
      if (!raises || cannot_fire_[static_cast<size_t>(r)]) continue;
      const auto& cone = cones_[static_cast<size_t>(r)];
      if (std::none_of(cone.begin(), cone.end(),
                       [&](FactId q) { return rb_.facts[static_cast<size_t>(q)].ask_when != kNoCond; }))
        continue;
      const std::string what =
          ru.red_flag ? fmt::format("the red flag of rule '{}'", ru.id)
                      : fmt::format("the level '{}' that rule '{}' raises to", rb_.dispositions[static_cast<size_t>(ru.disposition)].id, ru.id);
      std::vector<Value> missed;
      // Two evaluations a case: with every answer counted, then with the gates applied.
      if (!search(
              cones_[static_cast<size_t>(r)],
              [&](const std::vector<Value>& a) {
                ev_.evaluate(a, /*apply_gates=*/false);
                if (ev_.rule_truth(r) != Truth::yes) return false;
                ev_.evaluate(a);
                if (ev_.rule_truth(r) == Truth::yes) return false;
                missed = a;
                return true;
              },
              2)) {
        too_large(ru.loc, fmt::format("whether a gate can hide {}", what));
        continue;
      }
      if (missed.empty()) continue;
      std::vector<std::string> gates, ids;  // the gated answers the evaluation left out
      for (FactId q : ev_.result().ignored) {
        const Fact& f = rb_.facts[static_cast<size_t>(q)];
        gates.push_back(fmt::format("'{}' is asked only when {}", f.id, describe_condition(rb_, f.ask_when)));
        ids.push_back(fmt::format("'{}'", f.id));
      }
      diags_.warning(ru.loc, fmt::format("{} can be missed: an answer it needs is ignored where its gate is false ({}); "
                                         "for example, {} gives {} though the rule's condition holds for those "
                                         "answers (ask {} whenever {} may need it)",
                                         what, fmt::join(gates, "; "), assess_command(rb_, missed),
                                         ru.red_flag ? "no red flag" : "a lower level", fmt::join(ids, ", "),
                                         ru.red_flag ? "the red flag" : "the rule"));
    }
  }

  void unused_questions() {
    std::vector<char> used(rb_.facts.size(), 0);
    for (const auto& cone : cones_)
      for (FactId q : cone) used[static_cast<size_t>(q)] = 1;
    for (FactId q = 0; q < rb_.question_count; ++q) {
      if (used[static_cast<size_t>(q)]) continue;
      const Fact& f = rb_.facts[static_cast<size_t>(q)];
      diags_.error(f.loc, fmt::format("question '{}' is used by no rule: its answer can never change a result "
                                      "(remove it, or add the rule that needs it)",
                                      f.id));
    }
  }

  /// The safety net lists each red flag by its sign: present, a few words, and the flag's own (a
  /// sign shared with a flag about other questions would send a person to the wrong level).
  void red_flag_signs() {
    static constexpr size_t kMaxSign = 60;
    const auto changeable = [&](RuleId r) {
      std::set<FactId> out;
      for (FactId f : rb_.rule_facts[static_cast<size_t>(r)])
        if (!rb_.is_question(f) || !rb_.facts[static_cast<size_t>(f)].history) out.insert(f);
      return out;
    };
    // Red flags by their text (lower case) and by their sign, found once: each sign is compared
    // with those, never with every rule.
    std::map<std::string, std::vector<RuleId>> by_text;
    std::map<std::string, std::vector<RuleId>> by_sign;
    for (RuleId r = 0; r < static_cast<RuleId>(rb_.rules.size()); ++r)
      if (rule(r).red_flag && !rule(r).on_unsure) {
        by_text[to_lower(rule(r).red_flag_text)].push_back(r);
        by_sign[rule(r).red_flag_sign].push_back(r);
      }
    for (RuleId r = 0; r < static_cast<RuleId>(rb_.rules.size()); ++r) {
      const Rule& ru = rule(r);
      if (!ru.red_flag || ru.on_unsure) continue;
      if (ru.red_flag_sign.empty()) {
        diags_.warning(ru.loc, fmt::format("the red flag of rule '{}' has no 'sign': the safety net shows its whole "
                                           "text; give the sign in a few words, as a person would watch for it",
                                           ru.id));
        continue;
      }
      if (ru.red_flag_sign.size() > kMaxSign)
        diags_.warning(ru.loc, fmt::format("the sign of rule '{}' is {} characters long: the safety net wants a few "
                                           "words (at most {})",
                                           ru.id, ru.red_flag_sign.size(), kMaxSign));
      std::set<RuleId> others;  // in rule order, as the loop over every rule gave them
      if (const auto t = by_text.find(to_lower(ru.red_flag_sign)); t != by_text.end()) others.insert(t->second.begin(), t->second.end());
      if (const auto s = by_sign.find(ru.red_flag_sign); s != by_sign.end()) others.insert(s->second.begin(), s->second.end());
      for (const RuleId o : others) {
        const Rule& other = rule(o);
        if (to_lower(other.red_flag_text) == to_lower(ru.red_flag_sign)) {
          diags_.warning(ru.loc, fmt::format("the sign of rule '{}' is the text of the red flag of rule '{}': say "
                                             "the sign in a few words of its own",
                                             ru.id, other.id));
        } else if (o < r && other.red_flag_sign == ru.red_flag_sign) {
          const std::set<FactId> a = changeable(r), b = changeable(o);
          if (std::none_of(a.begin(), a.end(), [&](FactId f) { return b.count(f) > 0; }))
            diags_.warning(ru.loc, fmt::format("rules '{}' and '{}' give the same sign '{}' about different "
                                               "questions: the safety net would list it once, at one level",
                                               other.id, ru.id, printable(ru.red_flag_sign)));
        }
      }
    }
  }

  void unrecommended_options() {
    std::vector<char> recommended(rb_.options.size(), 0);
    for (const auto& ru : rb_.rules)
      for (OptionId o : ru.recommends) recommended[static_cast<size_t>(o)] = 1;
    for (OptionId o = 0; o < static_cast<OptionId>(rb_.options.size()); ++o)
      if (!recommended[static_cast<size_t>(o)])
        diags_.warning(rb_.options[static_cast<size_t>(o)].loc,
                       fmt::format("option '{}' is recommended by no rule: it can never be part of a plan",
                                   rb_.options[static_cast<size_t>(o)].id));
  }

  /// Subsumption and conflicts compare pairs of rules over the whole answer space at once, on
  /// the diagrams: exact, whatever the size of the rules' cones.
  void compare_pairs(Space& space) {
    subsumed_rules(space);
    if (!diagrams_usable()) return;
    conflicts(space);
    diagrams_usable();
  }

  /// False, with one warning, once the diagrams outgrew their node limit (what they say is then
  /// not to be trusted: never-fire falls back on the cone searches, comparisons stop). The
  /// warning has no place in a file: it is about the analysis, and is never hidden among a
  /// file's first findings.
  bool diagrams_usable() {
    if (!BddPackage::failed()) return true;
    if (!diagrams_failed_)
      diags_.warning(SourceLoc{}, fmt::format("subsumed rules and recommend/avoid conflicts were not analysed: "
                                              "the rule base is too large to analyse fully (the decision "
                                              "diagrams outgrew {} nodes)",
                                              options_.max_bdd_nodes));
    diagrams_failed_ = true;
    return false;
  }

  /// Counts one comparison of two rules; false, with one warning (placed as above), once the
  /// budget is spent: comparing all pairs grows with the square of the rule count.
  bool may_compare(RuleId from, const char* what) {
    if (++pairs_ <= options_.max_rule_pairs) return true;
    diags_.warning(SourceLoc{}, fmt::format("{} from rule '{}' on were not analysed: the rule base is too large "
                                            "to analyse fully (the budget of {} compared pairs of rules is spent)",
                                            what, rule(from).id, options_.max_rule_pairs));
    return false;
  }

  void subsumed_rules(Space& space) {
    // Only rules with the same conclusions can subsume each other: they are compared within
    // their group, found once by their conclusions, never all pairs of the rule base.
    std::map<std::vector<std::string>, std::vector<RuleId>> groups;
    for (RuleId r = 0; r < static_cast<RuleId>(rb_.rules.size()); ++r) groups[conclusion_tags(rb_, rule(r))].push_back(r);
    std::set<std::pair<RuleId, RuleId>> subsumed;  // (a, b): b fires whenever a does
    for (const auto& [tags, members] : groups) {
      for (const RuleId a : members) {
        const bdd where_a = space.universe() & space.fires(a);
        if (where_a == bddfalse) continue;  // a rule that never fires is an error of its own
        const std::vector<char> one_case = space.assignment(where_a);
        for (const RuleId b : members) {
          if (a == b) continue;
          if (!may_compare(a, "subsumed rules")) goto reported;
          // Most pairs fail on one case where a fires; the others are decided on the diagrams.
          if (!Space::holds_at(space.fires(b), one_case) || (where_a & !space.fires(b)) != bddfalse) continue;
          // One case where a fires, through the evaluator: b must fire there too.
          if (!confirmed(a, b, [&] { return space.point(where_a); })) continue;
          subsumed.insert({a, b});
        }
        if (!diagrams_usable()) return;
      }
    }
  reported:
    for (const auto& [a, b] : subsumed) {
      if (subsumed.count({b, a})) {
        if (a > b)
          diags_.warning(rule(a).loc, fmt::format("rules '{}' and '{}' fire in exactly the same cases with the "
                                                  "same conclusions: one of them is redundant",
                                                  rule(b).id, rule(a).id));
        continue;
      }
      diags_.warning(rule(a).loc, fmt::format("rule '{}' is subsumed by rule '{}': '{}' fires whenever '{}' does, "
                                              "with the same conclusions",
                                              rule(a).id, rule(b).id, rule(b).id, rule(a).id));
    }
  }

  void conflicts(Space& space) {
    // A recommend and an avoid of the same option that can both fire: avoid wins (the declared
    // policy), so the plan is safe, but an author should see where it happens. One line per pair
    // of rules, with the options they disagree on and a case where both fire.
    // The rules that recommend each option, found once: an avoid is compared with those only.
    std::vector<std::vector<RuleId>> recommenders(rb_.options.size());
    for (RuleId r = 0; r < static_cast<RuleId>(rb_.rules.size()); ++r)
      for (OptionId o : rule(r).recommends) recommenders[static_cast<size_t>(o)].push_back(r);
    for (RuleId av = 0; av < static_cast<RuleId>(rb_.rules.size()); ++av) {
      if (rule(av).avoids.empty()) continue;
      std::set<RuleId> candidates;
      for (const Avoid& a : rule(av).avoids)
        candidates.insert(recommenders[static_cast<size_t>(a.option)].begin(), recommenders[static_cast<size_t>(a.option)].end());
      const bdd where_av = space.universe() & space.fires(av);
      for (const RuleId rec : candidates) {
        std::vector<std::string> shared;
        for (const Avoid& a : rule(av).avoids)
          if (std::find(rule(rec).recommends.begin(), rule(rec).recommends.end(), a.option) != rule(rec).recommends.end())
            shared.push_back(rb_.options[static_cast<size_t>(a.option)].id);
        if (shared.empty()) continue;
        if (!may_compare(av, "recommend/avoid conflicts")) return;
        const bdd both = where_av & space.fires(rec);
        if (!diagrams_usable()) return;
        if (both == bddfalse) continue;
        const std::vector<Value> example = only_cones(space.point(both), rec, av);
        if (!confirmed(av, rec, [&] { return example; })) continue;
        diags_.info(rule(av).loc, fmt::format("'{}' avoids what '{}' recommends ({}) in some cases; avoid wins, "
                                              "for example: {}",
                                              rule(av).id, rule(rec).id, fmt::join(shared, ", "),
                                              assess_command(rb_, example)));
      }
    }
  }

  /// The answers that rules a and b depend on (their cones), the others left unanswered: a
  /// rule's truth depends on its cone alone, and the example then names only what matters.
  std::vector<Value> only_cones(std::vector<Value> answers, RuleId a, RuleId b) const {
    std::vector<char> keep(answers.size(), 0);
    for (const RuleId r : {a, b})
      for (const FactId q : cones_[static_cast<size_t>(r)]) keep[static_cast<size_t>(q)] = 1;
    for (size_t q = 0; q < answers.size(); ++q)
      if (!keep[q]) answers[q] = kUnknown;
    return answers;
  }

  /// Whether the evaluator, on the case the diagrams give, fires both rules, as the diagrams say
  /// it does. If not, that is a defect of backtriage, said as such rather than reported as a
  /// finding about the rules. Only the first findings are run, at most 1,000 and 10 million
  /// rule evaluations together (each run evaluates the whole rule base, and findings can number
  /// in the square of the rules); tests/unit/verify_test.cpp checks the diagrams against the
  /// evaluator on every class.
  template <typename CaseOf>
  bool confirmed(RuleId a, RuleId b, CaseOf case_of) {
    const std::uint64_t most = std::min<std::uint64_t>(1000, 10'000'000 / std::max<size_t>(1, rb_.rules.size()));
    if (confirmations_ >= most) return true;
    ++confirmations_;
    const std::vector<Value> answers = case_of();
    ev_.evaluate(answers);
    if (ev_.rule_truth(a) == Truth::yes && ev_.rule_truth(b) == Truth::yes) return true;
    diags_.warning(rule(a).loc, fmt::format("internal error: the decision diagrams and the evaluator disagree on "
                                            "rules '{}' and '{}' for: {} (please report it)",
                                            rule(a).id, rule(b).id, assess_command(rb_, answers)));
    return false;
  }
  std::uint64_t confirmations_ = 0;

  std::uint64_t work_ = 0;   // rule evaluations spent by all searches so far
  std::uint64_t pairs_ = 0;  // pairs of rules compared on the diagrams so far
  bool diagrams_failed_ = false;
  bool budget_spent_ = false;
  const RuleBase& rb_;
  Diagnostics& diags_;
  AuditOptions options_;
  std::vector<std::vector<Value>> classes_;
  Evaluator ev_;
  std::vector<std::vector<FactId>> cones_;
  std::vector<char> cannot_fire_ = std::vector<char>(rb_.rules.size(), 0);  // never_fire(): per rule
};

}  // namespace

void audit_rule_base(const RuleBase& rb, Diagnostics& diags, const AuditOptions& options) {
  Auditor(rb, diags, options).run();
}

}  // namespace backtriage
