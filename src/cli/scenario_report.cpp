// rules test reports: see scenario_report.hpp.
#include "scenario_report.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/text.hpp"
#include "eval/describe.hpp"

namespace backtriage::cli {

namespace {

size_t count_failed(const std::vector<ScenarioOutcome>& outcomes) {
  return static_cast<size_t>(std::count_if(outcomes.begin(), outcomes.end(), [](const auto& o) { return !o.passed(); }));
}

/// Text for XML (an attribute or an element): markup characters as entities, and every control
/// character, which XML 1.0 cannot hold, as printable() writes it.
std::string xml_text(std::string_view s) {
  std::string text = html_escape(printable_lines(s));
  // U+FFFE and U+FFFF are not XML characters either: the replacement character stands for them.
  for (const std::string_view bad : {"\xEF\xBF\xBE", "\xEF\xBF\xBF"})
    for (size_t at = text.find(bad); at != std::string::npos; at = text.find(bad, at)) text.replace(at, 3, "\xEF\xBF\xBD");
  return text;
}

/// A TAP description: no '#' (it starts a directive) and one line.
std::string tap_description(std::string_view s) {
  std::string out = printable(s);
  std::replace(out.begin(), out.end(), '#', ' ');
  return out;
}

/// A YAML scalar that holds any text: a JSON string (JSON is YAML), ASCII only.
std::string yaml_string(std::string_view s) {
  return nlohmann::json(printable_lines(s)).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
}

double percent(std::size_t part, std::size_t whole) {
  return whole == 0 ? 100.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}
/// The same to one decimal, as JSON carries it.
double percent_1(std::size_t part, std::size_t whole) { return std::round(percent(part, whole) * 10.0) / 10.0; }

/// "'pain_score >= 7' never false (rule pain_rule)".
std::string branch_text(const Branch& b, const RuleBase& rb) {
  return fmt::format("'{}' never {} (rule {})", printable(describe_condition(rb, b.cond)), b.outcome ? "true" : "false",
                     printable(rb.rules[static_cast<size_t>(b.rule)].id));
}

}  // namespace

void write_coverage_text(const CoverageReport& c, const RuleBase& rb, std::ostream& out) {
  out << fmt::format("coverage over {} scenario{}: rules {}/{} ({:.1f}%), branches {}/{} ({:.1f}%), options {}/{} ({:.1f}%)\n",
                     c.scenarios, c.scenarios == 1 ? "" : "s", c.rules_fired, c.rules_total,
                     percent(c.rules_fired, c.rules_total), c.branches_taken, c.branches_total,
                     percent(c.branches_taken, c.branches_total), c.options_exercised, c.options_total,
                     percent(c.options_exercised, c.options_total));
  if (!c.rules_not_fired.empty()) out << "rules no scenario fires:\n";
  for (RuleId r : c.rules_not_fired) {
    const Rule& rule = rb.rules[static_cast<size_t>(r)];
    out << fmt::format("  {}: {}\n", printable(rule.loc.str()), printable(rule.id));
  }
  if (!c.branches_not_taken.empty()) out << "branches no scenario takes:\n";
  for (const Branch& b : c.branches_not_taken)
    out << fmt::format("  {}: {}\n", printable(rb.cond_loc[static_cast<size_t>(b.cond)].str()), branch_text(b, rb));
  if (!c.options_not_exercised.empty()) out << "options no scenario recommends or avoids:\n";
  for (OptionId o : c.options_not_exercised) {
    const Option& opt = rb.options[static_cast<size_t>(o)];
    out << fmt::format("  {}: {}\n", printable(opt.loc.str()), printable(opt.id));
  }
}

void write_scenarios_json(const std::vector<ScenarioOutcome>& outcomes, const CoverageReport* coverage,
                          const RuleBase& rb, std::ostream& out) {
  nlohmann::ordered_json j;
  j["passed"] = outcomes.size() - count_failed(outcomes);
  j["failed"] = count_failed(outcomes);
  j["scenarios"] = nlohmann::ordered_json::array();
  for (const auto& o : outcomes) {
    nlohmann::ordered_json s = {{"file", o.file}, {"passed", o.passed()}, {"readable", o.readable}};
    if (!o.description.empty()) s["description"] = o.description;
    s["failures"] = o.readable ? o.failures : std::vector<std::string>{o.diagnostics};
    j["scenarios"].push_back(std::move(s));
  }
  if (coverage) {
    const CoverageReport& c = *coverage;
    const auto where = [](const SourceLoc& loc) {
      return nlohmann::ordered_json{{"file", loc.file.str()}, {"line", loc.line}, {"col", loc.col}};
    };
    nlohmann::ordered_json cov;
    cov["scenarios"] = c.scenarios;
    cov["rules"] = {{"covered", c.rules_fired}, {"total", c.rules_total}, {"percent", percent_1(c.rules_fired, c.rules_total)},
                    {"not_fired", nlohmann::ordered_json::array()}};
    for (RuleId r : c.rules_not_fired) {
      auto item = where(rb.rules[static_cast<size_t>(r)].loc);
      item["rule"] = rb.rules[static_cast<size_t>(r)].id;
      cov["rules"]["not_fired"].push_back(std::move(item));
    }
    cov["branches"] = {{"covered", c.branches_taken}, {"total", c.branches_total},
                       {"percent", percent_1(c.branches_taken, c.branches_total)},
                       {"not_taken", nlohmann::ordered_json::array()}};
    for (const Branch& b : c.branches_not_taken) {
      auto item = where(rb.cond_loc[static_cast<size_t>(b.cond)]);
      item["rule"] = rb.rules[static_cast<size_t>(b.rule)].id;
      item["condition"] = describe_condition(rb, b.cond);
      item["outcome"] = b.outcome;
      cov["branches"]["not_taken"].push_back(std::move(item));
    }
    cov["options"] = {{"covered", c.options_exercised}, {"total", c.options_total},
                      {"percent", percent_1(c.options_exercised, c.options_total)},
                      {"not_exercised", nlohmann::ordered_json::array()}};
    for (OptionId o : c.options_not_exercised) {
      auto item = where(rb.options[static_cast<size_t>(o)].loc);
      item["option"] = rb.options[static_cast<size_t>(o)].id;
      cov["options"]["not_exercised"].push_back(std::move(item));
    }
    j["coverage"] = std::move(cov);
  }
  out << json_safe(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) << "\n";
}

void write_scenarios_text(const std::vector<ScenarioOutcome>& outcomes, std::ostream& out) {
  for (const auto& o : outcomes) {
    if (!o.readable) {
      out << fmt::format("FAIL {}: the scenario cannot be read\n", printable(o.file));
      continue;
    }
    if (o.passed()) {
      out << fmt::format("ok   {}\n", printable(o.file));
      continue;
    }
    out << fmt::format("FAIL {}{}\n", printable(o.file), o.description.empty() ? "" : ": " + printable(o.description));
    for (const auto& f : o.failures) out << fmt::format("       {}\n", printable(f));
  }
  out << fmt::format("{} passed, {} failed\n", outcomes.size() - count_failed(outcomes), count_failed(outcomes));
}

void write_scenarios_tap(const std::vector<ScenarioOutcome>& outcomes, std::ostream& out) {
  out << "TAP version 14\n" << fmt::format("1..{}\n", outcomes.size());
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const ScenarioOutcome& o = outcomes[i];
    out << fmt::format("{} {} - {}{}\n", o.passed() ? "ok" : "not ok", i + 1, tap_description(o.file),
                       o.description.empty() ? "" : ": " + tap_description(o.description));
    if (o.passed()) continue;
    out << "  ---\n";
    if (!o.readable) {
      out << "  message: \"the scenario cannot be read\"\n";
      out << "  diagnostics: " << yaml_string(o.diagnostics) << "\n";
    } else {
      out << "  message: \"unmet expectations\"\n  failures:\n";
      for (const auto& f : o.failures) out << "    - " << yaml_string(f) << "\n";
    }
    out << "  ...\n";
  }
}

void write_scenarios_junit(const std::vector<ScenarioOutcome>& outcomes, std::ostream& out) {
  size_t failures = 0, errors = 0;
  for (const auto& o : outcomes) {
    if (!o.readable) ++errors;
    else if (!o.passed()) ++failures;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"backtriage rules test\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
                     outcomes.size(), failures, errors);
  out << fmt::format("  <testsuite name=\"scenarios\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n", outcomes.size(),
                     failures, errors);
  for (const auto& o : outcomes) {
    const std::string name = o.description.empty() ? o.file : o.file + ": " + o.description;
    out << fmt::format("    <testcase classname=\"backtriage.scenarios\" name=\"{}\" file=\"{}\"", xml_text(name),
                       xml_text(o.file));
    if (o.passed()) {
      out << "/>\n";
      continue;
    }
    out << ">\n";
    if (!o.readable) {
      out << fmt::format("      <error message=\"the scenario cannot be read\">{}</error>\n", xml_text(o.diagnostics));
    } else {
      std::string body;
      for (const auto& f : o.failures) body += f + "\n";
      out << fmt::format("      <failure message=\"{}\">{}</failure>\n", xml_text(o.failures.front()), xml_text(body));
    }
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace backtriage::cli
