// A command line read the way the parser reads it: which command each word selects, which words
// are the values of options, and what is left over. The usage errors (usage_errors.cpp) and the
// shell completion (completion.cpp) both read command lines through it, from the same command
// definitions the parser uses.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace backtriage::cli {

struct CommandLineWalk {
  std::vector<const CLI::App*> path;     // the program first, the deepest command given last
  std::vector<std::string> arguments;    // words the deepest command takes as neither command nor option
  std::vector<std::string> unknown;      // options no command on the path knows, as typed (before any '=')
  const CLI::Option* taking = nullptr;   // after the last word, an option that takes (more) values
  int taken = 0;                         // how many values `taking` already has
  bool options_ended = false;            // a "--" was given: every later word is an argument
};

/// Reads words (the command line without the program's name).
CommandLineWalk walk_command_line(const CLI::App& root, std::span<const std::string> words);

/// The option called name ("--format", "-v") on the deepest command of path that has one: options
/// of a command are also given after its subcommands.
const CLI::Option* option_named(std::span<const CLI::App* const> path, std::string_view name);

/// Whether option takes a value (it is not a flag).
bool takes_value(const CLI::Option& option);

/// The commands listed in help: those that are not hidden.
std::vector<const CLI::App*> visible_subcommands(const CLI::App& app);

/// The options a user may give at the end of path, listed in help: the deepest command's, then
/// its parents'. Positional arguments and hidden options are left out.
std::vector<const CLI::Option*> visible_options(std::span<const CLI::App* const> path);

/// "backtriage rules test".
std::string command_name(std::span<const CLI::App* const> path);

}  // namespace backtriage::cli
