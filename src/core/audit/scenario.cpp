// Loading and checking scenario files.
#include "audit/scenario.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "base/text.hpp"
#include "io/answers.hpp"
#include "lang/schema.hpp"
#include "lang/yaml_tree.hpp"
#include "report/assessment.hpp"

namespace backtriage {

namespace {

template <typename Find>
std::optional<std::vector<std::int32_t>> id_list(const yaml::Node& n, std::string_view what,
                                                 const std::vector<std::string>& known, Find find,
                                                 Diagnostics& diags) {
  if (!n.is_sequence()) {
    diags.error(n.loc, fmt::format("expected a list of {} ids", what));
    return std::nullopt;
  }
  std::vector<std::int32_t> out;
  bool good = true;
  for (const auto& item : n.children) {
    const auto id = item.is_scalar() ? find(item.value) : std::nullopt;
    if (!id) {
      diags.error(item.loc, fmt::format("unknown {} '{}'{}", what, printable(item.value),
                                        did_you_mean(item.value, known)));
      good = false;
      continue;
    }
    out.push_back(*id);
  }
  if (!good) return std::nullopt;
  return out;
}

template <typename Find>
std::optional<IdExpectation> expectation(const yaml::Node& n, std::string_view what,
                                         const std::vector<std::string>& known, Find find,
                                         Diagnostics& diags) {
  IdExpectation e;
  if (n.is_sequence()) {
    auto ids = id_list(n, what, known, find, diags);
    if (!ids) return std::nullopt;
    e.exact = true;
    e.include = *ids;
    return e;
  }
  MapReader m(n, fmt::format("the expectation on {}s (a list for exactly these, or a map with "
                             "include and exclude)",
                             what),
              diags);
  bool good = m.ok();
  if (const auto* inc = m.get("include")) {
    auto ids = id_list(*inc, what, known, find, diags);
    good = good && ids;
    if (ids) e.include = *ids;
  }
  if (const auto* exc = m.get("exclude")) {
    auto ids = id_list(*exc, what, known, find, diags);
    good = good && ids;
    if (ids) e.exclude = *ids;
  }
  m.finish();
  if (!good) return std::nullopt;
  return e;
}

template <typename Items>
std::string names(const std::vector<std::int32_t>& ids, const Items& items) {
  std::vector<std::string> out;
  for (auto id : ids) out.push_back(items[static_cast<size_t>(id)].id);
  return out.empty() ? "(none)" : fmt::format("{}", fmt::join(out, ", "));
}

template <typename Items>
void compare(std::string_view what, const IdExpectation& e, std::vector<std::int32_t> actual,
             const Items& items, std::vector<std::string>& failures) {
  if (e.exact) {
    std::vector<std::int32_t> want = e.include;
    std::sort(want.begin(), want.end());
    std::sort(actual.begin(), actual.end());
    if (want != actual)
      failures.push_back(fmt::format("{}: expected exactly [{}], got [{}]", what, names(want, items),
                                     names(actual, items)));
    return;
  }
  for (auto id : e.include)
    if (std::find(actual.begin(), actual.end(), id) == actual.end())
      failures.push_back(fmt::format("{}: expected '{}', got [{}]", what, items[static_cast<size_t>(id)].id,
                                     names(actual, items)));
  for (auto id : e.exclude)
    if (std::find(actual.begin(), actual.end(), id) != actual.end())
      failures.push_back(fmt::format("{}: '{}' must not be there", what, items[static_cast<size_t>(id)].id));
}

}  // namespace

std::optional<Scenario> load_scenario(const std::string& path, const RuleBase& rb, Diagnostics& diags) {
  const auto root = yaml::load_file(path, diags);
  if (!root) return std::nullopt;
  const size_t errors_before = static_cast<size_t>(diags.error_count());
  Scenario s;
  s.file = path;
  MapReader top(*root, "a scenario", diags);
  s.description = top.text("description").value_or("");
  if (const auto* a = top.get("answers", true)) {
    if (a->is_map() && a->children.empty()) {
      s.answers.assign(static_cast<size_t>(rb.question_count), kUnknown);
    } else if (auto values = read_answer_map(*a, rb, diags)) {
      s.answers = *values;
    }
  }
  if (const auto* ex = top.get("expect", true)) {
    MapReader e(*ex, "'expect'", diags);
    if (const auto* d = e.get("disposition")) {
      const auto level = d->is_scalar() ? rb.find_level(d->value) : std::nullopt;
      if (level)
        s.disposition = *level;
      else
        diags.error(d->loc, fmt::format("unknown disposition '{}'{}", printable(d->value),
                                        did_you_mean(d->value, ids_of(rb.dispositions))));
    }
    s.complete = e.yes_no("complete");
    const auto find_question = [&](const std::string& id) -> std::optional<std::int32_t> {
      const auto f = rb.find_fact(id);
      if (f && rb.is_question(*f)) return *f;
      return std::nullopt;
    };
    if (const auto* m = e.get("missing"))
      s.missing = expectation(*m, "question", rb.question_names(), find_question, diags);
    const auto find_option = [&](const std::string& id) { return rb.find_option(id); };
    const auto find_rule = [&](const std::string& id) { return rb.find_rule(id); };
    if (const auto* r = e.get("recommended"))
      s.recommended = expectation(*r, "option", ids_of(rb.options), find_option, diags);
    if (const auto* a = e.get("avoid"))
      s.avoid = expectation(*a, "option", ids_of(rb.options), find_option, diags);
    if (const auto* f = e.get("red_flags"))
      s.red_flags = expectation(*f, "rule", ids_of(rb.rules), find_rule, diags);
    e.finish();
  }
  top.finish();
  if (static_cast<size_t>(diags.error_count()) != errors_before) return std::nullopt;
  return s;
}

std::vector<std::string> check_scenario(const Scenario& s, Evaluator& ev) {
  const RuleBase& rb = ev.rule_base();
  const Result& r = ev.evaluate(s.answers);
  std::vector<std::string> failures;
  const auto level_name = [&](Level l) {
    return l == kNoLevel ? std::string("(none)") : rb.dispositions[static_cast<size_t>(l)].id;
  };
  if (s.disposition && *s.disposition != r.disposition)
    failures.push_back(fmt::format("disposition: expected {}, got {}", level_name(*s.disposition),
                                   level_name(r.disposition)));
  if (s.complete && *s.complete != r.complete)
    failures.push_back(fmt::format("expected the answers to be {}, but they are {} (missing: {})",
                                   *s.complete ? "complete" : "incomplete",
                                   r.complete ? "complete" : "incomplete", names(r.missing, rb.facts)));
  if (s.missing) compare("missing", *s.missing, r.missing, rb.facts, failures);
  const Assessment shown = build_assessment(ev, Detail::conclusions);
  if (s.recommended) compare("recommended", *s.recommended, shown.plan, rb.options, failures);
  if (s.avoid) {
    std::vector<std::int32_t> avoided;
    for (const ShownAvoid& a : shown.avoid) avoided.push_back(a.option);
    compare("avoid", *s.avoid, avoided, rb.options, failures);
  }
  if (s.red_flags) compare("red_flags", *s.red_flags, r.red_flags, rb.rules, failures);
  return failures;
}

}  // namespace backtriage
