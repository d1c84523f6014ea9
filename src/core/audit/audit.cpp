// Static analysis of a loaded rule base, by bounded search over equivalence classes.
#include "audit/audit.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "audit/answer_space.hpp"
#include "base/text.hpp"
#include "eval/describe.hpp"
#include "eval/evaluator.hpp"

namespace backtriage {

namespace {

std::vector<FactId> union_of(std::vector<FactId> a, const std::vector<FactId>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  return a;
}

class Auditor {
 public:
  Auditor(const RuleBase& rb, Diagnostics& diags, const AuditOptions& options)
      : rb_(rb), diags_(diags), options_(options), classes_(answer_classes(rb)), ev_(rb) {
    for (RuleId r = 0; r < static_cast<RuleId>(rb.rules.size()); ++r)
      cones_.push_back(condition_cone(rb, rb.rules[static_cast<size_t>(r)].when));
  }

  void run() {
    never_fire();
    unused_questions();
    unrecommended_options();
    subsumed_rules();
    conflicts();
    red_flag_signs();
  }

 private:
  const Rule& rule(RuleId r) const { return rb_.rules[static_cast<size_t>(r)]; }

  /// Calls visit(answers) for each class of the given questions; false when too many.
  /// Every case costs an evaluation of the whole rule base, so all searches together share a
  /// budget of rule evaluations: a hostile or huge rule base cannot make `rules check` run for
  /// hours (1,000 rules took minutes before it).
  template <typename Visit>
  bool search(const std::vector<FactId>& questions, Visit visit) {
    if (work_ >= options_.max_rule_evaluations) {
      budget_spent_ = true;
      return false;
    }
    const std::uint64_t per_case = std::max<std::uint64_t>(1, rb_.rules.size());
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

  void never_fire() {
    for (RuleId r = 0; r < static_cast<RuleId>(rb_.rules.size()); ++r) {
      bool fires = false;
      if (!search(cones_[static_cast<size_t>(r)], [&](const std::vector<Value>& a) {
            ev_.evaluate(a);
            fires = ev_.rule_truth(r) == Truth::yes;
            return fires;
          })) {
        too_large(rule(r).loc, fmt::format("whether rule '{}' can fire", rule(r).id));
        continue;
      }
      if (fires) continue;
      // Would it fire if every answer counted? Then an ask_when keeps out a question it needs.
      bool without_gates = false;
      search(cones_[static_cast<size_t>(r)], [&](const std::vector<Value>& a) {
        ev_.evaluate(a, /*apply_gates=*/false);
        without_gates = ev_.rule_truth(r) == Truth::yes;
        return without_gates;
      });
      std::string hint;
      if (without_gates) {
        std::vector<std::string> gated;
        for (FactId q : cones_[static_cast<size_t>(r)]) {
          const CondId gate = rb_.facts[static_cast<size_t>(q)].ask_when;
          if (gate != kNoCond)
            gated.push_back(fmt::format("'{}' is asked only when {}", rb_.facts[static_cast<size_t>(q)].id,
                                        describe_condition(rb_, gate)));
        }
        hint = fmt::format(": the ask_when of a question it needs excludes it ({})", fmt::join(gated, "; "));
      } else {
        hint = fmt::format(": no answers make '{}' true", describe_condition(rb_, rule(r).when));
      }
      diags_.error(rule(r).loc, fmt::format("rule '{}' can never fire{}", rule(r).id, hint));
    }
  }

  void unused_questions() {
    std::vector<char> used(rb_.facts.size(), 0);
    for (const auto& cone : cones_)
      for (FactId q : cone) used[static_cast<size_t>(q)] = 1;
    for (FactId q = 0; q < rb_.question_count; ++q) {
      if (used[static_cast<size_t>(q)]) continue;
      const Fact& f = rb_.facts[static_cast<size_t>(q)];
      diags_.warning(f.loc, fmt::format("question '{}' is used by no rule: its answer can never change a result "
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

  void subsumed_rules() {
    // Only rules with the same conclusions can subsume each other: they are compared within
    // their group, found once by their conclusions, never all pairs of the rule base.
    std::map<std::vector<std::string>, std::vector<RuleId>> groups;
    for (RuleId r = 0; r < static_cast<RuleId>(rb_.rules.size()); ++r) groups[conclusion_tags(rb_, rule(r))].push_back(r);
    std::set<std::pair<RuleId, RuleId>> subsumed;  // (a, b): b fires whenever a does
    for (const auto& [tags, members] : groups) {
      for (const RuleId a : members) {
      for (const RuleId b : members) {
        if (a == b) continue;
        if (work_ >= options_.max_rule_evaluations) {  // every pair left would be refused: say it once
          budget_spent_ = true;
          diags_.info(rule(a).loc, fmt::format("rules were not compared for subsumption from rule '{}' on: the "
                                                  "rule base is too large to analyse fully (the budget of {} rule "
                                                  "evaluations is spent)",
                                                  rule(a).id, options_.max_rule_evaluations));
          goto reported;
        }
        bool a_fires = false;
        bool counterexample = false;
        const bool searched = search(union_of(cones_[static_cast<size_t>(a)], cones_[static_cast<size_t>(b)]),
                                     [&](const std::vector<Value>& answers) {
                                       ev_.evaluate(answers);
                                       if (ev_.rule_truth(a) != Truth::yes) return false;
                                       a_fires = true;
                                       counterexample = ev_.rule_truth(b) != Truth::yes;
                                       return counterexample;
                                     });
        if (searched && a_fires && !counterexample) subsumed.insert({a, b});
      }
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

  void conflicts() {
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
      for (const RuleId rec : candidates) {
        std::vector<std::string> shared;
        for (const Avoid& a : rule(av).avoids)
          if (std::find(rule(rec).recommends.begin(), rule(rec).recommends.end(), a.option) != rule(rec).recommends.end())
            shared.push_back(rb_.options[static_cast<size_t>(a.option)].id);
        if (shared.empty()) continue;
        // Every pair left would be refused: stop here (silently, as the searches it skips would).
        if (work_ >= options_.max_rule_evaluations) {
          budget_spent_ = true;
          return;
        }
        std::vector<Value> example;
        search(union_of(cones_[static_cast<size_t>(rec)], cones_[static_cast<size_t>(av)]),
               [&](const std::vector<Value>& answers) {
                 ev_.evaluate(answers);
                 if (ev_.rule_truth(rec) == Truth::yes && ev_.rule_truth(av) == Truth::yes) example = answers;
                 return !example.empty();
               });
        if (example.empty()) continue;
        diags_.info(rule(av).loc, fmt::format("'{}' avoids what '{}' recommends ({}) in some cases; avoid wins, "
                                              "for example: {}",
                                              rule(av).id, rule(rec).id, fmt::join(shared, ", "),
                                              assess_command(rb_, example)));
      }
    }
  }

  std::uint64_t work_ = 0;  // rule evaluations spent by all searches so far
  bool budget_spent_ = false;
  const RuleBase& rb_;
  Diagnostics& diags_;
  AuditOptions options_;
  std::vector<std::vector<Value>> classes_;
  Evaluator ev_;
  std::vector<std::vector<FactId>> cones_;
};

}  // namespace

void audit_rule_base(const RuleBase& rb, Diagnostics& diags, const AuditOptions& options) {
  Auditor(rb, diags, options).run();
}

}  // namespace backtriage
