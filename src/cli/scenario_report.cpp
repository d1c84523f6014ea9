// rules test reports: see scenario_report.hpp.
#include "scenario_report.hpp"

#include <algorithm>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/text.hpp"

namespace backtriage::cli {

namespace {

size_t count_failed(const std::vector<ScenarioOutcome>& outcomes) {
  return static_cast<size_t>(std::count_if(outcomes.begin(), outcomes.end(), [](const auto& o) { return !o.passed(); }));
}

/// Text for XML (an attribute or an element): markup characters as entities, and every control
/// character, which XML 1.0 cannot hold, as printable() writes it.
std::string xml_text(std::string_view s) { return html_escape(printable_lines(s)); }

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

}  // namespace

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
