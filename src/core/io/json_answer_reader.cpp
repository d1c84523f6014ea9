// The fast path of JsonAnswerReader: RapidJSON's SAX reader (header-only, so it costs nothing at
// start-up), straight into values. It only ever accepts; whatever it would have to explain goes
// to the nlohmann reader of json_answers.cpp, the reference.
#include <cstring>
#include <type_traits>

#include <fmt/format.h>
#include <rapidjson/reader.h>

#include "base/text.hpp"
#include "io/json_answers.hpp"

namespace backtriage {

/// SAX events of one flat object. Returning false stops RapidJSON, and the line goes to the
/// reference reader.
class JsonAnswerReader::Handler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, Handler> {
 public:
  explicit Handler(JsonAnswerReader& r) : r_(r) {}

  bool StartObject() { return depth_++ == 0; }
  bool EndObject(rapidjson::SizeType) { return --depth_ == 0; }
  bool StartArray() { return false; }  // a list is never an answer; a list id is left to the reference
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    const std::string_view key(s, n);
    if (key == "id") {
      current_ = kId;
      if (id_seen_) return false;
      id_seen_ = true;
      return true;
    }
    const std::optional<FactId> fact = r_.find_question(position_++, key);
    if (!fact || r_.seen_[static_cast<size_t>(*fact)]) return false;
    r_.seen_[static_cast<size_t>(*fact)] = true;
    current_ = *fact;
    return true;
  }
  // A value outside the object (a top-level scalar) is refused by the reference.
  bool Null() { return depth_ == 1 && (current_ == kId ? id("null") : true); }
  bool Bool(bool b) {
    if (depth_ != 1) return false;
    if (current_ == kId) return id(b ? "true" : "false");
    return type() == ValueType::yes_no && accept(b ? "yes" : "no");
  }
  // RapidJSON reports numbers written with a minus sign as Int or Int64, so a zero there was
  // written "-0"; any other integer's text is its value's. A number with a fraction or an exponent,
  // or beyond 64 bits, comes as a double, and goes to the reference with its text intact.
  bool Int(int n) { return integer(n); }
  bool Uint(unsigned n) { return integer(n); }
  bool Int64(std::int64_t n) { return integer(n); }
  bool Uint64(std::uint64_t n) { return integer(n); }
  bool Double(double) { return false; }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (depth_ != 1) return false;
    if (current_ == kId) return n + 2 <= kMaxIdLength && id(json_id_string({s, n}));  // quotes count
    return accept({s, n});
  }

 private:
  static constexpr FactId kId = -1;

  ValueType type() const { return r_.rb_.facts[static_cast<size_t>(current_)].type; }
  /// The id's JSON text; one too long is left to the reference, which refuses it.
  bool id(std::string_view text) {
    if (text.size() > kMaxIdLength) return false;
    r_.answers_.id = text;
    return true;
  }
  template <typename Integer>
  bool integer(Integer n) {
    if (depth_ != 1) return false;
    const fmt::format_int digits(n);
    const bool minus_zero = std::is_signed_v<Integer> && n == 0;
    const std::string_view text = minus_zero ? "-0" : std::string_view(digits.data(), digits.size());
    if (current_ == kId) return id(text);
    return type() == ValueType::integer && accept(text);
  }
  bool accept(std::string_view text) {
    // An answer too long once trimmed (as parse_value trims it) is left to the reference, which
    // refuses it; trimming only a long text keeps the usual short answer at one pass.
    if (text.size() > kMaxAnswerLength && trim(text).size() > kMaxAnswerLength) return false;
    const ParsedValue v = parse_value(r_.rb_, current_, text);
    if (v.ok) {
      r_.answers_.values[static_cast<size_t>(current_)] = v.value;
      r_.answers_.given.emplace_back(current_, v.value);
    }
    return v.ok;
  }

  JsonAnswerReader& r_;
  int depth_ = 0;
  size_t position_ = 0;
  FactId current_ = kId;
  bool id_seen_ = false;
};

JsonAnswerReader::JsonAnswerReader(const RuleBase& rb) : rb_(rb), seen_(static_cast<size_t>(rb.question_count), false) {}

const JsonAnswers& JsonAnswerReader::read(std::string_view line) {
  last_fast_ = read_fast(line);
  if (!last_fast_) answers_ = parse_json_answers(line, rb_);
  return answers_;
}

std::optional<FactId> JsonAnswerReader::find_question(size_t position, std::string_view key) {
  // Records from one source list their keys in the same order: try last line's key at this
  // position before hashing.
  if (position < recent_keys_.size() && recent_keys_[position].second >= 0 && recent_keys_[position].first == key)
    return recent_keys_[position].second;
  const auto fact = rb_.find_fact(key);
  if (!fact || !rb_.is_question(*fact)) return std::nullopt;
  if (position >= recent_keys_.size()) recent_keys_.resize(position + 1, {std::string(), FactId{-1}});
  recent_keys_[position] = {std::string(key), *fact};
  return fact;
}

bool JsonAnswerReader::read_fast(std::string_view line) {
  // A record of answers is about 1 KiB. A far longer line (padded, or hostile) is left to the
  // reference alone: it is correct for any line, and here the line would be copied and read twice.
  constexpr size_t kMaxFastLine = size_t{64} << 10;
  if (line.size() > kMaxFastLine) return false;
  // RapidJSON's in-situ stream reads a NUL byte as the end of input, and its handling of \u
  // escapes (lone surrogates) is laxer than the reference's: such lines take the reference path.
  if (std::memchr(line.data(), '\0', line.size()) != nullptr || line.find("\\u") != std::string_view::npos) return false;
  answers_.values.assign(static_cast<size_t>(rb_.question_count), kUnknown);
  answers_.given.clear();
  answers_.id.clear();
  answers_.error.clear();
  seen_.assign(seen_.size(), false);
  Handler handler(*this);
  // In-situ parsing decodes strings in a copy of the line: besides being faster, it never touches
  // RapidJSON 1.1.0's internal stack, whose first growth does arithmetic on a null pointer (UBSan
  // reports it; found by fuzz/batch_line.cpp).
  buffer_.assign(line);
  buffer_ += '\0';
  rapidjson::Reader reader;
  rapidjson::InsituStringStream stream(buffer_.data());
  constexpr unsigned kFlags =
      rapidjson::kParseInsituFlag | rapidjson::kParseValidateEncodingFlag;
  answers_.ok = !reader.Parse<kFlags>(stream, handler).IsError();
  return answers_.ok;
}

}  // namespace backtriage
