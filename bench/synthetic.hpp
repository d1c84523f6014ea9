// A generator of synthetic rule bases for benchmarks: N rules over 20 questions, with derived
// facts, red flags, recommendations and avoids, shaped like the shipped lower-back rule base.
#pragma once

#include <random>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace backtriage::bench {

/// The files (name, YAML text) of a valid rule base with `rules` rules, deterministic for a
/// seed; rules go 1,000 to a file, as an author would split a large base.
/// With questions > 20, rules read questions spread over the larger set (15 yes/no for every 5
/// integer), so that a case answering 20 questions touches about the same number of rules
/// whatever the size of the rule base.
inline std::vector<std::pair<std::string, std::string>> synthetic_rule_base(int rules, unsigned seed = 1,
                                                                            int questions = 20) {
  std::vector<std::pair<std::string, std::string>> files;
  std::mt19937 rng(seed);
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  std::string y = R"(rule_base:
  name: synthetic
  version: "1"
  sources: [{id: gen, title: Generated}]
dispositions:
  - {id: self_care, title: S, message: S}
  - {id: see_doctor, title: D, message: D}
  - {id: urgent, title: U, message: U}
  - {id: emergency, title: E, message: E, show_plan: no}
questions:
)";
  const auto is_integer = [](int q) { return q % 4 == 3; };
  for (int q = 0; q < questions; ++q)
    y += is_integer(q) ? fmt::format("  - {{id: q{}, order: {}, type: integer, min: 0, max: 100, text: Q}}\n", q, q)
                       : fmt::format("  - {{id: q{}, order: {}, type: yes_no, text: Q}}\n", q, q);
  const int facts = std::max(1, rules / 10);
  y += "facts:\n";
  for (int f = 0; f < facts; ++f) y += fmt::format("  - {{id: f{}, text: F}}\n", f);
  y += "options:\n";
  for (int o = 0; o < 12; ++o)
    y += fmt::format("  - {{id: o{}, title: O, instructions: I, source: {{ref: gen, section: S}}}}\n", o);
  const auto comparison = [&](int r) {
    // Rule r may read a derived fact set by a rule of an earlier tenth (r / 10 sets f{r / 10}),
    // so the facts never form a cycle.
    if (r / 10 >= 1 && pick(4) == 0) return fmt::format("f{} == yes", pick(std::min(facts, r / 10)));
    const int q = pick(questions);
    if (!is_integer(q)) return fmt::format("q{} == {}", q, pick(2) ? "yes" : "no");
    return fmt::format("q{} {} {}", q, pick(2) ? ">=" : "<", pick(101));
  };
  files.emplace_back("base.yaml", y);
  y = "rules:\n";
  for (int r = 0; r < rules; ++r) {
    if (r > 0 && r % 1000 == 0) {
      files.emplace_back(fmt::format("rules_{:05}.yaml", r), y);
      y = "rules:\n";
    }
    std::string when;
    const int parts = 1 + pick(3);
    if (parts == 1) {
      when = "\"" + comparison(r) + "\"";
    } else {
      when = fmt::format("{{{}: [", pick(2) ? "all" : "any");
      for (int p = 0; p < parts; ++p) when += (p ? ", \"" : "\"") + comparison(r) + "\"";
      when += "]}";
    }
    std::string then;
    const int fact = r / 10;
    switch (pick(5)) {
      case 0: then = fmt::format("{{red_flag: {{text: R, disposition: {}}}}}", pick(4) == 0 ? "urgent" : "see_doctor"); break;
      case 1: then = fmt::format("{{avoid: {{o{}: reason}}}}", pick(12)); break;
      case 2: if (r % 10 == 0 && fact < facts) { then = fmt::format("{{set: f{}}}", fact); break; } [[fallthrough]];
      default: then = fmt::format("{{recommend: [o{}, o{}]}}", pick(12), pick(12)); break;
    }
    y += fmt::format("  - {{id: r{}, title: T, priority: {}, when: {}, then: {}, source: {{ref: gen, section: S}}}}\n",
                     r, pick(3), when, then);
  }
  y += "  - {id: baseline, title: T, priority: -1, when: always, then: {disposition: self_care}, source: {ref: gen, section: S}}\n";
  files.emplace_back("rules_last.yaml", y);
  return files;
}

}  // namespace backtriage::bench
