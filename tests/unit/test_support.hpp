// Helpers shared by the unit tests: small rule bases built from text.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "lang/loader.hpp"

namespace backtriage::test {

/// Declarations shared by the purpose-built rule bases of the unit tests: one source, three
/// levels, and the questions named by the caller's rules.
inline const char* const kHeader = R"(rule_base:
  name: unit
  version: "1"
  sources: [{id: src, title: Test source}]
dispositions:
  - {id: self_care, title: Self-care, message: Home.}
  - {id: see_doctor, title: See a doctor, message: Book.}
  - {id: urgent, title: Urgent, message: Today.}
  - {id: emergency, title: Emergency, message: Now., show_plan: no}
)";

/// Loads header + body as one file; fails the test with the diagnostics if it does not load.
inline RuleBase load(const std::string& body) {
  Diagnostics diags;
  auto rb = load_rule_base_texts({{"unit.yaml", std::string(kHeader) + body}}, diags);
  REQUIRE_MESSAGE(rb.has_value(), diags.format_all());
  return std::move(*rb);
}

/// Loads header + body and returns all diagnostics, formatted without source lines.
inline std::string load_errors(const std::string& body) {
  Diagnostics diags;
  auto rb = load_rule_base_texts({{"unit.yaml", std::string(kHeader) + body}}, diags);
  std::string out;
  for (const auto& d : diags.items())
    out += d.loc.str() + ": " + std::string(severity_name(d.severity)) + ": " + d.message + "\n";
  return out;
}

inline RuleBase load_dir(const std::string& relative) {
  Diagnostics diags;
  auto rb = load_rule_base(std::string(BACKTRIAGE_SOURCE_DIR) + "/" + relative, diags);
  REQUIRE_MESSAGE(rb.has_value(), diags.format_all());
  return std::move(*rb);
}

}  // namespace backtriage::test

namespace backtriage::test {

/// Answers by question id: {"fever", "yes"} pairs, parsed as a user would type them.
inline std::vector<Value> answers(const RuleBase& rb,
                                  std::initializer_list<std::pair<const char*, const char*>> given) {
  std::vector<Value> out(static_cast<size_t>(rb.question_count), kUnknown);
  for (const auto& [id, text] : given) {
    const auto q = rb.find_fact(id);
    REQUIRE_MESSAGE(q.has_value(), id);
    const ParsedValue v = parse_value(rb, *q, text);
    REQUIRE_MESSAGE(v.ok, v.error);
    out[static_cast<size_t>(*q)] = v.value;
  }
  return out;
}

template <typename Ids, typename Names>
std::vector<std::string> names(const Ids& ids, const Names& items) {
  std::vector<std::string> out;
  for (auto id : ids) out.push_back(items[static_cast<size_t>(id)].id);
  return out;
}

}  // namespace backtriage::test

// A canonical dump of every field of a RuleBase, to compare rule bases built different ways (from
// the YAML, through the cache). Each struct is taken apart with a structured binding that names
// all its fields: a field added to model.hpp without being added here does not compile.
#include <algorithm>

#include <fmt/format.h>

#include "base/text.hpp"

