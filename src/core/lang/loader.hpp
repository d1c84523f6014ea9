// Loading a rule base: a folder of YAML files (or one file) in, a validated RuleBase out.
#pragma once

#include <sys/stat.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/diagnostics.hpp"
#include "lang/yaml_tree.hpp"
#include "model/model.hpp"

namespace backtriage {

/// The version of the rule language this backtriage reads (`rule_base: language:`); a rule base
/// that does not declare one is read as version 1. docs/rule-language.md, Compatibility.
inline constexpr int kRuleLanguageVersion = 1;

struct LoadLimits {
  yaml::Limits yaml;
  size_t max_files = 256;
  size_t max_rules = 100'000;
};

/// Loads every *.yaml / *.yml file of a folder (not its subfolders), or a single file. All
/// problems go to diags, sorted by location; returns nothing when there is any error.
std::optional<RuleBase> load_rule_base(const std::string& path, Diagnostics& diags,
                                       const LoadLimits& limits = {});

/// The paths of the rule files of a folder (or the one file), in name order, unread.
std::optional<std::vector<std::string>> rule_file_paths(const std::string& path, Diagnostics& diags,
                                                       const LoadLimits& limits = {});

/// The rule files at paths (as rule_file_paths lists them), read with the size limit; opened,
/// when given, receives each file's fstat() as it was opened, in the same order.
std::optional<std::vector<std::pair<std::string, std::string>>> read_rule_files(const std::vector<std::string>& paths,
                                                                                Diagnostics& diags,
                                                                                const LoadLimits& limits = {},
                                                                                std::vector<struct stat>* opened = nullptr);

/// The rule files of a folder (or one file), read with the size limit, in name order.
std::optional<std::vector<std::pair<std::string, std::string>>> read_rule_files(const std::string& path,
                                                                                Diagnostics& diags,
                                                                                const LoadLimits& limits = {});

/// The same from in-memory files (name, text): for tests and tools.
std::optional<RuleBase> load_rule_base_texts(
    const std::vector<std::pair<std::string, std::string>>& files, Diagnostics& diags,
    const LoadLimits& limits = {});

}  // namespace backtriage
