// Lookups, value spelling and value parsing on the immutable rule base.
#include "model/model.hpp"

#include <charconv>

#include <fmt/format.h>

#include "base/text.hpp"

namespace backtriage {

std::string_view value_type_name(ValueType t) {
  switch (t) {
    case ValueType::yes_no: return "yes_no";
    case ValueType::integer: return "integer";
    case ValueType::choice: return "choice";
  }
  return "yes_no";
}

std::string_view cmp_op_text(CmpOp op) {
  switch (op) {
    case CmpOp::eq: return "==";
    case CmpOp::ne: return "!=";
    case CmpOp::lt: return "<";
    case CmpOp::le: return "<=";
    case CmpOp::gt: return ">";
    case CmpOp::ge: return ">=";
    case CmpOp::in: return "in";
  }
  return "==";
}

namespace {
template <typename Map>
auto find_in(const Map& m, std::string_view id) -> std::optional<typename Map::mapped_type> {
  const auto it = m.find(id);  // heterogeneous: no string is built per lookup
  if (it == m.end()) return std::nullopt;
  return it->second;
}
}  // namespace

std::optional<FactId> RuleBase::find_fact(std::string_view id) const { return find_in(fact_ids, id); }
std::optional<OptionId> RuleBase::find_option(std::string_view id) const {
  return find_in(option_ids, id);
}
std::optional<RuleId> RuleBase::find_rule(std::string_view id) const { return find_in(rule_ids, id); }
std::optional<Level> RuleBase::find_level(std::string_view id) const { return find_in(level_ids, id); }

std::string RuleBase::source_text(const SourceRef& ref) const {
  if (ref.source < 0 || static_cast<size_t>(ref.source) >= sources.size()) return ref.section;
  const Source& s = sources[static_cast<size_t>(ref.source)];
  if (ref.section.empty()) return s.id;
  return fmt::format("{} / {}", s.id, ref.section);
}

std::string RuleBase::value_text(FactId f, Value v) const {
  if (v == kUnknown) return "unknown";
  const Fact& fact = facts[static_cast<size_t>(f)];
  switch (fact.type) {
    case ValueType::yes_no: return v == kUnsure ? "unsure" : v == kYes ? "yes" : "no";
    case ValueType::integer: return std::to_string(v);
    case ValueType::choice:
      if (v >= 0 && static_cast<size_t>(v) < fact.choices.size())
        return fact.choices[static_cast<size_t>(v)];
      return std::to_string(v);
  }
  return std::to_string(v);
}

std::string RuleBase::accepted_text(FactId f) const {
  const Fact& fact = facts[static_cast<size_t>(f)];
  switch (fact.type) {
    case ValueType::yes_no: return fact.accepts_unsure ? "yes, no or unsure" : "yes or no";
    case ValueType::integer:
      if (fact.in_days)
        return fmt::format("a number of days from {} to {}, or a time such as today, yesterday, 3 days, 2 weeks, "
                           "3 months, 1 year",
                           fact.min, fact.max);
      return fmt::format("a whole number from {} to {}", fact.min, fact.max);
    case ValueType::choice: return fmt::format("one of {}", quoted_list(fact.choices));
  }
  return {};
}

std::vector<std::string> RuleBase::question_names() const {
  std::vector<std::string> names;
  for (FactId q : question_order) names.push_back(facts[static_cast<size_t>(q)].id);
  return names;
}

namespace {

/// An Index over keys [0, keys) from the (key, item) pairs that each(add) reports, in that order.
template <typename Each>
Index index_of(size_t keys, Each each) {
  Index ix;
  ix.start.assign(keys + 1, 0);
  each([&](std::int32_t key, std::int32_t) { ++ix.start[static_cast<size_t>(key) + 1]; });
  for (size_t k = 0; k < keys; ++k) ix.start[k + 1] += ix.start[k];
  ix.items.resize(ix.start.back());
  std::vector<std::uint32_t> next(ix.start.begin(), ix.start.end() - 1);
  each([&](std::int32_t key, std::int32_t item) { ix.items[next[static_cast<size_t>(key)]++] = item; });
  return ix;
}

}  // namespace

void compile_reverse_indexes(RuleBase& rb) {
  const auto rules = [&](auto per_rule) {
    return [&rb, per_rule](auto add) {
      for (RuleId r = 0; r < static_cast<RuleId>(rb.rules.size()); ++r) per_rule(rb.rules[static_cast<size_t>(r)], r, add);
    };
  };
  rb.recommended_by = index_of(rb.options.size(), rules([](const Rule& rule, RuleId r, auto add) {
                                 for (OptionId o : rule.recommends) add(o, r);
                               }));
  rb.avoided_by = index_of(rb.options.size(), rules([](const Rule& rule, RuleId r, auto add) {
                             for (const Avoid& a : rule.avoids) add(a.option, r);
                           }));
  rb.reaching = index_of(rb.dispositions.size(), rules([](const Rule& rule, RuleId r, auto add) {
                           if (rule.disposition != kNoLevel) add(rule.disposition, r);
                         }));
}

void index_checklists(RuleBase& rb) {
  rb.checklist_of.assign(static_cast<size_t>(rb.question_count), -1);
  for (size_t c = 0; c < rb.checklists.size(); ++c)
    for (FactId q : rb.checklists[c].members) rb.checklist_of[static_cast<size_t>(q)] = static_cast<std::int32_t>(c);
}

namespace {

/// Whether condition c can hold only where some question is answered unsure: it is, or it has as
/// a part of an `all`, a comparison that holds for unsure and neither for yes nor for no.
bool needs_unsure(const RuleBase& rb, CondId c) {
  if (c == kNoCond) return false;
  const CondNode& n = rb.conds[static_cast<size_t>(c)];
  if (n.kind == CondKind::compare) {
    const Fact& f = rb.facts[static_cast<size_t>(n.fact)];
    return f.accepts_unsure && comparison_holds(rb, n, kUnsure) && !comparison_holds(rb, n, kYes) &&
           !comparison_holds(rb, n, kNo);
  }
  // all: one part that needs an unsure answer is enough; any: every alternative must need one.
  if (n.kind != CondKind::all && n.kind != CondKind::any) return false;
  const bool all = n.kind == CondKind::all;
  for (std::uint32_t k = 0; k < n.count; ++k)
    if (needs_unsure(rb, rb.cond_children[n.first + k]) == all) return all;
  return !all && n.count > 0;
}

}  // namespace

void compile_hot_rules(RuleBase& rb) {
  rb.hot.clear();
  rb.hot_facts.clear();
  rb.hot_options.clear();
  for (Rule& r : rb.rules) r.on_unsure = needs_unsure(rb, r.when);
  for (const Rule& r : rb.rules) {
    HotRule h;
    h.when = r.when;
    h.disposition = r.disposition;
    h.red_flag = r.red_flag;
    h.stop = r.stop;
    h.sets = static_cast<std::uint32_t>(rb.hot_facts.size());
    h.sets_count = static_cast<std::uint32_t>(r.sets.size());
    rb.hot_facts.insert(rb.hot_facts.end(), r.sets.begin(), r.sets.end());
    h.recs = static_cast<std::uint32_t>(rb.hot_options.size());
    h.recs_count = static_cast<std::uint32_t>(r.recommends.size());
    rb.hot_options.insert(rb.hot_options.end(), r.recommends.begin(), r.recommends.end());
    h.avoids = static_cast<std::uint32_t>(rb.hot_options.size());
    h.avoids_count = static_cast<std::uint32_t>(r.avoids.size());
    for (const Avoid& a : r.avoids) rb.hot_options.push_back(a.option);
    rb.hot.push_back(h);
  }
}

std::optional<Value> parse_days(std::string_view raw) {
  const std::string text = to_lower(trim(raw));
  if (text == "today" || text == "just now" || text == "now") return 0;
  if (text == "yesterday") return 1;
  // COUNT UNIT, with or without a space: "3 days", "2w", "a month", "1 year ago".
  std::string_view rest = text;
  if (rest.size() > 4 && rest.substr(rest.size() - 4) == " ago") rest.remove_suffix(4);
  Value count = 0;
  if (rest.substr(0, 2) == "a " || rest.substr(0, 3) == "an " || rest.substr(0, 4) == "one ") {
    count = 1;
    rest.remove_prefix(rest.find(' ') + 1);
  } else {
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), count);
    if (ec != std::errc{} || end == rest.data() || count < 0) return std::nullopt;
    rest.remove_prefix(static_cast<size_t>(end - rest.data()));
  }
  rest = trim(rest);
  struct Unit {
    std::string_view names[4];
    Value days;
  };
  // A month is taken as 30 days and a year as 365: the rules compare with 3, 14 and 90 days.
  static constexpr Unit kUnits[] = {{{"d", "day", "days", ""}, 1},
                                    {{"w", "wk", "week", "weeks"}, 7},
                                    {{"mo", "month", "months", ""}, 30},
                                    {{"y", "yr", "year", "years"}, 365}};
  for (const Unit& u : kUnits)
    for (std::string_view name : u.names)
      if (!name.empty() && rest == name) {
        if (count > 100000) return std::nullopt;  // beyond any question's range, and no overflow
        return count * u.days;
      }
  return std::nullopt;
}

