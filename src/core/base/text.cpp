// Text helpers: strict UTF-8 validation, terminal-safe quoting and typo suggestions.
#include "base/text.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>
#include <utf8proc.h>

namespace backtriage {

namespace {

/// Decodes one UTF-8 sequence at text[i]; returns its length, or 0 when invalid.
size_t decode_utf8(std::string_view text, size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  size_t len = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1Fu;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0Fu;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07u;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool is_bidi_control(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C;
}

/// Calls each(cp, bytes) for every character of text, in order; a byte that starts no valid UTF-8
/// sequence comes as each(std::nullopt, that byte).
template <typename Each>
void for_each_character(std::string_view text, Each each) {
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const size_t len = decode_utf8(text, i, cp);
    if (len == 0) {
      each(std::optional<char32_t>(), text.substr(i, 1));
      ++i;
    } else {
      each(std::optional<char32_t>(cp), text.substr(i, len));
      i += len;
    }
  }
}

/// A character that acts on a terminal, or hides or reorders text, rather than showing.
bool is_invisible_control(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp) || cp == 0xFEFF;
}

}  // namespace

std::optional<TextProblem> check_text(std::string_view text, bool allow_cr) {
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const size_t len = decode_utf8(text, i, cp);
    if (len == 0)
      return TextProblem{i, fmt::format("invalid UTF-8 byte 0x{:02x} (files must be UTF-8 text)",
                                        static_cast<unsigned char>(text[i]))};
    if (cp == 0) return TextProblem{i, "NUL byte (this is not a text file)"};
    if (cp == '\r' && !allow_cr) return TextProblem{i, "carriage return character"};
    if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F)
      return TextProblem{i, fmt::format("control character U+{:04X}", static_cast<unsigned>(cp))};
    if (cp >= 0x80 && cp <= 0x9F)
      return TextProblem{i, fmt::format("C1 control character U+{:04X}", static_cast<unsigned>(cp))};
    if (is_bidi_control(cp))
      return TextProblem{i, fmt::format("bidirectional control character U+{:04X}",
                                        static_cast<unsigned>(cp))};
    if (cp == 0xFEFF) return TextProblem{i, "byte order mark (U+FEFF) inside the text"};
    i += len;
  }
  return std::nullopt;
}

std::pair<int, int> line_col_of(std::string_view text, size_t offset) {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, static_cast<int>(offset - line_start) + 1};
}

std::string_view nth_line(std::string_view text, int n) {
  size_t start = 0;
  for (int line = 1; line < n; ++line) {
    const size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  if (start >= text.size()) return {};
  size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  if (end > start && text[end - 1] == '\r') --end;
  return text.substr(start, end - start);
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_character(text, [&](std::optional<char32_t> cp, std::string_view bytes) {
    if (!cp)
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(bytes[0]));
    else if (is_invisible_control(*cp) && *cp != '\t')
      out += fmt::format("\\u{{{:04X}}}", static_cast<unsigned>(*cp));
    else
      out += bytes;
  });
  return out;
}

std::string printable_lines(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t nl = text.find('\n', start);
    out += printable(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (nl == std::string_view::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

size_t utf8_length_at(std::string_view text, size_t i) {
  char32_t cp = 0;
  return std::max<size_t>(decode_utf8(text, i, cp), 1);
}

namespace {

void append_json_escape(std::string& out, char32_t cp) {
  switch (cp) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(cp));
  }
}

}  // namespace

std::string json_string(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  // Most texts are printable ASCII, which needs no decoding.
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; })) {
    out += text;
    out += '"';
    return out;
  }
  for_each_character(text, [&](std::optional<char32_t> cp, std::string_view bytes) {
    if (!cp)
      out += "\\ufffd";
    else if (*cp == '"' || *cp == '\\' || is_invisible_control(*cp))
      append_json_escape(out, *cp);
    else
      out += bytes;
  });
  out += '"';
  return out;
}

std::string json_safe(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for_each_character(json, [&](std::optional<char32_t> cp, std::string_view bytes) {
    if (cp && *cp >= 0x7F && is_invisible_control(*cp))  // JSON libraries escape the C0 ones
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(*cp));
    else
      out += bytes;
  });
  return out;
}

