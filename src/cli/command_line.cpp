#include "command_line.hpp"

#include <algorithm>

namespace backtriage::cli {

namespace {

/// Whether word may be an option's value rather than the next option: "-" (standard input or
/// output) and negative numbers may.
bool may_be_value(std::string_view word) {
  if (!word.starts_with('-') || word == "-") return true;
  return word.size() > 1 && word[1] >= '0' && word[1] <= '9';
}

const CLI::App* subcommand_named(const CLI::App& app, std::string_view name) {
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    if (sub->get_name() == name) return sub;
  return nullptr;
}

}  // namespace

bool takes_value(const CLI::Option& option) { return option.get_expected_max() > 0; }

const CLI::Option* option_named(std::span<const CLI::App* const> path, std::string_view name) {
  for (auto app = path.rbegin(); app != path.rend(); ++app)
    for (const CLI::Option* o : (*app)->get_options()) {
      if (o->get_positional() && o->get_lnames().empty() && o->get_snames().empty()) continue;
      for (const auto& l : o->get_lnames())
        if (name.starts_with("--") && name.substr(2) == l) return o;
      for (const auto& s : o->get_snames())
        if (name.starts_with('-') && !name.starts_with("--") && name.substr(1) == s) return o;
    }
  return nullptr;
}

CommandLineWalk walk_command_line(const CLI::App& root, std::span<const std::string> words) {
  CommandLineWalk walk;
  walk.path.push_back(&root);
  for (const std::string& word : words) {
    if (walk.taking != nullptr) {
      if (may_be_value(word) && (walk.taken == 0 || subcommand_named(*walk.path.back(), word) == nullptr)) {
        ++walk.taken;
        if (walk.taken >= walk.taking->get_items_expected_max()) walk.taking = nullptr;
        continue;
      }
      walk.taking = nullptr;
    }
    if (walk.options_ended) {
      walk.arguments.push_back(word);
      continue;
    }
    if (word == "--") {
      walk.options_ended = true;
      continue;
    }
    if (word.size() > 1 && word.starts_with('-') && !may_be_value(word)) {
      const size_t equals = word.find('=');
      const std::string name = word.substr(0, equals);
      const CLI::Option* option = option_named(walk.path, name);
      if (option == nullptr) {
        walk.unknown.push_back(name);
      } else if (takes_value(*option) && equals == std::string::npos) {
        walk.taking = option;
        walk.taken = 0;
      }
      continue;
    }
    if (walk.arguments.empty())
      if (const CLI::App* sub = subcommand_named(*walk.path.back(), word)) {
        walk.path.push_back(sub);
        continue;
      }
    walk.arguments.push_back(word);
  }
  return walk;
}

std::vector<const CLI::App*> visible_subcommands(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
}

std::vector<const CLI::Option*> visible_options(std::span<const CLI::App* const> path) {
  std::vector<const CLI::Option*> options;
  for (auto app = path.rbegin(); app != path.rend(); ++app)
    for (const CLI::Option* o : (*app)->get_options()) {
      if (o->get_group().empty() || (o->get_lnames().empty() && o->get_snames().empty())) continue;
      if (std::find(options.begin(), options.end(), o) == options.end()) options.push_back(o);
    }
  return options;
}

std::string command_name(std::span<const CLI::App* const> path) {
  std::string name;
  for (const CLI::App* app : path) name += (name.empty() ? "" : " ") + app->get_name();
  return name;
}

}  // namespace backtriage::cli
