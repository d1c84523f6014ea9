// Strict reading of JSON answer lines with nlohmann-json: duplicate keys are refused through the
// parser callback (nlohmann itself keeps the last one silently).
#include "json_answers.hpp"

#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "text.hpp"

namespace backtriage {

namespace {

struct DuplicateKey {
  std::string key;
};

std::string kind_of(const nlohmann::json& v) {
  if (v.is_object()) return "an object";
  if (v.is_array()) return "a list";
  if (v.is_number_float()) return "a fractional number";
  return v.type_name();
}

}  // namespace

JsonAnswers parse_json_answers(std::string_view line, const RuleBase& rb) {
  JsonAnswers out;
  nlohmann::json doc;
  try {
    // One key set per open object; a key seen twice at the same level is an error.
    std::vector<std::set<std::string>> keys;
    const auto callback = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
      using E = nlohmann::json::parse_event_t;
      if (event == E::object_start) keys.emplace_back();
      if (event == E::object_end && !keys.empty()) keys.pop_back();
      if (event == E::key && !keys.empty() && !keys.back().insert(parsed.get<std::string>()).second)
        throw DuplicateKey{parsed.get<std::string>()};
      (void)depth;
      return true;
    };
    doc = nlohmann::json::parse(line.begin(), line.end(), callback);
  } catch (const DuplicateKey& d) {
    out.error = fmt::format("duplicate key '{}' (each question may appear once)", printable(d.key));
    return out;
  } catch (const nlohmann::json::parse_error& e) {
    out.error = fmt::format("not valid JSON: {}", printable(e.what()));
    return out;
  }
  if (!doc.is_object()) {
    out.error = fmt::format("expected a JSON object of question id to answer, found {}", kind_of(doc));
    return out;
  }
  if (const auto it = doc.find("id"); it != doc.end()) out.id = it->dump();  // echoed even on error
  out.values.assign(static_cast<size_t>(rb.question_count), kUnknown);
  for (const auto& [key, value] : doc.items()) {
    if (key == "id") continue;
    const auto fact = rb.find_fact(key);
    if (!fact || !rb.is_question(*fact)) {
      out.error = fmt::format("unknown question '{}'{}", printable(key), did_you_mean(key, rb.question_names()));
      return out;
    }
    const Fact& f = rb.facts[static_cast<size_t>(*fact)];
    std::string text;
    if (value.is_null()) continue;
    if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_boolean() && f.type == ValueType::yes_no) {
      text = value.get<bool>() ? "yes" : "no";
    } else if (value.is_number_integer() && f.type == ValueType::integer) {
      text = value.dump();
    } else {
      out.error = fmt::format("the answer to '{}' is {}: expected {}", key, kind_of(value), rb.accepted_text(*fact));
      return out;
    }
    const ParsedValue v = parse_value(rb, *fact, text);
    if (!v.ok) {
      out.error = v.error;
      return out;
    }
    out.values[static_cast<size_t>(*fact)] = v.value;
  }
  out.ok = true;
  return out;
}

}  // namespace backtriage
