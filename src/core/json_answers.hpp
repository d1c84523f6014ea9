// One line of batch input: a strict JSON object of question id -> answer (plus an optional
// "id" that is echoed back). Never parsed with yaml-cpp, which accepts YAML, aliases and
// trailing garbage in a "JSON" line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model.hpp"

namespace backtriage {

struct JsonAnswers {
  bool ok = false;
  std::vector<Value> values;  // per question, kUnknown where not given (or null)
  std::string id;             // the record's "id" as JSON text ("" when absent)
  std::string error;          // what is wrong, when !ok
};

/// Strict JSON: one object, no duplicate keys, nothing after it. Answers are strings spelled as
/// in the questionnaire, true/false for yes/no questions, whole numbers for integer questions,
/// or null for "not answered".
JsonAnswers parse_json_answers(std::string_view line, const RuleBase& rb);

}  // namespace backtriage