ParsedValue parse_value(const RuleBase& rb, FactId f, std::string_view raw) {
  const Fact& fact = rb.facts[static_cast<size_t>(f)];
  const std::string_view text = trim(raw);
  const auto reject = [&](std::string_view note = {}) {
    return ParsedValue{false, kUnknown,
                       fmt::format("'{}' is not an accepted answer to '{}': expected {}{}{}",
                                   printable(raw), fact.id, rb.accepted_text(f),
                                   fact.type != ValueType::yes_no ? ""
                                   : fact.accepts_unsure      ? " (or y/n, true/false; for unsure: not sure, don't know, dk)"
                                                              : " (or y/n, true/false)",
                                   note)};
  };
  switch (fact.type) {
    case ValueType::yes_no: {
      std::string w = to_lower(text);
      if (w == "yes" || w == "y" || w == "true") return {true, kYes, {}};
      if (w == "no" || w == "n" || w == "false") return {true, kNo, {}};
      // "don't know" with a typographic apostrophe (as phones and word processors type it), and
      // with the words one space apart however they were typed.
      std::string n;
      constexpr std::string_view kRightQuote = "\u2019";
      for (size_t i = 0; i < w.size(); ++i) {
        if (std::string_view(w).substr(i, kRightQuote.size()) == kRightQuote) {
          n.push_back('\'');
          i += kRightQuote.size() - 1;
        } else if (w[i] != ' ' || (!n.empty() && n.back() != ' ')) {
          n.push_back(w[i]);
        }
      }
      w = std::move(n);
      // Not "u": it sits next to "y" on a keyboard, and a slip must not turn yes into unsure.
      const bool unsure = w == "unsure" || w == "not sure" || w == "don't know" || w == "dont know" || w == "dk";
      if (unsure && fact.accepts_unsure) return {true, kUnsure, {}};
      if (unsure) return reject("; this question has no 'unsure' answer");
      return reject();
    }
    case ValueType::integer: {
      // from_chars: no locale, no exceptions, no leading '+' or spaces inside, no overflow.
      Value v = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) {
        const std::optional<Value> days = fact.in_days ? parse_days(text) : std::nullopt;
        if (!days) return reject();
        v = *days;
      }
      if (v < fact.min || v > fact.max) return reject();
      return {true, v, {}};
    }
    case ValueType::choice: {
      const std::string w = to_lower(text);
      for (size_t i = 0; i < fact.choices.size(); ++i)
        if (to_lower(fact.choices[i]) == w) return {true, static_cast<Value>(i), {}};
      return reject();
    }
  }
  return reject();
}

}  // namespace backtriage
