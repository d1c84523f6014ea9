// Strict reading of JSON answer lines with nlohmann-json's SAX interface: values go straight into
// the per-question array, with no document built per line (this was most of a batch case's cost).
// nlohmann itself keeps the last of two equal keys silently; duplicates are refused here.
#include "json_answers.hpp"

#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "text.hpp"

namespace backtriage {

namespace {

using nlohmann::json;

/// Receives the parser's events for one line. Only the first problem is kept, but parsing goes on
/// so that a syntax error later in the line wins (a line that is not JSON is reported as such) and
/// the record's "id" is echoed even when an answer is rejected.
class AnswerHandler {
 public:
  AnswerHandler(const RuleBase& rb, JsonAnswers& out) : rb_(rb), out_(out), seen_(static_cast<size_t>(rb.question_count), false) {
    out_.values.assign(static_cast<size_t>(rb.question_count), kUnknown);
  }

  bool null() { return scalar(Kind::null, {}); }
  bool boolean(bool b) { return scalar(Kind::boolean, b ? "yes" : "no", json(b)); }
  bool number_integer(json::number_integer_t n) { return scalar(Kind::integer, fmt::format_int(n).str(), json(n)); }
  bool number_unsigned(json::number_unsigned_t n) { return scalar(Kind::integer, fmt::format_int(n).str(), json(n)); }
  bool number_float(json::number_float_t n, const json::string_t&) { return scalar(Kind::fraction, {}, json(n)); }
  // A copy as a JSON value only when it belongs to the "id": answers are read in place.
  bool string(json::string_t& s) { return scalar(Kind::string, s, in_id() ? json(s) : json()); }
  bool binary(json::binary_t&) { return scalar(Kind::fraction, {}); }  // never produced by the JSON reader

  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(json::string_t& k) {
    if (depth_ == 1) {
      top_key_ = k;
      if (k == "id") {
        if (id_seen_) fail(duplicate(k));
        id_seen_ = true;
        current_ = -1;
        return true;
      }
      const auto fact = rb_.find_fact(k);
      if (!fact || !rb_.is_question(*fact)) {
        fail(fmt::format("unknown question '{}'{}", printable(k), did_you_mean(k, rb_.question_names())));
        current_ = -2;
        return true;
      }
      current_ = *fact;
      if (seen_[static_cast<size_t>(current_)]) fail(duplicate(k));
      seen_[static_cast<size_t>(current_)] = true;
      return true;
    }
    // Inside a nested value: only the "id" is kept, and its own keys must be unique too.
    if (!id_stack_.empty() && id_stack_.back()->is_object()) {
      if (id_stack_.back()->contains(k)) fail(duplicate(k));
      nested_key_ = k;
    } else if (depth_ > 1 && current_ != -1) {
      if (!nested_keys_.back().insert(k).second) fail(duplicate(k));
    }
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
    out_.error = fmt::format("not valid JSON: {}", printable(e.what()));
    syntax_error_ = true;
    return false;
  }

  void finish() {
    if (syntax_error_) {
      out_.ok = false;
      return;
    }
    if (!top_is_object_) {
      out_.error = fmt::format("expected a JSON object of question id to answer, found {}", top_kind_);
      out_.id.clear();
      return;
    }
    if (id_seen_) out_.id = id_.dump();
    out_.ok = out_.error.empty();
  }

 private:
  enum class Kind { null, boolean, integer, fraction, string };

  static std::string duplicate(const std::string& k) {
    return fmt::format("duplicate key '{}' (each question may appear once)", printable(k));
  }
  bool fail(std::string message) {
    if (out_.error.empty()) out_.error = std::move(message);
    return false;
  }

  bool in_id() const { return !id_stack_.empty() || (depth_ == 1 && current_ == -1); }

  /// A scalar: the whole document (refused), the "id", part of a nested value, or an answer.
  bool scalar(Kind kind, std::string_view text, json j = nullptr) {
    if (depth_ == 0) {
      top_kind_ = kind == Kind::null ? "null"
                  : kind == Kind::boolean ? "boolean"
                  : kind == Kind::integer ? "number"
                  : kind == Kind::fraction ? "a fractional number"
                                           : "string";
      return true;
    }
    if (!id_stack_.empty()) {
      add_to_id(std::move(j));
      return true;
    }
    if (depth_ > 1) return true;  // inside an answer that is a list or object: already refused
    if (current_ == -1) {
      id_ = std::move(j);
      return true;
    }
    if (current_ < 0 || kind == Kind::null) return true;
    const Fact& f = rb_.facts[static_cast<size_t>(current_)];
    const bool fits = kind == Kind::string || (kind == Kind::boolean && f.type == ValueType::yes_no) ||
                      (kind == Kind::integer && f.type == ValueType::integer);
    if (!fits) {
      const char* what = kind == Kind::boolean ? "boolean" : kind == Kind::integer ? "number" : "a fractional number";
      fail(fmt::format("the answer to '{}' is {}: expected {}", top_key_, what, rb_.accepted_text(current_)));
      return true;
    }
    ParsedValue v = parse_value(rb_, current_, text);
    if (!v.ok)
      fail(std::move(v.error));
    else
      out_.values[static_cast<size_t>(current_)] = v.value;
    return true;
  }

  bool open(json container) {
    const bool is_object = container.is_object();
    if (depth_ == 0) {
      top_is_object_ = is_object;
      top_kind_ = is_object ? "an object" : "a list";
    } else if (in_id()) {
      // Build the "id" value so it can be echoed as given.
      if (id_stack_.empty()) {
        id_ = std::move(container);
        id_stack_.push_back(&id_);
      } else {
        id_stack_.push_back(add_to_id(std::move(container)));
      }
    } else {
      if (depth_ == 1 && current_ >= 0)
        fail(fmt::format("the answer to '{}' is {}: expected {}", top_key_, is_object ? "an object" : "a list",
                         rb_.accepted_text(current_)));
      nested_keys_.emplace_back();
    }
    ++depth_;
    return true;
  }

  bool close() {
    --depth_;
    if (!id_stack_.empty())
      id_stack_.pop_back();
    else if (depth_ > 0)
      nested_keys_.pop_back();
    return true;
  }

  json* add_to_id(json j) {
    json& parent = *id_stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(j));
      return &parent.back();
    }
    json& slot = parent[nested_key_];
    slot = std::move(j);
    return &slot;
  }

  const RuleBase& rb_;
  JsonAnswers& out_;
  std::vector<bool> seen_;  // per question: answered already on this line
  int depth_ = 0;
  FactId current_ = -2;     // the answer being read: a question, -1 for "id", -2 for an unknown key
  std::string top_key_;
  bool id_seen_ = false;
  json id_;
  std::vector<json*> id_stack_;                     // open containers of a nested "id"
  std::string nested_key_;
  std::vector<std::set<std::string>> nested_keys_;  // keys of open objects inside a refused answer
  bool top_is_object_ = false;
  const char* top_kind_ = "nothing";
  bool syntax_error_ = false;
};

}  // namespace

JsonAnswers parse_json_answers(std::string_view line, const RuleBase& rb) {
  JsonAnswers out;
  AnswerHandler handler(rb, out);
  json::sax_parse(line.begin(), line.end(), &handler, nlohmann::detail::input_format_t::json, true);
  handler.finish();
  return out;
}

}  // namespace backtriage
