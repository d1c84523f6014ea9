// Reading answer maps (answers files, scenario files) into per-question values.
#include "io/answers.hpp"

#include <fmt/format.h>

#include "base/text.hpp"

namespace backtriage {

std::optional<std::vector<Value>> read_answer_map(const yaml::Node& map, const RuleBase& rb,
                                                  Diagnostics& diags) {
  if (!map.is_map()) {
    diags.error(map.loc, fmt::format("answers must be a map of question id to answer, found {}",
                                     yaml::kind_name(map.kind)));
    return std::nullopt;
  }
  std::vector<Value> values(static_cast<size_t>(rb.question_count), kUnknown);
  bool good = true;
  for (const yaml::Node& entry : map.children) {
    const auto fact = rb.find_fact(entry.key);
    if (!fact || !rb.is_question(*fact)) {
      diags.error(entry.key_loc, fmt::format("unknown question '{}'{}", printable(entry.key),
                                             did_you_mean(entry.key, rb.question_names())));
      good = false;
      continue;
    }
    if (!entry.is_scalar()) {
      diags.error(entry.loc, fmt::format("the answer to '{}' must be a single value: {}", entry.key,
                                         rb.accepted_text(*fact)));
      good = false;
      continue;
    }
    const ParsedValue v = parse_value(rb, *fact, entry.value);
    if (!v.ok) {
      diags.error(entry.loc, v.error);
      good = false;
      continue;
    }
    values[static_cast<size_t>(*fact)] = v.value;
  }
  if (!good) return std::nullopt;
  return values;
}

std::optional<std::string> read_answers_text(const std::string& path, Diagnostics& diags) {
  const size_t limit = yaml::Limits{}.max_file_bytes;
  return path == "-" ? yaml::read_stream(0, "standard input", limit, diags) : yaml::read_file(path, limit, diags);
}

std::string render_answers_file(const RuleBase& rb, const std::vector<std::pair<FactId, Value>>& answers) {
  std::string out = fmt::format(
      "# Answers to the backtriage questionnaire ({} {}), in the order given.\n"
      "# Go on with: backtriage ask --resume THIS_FILE    Assess: backtriage assess --answers THIS_FILE\n",
      rb.name, rb.version);
  for (const auto& [fact, value] : answers)
    out += fmt::format("{}: {}\n", rb.facts[static_cast<size_t>(fact)].id, rb.value_text(fact, value));
  return out;
}

}  // namespace backtriage
