// A generator of random, valid rule bases for the unit tests (the cache's round trip, the
// symbolic verifier against enumeration).
#pragma once

#include <random>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace backtriage::test {

using Files = std::vector<std::pair<std::string, std::string>>;

/// A random, valid rule base: questions of every type (some gated by ask_when), derived facts
/// in layers (so they form no cycle), options, rules with all / any / not nested up to three
/// deep, `in` lists, red flags, avoids, stops and both kinds of invariant, with texts in several
/// scripts, split over one to three files. Deterministic for a seed.
class RandomRuleBase {
 public:
  /// scale multiplies the most rules and options: 12 and 5 at 1; at 12, past one 64-bit word of each.
  explicit RandomRuleBase(unsigned seed, int scale = 1) : rng_(seed), scale_(scale) {}

  Files files() {
    make_questions();
    derived_ = pick(5);
    options_ = 1 + pick(5 * scale_);
    std::string base = header() + questions_yaml() + facts_yaml() + options_yaml();
    std::vector<std::string> rules(static_cast<size_t>(1 + pick(3)), "rules:\n");
    const int rule_count = 1 + pick(12 * scale_);
    for (int r = 0; r < rule_count; ++r) rules[static_cast<size_t>(pick(static_cast<int>(rules.size())))] += rule_yaml(r);
    Files out = {{"a_base.yaml", base}};
    for (size_t i = 0; i < rules.size(); ++i)
      out.emplace_back(fmt::format("b_rules_{}.yaml", i), rules[i] == "rules:\n" ? "rules: []\n" : rules[i]);
    out.back().second += invariants_yaml();
    return out;
  }

 private:
  enum class Type { yes_no, integer, choice };
  struct Question {
    Type type;
    int min, max, choices;
    bool unsure = false;  // a yes/no question that also accepts unsure
  };

