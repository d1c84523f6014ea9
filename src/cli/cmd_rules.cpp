// `backtriage rules ...`: auditing the rule base.
#include <algorithm>
#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "loader.hpp"
#include "locate_rules.hpp"
#include "scenario.hpp"

namespace backtriage::cli {

namespace {

/// Loads the rule base or reports its errors; callers return exit 4 on nothing.
std::optional<RuleBase> load_or_report(const std::string& path, std::ostream& err) {
  Diagnostics diags;
  auto rb = load_rule_base(path, diags);
  err << diags.format_all();
  if (!rb)
    err << fmt::format("{}: {} error{}; the rule base is not valid\n", path, diags.error_count(),
                       diags.error_count() == 1 ? "" : "s");
  return rb;
}

/// Scenario files named on the command line: files as given, folders expanded to their
/// *.yaml / *.yml files in name order.
std::vector<std::string> scenario_files(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      files.push_back(p);
      continue;
    }
    std::vector<std::string> inside;
    for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
      const auto ext = it->path().extension().string();
      if (ext == ".yaml" || ext == ".yml") inside.push_back(it->path().string());
    }
    if (ec) throw Error(fmt::format("{}: cannot list the folder: {}", p, ec.message()), ExitCode::other);
    if (inside.empty()) throw Error(fmt::format("{}: no .yaml scenario files in this folder", p), ExitCode::usage);
    std::sort(inside.begin(), inside.end());
    files.insert(files.end(), inside.begin(), inside.end());
  }
  return files;
}

}  // namespace

int cmd_rules_test(const RulesTestOptions& opts, std::ostream& out, std::ostream& err) {
  const std::string path = locate_rules(opts.rules);
  const auto rb = load_or_report(path, err);
  if (!rb) return static_cast<int>(ExitCode::invalid_rules);
  Evaluator ev(*rb);
  int passed = 0;
  int failed = 0;
  for (const auto& file : scenario_files(opts.paths)) {
    Diagnostics diags;
    const auto scenario = load_scenario(file, *rb, diags);
    if (!scenario) {
      ++failed;
      out << fmt::format("FAIL {}: the scenario cannot be read\n", file);
      err << diags.format_all();
      continue;
    }
    const auto failures = check_scenario(*scenario, ev);
    if (failures.empty()) {
      ++passed;
      out << fmt::format("ok   {}\n", file);
      continue;
    }
    ++failed;
    out << fmt::format("FAIL {}{}\n", file, scenario->description.empty() ? "" : ": " + scenario->description);
    for (const auto& f : failures) out << fmt::format("       {}\n", f);
  }
  out << fmt::format("{} passed, {} failed\n", passed, failed);
  return failed == 0 ? 0 : static_cast<int>(ExitCode::other);
}

int cmd_rules_check(const RulesCheckOptions& opts, std::ostream& out, std::ostream& err) {
  const std::string path = locate_rules(opts.rules);
  const auto rb = load_or_report(path, err);
  if (!rb) return static_cast<int>(ExitCode::invalid_rules);
  out << fmt::format("{}: ok: {} questions, {} derived facts, {} options, {} rules\n", path,
                     rb->question_count, static_cast<int>(rb->facts.size()) - rb->question_count,
                     rb->options.size(), rb->rules.size());
  return 0;
}

}  // namespace backtriage::cli
