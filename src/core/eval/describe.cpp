// Plain-words descriptions of conditions, reasons and conclusions.
#include "eval/describe.hpp"

#include <fmt/format.h>

namespace backtriage {

std::string describe_condition(const RuleBase& rb, CondId c) {
  const CondNode& n = rb.conds[static_cast<size_t>(c)];
  switch (n.kind) {
    case CondKind::always: return "always";
    case CondKind::compare: return rb.cond_text[static_cast<size_t>(c)];
    case CondKind::negation: return fmt::format("not ({})", describe_condition(rb, rb.cond_children[n.first]));
    case CondKind::all:
    case CondKind::any: {
      std::vector<std::string> parts;
      for (std::uint32_t k = 0; k < n.count; ++k) parts.push_back(describe_condition(rb, rb.cond_children[n.first + k]));
      return fmt::format("{} of ({})", n.kind == CondKind::all ? "all" : "any", fmt::join(parts, ", "));
    }
  }
  return {};
}

std::string describe_reason(const RuleBase& rb, const Reason& r) {
  const Fact& f = rb.facts[static_cast<size_t>(r.fact)];
  const bool unsure = f.type == ValueType::yes_no && f.accepts_unsure && r.value == kUnsure;
  return fmt::format("{} = {}{}", f.id, rb.value_text(r.fact, r.value),
                     !rb.is_question(r.fact) ? " (derived)" : unsure ? " (you were not sure)" : "");
}

std::string describe_conclusions(const RuleBase& rb, const Rule& rule) {
  std::vector<std::string> parts;
  if (rule.red_flag)
    parts.push_back(fmt::format("red flag \"{}\" -> {}", rule.red_flag_text,
                                rb.dispositions[static_cast<size_t>(rule.disposition)].title));
  else if (rule.disposition != kNoLevel)
    parts.push_back(rb.dispositions[static_cast<size_t>(rule.disposition)].title);
  // Long lists are cut to three names: this is a one-line summary, `rules show` has the rest.
  const auto listed = [&](const char* verb, const std::vector<OptionId>& ids) {
    if (ids.empty()) return;
    std::vector<std::string> names;
    for (size_t i = 0; i < ids.size() && i < 3; ++i) names.push_back(rb.options[static_cast<size_t>(ids[i])].title);
    std::string more = ids.size() > 3 ? fmt::format(" and {} more", ids.size() - 3) : "";
    parts.push_back(fmt::format("{} {}{}", verb, fmt::join(names, ", "), more));
  };
  listed("recommend", rule.recommends);
  std::vector<OptionId> avoided;
  for (const Avoid& a : rule.avoids) avoided.push_back(a.option);
  listed("avoid", avoided);
  for (FactId f : rule.sets) parts.push_back(fmt::format("conclude {}", rb.facts[static_cast<size_t>(f)].text));
  if (rule.stop) parts.push_back("stop asking");
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::vector<std::string> conclusion_tags(const RuleBase& rb, const Rule& rule) {
  std::vector<std::string> tags;
  if (rule.disposition != kNoLevel)
    tags.push_back("disposition:" + rb.dispositions[static_cast<size_t>(rule.disposition)].id);
  if (rule.red_flag) tags.push_back("red_flag");
  for (OptionId o : rule.recommends) tags.push_back("recommend:" + rb.options[static_cast<size_t>(o)].id);
  for (const Avoid& a : rule.avoids) tags.push_back("avoid:" + rb.options[static_cast<size_t>(a.option)].id);
  for (FactId f : rule.sets) tags.push_back("set:" + rb.facts[static_cast<size_t>(f)].id);
  if (rule.stop) tags.push_back("stop");
  return tags;
}

std::string red_flag_topic(const RuleBase& rb, const Rule& rule) {
  // A flag about one question is named after it; a combination, and a doubt (so that a script
  // can tell "fever" from "not sure about fever"), keep their rule's id.
  if (rule.on_unsure) return rule.id;
  const RuleId r = *rb.find_rule(rule.id);
  const auto facts = rb.rule_facts[static_cast<size_t>(r)];
  if (facts.size() == 1 && rb.is_question(facts[0])) return rb.facts[static_cast<size_t>(facts[0])].id;
  return rule.id;
}

}  // namespace backtriage
