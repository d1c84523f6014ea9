// The defensive YAML reader: every hostile input of RELIABILITY.md that the loader must refuse
// is refused here, with a place and a message, and nothing of yaml-cpp's leniency leaks through.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "lang/yaml_tree.hpp"

using namespace backtriage;

namespace {
/// Parses text and returns the single formatted diagnostic ("" when it parsed).
std::string first_error(const std::string& text, const yaml::Limits& limits = {}) {
  Diagnostics diags;
  const auto root = yaml::parse("t.yaml", text, diags, limits);
  if (root) return "";
  REQUIRE(!diags.items().empty());
  const auto& d = diags.items().front();
  return d.loc.str() + ": " + d.message;
}
}  // namespace

TEST_SUITE("yaml_tree") {
TEST_CASE("a map keeps its keys in order with their places") {
  Diagnostics diags;
  const auto root = yaml::parse("t.yaml", "b: 1\na:\n  - x\n  - \"y\"\n", diags);
  REQUIRE(root.has_value());
  REQUIRE(root->children.size() == 2);
  CHECK(root->children[0].key == "b");
  CHECK(root->children[1].key == "a");
  CHECK(root->children[1].key_loc.line == 2);
  const yaml::Node* a = root->find("a");
  REQUIRE(a != nullptr);
  REQUIRE(a->is_sequence());
  CHECK(a->children[1].value == "y");
  CHECK(a->children[1].quoted);
  CHECK(a->children[1].loc.str() == "t.yaml:4:5");
}

TEST_CASE("duplicate keys are refused at the second key, whatever their quoting") {
  CHECK(first_error("id: r1\nid: r2\n") == "t.yaml:2:1: duplicate key 'id' (each key may appear once in a map)");
  CHECK(first_error("{\"id\": 1, \"id\": 2}\n").find("duplicate key 'id'") != std::string::npos);
  CHECK(first_error("a: 1\n'a': 2\n").find("t.yaml:2:1: duplicate key") == 0);
}

TEST_CASE("anchors and aliases are refused, so no alias bomb or cycle can be expanded") {
  CHECK(first_error("a: &x 1\nb: *x\n") == "t.yaml:1:4: anchors (&name) are not allowed: write the value out in full");
  std::string bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'i'; ++c)
    bomb += fmt::format("{}: &{} [*{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}]\n", c, c, c - 1, c - 1,
                        c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
  const auto start = std::chrono::steady_clock::now();
  CHECK(first_error(bomb).find("anchors (&name) are not allowed") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));  // a bound, not a benchmark
  CHECK(first_error("k: &a [*a]\n").find("anchors") != std::string::npos);
}

TEST_CASE("explicit tags, merge keys, null keys and complex keys are refused") {
  CHECK(first_error("a: !!binary aGk=\n").find("tags such as") != std::string::npos);
  CHECK(first_error("a: !!str x\n").empty());
  CHECK(first_error("<<: {a: 1}\n").find("merge keys (<<) are not supported") != std::string::npos);
  CHECK(first_error("~: 1\n").find("a key must be a plain name") != std::string::npos);
  CHECK(first_error("? [a, b]\n: c\n").find("a key must be a plain name") != std::string::npos);
}

TEST_CASE("an unclosed quote is an error, not the rest of the file swallowed") {
  CHECK(first_error("a: \"x\nb: 2\n") == "t.yaml:1:4: this double quote is never closed");
  CHECK(first_error("a: 'it''s\nb: 2\n") == "t.yaml:1:4: this single quote is never closed");
  CHECK(first_error("a: 'it''s'\nb: \"q\\\"\"\n").empty());
}

TEST_CASE("one document only: a second one, or junk yaml-cpp would loop on, is refused") {
  CHECK(first_error("a: 1\n---\nb: 2\n").find("more than one YAML document") != std::string::npos);
  CHECK_FALSE(first_error(",").empty());
  CHECK_FALSE(first_error("a\n---\n,").empty());
}

TEST_CASE("empty files, comments only and non-map roots are refused") {
  CHECK(first_error("") == "t.yaml: empty file: expected a YAML map");
  CHECK(first_error("# only a comment\n") == "t.yaml: empty file: expected a YAML map");
  CHECK(first_error("---\n") == "t.yaml: empty file: expected a YAML map");
  CHECK(first_error("- a\n") == "t.yaml:1:1: expected a map of keys at the top of the file, found a list");
  CHECK(first_error("just text\n").find("found a single value") != std::string::npos);
}

