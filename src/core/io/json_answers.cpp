// Strict reading of JSON answer lines with nlohmann-json's SAX interface: values go straight into
// the per-question array, with no document built per line (this was most of a batch case's cost).
// nlohmann itself keeps the last of two equal keys silently; duplicates are refused here. Every
// event costs time in proportion to its own text, so a hostile line costs in proportion to its length.
#include "io/json_answers.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/text.hpp"

namespace backtriage {

namespace {

using nlohmann::json;

/// Messages quote at most this many characters (as shown, escapes included) of what they refuse.
constexpr size_t kMaxQuoted = 64;
/// nlohmann's out_of_range error for a number beyond a double.
constexpr int kNumberOverflow = 406;

enum class Kind { null, boolean, integer, fraction, string };

/// A JSON number is whole when written without a fraction or an exponent: 1e3 counts as a
/// fraction, as it always has here, and 123456789012345678901234 as a whole number, however large.
Kind number_kind(std::string_view text) {
  // Not find_first_of: it calls memchr once per character, which shows on a number of a megabyte.
  const bool whole = std::none_of(text.begin(), text.end(), [](char c) { return c == '.' || c == 'e' || c == 'E'; });
  return whole ? Kind::integer : Kind::fraction;
}

/// The text, or as many of its first characters as printable() shows in kMaxQuoted, followed by
/// "...": a message names what it refuses, never megabytes of it.
std::string clipped(std::string_view text) {
  size_t end = 0, shown = 0;
  while (end < text.size()) {
    const size_t length = utf8_length_at(text, end);
    shown += printable(text.substr(end, length)).size();
    if (shown > kMaxQuoted) return fmt::format("{}...", text.substr(0, end));
    end += length;
  }
  return std::string(text);
}

/// parse_value's verdict on an answer, with its message quoting at most kMaxQuoted characters.
/// Spaces around a long text are dropped first (parse_value drops them too), so that neither the
/// verdict nor the message ever handles more than kMaxAnswerLength bytes.
ParsedValue parse_answer(const RuleBase& rb, FactId question, std::string_view text) {
  const std::string_view core = text.size() > kMaxQuoted ? trim(text) : text;
  const std::string shown = clipped(core);
  if (core.size() <= kMaxAnswerLength) {
    ParsedValue v = parse_value(rb, question, core);
    if (v.ok || shown == core) return v;
  }
  // The clipped text ends in "...", which no answer does (choices are ids, numbers digits), so it
  // is refused with parse_value's own words.
  ParsedValue refused = parse_value(rb, question, shown);
  refused.ok = false;
  return refused;
}

/// nlohmann's message for a syntax error in plain words, with the token it quotes ("last read:
/// '...'", which can be the rest of the line) clipped.
std::string syntax_message(const nlohmann::detail::exception& e, const std::string& token) {
  JsonSyntaxError plain = plain_json_syntax_error(e.what());
  if (const size_t at = plain.reason.find(token); !token.empty() && at != std::string::npos)
    plain.reason.replace(at, token.size(), clipped(token));
  // What nlohmann quotes ("last read: ...") can be long, and printable() writes each control
  // character as \u{...}: the message is cut at 480 bytes, at a character's start and never
  // inside an escape, so that an error object stays short whatever the line holds.
  std::string message = printable(fmt::format("at column {}: {}", plain.column, plain.reason));
  constexpr size_t kMaxMessage = 480;
  if (message.size() <= kMaxMessage) return message;
  size_t cut = kMaxMessage;
  while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
  if (const size_t escape = message.rfind("\\u{", cut); escape != std::string::npos && message.find('}', escape) >= cut)
    cut = escape;
  message.resize(cut);
  return message + "...";
}

/// The JSON text of a record's "id", built from the reader's events: numbers as written, strings
/// through json_id_string, containers compact with their keys in the order given (a document's
/// dump would sort the keys and reprint the numbers).
class IdWriter {
 public:
  /// A scalar's JSON text.
  void value(std::string_view json_text) {
    if (in_list()) separate();
    text_ += json_text;
  }
  void open(bool object) {
    value(object ? "{" : "[");
    frames_.push_back({object, true, {}});
  }
  void close() {
    text_ += frames_.back().object ? '}' : ']';
    frames_.pop_back();
  }
  /// A key of the innermost object; false when that object already has it.
  bool key(const std::string& k) {
    separate();
    text_ += json_id_string(k);
    text_ += ':';
    return frames_.back().keys.insert(k).second;
  }
  void clear() {
    text_.clear();
    frames_.clear();
  }
  bool is_open() const { return !frames_.empty(); }
  /// A whole value was read (and not cleared since).
  bool complete() const { return !text_.empty() && frames_.empty(); }
  size_t size() const { return text_.size(); }
  std::string take() { return std::move(text_); }

