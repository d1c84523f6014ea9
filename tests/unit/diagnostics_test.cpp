// Diagnostics: kept per file up to a bound and counted beyond it, lines quoted by lookup.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "base/diagnostics.hpp"

using namespace backtriage;

TEST_SUITE("diagnostics") {
TEST_CASE("past the bound per file, problems are counted, not kept, and said as 'N more'") {
  Diagnostics diags;
  std::string text;
  for (int i = 1; i <= 250; ++i) text += fmt::format("key_{}: 1\n", i);
  diags.add_source("a.yaml", text);
  for (int i = 1; i <= 250; ++i) {
    diags.error({"a.yaml", i, 1}, fmt::format("unknown key_{}", i));
    diags.note({"a.yaml", i, 1}, "a note that belongs to it");
  }
  diags.warning({"a.yaml", 1, 1}, "one warning past the bound");
  diags.error({"b.yaml", 1, 1}, "another file has its own bound");
  CHECK(diags.error_count() == 251);  // every error still counts: the verdict is unchanged
  CHECK(diags.warning_count() == 1);
  // 100 errors of a.yaml with their notes, and b.yaml's error.
  CHECK(diags.items().size() == 2 * Diagnostics::kShownPerFile + 1);
  CHECK(diags.not_shown() == 151);
  const std::string all = diags.format_all();
  CHECK(all.find("a.yaml: 150 more errors and 1 more warning, not shown (100 are above)\n") != std::string::npos);
  CHECK(all.find("unknown key_101") == std::string::npos);
  CHECK(all.find("b.yaml:1:1: error: another file has its own bound") != std::string::npos);
  // The quoted line is the one the diagnostic points at, found by its number.
  CHECK(all.find("a.yaml:100:1: error: unknown key_100\n    key_100: 1\n    ^\n") != std::string::npos);
  diags.promote_warnings();
  CHECK(diags.format_all().find("a.yaml: 151 more errors, not shown") != std::string::npos);
}

TEST_CASE("a line past the end of the source, or the last line without a newline, is quoted safely") {
  Diagnostics diags;
  diags.add_source("c.yaml", "first: 1\r\nlast: 2");
  diags.error({"c.yaml", 1, 1}, "crlf");
  diags.error({"c.yaml", 2, 1}, "last");
  diags.error({"c.yaml", 9, 1}, "beyond");
  const std::string all = diags.format_all();
  CHECK(all.find("c.yaml:1:1: error: crlf\n    first: 1\n") != std::string::npos);
  CHECK(all.find("c.yaml:2:1: error: last\n    last: 2\n") != std::string::npos);
  CHECK(all.find("c.yaml:9:1: error: beyond\n") != std::string::npos);
}
}