  int pick(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }
  std::string words() {
    static const char* const kWords[] = {"Back", "pain", "spreads", "après", "l'effort", "—", "“quoted”", "rest",
                                         "día", "腰痛", "&", "<b>", "50%", "{x}", "#1", "tab\\there", "line\\nbreak"};
    std::string out;
    for (int i = 0, n = 1 + pick(5); i < n; ++i) {
      if (i) out += " ";
      out += kWords[pick(17)];
    }
    return "\"" + out + "\"";
  }
  std::string header() {
    static const char* const kDefaults[] = {"", "  default_disposition: self_care\n", "  default_disposition: see_doctor\n"};
    return std::string("rule_base:\n  name: random\n  version: \"1\"\n") + kDefaults[pick(3)] + "  description: " + words() +
           "\n  sources: [{id: src, title: " + words() + "}, {id: other, title: Two, date: \"2024\", about: " +
           words() + "}]\n"
           "dispositions:\n"
           "  - {id: self_care, title: Self-care, message: " + words() + ", safety_net: [" + words() + "]}\n"
           "  - {id: see_doctor, title: See a doctor, message: Book.}\n"
           "  - {id: urgent, title: Urgent, message: Today., safety_net: [" + words() + ", " + words() + "]}\n"
           "  - {id: emergency, title: Emergency, message: Now., show_plan: no}\n";
  }
  void make_questions() {
    for (int q = 0, n = 1 + pick(8); q < n; ++q) {
      const auto type = static_cast<Type>(pick(3));
      const int min = pick(11) - 5;
      const int span = pick(5) == 0 ? 150 + pick(100) : pick(11);  // some past the evaluator's rows of values
      questions_.push_back({type, type == Type::integer ? min : 0, type == Type::integer ? min + span : 1,
                            type == Type::choice ? 2 + pick(3) : 0, type == Type::yes_no && pick(2) == 0});
    }
  }
  std::string questions_yaml() {
    std::string y = "questions:\n";
    for (size_t q = 0; q < questions_.size(); ++q) {
      const Question& it = questions_[q];
      y += fmt::format("  - {{id: q{}, order: {}, text: {}", q, pick(3), words());
      if (pick(2)) y += ", help: " + words();
      if (it.type == Type::yes_no) y += it.unsure ? ", type: yes_no, unsure: yes" : ", type: yes_no";
      if (it.type == Type::integer) y += fmt::format(", type: integer, min: {}, max: {}", it.min, it.max);
      if (it.type == Type::choice) {
        y += ", type: choice, choices: [";
        for (int c = 0; c < it.choices; ++c) y += fmt::format("{}c{}", c ? ", " : "", c);
        y += "]";
      }
      if (q > 0 && pick(3) == 0) y += ", ask_when: " + condition(static_cast<int>(q), 0, 0);  // earlier questions only
      y += "}\n";
    }
    return y;
  }
  std::string facts_yaml() {
    std::string y = derived_ ? "facts:\n" : "";
    for (int d = 0; d < derived_; ++d) y += fmt::format("  - {{id: d{}, text: {}}}\n", d, words());
    return y;
  }
  std::string options_yaml() {
    std::string y = "options:\n";
    for (int o = 0; o < options_; ++o) {
      y += fmt::format("  - {{id: o{}, order: {}, title: {}, instructions: {}, source: {{ref: {}, section: {}}}", o,
                       pick(3), words(), words(), pick(2) ? "src" : "other", words());
      if (pick(2)) y += ", dose: " + words();
      if (pick(2)) y += ", cautions: [" + words() + ", " + words() + "]";
      y += "}\n";
    }
    return y;
  }
  /// A condition over the first `questions` questions and the first `derived` derived facts.
  std::string condition(int questions, int derived, int depth) {
    // fmt, not "\"" + ...: GCC 12 at -O3 warns falsely (-Wrestrict) on a literal plus a string.
    if (depth >= 3 || pick(2) == 0) return fmt::format("\"{}\"", comparison(questions, derived));
    const int kind = pick(3);
    if (kind == 2) return fmt::format("{{not: {}}}", condition(questions, derived, depth + 1));
    std::string y = kind == 0 ? "{all: [" : "{any: [";
    for (int i = 0, n = 1 + pick(3); i < n; ++i) y += (i ? ", " : "") + condition(questions, derived, depth + 1);
    return y + "]}";
  }
  std::string comparison(int questions, int derived) {
    if (pick(12) == 0) return "always";
    const int f = pick(questions + derived);
    if (f >= questions) return fmt::format("d{} {} {}", f - questions, pick(2) ? "==" : "!=", pick(2) ? "yes" : "no");
    const Question& q = questions_[static_cast<size_t>(f)];
    if (q.unsure) {
      // Answers by rank (no < unsure < yes), every operator, none that can never hold (`> yes`).
      static const char* const kRanked[] = {"no", "unsure", "yes"};
      static const char* const kOps[] = {"==", "!=", "<", "<=", ">", ">=", "in"};
      const std::string op = kOps[pick(7)];
      if (op == "in") return fmt::format("q{} in [{}, {}]", f, kRanked[pick(3)], kRanked[pick(3)]);
      const int rank = op == ">" ? pick(2) : op == "<" ? 1 + pick(2) : pick(3);
      return fmt::format("q{} {} {}", f, op, kRanked[rank]);
    }
    const auto value = [&] {
      const int v = q.type == Type::choice ? pick(q.choices) : q.min + pick(q.max - q.min + 1);
      return q.type == Type::yes_no ? std::string(v ? "yes" : "no")
                                    : q.type == Type::choice ? fmt::format("c{}", v) : std::to_string(v);
    };
    static const char* const kIntegerOps[] = {"==", "!=", "<", "<=", ">", ">=", "in"};
    const std::string op = q.type == Type::integer ? kIntegerOps[pick(7)]
                           : q.type == Type::choice ? (pick(3) == 0 ? "in" : pick(2) ? "==" : "!=")
                                                    : (pick(2) ? "==" : "!=");
    if (op != "in") return fmt::format("q{} {} {}", f, op, value());
    std::string list = value();
    for (int i = 0, n = pick(3); i < n; ++i) list += ", " + value();
    return fmt::format("q{} in [{}]", f, list);
  }
  std::string rule_yaml(int r) {
    // A rule that sets d_k reads only questions and d_0 .. d_k-1: the derived facts never cycle.
    const int sets = derived_ && pick(2) ? pick(derived_) : -1;
    const int questions = static_cast<int>(questions_.size());
    std::string y = fmt::format("  - id: r{}\n    title: {}\n    priority: {}\n    when: {}\n    then: {{", r, words(),
                                pick(3), condition(questions, sets >= 0 ? sets : derived_, 0));
    std::vector<std::string> then;
    if (sets >= 0) then.push_back(fmt::format("set: [d{}]", sets));
    static const char* const kLevels[] = {"self_care", "see_doctor", "urgent", "emergency"};
    if (pick(3) == 0)
      then.push_back(fmt::format("red_flag: {{text: {}, disposition: {}}}", words(), kLevels[pick(4)]));
    else if (pick(2) == 0)
      then.push_back(fmt::format("disposition: {}", kLevels[pick(4)]));
    if (pick(2)) then.push_back(fmt::format("recommend: [o{}]", pick(options_)));
    if (pick(3) == 0) {
      // One option or two (an option another rule avoided first keeps that rule).
      const int first = pick(options_), second = pick(options_);
      then.push_back(first != second && pick(2) ? fmt::format("avoid: {{o{}: {}, o{}: {}}}", first, words(), second, words())
                                                : fmt::format("avoid: {{o{}: {}}}", first, words()));
    }
    if (pick(5) == 0 || then.empty()) then.push_back("stop: yes");
    for (size_t i = 0; i < then.size(); ++i) y += (i ? ", " : "") + then[i];
    return y + fmt::format("}}\n    source: {{ref: src, section: {}}}\n", words());
  }
  std::string invariants_yaml() {
    static const char* const kLevels[] = {"self_care", "see_doctor", "urgent", "emergency"};
    const int questions = static_cast<int>(questions_.size());
    std::string y = "invariants:\n";
    y += fmt::format("  - {{id: i0, title: {}, when: {}, expect: {{disposition_at_least: self_care, recommended: [o0], "
                     "has_disposition: {}}}}}\n",
                     words(), condition(questions, derived_, 0), pick(2) ? "yes" : "no");
    y += fmt::format("  - {{id: i2, title: T, when: {}, expect: {{disposition_at_least: {}}}}}\n",
                     condition(questions, derived_, 0), kLevels[pick(4)]);
    y += fmt::format("  - {{id: i3, title: T, when: {}, expect: {{disposition_at_most: {}, not_recommended: [o{}]}}}}\n",
                     condition(questions, derived_, 0), kLevels[pick(4)], pick(options_));
    y += fmt::format("  - {{id: i4, title: T, expect: {{avoided: [o{}]}}}}\n", pick(options_));
    for (size_t q = 0; q < questions_.size(); ++q)
      if (questions_[q].type == Type::yes_no) return y + fmt::format("  - {{id: i1, title: Monotone, monotone: [q{}]}}\n", q);
    return y;
  }

  std::mt19937 rng_;
  int scale_ = 1;
  std::vector<Question> questions_;
  int derived_ = 0;
  int options_ = 1;
};


}  // namespace backtriage::test
