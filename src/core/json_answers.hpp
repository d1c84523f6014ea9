// One line of batch input: a strict JSON object of question id -> answer (plus an optional
// "id" that is echoed back). Never parsed with yaml-cpp, which accepts YAML, aliases and
// trailing garbage in a "JSON" line.
#pragma once

#include <optional>
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

/// The same verdicts as parse_json_answers, for many lines and about 4x faster: RapidJSON's strict
/// SAX reader takes the lines that are well formed and fully accepted; any other line goes to
/// parse_json_answers, the reference, which gives the message. Accepting a line here must mean the
/// reference accepts it with the same values and id: a unit test and a fuzz harness check that.
class JsonAnswerReader {
 public:
  explicit JsonAnswerReader(const RuleBase& rb);
  JsonAnswerReader(const JsonAnswerReader&) = delete;
  JsonAnswerReader& operator=(const JsonAnswerReader&) = delete;

  /// The answers of one line; valid until the next call.
  const JsonAnswers& read(std::string_view line);
  /// True when the last line was read by the fast path (for tests).
  bool last_was_fast() const { return last_fast_; }

 private:
  bool read_fast(std::string_view line);
  std::optional<FactId> find_question(size_t position, std::string_view key);

  class Handler;
  const RuleBase& rb_;
  JsonAnswers answers_;
  std::vector<bool> seen_;
  std::string buffer_;  // the line, NUL-terminated, parsed in place
  std::vector<std::pair<std::string, FactId>> recent_keys_;  // by position in the line
  bool last_fast_ = false;
};

}  // namespace backtriage
