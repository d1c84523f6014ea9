// Typed, located reading of YAML maps for the loader: every missing key, wrong type and unknown
// key becomes a diagnostic that says what was expected, so one run reports all of them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.hpp"
#include "lang/yaml_tree.hpp"

namespace backtriage {

/// Reads the keys of one YAML map; finish() reports the keys nobody asked for.
class MapReader {
 public:
  /// what names the map in messages ("question 'fever'", "rule").
  MapReader(const yaml::Node& node, std::string what, Diagnostics& diags);

  bool ok() const { return ok_; }
  const yaml::Node& node() const { return node_; }
  const std::string& what() const { return what_; }

  /// The value under key (marking key as known), or nullptr; required reports its absence.
  const yaml::Node* get(std::string_view key, bool required = false);

  std::optional<std::string> text(std::string_view key, bool required = false);
  std::optional<std::int32_t> integer(std::string_view key, bool required = false);
  std::optional<bool> yes_no(std::string_view key);
  /// A single text or a list of texts.
  std::optional<std::vector<std::string>> text_list(std::string_view key, bool required = false);
  /// A list (possibly empty); reports a non-list.
  const yaml::Node* list(std::string_view key, bool required = false);

  /// Reports every key that was never asked for, with "did you mean".
  void finish();

 private:
  const yaml::Node& node_;
  std::string what_;
  Diagnostics& diags_;
  std::vector<std::string> known_;
  bool ok_ = true;
};

/// A scalar's text, or a diagnostic saying what was expected instead.
std::optional<std::string> scalar_text(const yaml::Node& n, std::string_view what, Diagnostics& diags);

/// True for identifiers the rule language accepts: a lowercase letter, then lowercase letters,
/// digits and underscores.
bool is_identifier(std::string_view s);

}  // namespace backtriage
