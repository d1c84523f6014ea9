// Text helpers: UTF-8 strictness, terminal-safe quoting, suggestions.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "base/text.hpp"

using namespace backtriage;

TEST_SUITE("text") {
TEST_CASE("clean UTF-8 text with tabs and newlines passes") {
  CHECK_FALSE(check_text("caf\xC3\xA9\tok\n", false).has_value());
}

TEST_CASE("each kind of bad byte is named with its offset") {
  struct Row {
    std::string text;
    size_t offset;
    std::string message_part;
  };
  const Row rows[] = {
      {"ab\xFF", 2, "invalid UTF-8 byte 0xff"},
      {"a\xC0\xAF", 1, "invalid UTF-8"},            // overlong '/'
      {"a\xED\xA0\x80", 1, "invalid UTF-8"},        // surrogate U+D800
      {"a\xF4\x90\x80\x80", 1, "invalid UTF-8"},    // above U+10FFFF
      {std::string("a\0b", 3), 1, "NUL byte"},
      {"a\x1B[31m", 1, "control character U+001B"},
      {"a\xC2\x85", 1, "C1 control character U+0085"},
      {"a\xE2\x80\xAE", 1, "bidirectional control character U+202E"},
      {"a\xEF\xBB\xBF", 1, "byte order mark"},
      {"a\rb", 1, "carriage return"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.text);
    const auto p = check_text(row.text, false);
    REQUIRE(p.has_value());
    CHECK(p->offset == row.offset);
    CHECK(p->message.find(row.message_part) != std::string::npos);
  }
}

TEST_CASE("printable escapes control characters but keeps letters and tabs") {
  CHECK(printable("a\x1B[2Jb") == "a\\u{001B}[2Jb");
  CHECK(printable("caf\xC3\xA9\t!") == "caf\xC3\xA9\t!");
  CHECK(printable("\xFF") == "\\xff");
}

TEST_CASE("the caret padding counts characters, not bytes, and keeps tabs") {
  CHECK(caret_padding("\tcaf\xC3\xA9 x", 8) == "\t     ");
}

TEST_CASE("a swap of two letters is one edit, so 'titel' suggests 'title'") {
  CHECK(edit_distance("titel", "title") == 1);
  CHECK(edit_distance("kitten", "sitting") == 3);
  const std::vector<std::string> keys = {"id", "title", "when", "then"};
  CHECK(did_you_mean("titel", keys) == " (did you mean 'title'?)");
  CHECK(did_you_mean("completely_different", keys).empty());
}

TEST_CASE("nth_line finds lines and strips a CR") {
  CHECK(nth_line("a\r\nb\nc", 1) == "a");
  CHECK(nth_line("a\r\nb\nc", 3) == "c");
  CHECK(nth_line("a\nb", 5).empty());
}
}

TEST_CASE("json_string quotes like nlohmann, and escapes what could hide or reorder text on a terminal") {
  for (const std::string text : {"", "plain", "quote \" and \\ backslash", "tab\tnew\nline", "caf\xC3\xA9 \xE2\x9C\x93"})
    CHECK(json_string(text) == nlohmann::json(text).dump());
  CHECK(json_string("a\x1b[2Jb") == "\"a\\u001b[2Jb\"");
  CHECK(json_string("x\xE2\x80\xAEy") == "\"x\\u202ey\"");         // right-to-left override
  CHECK(json_string("x\xC2\x9B" "y") == "\"x\\u009by\"");          // C1 control sequence introducer
  CHECK(json_string("x\x7F\xEF\xBB\xBFy") == "\"x\\u007f\\ufeffy\"");
  CHECK(json_string("bad \xFF byte") == "\"bad \\ufffd byte\"");    // JSON cannot carry it raw
}

TEST_CASE("json_safe escapes inside a JSON text what JSON libraries leave raw, and nothing else") {
  CHECK(json_safe("{\"a\": \"x\xE2\x80\xAEy\", \"b\": [1, 2]}") == "{\"a\": \"x\\u202ey\", \"b\": [1, 2]}");
  CHECK(json_safe("{\"caf\xC3\xA9\": \"\\u001b\"}") == "{\"caf\xC3\xA9\": \"\\u001b\"}");
}

TEST_CASE("printable_lines keeps line breaks and escapes everything else a name could smuggle in") {
  CHECK(printable_lines("one\ntwo \x1b[31mred\n") == "one\ntwo \\u{001B}[31mred\n");
  CHECK(printable_lines("x\xE2\x80\xAEy\tz") == "x\\u{202E}y\tz");
}

TEST_CASE("display width counts columns, not bytes: wide characters 2, combining marks and colours 0") {
  CHECK(display_width("back pain") == 9);
  CHECK(display_width("caf\xc3\xa9") == 4);                 // é, two bytes, one column
  CHECK(display_width("cafe\xcc\x81") == 4);                // e + combining acute accent
  CHECK(display_width("\xe8\x85\xb0\xe7\x97\x9b") == 4);    // two CJK characters, two columns each
  CHECK(display_width("\x1b[1;31mstop\x1b[0m") == 4);       // a colour adds nothing
  CHECK(display_width("a\xff" "b") == 3);                   // an invalid byte shows as one character
  CHECK(display_width("") == 0);
}

TEST_CASE("fill never splits a word, keeps the hanging indent and fills by display columns") {
  const std::string text = "Numbness around your genitals or bottom, or new trouble passing urine";
  for (size_t width : {20u, 40u, 60u, 80u, 120u}) {
    CAPTURE(width);
    const std::string out = fill(text, 4, width);
    std::string rejoined;
    size_t start = 0, lines = 0;
    while (start <= out.size()) {
      size_t end = out.find('\n', start);
      if (end == std::string::npos) end = out.size();
      std::string line = out.substr(start, end - start);
      if (lines++ > 0) {
        REQUIRE(line.rfind("    ", 0) == 0);  // hanging indent
        line = line.substr(4);
      }
      CHECK(line.size() + 4 <= width);  // every word here is short enough to fit
      rejoined += (rejoined.empty() ? "" : " ") + line;
      start = end + 1;
    }
    CHECK(rejoined == text);  // nothing split, lost or doubled
  }
  // Accented text fits as many characters as plain text: 10 columns hold "é é é é é".
  CHECK(fill("\xc3\xa9 \xc3\xa9 \xc3\xa9 \xc3\xa9 \xc3\xa9 \xc3\xa9", 0, 10) == "\xc3\xa9 \xc3\xa9 \xc3\xa9 \xc3\xa9 \xc3\xa9\n\xc3\xa9");
  // A word longer than the line stands alone, whole.
  CHECK(fill("see [stretches_for_tight_back] now", 2, 12) == "see\n  [stretches_for_tight_back]\n  now");
  // Colours do not count towards the width.
  CHECK(fill("\x1b[1mbold\x1b[0m word", 0, 9) == "\x1b[1mbold\x1b[0m word");
}

TEST_CASE("wrap_long_lines fills only the lines that are too wide, under their list marker") {
  CHECK(wrap_long_lines("short\n  - also short\n", 20) == "short\n  - also short\n");
  CHECK(wrap_long_lines("  - one two three four five six\n", 16) == "  - one two\n    three four\n    five six\n");
  CHECK(wrap_long_lines("  12. one two three four\n", 14) == "  12. one two\n      three\n      four\n");
  CHECK(wrap_long_lines("no newline at the end here", 10) == "no newline\nat the end\nhere");
}
