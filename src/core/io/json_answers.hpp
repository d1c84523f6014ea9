// One line of batch input: a strict JSON object of question id -> answer (plus an optional
// "id" that is echoed back). Never parsed with yaml-cpp, which accepts YAML, aliases and
// trailing garbage in a "JSON" line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/model.hpp"

namespace backtriage {

/// The longest "id" echoed, as JSON text: an id labels a record and is repeated on its output
/// line, so a longer one is refused (and reading it stops there, whatever its nesting).
inline constexpr size_t kMaxIdLength = 4096;

/// The longest answer read, spaces around it aside: no answer is longer (choices are ids of at
/// most 64 characters, whole numbers have at most 20 digits) save a number padded with zeros, and
/// a longer one is refused unread.
inline constexpr size_t kMaxAnswerLength = 256;

struct JsonAnswers {
  bool ok = false;
  std::vector<Value> values;  // per question, kUnknown where not given (or null); unspecified when !ok
  std::vector<std::pair<FactId, Value>> given;  // the same answers as pairs, in the line's order:
                                                // what Evaluator::evaluate takes straight in
  std::string id;             // the record's "id" as JSON text ("" when absent): see json_id_string
  std::string error;          // what is wrong, when !ok; quotes at most 64 characters of the line
};

/// The JSON text of a string in an echoed id: quoted, with C0 and C1 controls, DEL, the
/// bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and U+FEFF as
/// \uXXXX, so an id can neither drive a terminal nor reorder the text around it. Numbers in an
/// id are echoed exactly as written, and containers compactly with their keys in the order given.
std::string json_id_string(std::string_view text);

/// A JSON syntax error said plainly, and where it is (1-based; 0 when the message says not).
struct JsonSyntaxError {
  int line = 0;
  int column = 0;
  std::string reason;  // "the text ends where '}' was expected", "unexpected ',' where a value was expected"
};
/// nlohmann's parse_error message ("[json.exception.parse_error.101] parse error at line 1, column
/// 32: syntax error while parsing object - unexpected end of input; expected '}'") in plain words.
JsonSyntaxError plain_json_syntax_error(std::string_view what);

/// Strict JSON: one object, no duplicate keys, nothing after it. Answers are strings spelled as
/// in the questionnaire, true/false for yes/no questions, whole numbers for integer questions,
/// or null for "not answered". A list or object as an answer, a list as the line, a number beyond
/// a double or an id longer than kMaxIdLength ends the reading at once, so a line costs time in
/// proportion to its length and memory to at most a few times it, however it nests.
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