TEST_CASE("an answers file may hold nothing: read as an empty map, where a rule file is refused") {
  for (const char* text : {"", "# only a comment\n", "---\n", "\xEF\xBB\xBF# recorded, then 'back'\n"}) {
    CAPTURE(text);
    Diagnostics diags;
    const auto root = yaml::parse("a.yaml", text, diags, {}, yaml::EmptyDocument::empty_map);
    REQUIRE(root);
    CHECK(root->is_map());
    CHECK(root->children.empty());
    CHECK(diags.error_count() == 0);
  }
  for (const char* text : {"- a\n", "~\n", "null\n", "--- ~\n", "# c\nnull\n"}) {
    CAPTURE(text);
    Diagnostics diags;
    CHECK_FALSE(yaml::parse("a.yaml", text, diags, {}, yaml::EmptyDocument::empty_map));
  }
}

TEST_CASE("nesting is limited, in flow and block style, in bounded time") {
  const auto start = std::chrono::steady_clock::now();
  CHECK(first_error("a: " + std::string(100000, '[') + std::string(100000, ']')).find("nesting deeper than 64 levels") != std::string::npos);
  std::string block = "a:\n";
  for (int i = 1; i < 80; ++i) block += std::string(static_cast<size_t>(2 * i), ' ') + "b:\n";
  CHECK(first_error(block).find("nesting deeper than 64 levels") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("encoding problems are refused before yaml-cpp sees them") {
  CHECK(first_error("a: caf\xE9\n") == "t.yaml:1:7: invalid UTF-8 byte 0xe9 (files must be UTF-8 text)");
  CHECK(first_error(std::string("\0\0\0a", 4)).find("NUL byte") != std::string::npos);
  CHECK(first_error("a: \"\\0\"\n").find("value contains a NUL byte") != std::string::npos);
  CHECK(first_error("a: \"\\e[2J\"\n").find("control character U+001B") != std::string::npos);
  CHECK(first_error("a: x\rb: y\r").find("carriage return without a line feed") != std::string::npos);
  CHECK(first_error("a: x\xEF\xBB\xBF\n").find("byte order mark") != std::string::npos);
}

TEST_CASE("one leading byte order mark and CRLF line endings are accepted") {
  Diagnostics diags;
  const auto root = yaml::parse("t.yaml", "\xEF\xBB\xBF" "a: 1\r\nb: 2\r\n", diags);
  REQUIRE(root.has_value());
  CHECK(root->find("a") != nullptr);
  CHECK(root->find("b")->value == "2");
}

TEST_CASE("size limits: long values and node counts") {
  yaml::Limits small;
  small.max_scalar_bytes = 10;
  small.max_nodes = 20;
  CHECK(first_error("a: " + std::string(11, 'x') + "\n", small).find("more than the limit of 10") != std::string::npos);
  std::string many = "a: [";
  for (int i = 0; i < 30; ++i) many += "1, ";
  many += "1]\n";
  CHECK(first_error(many, small).find("more than 20 YAML nodes") != std::string::npos);
}

TEST_CASE("tabs used for indentation get a message that says so") {
  CHECK(first_error("a:\n\tb: 1\n").find("tab used for indentation") != std::string::npos);
}

TEST_CASE("files: missing, directory, device and oversized files are refused with a reason") {
  Diagnostics diags;
  CHECK_FALSE(yaml::load_file("/nonexistent/x.yaml", diags).has_value());
  CHECK(diags.items().back().message == "cannot open file: No such file or directory");
  CHECK_FALSE(yaml::load_file("/tmp", diags).has_value());
  CHECK(diags.items().back().message == "is a directory, expected a YAML file");
  CHECK_FALSE(yaml::load_file("/dev/zero", diags).has_value());
  CHECK(diags.items().back().message.find("not a regular file") == 0);

  const auto path = std::filesystem::temp_directory_path() / fmt::format("bt-big-{}.yaml", getpid());
  { std::ofstream(path) << "a: " << std::string(2000, 'x') << "\n"; }
  yaml::Limits limits;
  limits.max_file_bytes = 1000;
  CHECK_FALSE(yaml::load_file(path.string(), diags, limits).has_value());
  CHECK(diags.items().back().message == "file is 2004 bytes, more than the limit of 1000 bytes");
  std::filesystem::remove(path);
}

TEST_CASE("a FIFO is refused without blocking on open") {
  const auto path = std::filesystem::temp_directory_path() / fmt::format("bt-fifo-{}", getpid());
  REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
  Diagnostics diags;
  CHECK_FALSE(yaml::load_file(path.string(), diags).has_value());
  CHECK(diags.items().back().message.find("not a regular file") == 0);
  std::filesystem::remove(path);
}
}