std::string caret_padding(std::string_view line, int col) {
  std::string pad;
  const size_t end = std::min(line.size(), static_cast<size_t>(std::max(col - 1, 0)));
  for (size_t i = 0; i < end; ++i) {
    const auto b = static_cast<unsigned char>(line[i]);
    if (b == '\t')
      pad += '\t';
    else if ((b & 0xC0) != 0x80)  // one column per character, not per byte
      pad += ' ';
  }
  return pad;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: like Levenshtein, but a swap of two neighbours ("titel") is one edit.
  const size_t w = b.size() + 1;
  std::vector<size_t> d((a.size() + 1) * w);
  for (size_t i = 0; i <= a.size(); ++i) d[i * w] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t v = std::min({d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        v = std::min(v, d[(i - 2) * w + j - 2] + 1);
      d[i * w + j] = v;
    }
  }
  return d[a.size() * w + b.size()];
}

std::optional<std::string> closest(std::string_view word, std::span<const std::string> candidates) {
  // Allow about one typo per three letters, as ninja's "did you mean" does for targets.
  const size_t limit = std::max<size_t>(1, word.size() / 3);
  std::optional<std::string> best;
  size_t best_distance = limit + 1;
  for (const auto& c : candidates) {
    const size_t d = edit_distance(to_lower(word), to_lower(c));
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, std::span<const std::string> candidates) {
  if (auto c = closest(word, candidates)) return fmt::format(" (did you mean '{}'?)", *c);
  return {};
}

std::string quoted_list(std::span<const std::string> items, std::string_view last_sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += (i + 1 == items.size()) ? std::string(last_sep) : std::string(", ");
    out += fmt::format("'{}'", items[i]);
  }
  return out;
}

namespace {
/// The index just past the escape sequence at text[i] (an ESC): a CSI sequence such as the colours
/// of Style ("ESC [ 1 m"), or ESC and one character.
size_t skip_escape(std::string_view text, size_t i) {
  if (i + 1 >= text.size()) return text.size();
  if (text[i + 1] != '[') return i + 2;
  size_t j = i + 2;
  while (j < text.size() && static_cast<unsigned char>(text[j]) >= 0x20 && static_cast<unsigned char>(text[j]) <= 0x3F) ++j;
  return j < text.size() ? j + 1 : j;  // the final byte
}
}  // namespace

size_t display_width(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '\x1b') {
      i = skip_escape(text, i);
      continue;
    }
    char32_t cp = 0;
    const size_t n = decode_utf8(text, i, cp);
    if (n == 0) {  // an invalid byte shows as one replacement character
      ++width;
      ++i;
      continue;
    }
    // Wide (East Asian, emoji) characters take two columns, combining marks and controls none.
    const int w = utf8proc_charwidth(static_cast<utf8proc_int32_t>(cp));
    width += w > 0 ? static_cast<size_t>(w) : 0;
    i += n;
  }
  return width;
}

std::string fill(std::string_view text, size_t indent, size_t width) {
  std::string out, line;
  size_t line_width = 0;
  const auto flush = [&] {
    if (!out.empty()) {
      out += '\n';
      out.append(indent, ' ');
    }
    out += line;
    line.clear();
    line_width = 0;
  };
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i == text.size()) break;
    size_t j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    const std::string_view word = text.substr(i, j - i);
    const size_t word_width = display_width(word);
    // A word wider than the line goes on a line of its own, whole: never split mid-word.
    if (!line.empty() && indent + line_width + 1 + word_width > width) flush();
    if (!line.empty()) {
      line += ' ';
      ++line_width;
    }
    line += word;
    line_width += word_width;
    i = j;
  }
  if (!line.empty()) flush();
  return out;
}

std::string wrap_long_lines(std::string_view text, size_t width) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    const bool newline = end != std::string_view::npos;
    if (!newline) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (display_width(line) <= width) {
      out += line;
    } else {
      // The hanging indent: the line's own indent, and its list marker ("- ", "! ", "12. ").
      size_t prefix = line.find_first_not_of(' ');
      if (prefix == std::string_view::npos) prefix = line.size();
      size_t digits = prefix;
      while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) ++digits;
      if (line.substr(prefix, 2) == "- " || line.substr(prefix, 2) == "! " || line.substr(prefix, 2) == "* ")
        prefix += 2;
      else if (digits > prefix && line.substr(digits, 2) == ". ")
        prefix = digits + 2;
      out += line.substr(0, prefix);
      out += fill(line.substr(prefix), prefix, width);
    }
    if (newline) out += '\n';
    start = end + 1;
  }
  return out;
}

std::string counted(size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string md_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    if (std::string_view("\\`*_[]<>|#&!{}").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string md_code(std::string_view s) {
  size_t longest = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  std::string text(s);
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  const bool pad = text.starts_with('`') || text.ends_with('`');
  return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
}

}  // namespace backtriage
