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
