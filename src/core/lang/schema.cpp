// MapReader: the loader's typed access to YAML maps, with errors at the offending value.
#include "lang/schema.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "base/text.hpp"

namespace backtriage {

bool is_identifier(std::string_view s) {
  if (s.empty() || s.size() > 64 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::optional<std::string> scalar_text(const yaml::Node& n, std::string_view what, Diagnostics& diags) {
  if (n.is_scalar()) return n.value;
  diags.error(n.loc, fmt::format("{} must be a single value, found {}", what, yaml::kind_name(n.kind)));
  return std::nullopt;
}

MapReader::MapReader(const yaml::Node& node, std::string what, Diagnostics& diags)
    : node_(node), what_(std::move(what)), diags_(diags) {
  if (!node.is_map()) {
    diags_.error(node.loc, fmt::format("{} must be a map of keys, found {}", what_,
                                       yaml::kind_name(node.kind)));
    ok_ = false;
  }
}

const yaml::Node* MapReader::get(std::string_view key, bool required) {
  known_.emplace_back(key);
  if (!ok_) return nullptr;
  const yaml::Node* n = node_.find(key);
  if (!n && required) diags_.error(node_.loc, fmt::format("{} has no '{}' (required)", what_, key));
  return n;
}

std::optional<std::string> MapReader::text(std::string_view key, bool required) {
  const yaml::Node* n = get(key, required);
  if (!n) return std::nullopt;
  if (n->is_null() && !required) return std::nullopt;
  auto s = scalar_text(*n, fmt::format("'{}'", key), diags_);
  if (s && required && trim(*s).empty()) {
    diags_.error(n->loc, fmt::format("'{}' of {} is empty", key, what_));
    return std::nullopt;
  }
  return s;
}

std::optional<std::int32_t> MapReader::integer(std::string_view key, bool required) {
  const yaml::Node* n = get(key, required);
  if (!n) return std::nullopt;
  if (n->is_scalar() && !n->quoted) {
    std::int32_t v = 0;
    const std::string& s = n->value;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc{} && end == s.data() + s.size() && !s.empty()) return v;
  }
  diags_.error(n->loc, fmt::format("'{}' must be a whole number, found {}", key,
                                   n->is_scalar() ? fmt::format("'{}'", printable(n->value))
                                                  : std::string(yaml::kind_name(n->kind))));
  return std::nullopt;
}

std::optional<bool> MapReader::yes_no(std::string_view key) {
  const yaml::Node* n = get(key);
  if (!n) return std::nullopt;
  if (n->is_scalar()) {
    const std::string w = to_lower(n->value);
    if (w == "yes" || w == "true") return true;
    if (w == "no" || w == "false") return false;
  }
  diags_.error(n->loc, fmt::format("'{}' must be yes or no, found {}", key,
                                   n->is_scalar() ? fmt::format("'{}'", printable(n->value))
                                                  : std::string(yaml::kind_name(n->kind))));
  return std::nullopt;
}

std::optional<std::vector<std::string>> MapReader::text_list(std::string_view key, bool required) {
  const yaml::Node* n = get(key, required);
  if (!n) return std::nullopt;
  std::vector<std::string> out;
  if (n->is_scalar()) {
    out.push_back(n->value);
    return out;
  }
  if (!n->is_sequence()) {
    diags_.error(n->loc, fmt::format("'{}' must be a value or a list of values, found {}", key,
                                     yaml::kind_name(n->kind)));
    return std::nullopt;
  }
  bool good = true;
  for (const auto& item : n->children) {
    if (auto s = scalar_text(item, fmt::format("each item of '{}'", key), diags_))
      out.push_back(*s);
    else
      good = false;
  }
  if (!good) return std::nullopt;
  return out;
}

const yaml::Node* MapReader::list(std::string_view key, bool required) {
  const yaml::Node* n = get(key, required);
  if (!n) return nullptr;
  if (n->is_null()) return nullptr;
  if (!n->is_sequence()) {
    diags_.error(n->loc, fmt::format("'{}' must be a list, found {}", key, yaml::kind_name(n->kind)));
    return nullptr;
  }
  return n;
}

void MapReader::finish() {
  if (!ok_) return;
  for (const auto& child : node_.children) {
    if (std::find(known_.begin(), known_.end(), child.key) != known_.end()) continue;
    std::vector<std::string> sorted = known_;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    std::string hint = did_you_mean(child.key, sorted);
    if (hint.empty()) hint = fmt::format(" (allowed: {})", quoted_list(sorted, ", "));
    diags_.error(child.key_loc,
                 fmt::format("unknown key '{}' in {}{}", printable(child.key), what_, hint));
  }
}

}  // namespace backtriage
