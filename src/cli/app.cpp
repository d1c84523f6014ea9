// Argument parsing and dispatch. CLI11 settings are made before subcommands are added, because
// CLI11 2.1 copies them into each subcommand when it is created.
#include "app.hpp"

#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "commands.hpp"
#include "diagnostics.hpp"

namespace backtriage::cli {

namespace {

constexpr const char* kDescription =
    "backtriage asks about a tight or painful lower back and says what to do: self-care,\n"
    "see a doctor, be seen today, or go to the emergency department now, with the reasoning\n"
    "and the source behind every step. It gives general self-care information, not a diagnosis.";

constexpr const char* kExamples =
    "Examples:\n"
    "  backtriage rules check                 check the shipped rule base\n"
    "  backtriage rules check --rules my/dir  check another rule base (a folder of YAML files)\n"
    "  backtriage rules test tests/scenarios  run the scenario tests of the shipped rule base\n"
    "\n"
    "Exit codes: 0 ok, 1 other error, 2 bad usage, 3 incomplete answers, 4 invalid rule base.";

}  // namespace

int run(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{kDescription, "backtriage"};
  app.footer(kExamples);
  app.set_version_flag("--version", std::string("backtriage ") + BACKTRIAGE_VERSION);
  app.require_subcommand(0, 1);
  app.fallthrough();

  std::string rules_dir;
  app.add_option("--rules", rules_dir, "Rule base to use: a folder of YAML files (default: the shipped one)")
      ->option_text("DIR");

  CLI::App* rules = app.add_subcommand("rules", "Audit the rule base");
  rules->require_subcommand(1);
  CLI::App* check = rules->add_subcommand(
      "check", "Validate every rule file; print each problem as file:line:col and exit 4 if any");
  CLI::App* test = rules->add_subcommand(
      "test", "Run scenario files (answers in, expected results out); exit 1 if any fails");
  RulesTestOptions test_opts;
  test->add_option("paths", test_opts.paths, "Scenario files, or folders of them (docs/scenarios.md)")
      ->required()
      ->check(CLI::ExistingPath);

  try {
    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
      out << app.help();
      return 0;
    } catch (const CLI::CallForAllHelp&) {
      out << app.help("", CLI::AppFormatMode::All);
      return 0;
    } catch (const CLI::CallForVersion&) {
      out << app.version() << "\n";
      return 0;
    } catch (const CLI::ParseError& e) {
      err << fmt::format("backtriage: {}\nRun 'backtriage --help' for usage.\n", e.what());
      return static_cast<int>(ExitCode::usage);
    }

    if (*check) return cmd_rules_check({rules_dir}, out, err);
    if (*test) {
      test_opts.rules = rules_dir;
      return cmd_rules_test(test_opts, out, err);
    }
    out << app.help();
    return 0;
  } catch (const Error& e) {
    err << fmt::format("backtriage: {}{}\n", e.loc().known() ? e.loc().str() + ": " : "", e.what());
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    err << fmt::format("backtriage: internal error: {}\n", e.what());
    return static_cast<int>(ExitCode::other);
  }
}

int run(int argc, char** argv) { return run(argc, argv, std::cout, std::cerr); }

}  // namespace backtriage::cli