namespace backtriage::test::dump {

inline std::string text(std::int32_t v) { return std::to_string(v); }
inline std::string text(std::uint32_t v) { return std::to_string(v) + "u"; }
inline std::string text(bool v) { return v ? "true" : "false"; }
inline std::string text(const std::string& s) { return fmt::format("\"{}\"", printable(s)); }
inline std::string text(const Coding& c);  // defined below, needed by fields()
inline std::string text(ValueType t) { return std::string(value_type_name(t)); }
inline std::string text(CondKind k) { return "kind" + std::to_string(static_cast<int>(k)); }
inline std::string text(CmpOp op) { return std::string(cmp_op_text(op)); }
inline std::string text(const SourceLoc& l);
inline std::string text(const SourceRef& r);
inline std::string text(const Avoid& a);
inline std::string text(const CondNode& n);
inline std::string text(const HotRule& h);
inline std::string text(const Index& ix);
inline std::string text(const IdIndex& ids);
inline std::string text(const Source& s);
inline std::string text(const Disposition& d);
inline std::string text(const Fact& f);
inline std::string text(const Option& o);
inline std::string text(const Rule& r);
inline std::string text(const Invariant& inv);

template <typename T>
std::string text(const std::vector<T>& items) {
  std::string out = "[";
  for (const T& x : items) {
    if (out.size() > 1) out += ", ";
    out += text(x);
  }
  return out + "]";
}
template <typename... T>
std::string fields(const T&... values) {
  std::string out;
  ((out += out.empty() ? "{" : ", ", out += text(values)), ...);
  return out + "}";
}

inline std::string text(const SourceLoc& l) {
  const auto& [file, line, col] = l;
  return fields(file, line, col);
}
inline std::string text(const SourceRef& r) {
  const auto& [source, section] = r;
  return fields(source, section);
}
inline std::string text(const Avoid& a) {
  const auto& [option, reason] = a;
  return fields(option, reason);
}
inline std::string text(const CondNode& n) {
  const auto& [kind, op, fact, value, first, count] = n;
  return fields(kind, op, fact, value, first, count);
}
inline std::string text(const HotRule& h) {
  const auto& [when, disposition, sets, sets_count, recs, recs_count, avoids, avoids_count, red_flag, stop] = h;
  return fields(when, disposition, sets, sets_count, recs, recs_count, avoids, avoids_count, red_flag, stop);
}
inline std::string text(const Index& ix) {
  const auto& [start, items] = ix;
  return fields(start, items);
}
inline std::string text(const IdIndex& ids) {
  std::vector<std::pair<std::string, std::int32_t>> sorted(ids.begin(), ids.end());
  std::sort(sorted.begin(), sorted.end());
  std::string out = "{";
  for (const auto& [id, index] : sorted) out += fmt::format("{}{}={}", out.size() > 1 ? ", " : "", id, index);
  return out + "}";
}
inline std::string text(const Source& s) {
  const auto& [id, title, date, about, loc] = s;
  return fields(id, title, date, about, loc);
}
inline std::string text(const Disposition& d) {
  const auto& [id, title, message, show_plan, safety_net, loc] = d;
  return fields(id, title, message, show_plan, safety_net, loc);
}
inline std::string text(const Coding& c) {
  const auto& [system, code, display] = c;
  return fields(system, code, display);
}
inline std::string text(const Fact& f) {
  const auto& [id, type, min, max, choices, accepts_unsure, history, in_days, is_question, question_text, help, list_text, code,
               order, ask_when, loc] = f;
  return fields(id, type, min, max, choices, accepts_unsure, history, in_days, is_question, question_text, help, list_text,
                code, order, ask_when, loc);
}
inline std::string text(const Option& o) {
  const auto& [id, order, title, instructions, dose, cautions, source, loc] = o;
  return fields(id, order, title, instructions, dose, cautions, source, loc);
}
inline std::string text(const Rule& r) {
  const auto& [id, title, priority, when, disposition, red_flag, red_flag_text, red_flag_sign, sets, recommends, avoids,
               stop, source, loc, stratum, on_unsure] = r;
  return fields(id, title, priority, when, disposition, red_flag, red_flag_text, red_flag_sign, sets, recommends, avoids,
                stop, source, loc, stratum, on_unsure);
}
inline std::string text(const Invariant& inv) {
  const auto& [id, title, when, at_least, at_most, has_disposition, recommended, not_recommended, avoided, monotone,
               loc] = inv;
  return fields(id, title, when, at_least, at_most, has_disposition, recommended, not_recommended, avoided, monotone,
                loc);
}

inline std::string text(const Checklist& c) {
  const auto& [id, lead, members, loc] = c;
  return fields(id, lead, members, loc);
}

/// One line per field of the rule base, and one per element of its lists of structs, so that a
/// failed comparison shows the first differing element.
inline std::string rule_base(const RuleBase& rb) {
  const auto& [name, version, description, title, publisher, date, sources, dispositions, facts, question_count, question_order, options,
               rules, invariants, checklists, checklist_of, conds, cond_children, value_pool, cond_text, cond_loc, readers, setters, gated,
               rule_facts, recommended_by, avoided_by, reaching, rules_by_stratum_desc, hot, hot_facts, hot_options,
               fact_ids, option_ids, rule_ids, level_ids, default_level, invariants_left_out] = rb;
  std::string out;
  const auto line = [&](std::string_view label, const auto& value) { out += fmt::format("{}: {}\n", label, text(value)); };
  const auto each = [&](std::string_view label, const auto& items) {
    for (size_t i = 0; i < items.size(); ++i) out += fmt::format("{}[{}]: {}\n", label, i, text(items[i]));
  };
  line("name", name), line("version", version), line("description", description);
  line("title", title), line("publisher", publisher), line("date", date);
  line("default_level", default_level), line("invariants_left_out", invariants_left_out);
  each("source", sources), each("disposition", dispositions), each("fact", facts);
  line("question_count", question_count), line("question_order", question_order);
  each("option", options), each("rule", rules), each("invariant", invariants);
  each("checklist", checklists), line("checklist_of", checklist_of);
  each("cond", conds), line("cond_children", cond_children), line("value_pool", value_pool);
  each("cond_text", cond_text), each("cond_loc", cond_loc);
  line("readers", readers), line("setters", setters), line("gated", gated), line("rule_facts", rule_facts);
  line("recommended_by", recommended_by), line("avoided_by", avoided_by), line("reaching", reaching);
  line("rules_by_stratum_desc", rules_by_stratum_desc);
  each("hot", hot), line("hot_facts", hot_facts), line("hot_options", hot_options);
  line("fact_ids", fact_ids), line("option_ids", option_ids), line("rule_ids", rule_ids), line("level_ids", level_ids);
  return out;
}

}  // namespace backtriage::test::dump
