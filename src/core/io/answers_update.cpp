// Recording answers into a file the person already has (`ask --resume FILE`): the file stays
// theirs. Only answers change, where they stand; comments, layout, spellings and answers that
// were not used are kept, and a JSON file stays JSON. Every result is read back and compared
// before it is returned, so an edit that would change any other answer is never written.
#include <algorithm>

#include <fmt/format.h>

#include "io/answers.hpp"
#include "lang/yaml_tree.hpp"

namespace backtriage {

namespace {

constexpr size_t npos = std::string_view::npos;

/// The byte offset of a 1-based line and column, or npos.
size_t offset_of(std::string_view text, int line, int col) {
  size_t pos = 0;
  for (int l = 1; l < line; ++l) {
    pos = text.find('\n', pos);
    if (pos == npos) return npos;
    ++pos;
  }
  pos += static_cast<size_t>(std::max(col, 1) - 1);
  return pos < text.size() ? pos : npos;
}

/// Where the scalar starting at begin ends: a quoted one after its closing quote; a plain one at
/// the end of its line, before a comment, or (in a flow map) before a comma or brace.
size_t scalar_end(std::string_view text, size_t begin) {
  const char quote = text[begin];
  if (quote == '"' || quote == '\'') {
    for (size_t i = begin + 1; i < text.size(); ++i) {
      if (quote == '"' && text[i] == '\\') {
        ++i;
      } else if (text[i] == quote) {
        if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
          ++i;
          continue;
        }
        return i + 1;
      }
    }
    return npos;
  }
  size_t end = begin;
  while (end < text.size()) {
    const char c = text[end];
    if (c == '\n' || c == '\r' || c == ',' || c == '}') break;
    if (c == '#' && (text[end - 1] == ' ' || text[end - 1] == '\t')) break;
    ++end;
  }
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  return end;
}

/// A flow map ({...}, as JSON is) rather than YAML's indented "key: value" lines.
bool is_flow_map(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '#') {
      i = text.find('\n', i);
      if (i == npos) return false;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      return c == '{';
    }
    ++i;
  }
  return false;
}

/// A value as the file writes it: quoted like the value it replaces, and in a flow map every
/// text quoted as JSON needs.
std::string styled_value(const RuleBase& rb, FactId q, Value v, char quote, bool flow) {
  const std::string text = rb.value_text(q, v);
  if (quote == '"' || quote == '\'') return fmt::format("{}{}{}", quote, text, quote);
  if (flow && rb.facts[static_cast<size_t>(q)].type != ValueType::integer) return fmt::format("\"{}\"", text);
  return text;
}

struct Edit {
  size_t begin, end;
  std::string text;
};

/// The answers a text holds, or nothing when it is not a readable answers map.
std::optional<std::vector<Value>> answers_in(const RuleBase& rb, const std::string& name, std::string_view text) {
  Diagnostics ignored;
  const auto root = yaml::parse(name, text, ignored, {}, yaml::EmptyDocument::empty_map);
  if (!root) return std::nullopt;
  return read_answer_map(*root, rb, ignored);
}

}  // namespace

std::optional<std::string> update_answers_text(const RuleBase& rb, const std::string& name, std::string_view file,
                                               const std::vector<std::pair<FactId, Value>>& answers) {
  // The reader drops a byte order mark before it counts columns: edit the text after it.
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  const std::string_view bom = file.starts_with(kBom) ? kBom : std::string_view();
  const std::string_view text = file.substr(bom.size());
  Diagnostics ignored;
  const auto root = yaml::parse(name, text, ignored, {}, yaml::EmptyDocument::empty_map);
  if (!root || !root->is_map()) return std::nullopt;
  auto expected = read_answer_map(*root, rb, ignored);
  if (!expected) return std::nullopt;
  const bool flow = is_flow_map(text);
  std::vector<Edit> edits;
  std::string appended;
  bool first_in_flow = root->children.empty();
  for (const auto& [q, v] : answers) {
    Value& before = (*expected)[static_cast<size_t>(q)];
    const std::string& id = rb.facts[static_cast<size_t>(q)].id;
    const yaml::Node* node = root->find(id);
    if (node) {
      if (before == v) continue;  // the same answer, perhaps spelt "y": left as written
      const size_t begin = offset_of(text, node->loc.line, node->loc.col);
      if (begin == npos || !node->is_scalar()) return std::nullopt;
      const size_t end = scalar_end(text, begin);
      if (end == npos) return std::nullopt;
      edits.push_back({begin, end, styled_value(rb, q, v, text[begin], flow)});
    } else if (flow) {
      appended += fmt::format("{}\n \"{}\": {}", first_in_flow ? "" : ",", id, styled_value(rb, q, v, 0, true));
      first_in_flow = false;
    } else {
      appended += fmt::format("{}: {}\n", id, styled_value(rb, q, v, 0, false));
    }
    before = v;
  }
  std::string out(text);
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin > b.begin; });
  for (const Edit& e : edits) out.replace(e.begin, e.end - e.begin, e.text);
  if (flow && !appended.empty()) {
    size_t close = out.rfind('}');
    if (close == npos) return std::nullopt;
    while (close > 0 && (out[close - 1] == ' ' || out[close - 1] == '\n' || out[close - 1] == '\t' ||
                         out[close - 1] == '\r'))
      --close;
    out.insert(close, appended);
  } else if (!appended.empty()) {
    if (!out.empty() && out.back() != '\n') out += '\n';
    out += appended;
  }
  out.insert(0, bom);
  // Read back: the edit must give exactly the answers intended, and nothing else.
  const auto got = answers_in(rb, name, out);
  if (!got || *got != *expected) return std::nullopt;
  return out;
}

}  // namespace backtriage
