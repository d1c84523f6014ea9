// The command table: each cmd_*.cpp registers its subcommands, their options and their handlers;
// run() (app.cpp) parses, picks the one command given and calls it. Nothing about a command is
// written outside its own file.
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "terminal.hpp"

namespace backtriage::cli {

/// What a handler is given: the rule base as loaded once, the streams, the global options.
struct Context {
  const LoadedRules& rules;
  std::ostream& out;
  std::ostream& err;
  ColorMode color = ColorMode::automatic;
  /// The valid rule base; only for commands registered with needs_valid_rules.
  const RuleBase& rb() const { return *rules.rb; }
};

/// Which of the rule base's ids an option's value is, for completion.
enum class IdValues {
  question_answer,  // --answer ID=VALUE: a question id, then one of its answers
  explainable,      // --explain ID: an option, a disposition or a rule
  any,              // rules show ID: a question, fact, rule, option, disposition or invariant
};

struct Command {
  CLI::App* app = nullptr;         // its (sub)command: chosen when CLI11 parsed it
  bool needs_valid_rules = true;   // false: runs on a rule base with errors (rules check)
  bool is_default = false;         // run when no command is given and standard input is a terminal
  std::function<int(const Context&)> run;
};

class CommandTable {
 public:
  void add(CLI::App* app, std::function<int(const Context&)> run, bool needs_valid_rules = true) {
    commands_.push_back({app, needs_valid_rules, false, std::move(run)});
  }
  void set_default(CLI::App* app) {
    for (Command& c : commands_) c.is_default = c.app == app;
  }
  /// The command given on the command line (the deepest parsed subcommand), or the default.
  const Command* chosen() const;
  const Command* default_command() const;
  /// Reads the words CLI11 leaves over for app (which allows extras), given the whole command
  /// line too, so that it can check where each word stood; false on anything it does not take.
  using ExtrasReader = std::function<bool(const std::vector<std::string>& left_over, std::span<char* const> line)>;
  /// Words a command reads by hand, from app's left-over words (see ExtrasReader).
  void take_extras(CLI::App* app, ExtrasReader take) { extras_.emplace_back(app, std::move(take)); }
  /// Whether every word left over from the parse of line was taken by its command's take_extras
  /// (true when none was left over); false sends the caller back to a parse with every option
  /// defined.
  bool extras_taken(std::span<char* const> line) const;
  /// Completion offers ids of the rule base for option's value.
  void complete_with_ids(const CLI::Option* option, IdValues ids) { id_options_.emplace_back(option, ids); }
  std::optional<IdValues> ids_for(const CLI::Option* option) const {
    for (const auto& [o, ids] : id_options_)
      if (o == option) return ids;
    return std::nullopt;
  }

 private:
  std::vector<Command> commands_;
  std::vector<std::pair<const CLI::Option*, IdValues>> id_options_;
  std::vector<std::pair<CLI::App*, ExtrasReader>> extras_;
};

/// Adds a command (or a group) to app and table. `rules` is the rule base as pass 1 loaded it:
/// assess registers one flag per question only when it is valid.
using Register = void (*)(CLI::App& app, const LoadedRules& rules, CommandTable& table);
void register_ask(CLI::App& app, const LoadedRules& rules, CommandTable& table);
void register_assess(CLI::App& app, const LoadedRules& rules, CommandTable& table);
void register_batch(CLI::App& app, const LoadedRules& rules, CommandTable& table);
void register_export(CLI::App& app, const LoadedRules& rules, CommandTable& table);
void register_rules(CLI::App& app, const LoadedRules& rules, CommandTable& table);
void register_completion(CLI::App& app, const LoadedRules& rules, CommandTable& table);
void register_next_question(CLI::App& app, const LoadedRules& rules, CommandTable& table);
/// `rules doc`, under the `rules` command (cmd_doc.cpp).
void register_rules_doc(CLI::App& rules_command, CommandTable& table);
void register_rules_diff(CLI::App& rules_command, CommandTable& table);

inline constexpr const char* kGlobalOptions =
    "Global options (before or after the command): --rules DIR picks another rule base, --color\n"
    "auto|always|never. Exit codes and more: backtriage --help, man backtriage.";

/// --output FILE on a command whose output is a document or a report.
void add_output_option(CLI::App* command, std::string& path);
/// Runs a command with its output going to path (empty or "-": out), every byte checked.
int with_output(const std::string& path, std::ostream& out, const std::function<int(std::ostream&)>& command);

}  // namespace backtriage::cli