 private:
  struct Frame {
    bool object;
    bool empty;
    std::set<std::string> keys;  // of an object: bounded, as the whole text is, by kMaxIdLength
  };
  bool in_list() const { return !frames_.empty() && !frames_.back().object; }
  void separate() {
    Frame& frame = frames_.back();
    if (!frame.empty) text_ += ',';
    frame.empty = false;
  }

  std::string text_;
  std::vector<Frame> frames_;
};

/// Receives the parser's events for one line. Only the first problem is kept, but parsing goes on
/// so that a syntax error later in the line wins (a line that is not JSON is reported as such) and
/// the record's "id" is echoed even when an answer is rejected. What cannot be an answer at all (a
/// list or an object, a list as the line) ends the reading at once.
class AnswerHandler {
 public:
  AnswerHandler(const RuleBase& rb, JsonAnswers& out) : rb_(rb), out_(out), seen_(static_cast<size_t>(rb.question_count), false) {
    out_.values.assign(static_cast<size_t>(rb.question_count), kUnknown);
    out_.given.clear();
  }

  bool null() { return scalar(Kind::null, "null"); }
  bool boolean(bool b) { return scalar(Kind::boolean, b ? "true" : "false"); }
  // Only numbers written with a minus sign come here, so a zero was written "-0".
  bool number_integer(json::number_integer_t n) { return scalar(Kind::integer, n == 0 ? "-0" : fmt::format_int(n).str()); }
  bool number_unsigned(json::number_unsigned_t n) { return scalar(Kind::integer, fmt::format_int(n).str()); }
  // Integers beyond 64 bits come here too, as doubles; the text as written tells them apart.
  bool number_float(json::number_float_t, const json::string_t& text) { return scalar(number_kind(text), text); }
  bool string(json::string_t& s) { return scalar(Kind::string, s); }
  bool binary(json::binary_t&) {  // produced by the binary formats only, never by the JSON reader
    refuse([] { return std::string("not valid JSON: binary data"); });
    return false;
  }

