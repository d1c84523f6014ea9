// Small text helpers shared by the core: UTF-8 checks, quoting lines safely, "did you mean".
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace backtriage {

/// Where a byte string stops being acceptable text, and why.
struct TextProblem {
  size_t offset = 0;     // byte offset of the offending sequence
  std::string message;   // e.g. "invalid UTF-8 byte 0xff"
};

/// Checks strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF) and refuses
/// control characters other than TAB and LF (and CR when allow_cr), C1 controls, bidirectional
/// overrides and a byte order mark. Returns the first problem, or nothing when the text is clean.
std::optional<TextProblem> check_text(std::string_view text, bool allow_cr);

/// 1-based line and column (in bytes) of a byte offset.
std::pair<int, int> line_col_of(std::string_view text, size_t offset);

/// The n-th line (1-based) without its line ending; empty when out of range.
std::string_view nth_line(std::string_view text, int n);

/// The text with control characters shown as escapes, safe to print on a terminal.
std::string printable(std::string_view text);
/// printable() for a message of several lines: its line breaks are kept, every other control,
/// C1 or bidirectional character (from a file name, a flag, a value) is escaped.
std::string printable_lines(std::string_view text);
/// The length in bytes of the UTF-8 sequence at text[i]; 1 for a byte that starts none.
size_t utf8_length_at(std::string_view text, size_t i);
/// A JSON string literal for text: quoted, with what JSON requires escaped and, beyond that, DEL,
/// C1 controls, bidirectional controls and U+FEFF as \uXXXX (so it cannot reorder or hide text
/// on a terminal); a byte that is not UTF-8 becomes \ufffd. For ordinary text, the same bytes as
/// nlohmann's dump() of the string.
std::string json_string(std::string_view text);
/// A JSON text with DEL, C1 controls, bidirectional controls and U+FEFF inside its strings
/// written as \uXXXX escapes (JSON libraries leave them raw), so no JSON output can reorder or
/// hide text on a terminal.
std::string json_safe(std::string_view json);

/// Whitespace that puts a caret under byte column col (1-based) of line, keeping its tabs.
std::string caret_padding(std::string_view line, int col);

/// Levenshtein distance, for "did you mean".
size_t edit_distance(std::string_view a, std::string_view b);

/// The closest candidate to word, if it is close enough to be a likely typo.
std::optional<std::string> closest(std::string_view word, std::span<const std::string> candidates);

/// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view word, std::span<const std::string> candidates);

/// "1 rule", "3 rules": n with the word that agrees with it.
std::string counted(size_t n, std::string_view one, std::string_view many);

/// "'a', 'b' or 'c'".
std::string quoted_list(std::span<const std::string> items, std::string_view last_sep = " or ");

/// The columns text takes on a terminal: UTF-8 characters by their display width (utf8proc: wide
/// characters 2, combining marks 0), escape sequences (colours) none, an invalid byte 1.
size_t display_width(std::string_view text);

/// Word-wraps text to width display columns, counting the first line as if it were indented too;
/// lines after the first are indented by indent spaces. Words are never split: one wider than the
/// line stands alone on its line.
std::string fill(std::string_view text, size_t indent, size_t width = 78);

/// Every line of text wider than width filled to it, hanging under its own indent and list
/// marker ("- ", "! ", "* ", "3. "); lines that fit are kept as they are.
std::string wrap_long_lines(std::string_view text, size_t width);

/// Text for HTML or XHTML content and attribute values: & < > " ' as entities.
std::string html_escape(std::string_view s);

std::string to_lower(std::string_view s);
std::string_view trim(std::string_view s);

/// Text that Markdown must show as it is: every ASCII punctuation that could start markup is
/// backslash-escaped (CommonMark allows escaping any of them), line breaks become spaces.
std::string md_escape(std::string_view s);
/// A Markdown code span that holds any text: fenced with more backticks than the text's longest run.
std::string md_code(std::string_view s);

}  // namespace backtriage
