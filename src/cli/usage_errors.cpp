#include "usage_errors.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "base/text.hpp"
#include "command_line.hpp"

namespace backtriage::cli {

namespace {

std::vector<std::string> names_of(const std::vector<const CLI::App*>& commands) {
  std::vector<std::string> names;
  for (const CLI::App* c : commands) names.push_back(c->get_name());
  return names;
}

std::vector<std::string> option_names(std::span<const CLI::App* const> path) {
  std::vector<std::string> names;
  for (const CLI::Option* o : visible_options(path)) {
    for (const auto& l : o->get_lnames()) names.push_back("--" + l);
    for (const auto& s : o->get_snames()) names.push_back("-" + s);
  }
  return names;
}

std::string plain_list(const std::vector<std::string>& items, std::string_view last_sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : i + 1 == items.size() ? std::string(last_sep) : std::string(", ")) + items[i];
  return out;
}

/// How many words the deepest command takes as its own arguments (its positionals).
size_t argument_slots(const CLI::App& command) {
  size_t slots = 0;
  for (const CLI::Option* o : command.get_options())
    if (o->get_positional()) slots += static_cast<size_t>(std::max(o->get_items_expected_max(), 0));
  return slots;
}

/// What an option's value may be, for "needs a value": its value name, else "a value".
std::string value_name(const CLI::Option& option) {
  return option.get_option_text().empty() ? std::string("a value") : option.get_option_text();
}

/// The option a parser message is about: the first word in it that names an option of the path.
const CLI::Option* option_in_message(std::span<const CLI::App* const> path, std::string_view message) {
  for (size_t at = message.find('-'); at != std::string_view::npos; at = message.find('-', at + 1)) {
    if (at > 0 && message[at - 1] != ' ') continue;
    size_t end = at;
    while (end < message.size() && message[end] != ' ' && message[end] != ':' && message[end] != ',') ++end;
    if (const CLI::Option* o = option_named(path, message.substr(at, end - at))) return o;
  }
  return nullptr;
}

/// How many times the command line gives option.
size_t times_given(const CLI::Option& option, std::span<const std::string> words) {
  size_t n = 0;
  for (const std::string& w : words) {
    const std::string name = w.substr(0, w.find('='));
    for (const auto& l : option.get_lnames()) n += name == "--" + l ? 1U : 0U;
    for (const auto& s : option.get_snames()) n += name == "-" + s ? 1U : 0U;
  }
  return n;
}

std::string unknown_option(const CommandLineWalk& walk) {
  const std::string& name = walk.unknown.front();
  return fmt::format("'{}' has no option {}{}; '{} --help' lists them", command_name(walk.path), name,
                     did_you_mean(name, option_names(walk.path)), command_name(walk.path));
}

/// The first word the deepest command has no room for, said as a mistyped command or an extra
/// argument; empty when every word has its place.
std::string stray_word(const CommandLineWalk& walk) {
  const CLI::App& command = *walk.path.back();
  const size_t slots = argument_slots(command);
  if (walk.arguments.size() <= slots) return {};
  const std::string& word = walk.arguments[slots];
  const std::vector<std::string> commands = names_of(visible_subcommands(command));
  if (!commands.empty())
    return fmt::format("'{}' is not a command of '{}'{}; the commands are {}", word, command_name(walk.path),
                       did_you_mean(word, commands), plain_list(commands, " and "));
  return fmt::format("'{}' takes {} argument{}, not '{}'; '{} --help' says what it takes", command_name(walk.path),
                     slots == 0 ? "no" : std::to_string(slots), slots == 1 ? "" : "s", word, command_name(walk.path));
}

std::string missing_argument(const CommandLineWalk& walk) {
  const CLI::App& command = *walk.path.back();
  const std::vector<std::string> commands = names_of(visible_subcommands(command));
  if (command.get_require_subcommand_min() > 0 && !commands.empty())
    return fmt::format("'{}' needs a command: {}", command_name(walk.path), plain_list(commands, " or "));
  for (const CLI::Option* o : command.get_options())
    if (o->get_positional() && o->get_required()) {
      std::string what = o->get_description().substr(0, o->get_description().find('\n'));
      if (!what.empty() && what[0] >= 'A' && what[0] <= 'Z') what[0] = static_cast<char>(what[0] - 'A' + 'a');
      return fmt::format("'{}' needs {}: {}", command_name(walk.path), value_name(*o), what);
    }
  return {};
}

}  // namespace

std::string usage_error_message(const CLI::App& root, const CLI::ParseError& error, std::span<const std::string> words) {
  const std::string message = error.what();
  const CommandLineWalk walk = walk_command_line(root, words);
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr) {
    if (const CLI::Option* o = option_in_message(walk.path, message)) {
      const std::string name = o->get_name();
      if (message.find("At Most") != std::string::npos)
        return fmt::format("{} was given {} times; give it once", name, times_given(*o, words));
      return fmt::format("{} needs a value: {}", name, value_name(*o));
    }
    return message;
  }
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr ||
      dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
    if (!walk.unknown.empty()) return unknown_option(walk);
    if (std::string stray = stray_word(walk); !stray.empty()) return stray;
    if (std::string missing = missing_argument(walk); !missing.empty()) return missing;
  }
  if (dynamic_cast<const CLI::ValidationError*>(&error) != nullptr)
    // A positional argument is named by its command, not by the parser's name for it ("paths").
    for (const CLI::Option* o : walk.path.back()->get_options())
      if (o->get_positional() && o->get_lnames().empty() && o->get_snames().empty())
        if (const std::string prefix = o->get_name() + ": "; message.starts_with(prefix))
          return fmt::format("'{}': {}", command_name(walk.path), message.substr(prefix.size()));
  return message;  // our own validators' words (option_values.cpp): "--format: 'yaml' is not allowed; ..."
}

}  // namespace backtriage::cli
