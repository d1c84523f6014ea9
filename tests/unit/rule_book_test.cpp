// The rule book's content and its two renderings: the same elements in both, text from the rule
// files escaped, the graph's SVG inlined without its XML prolog.
#include <doctest/doctest.h>

#include "audit/rule_book.hpp"
#include "test_support.hpp"

using namespace backtriage;

namespace {
size_t occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}
}  // namespace

TEST_SUITE("rule book") {
TEST_CASE("both formats hold every element of the tiny example, cross-linked") {
  const RuleBase rb = test::load_dir("docs/examples/tiny");
  const RuleBookInput input{{{"base.yaml", "a\n"}, {"rules.yaml", "b\nc\n"}}, std::nullopt, "backtriage test"};
  const std::string html = rule_book(rb, input, RuleBookFormat::html);
  const std::string md = rule_book(rb, input, RuleBookFormat::markdown);
  const size_t elements = rb.facts.size() + rb.rules.size() + rb.options.size() + rb.dispositions.size() +
                          rb.invariants.size() + rb.sources.size();
  CHECK(occurrences(html, "<article id=\"") == elements);
  CHECK(occurrences(md, "\n### ") == elements);
  for (const auto& r : rb.rules) {
    CHECK(html.find("<article id=\"r-" + r.id + "\"") != std::string::npos);
    CHECK(md.find("<a id=\"r-" + r.id + "\"></a>") != std::string::npos);
  }
  // Every question links to the rules that read it, and those rules exist as entries.
  CHECK(md.find("- **Read by:** [`") != std::string::npos);
  CHECK(md.find("- **Rule files:**\n  - `base.yaml` (1 lines)\n  - `rules.yaml` (2 lines)") != std::string::npos);
  // Without an SVG the graph is its DOT text.
  CHECK(md.find("```dot\n// The rule graph of tiny-example") != std::string::npos);
  CHECK(html.find("<pre>// The rule graph of tiny-example") != std::string::npos);
}

TEST_CASE("the shipped rule book shows each red flag's sign, and the safety net as signs") {
  const RuleBase rb = test::load_dir("rules");
  const std::string md = rule_book(rb, RuleBookInput{{}, std::nullopt, "backtriage test"}, RuleBookFormat::markdown);
  size_t flags = 0;
  for (const Rule& r : rb.rules) flags += r.red_flag;
  CHECK(occurrences(md, "- **Sign to watch for:** ") == flags);
  CHECK(md.find("- **Sign to watch for:** numbness around your genitals or bottom") != std::string::npos);
  CHECK(md.find("cannot newly appear") != std::string::npos);  // history flags say why they have none
  // The self-care level's net names signs in the words a person reads, never a fact of history
  // alone (age, a past cancer, a medicine, an accident that has happened or not).
  const size_t self_care = md.find("<a id=\"d-self_care\"></a>");
  REQUIRE(self_care != std::string::npos);
  const std::string entry = md.substr(self_care, md.find("<a id=", self_care + 10) - self_care);
  CHECK(entry.find("Go to the emergency department now if you notice: numbness around your genitals") != std::string::npos);
  for (const char* history : {"Under 16", "who has had cancer", "Taking a blood thinner", "serious accident", "Osteoporosis"}) {
    CAPTURE(history);
    CHECK(entry.find(history) == std::string::npos);
  }
}

TEST_CASE("the fingerprint follows names and contents") {
  const std::vector<std::pair<std::string, std::string>> a = {{"x.yaml", "1"}}, b = {{"x.yaml", "2"}}, c = {{"y.yaml", "1"}};
  CHECK(rule_files_fingerprint(a) == rule_files_fingerprint(a));
  CHECK(rule_files_fingerprint(a).size() == 64);
  CHECK(rule_files_fingerprint(a) != rule_files_fingerprint(b));
  CHECK(rule_files_fingerprint(a) != rule_files_fingerprint(c));
}

TEST_CASE("the fingerprint is sha256sum's output hashed, names in byte order") {
  // printf '1' > x.yaml && sha256sum x.yaml: the line, and the SHA-256 of that line.
  CHECK(sha256sum_line("x.yaml", "1") == "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b  x.yaml\n");
  CHECK(rule_files_fingerprint({{"x.yaml", "1"}}) == "7070cfad19264eb4fa51fd60682fa77c507ef86b6f75807f34e16931c474e7f0");
  // Listed in another order, the same files: the same fingerprint.
  CHECK(rule_files_fingerprint({{"b.yaml", "1"}, {"a.yaml", "2"}}) == rule_files_fingerprint({{"a.yaml", "2"}, {"b.yaml", "1"}}));
  // Byte order, not a locale's: 'B' (0x42) before 'a' (0x61), and bytes above 0x7f last.
  // (three empty files; LC_ALL=C sort, then sha256sum, then sha256sum of its output)
  CHECK(rule_files_fingerprint({{"a.yaml", ""}, {"\xc3\xa9.yaml", ""}, {"B.yaml", ""}}) ==
        "3ff67ced9c0d73268d8e0ef6c5a9b23191715bf10727b69f5c382337e48d7eac");
  // coreutils' escapes: a backslash, a line feed or a carriage return in a name marks the line.
  const std::string empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  CHECK(sha256sum_line("a\\b.yaml", "") == "\\" + empty + "  a\\\\b.yaml\n");
  CHECK(sha256sum_line("c\nd.yaml", "") == "\\" + empty + "  c\\nd.yaml\n");
  CHECK(sha256sum_line("e\rf.yaml", "") == "\\" + empty + "  e\\rf.yaml\n");
}

TEST_CASE("an SVG file is inlined from <svg to </svg>") {
  CHECK(inline_svg("<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<!-- dot -->\n<svg width=\"1\">\n<g/>\n</svg>\n") ==
        "<svg width=\"1\">\n<g/>\n</svg>");
  CHECK_FALSE(inline_svg("Error: syntax error in line 1"));
  CHECK_FALSE(inline_svg("</svg> before <svg"));
  const RuleBase rb = test::load_dir("docs/examples/tiny");
  const RuleBookInput input{{}, "<svg>\n\n<g/>\n</svg>", "t"};
  const std::string md = rule_book(rb, input, RuleBookFormat::markdown);
  CHECK(md.find("<div>\n<svg>\n<g/>\n</svg>\n</div>") != std::string::npos);  // no blank line ends the HTML block
}

TEST_CASE("code spans survive backticks in the text") {
  const RuleBase rb = test::load(R"(questions:
  - {id: a, order: 1, type: yes_no, text: "A?"}
rules:
  - id: r
    title: "uses `ticks` and ``more``"
    when: a == yes
    then: {disposition: see_doctor}
    source: {ref: src, section: "S|T"}
)");
  const std::string md = rule_book(rb, {{}, std::nullopt, "t"}, RuleBookFormat::markdown);
  CHECK(md.find("uses \\`ticks\\` and \\`\\`more\\`\\`") != std::string::npos);
  CHECK(md.find("section “S\\|T”") != std::string::npos);
}
}
