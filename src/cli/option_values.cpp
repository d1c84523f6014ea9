#include "option_values.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "base/text.hpp"

namespace backtriage::cli {

namespace {

std::optional<long> parse_whole(std::string_view s) {
  long v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

CLI::Option* one_of(CLI::Option* option, std::vector<std::string> allowed) {
  const std::string name = fmt::format("{}", fmt::join(allowed, "|"));
  // A transform, not a check: it writes the value back lower-cased.
  option->transform(CLI::Validator(
      [allowed](std::string& value) -> std::string {
        const std::string wanted = to_lower(value);
        if (std::find(allowed.begin(), allowed.end(), wanted) != allowed.end()) {
          value = wanted;
          return {};
        }
        return fmt::format("'{}' is not allowed; use {}{}", value, quoted_list(allowed), did_you_mean(wanted, allowed));
      },
      "", "one of"));
  return option->option_text(name);
}

CLI::Option* whole_number(CLI::Option* option, long lo, long hi) {
  option->check(CLI::Validator(
      [lo, hi](std::string& value) -> std::string {
        const auto v = parse_whole(value);
        if (v && *v >= lo && *v <= hi) return {};
        return fmt::format("'{}' is not allowed; use a whole number from {} to {}", value, lo, hi);
      },
      "", "whole number"));
  return option->option_text(fmt::format("{}-{}", lo, hi));
}

CLI::Option* existing_path(CLI::Option* option, const std::string& value_name) {
  option->check(CLI::Validator(
      [](std::string& value) -> std::string {
        if (CLI::ExistingPath(value).empty()) return {};
        return fmt::format("'{}': no such file or folder", value);
      },
      "", "existing path"));
  return option->option_text(value_name);
}

std::string question_value_name(const RuleBase& rb, FactId q) {
  const Fact& f = rb.facts[static_cast<size_t>(q)];
  switch (f.type) {
    case ValueType::yes_no: return f.accepts_unsure ? "yes|no|unsure" : "yes|no";
    case ValueType::integer: return f.in_days ? std::string("DAYS") : fmt::format("{}-{}", f.min, f.max);
    case ValueType::choice: return fmt::format("{}", fmt::join(f.choices, "|"));
  }
  return "VALUE";
}

std::vector<std::string> words_of_value_name(const std::string& value_name) {
  if (value_name.find('|') != std::string::npos) {
    std::vector<std::string> words;
    size_t start = 0;
    for (size_t bar; (bar = value_name.find('|', start)) != std::string::npos; start = bar + 1)
      words.push_back(value_name.substr(start, bar - start));
    words.push_back(value_name.substr(start));
    return words;
  }
  const size_t dash = value_name.find('-', 1);
  if (dash == std::string::npos) return {};
  const auto lo = parse_whole(std::string_view(value_name).substr(0, dash));
  const auto hi = parse_whole(std::string_view(value_name).substr(dash + 1));
  constexpr long kMostListed = 21;  // 0-10 is worth offering; 1-1000 is not
  if (!lo || !hi || *hi < *lo || *hi - *lo >= kMostListed) return {};
  std::vector<std::string> words;
  for (long v = *lo; v <= *hi; ++v) words.push_back(std::to_string(v));
  return words;
}

}  // namespace backtriage::cli