  bool start_object(std::size_t) { return open(true); }
  bool start_array(std::size_t) { return open(false); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(json::string_t& k) { return id_.is_open() ? id_key(k) : top_key(k); }

  bool parse_error(std::size_t, const std::string& token, const nlohmann::detail::exception& e) {
    if (e.id == kNumberOverflow) return number_overflow(token);
    out_.error = "not valid JSON " + syntax_message(e, token);
    syntax_error_ = true;
    return false;
  }

  void finish() {
    if (syntax_error_) return;
    if (!top_is_object_) {
      out_.error = fmt::format("expected a JSON object of question id to answer, found {}", top_kind_);
      return;
    }
    if (id_.complete()) out_.id = id_.take();
    out_.ok = out_.error.empty();
  }

 private:
  static constexpr FactId kId = -1;
  static constexpr FactId kNotAnswer = -2;  // an unknown key, or a second "id": its value is skipped

  /// Keeps the first refusal of the line; a message is built only when it is kept.
  template <typename MakeMessage>
  void refuse(MakeMessage make_message) {
    if (out_.error.empty()) out_.error = make_message();
  }
  static std::string duplicate(std::string_view k) {
    return fmt::format("duplicate key '{}' (each question may appear once)", printable(clipped(k)));
  }
  std::string unknown_question(std::string_view k) const {
    // A key longer than any typo of a question id gets no suggestion (and no megabyte edit distance).
    return fmt::format("unknown question '{}'{}", printable(clipped(k)),
                       k.size() <= kMaxQuoted ? did_you_mean(k, rb_.question_names()) : std::string());
  }
  const std::string& question_id() const { return rb_.facts[static_cast<size_t>(current_)].id; }

  bool top_key(const std::string& k) {
    if (k == "id") {
      current_ = id_seen_ ? kNotAnswer : kId;
      if (id_seen_) refuse([&] { return duplicate(k); });
      id_seen_ = true;
      return true;
    }
    const auto fact = rb_.find_fact(k);
    if (!fact || !rb_.is_question(*fact)) {
      current_ = kNotAnswer;
      refuse([&] { return unknown_question(k); });
      return true;
    }
    current_ = *fact;
    if (seen_[static_cast<size_t>(current_)]) refuse([&] { return duplicate(k); });
    seen_[static_cast<size_t>(current_)] = true;
    return true;
  }

  /// A scalar: the whole document (refused by finish), part of the "id", or an answer.
  bool scalar(Kind kind, std::string_view text) {
    if (depth_ == 0) {
      top_kind_ = kind == Kind::null ? "null"
                  : kind == Kind::boolean ? "boolean"
                  : kind == Kind::integer ? "number"
                  : kind == Kind::fraction ? "a fractional number"
                                           : "string";
      return true;
    }
    if (current_ == kId) return id_value(kind, text);
    answer(kind, text);
    return true;
  }

  void answer(Kind kind, std::string_view text) {
    // Once the line is refused its values no longer matter: skipping them keeps a line of many
    // refused answers as cheap as a line of accepted ones.
    if (!out_.error.empty() || current_ < 0 || kind == Kind::null) return;
    const Fact& f = rb_.facts[static_cast<size_t>(current_)];
    const bool fits = kind == Kind::string || (kind == Kind::boolean && f.type == ValueType::yes_no) ||
                      (kind == Kind::integer && f.type == ValueType::integer);
    if (!fits) {
      const char* what = kind == Kind::boolean ? "boolean" : kind == Kind::integer ? "number" : "a fractional number";
      out_.error = fmt::format("the answer to '{}' is {}: expected {}", question_id(), what, rb_.accepted_text(current_));
      return;
    }
    ParsedValue v = parse_answer(rb_, current_, text);
    if (v.ok) {
      out_.values[static_cast<size_t>(current_)] = v.value;
      out_.given.emplace_back(current_, v.value);
    } else
      out_.error = std::move(v.error);
  }

  bool open(bool object) {
    if (depth_ == 0) {
      top_is_object_ = object;
      top_kind_ = object ? "an object" : "a list";
      ++depth_;
      return object;  // a list as the line is refused by finish, unread
    }
    if (current_ == kId) {
      if (id_.size() + 1 > kMaxIdLength) return id_too_long();
      id_.open(object);
      ++depth_;
      return true;
    }
    // Answers are flat: nothing inside a list or an object could change its refusal, and
    // following it would cost time and memory for every level of nesting.
    if (current_ >= 0)
      refuse([&] {
        return fmt::format("the answer to '{}' is {}: expected {}", question_id(), object ? "an object" : "a list",
                           rb_.accepted_text(current_));
      });
    return false;
  }

  bool close() {
    --depth_;
    if (id_.is_open()) id_.close();
    return true;
  }

  /// A scalar of the "id": refused (and the reading ended) once the id's text passes kMaxIdLength.
  bool id_value(Kind kind, std::string_view text) {
    // Escaping never shortens a string, so a text too long already is refused before escaping.
    if (id_.size() + text.size() > kMaxIdLength) return id_too_long();
    id_.value(kind == Kind::string ? json_id_string(text) : std::string(text));
    return id_.size() <= kMaxIdLength || id_too_long();
  }
  bool id_key(const std::string& k) {
    if (id_.size() + k.size() > kMaxIdLength) return id_too_long();
    if (!id_.key(k)) refuse([&] { return duplicate(k); });
    return id_.size() <= kMaxIdLength || id_too_long();
  }
  bool id_too_long() {
    refuse([] { return fmt::format("the id is longer than {} bytes (as JSON)", kMaxIdLength); });
    id_.clear();
    return false;
  }

  /// nlohmann stops at a number beyond a double (out_of_range.406). The line was well formed up
  /// to it, so the number is refused as the value it is: an answer gets the answer's message.
  bool number_overflow(const std::string& token) {
    const Kind kind = number_kind(token);
    if (depth_ == 0)
      scalar(kind, token);
    else if (current_ >= 0)
      answer(kind, token);
    refuse([&] { return fmt::format("the number {} is out of range", clipped(token)); });
    if (current_ == kId) id_.clear();  // the reading ends inside the id: it is not echoed
    return false;
  }

  const RuleBase& rb_;
  JsonAnswers& out_;
  std::vector<bool> seen_;  // per question: answered already on this line
  int depth_ = 0;           // open containers: the line's object and those inside its "id"
  FactId current_ = kNotAnswer;  // whose value comes next: a question, kId or kNotAnswer
  bool id_seen_ = false;
  IdWriter id_;
  bool top_is_object_ = false;
  const char* top_kind_ = "nothing";
  bool syntax_error_ = false;
};

}  // namespace

std::string json_id_string(std::string_view text) { return json_string(text); }

JsonAnswers parse_json_answers(std::string_view line, const RuleBase& rb) {
  JsonAnswers out;
  // nlohmann's reader takes a NUL byte for the end of the text: what follows would vanish unread.
  if (const size_t nul = line.find('\0'); nul != std::string_view::npos) {
    out.error = fmt::format("a NUL byte at column {}: a line of JSON never holds one, and nothing of this line was used",
                            nul + 1);
    return out;
  }
  AnswerHandler handler(rb, out);
  json::sax_parse(line.begin(), line.end(), &handler, nlohmann::detail::input_format_t::json, true);
  handler.finish();
  return out;
}

JsonSyntaxError plain_json_syntax_error(std::string_view what) {
  JsonSyntaxError out;
  if (what.starts_with("[json.exception.")) {
    const size_t end = what.find("] ");
    if (end != std::string_view::npos) what.remove_prefix(end + 2);
  }
  // "parse error at line 1, column 32: syntax error while parsing object - unexpected ..."
  if (std::sscanf(std::string(what).c_str(), "parse error at line %d, column %d", &out.line, &out.column) != 2)
    out.line = out.column = 0;
  if (const size_t dash = what.find(" - "); dash != std::string_view::npos) {
    what.remove_prefix(dash + 3);
  } else if (const size_t colon = what.find(": "); colon != std::string_view::npos) {
    what.remove_prefix(colon + 2);
  }
  std::string reason(what);
  const auto replace = [&reason](std::string_view from, std::string_view to) {
    if (const size_t at = reason.find(from); at != std::string::npos) reason.replace(at, from.size(), to);
  };
  replace("expected '[', '{', or a literal", "expected a value");
  replace("expected string literal", "expected a key in double quotes");
  constexpr std::string_view kLastRead = "; last read: '";
  if (reason.starts_with("invalid literal") && reason.find(kLastRead) != std::string::npos) {
    const size_t from = reason.find(kLastRead) + kLastRead.size();
    // The token read ends at its closing quote, before any "; expected ..." that follows.
    const size_t expected = reason.find("'; expected ", from);
    const size_t to = expected != std::string::npos ? expected : reason.size() - (reason.ends_with('\'') ? 1 : 0);
    std::string token = reason.substr(from, to - from);
    // What was read since the last token may include keys and separators; the bad word is last.
    if (const size_t cut = token.find_last_of(" \t\r\n:,[{"); cut != std::string::npos) token.erase(0, cut + 1);
    // nlohmann writes a control character it read as "<U+000A>": a line break or tab so written
    // is a separator too, and the word is at most its last 64 bytes (from a character's start), so
    // the message stays short whatever was read.
    for (const std::string_view sep : {"<U+000A>", "<U+000D>", "<U+0009>"})
      if (const size_t at = token.rfind(sep); at != std::string::npos) token.erase(0, at + sep.size());
    if (token.size() > 64) {
      size_t start = token.size() - 64;
      while (start < token.size() && (static_cast<unsigned char>(token[start]) & 0xC0) == 0x80) ++start;
      token = "..." + token.substr(start);
    }
    reason = fmt::format("'{}' is not a JSON value (text needs double quotes; yes and no are \"yes\" and \"no\")", token);
  } else if (reason.starts_with("invalid string: surrogate")) {
    // nlohmann's "surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF", in our words.
    reason = "a \\u escape of a UTF-16 surrogate (\\ud800 to \\udfff) that is not half of a pair: "
             "write the character itself, or both halves";
  } else if (reason.starts_with("unexpected end of input")) {
    const size_t expected = reason.find("; expected ");
    reason = expected == std::string::npos ? std::string("the text ends too soon")
                                           : fmt::format("the text ends where {} was expected",
                                                         reason.substr(expected + std::string_view("; expected ").size()));
  } else if (const size_t semi = reason.find("; expected "); reason.starts_with("unexpected ") && semi != std::string::npos) {
    reason = fmt::format("{} where {} was expected", reason.substr(0, semi),
                         reason.substr(semi + std::string_view("; expected ").size()));
  }
  out.reason = std::move(reason);
  return out;
}

}  // namespace backtriage
