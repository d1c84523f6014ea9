// `backtriage rules ...`: auditing the rule base.
#include <algorithm>
#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "evaluator.hpp"
#include "scenario.hpp"

namespace backtriage::cli {

namespace {

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

int cmd_rules_test(const RuleBase& rb, const std::vector<std::string>& paths, std::ostream& out,
                   std::ostream& err) {
  Evaluator ev(rb);
  int passed = 0;
  int failed = 0;
  for (const auto& file : scenario_files(paths)) {
    Diagnostics diags;
    const auto scenario = load_scenario(file, rb, diags);
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

int cmd_rules_check(const LoadedRules& rules, std::ostream& out, std::ostream& err) {
  err << rules.diagnostics;
  if (!rules.rb) return static_cast<int>(ExitCode::invalid_rules);
  const RuleBase& rb = *rules.rb;
  out << fmt::format("{}: ok: {} questions, {} derived facts, {} options, {} rules\n", rules.path,
                     rb.question_count, static_cast<int>(rb.facts.size()) - rb.question_count,
                     rb.options.size(), rb.rules.size());
  return 0;
}

int cmd_rules_list(const RuleBase& rb, const std::string& kind, std::ostream& out) {
  const bool all = kind.empty();
  if (all || kind == "questions")
    for (FactId q : rb.question_order)
      out << fmt::format("{}{}\t{}\n", all ? "question\t" : "", rb.facts[static_cast<size_t>(q)].id,
                         rb.facts[static_cast<size_t>(q)].text);
  if (all || kind == "dispositions")
    for (const auto& d : rb.dispositions) out << fmt::format("{}{}\t{}\n", all ? "disposition\t" : "", d.id, d.title);
  if (all || kind == "options")
    for (const auto& o : rb.options) out << fmt::format("{}{}\t{}\n", all ? "option\t" : "", o.id, o.title);
  if (all || kind == "rules")
    for (const auto& r : rb.rules) out << fmt::format("{}{}\t{}\n", all ? "rule\t" : "", r.id, r.title);
  return 0;
}

}  // namespace backtriage::cli
