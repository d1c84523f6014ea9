// One batch line of JSON answers: strict JSON, read straight into values, every refusal named.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "io/json_answers.hpp"
#include "test_support.hpp"

using namespace backtriage;

namespace {

const RuleBase& tiny() {
  static const RuleBase rb = test::load_dir("docs/examples/tiny");
  return rb;
}

Value answer(const JsonAnswers& a, const char* question) {
  return a.values.at(static_cast<size_t>(*tiny().find_fact(question)));
}

std::string error_of(const std::string& line) {
  const JsonAnswers a = parse_json_answers(line, tiny());
  CHECK_FALSE(a.ok);
  CHECK(a.error.find("[json.exception") == std::string::npos);
  return a.error;
}

/// The id echoed for an accepted line, by the reference and the fast reader alike.
std::string id_of(const std::string& line) {
  const JsonAnswers want = parse_json_answers(line, tiny());
  REQUIRE_MESSAGE(want.ok, want.error);
  JsonAnswerReader reader(tiny());
  CHECK(reader.read(line).id == want.id);
  return want.id;
}

}  // namespace

TEST_SUITE("json answers") {
TEST_CASE("answers of every type are read into values; null and absent mean not answered") {
  const JsonAnswers a = parse_json_answers(
      R"({"id": "case-7", "saddle_numbness": false, "pain_score": 8, "side": "Left", "days_since_onset": null})", tiny());
  REQUIRE_MESSAGE(a.ok, a.error);
  CHECK(a.id == "\"case-7\"");
  CHECK(answer(a, "saddle_numbness") == kNo);
  CHECK(answer(a, "pain_score") == 8);
  CHECK(answer(a, "side") == 0);
  CHECK(answer(a, "days_since_onset") == kUnknown);
  CHECK(answer(a, "cold_makes_stiffer") == kUnknown);
  // Spelled as in the questionnaire, a number may also come as a string.
  const JsonAnswers b = parse_json_answers(R"({"saddle_numbness": "yes", "pain_score": "3"})", tiny());
  REQUIRE_MESSAGE(b.ok, b.error);
  CHECK(b.id.empty());
  CHECK(answer(b, "saddle_numbness") == kYes);
  CHECK(answer(b, "pain_score") == 3);
}

TEST_CASE("the id is echoed as given, whatever its JSON type, even when an answer is refused") {
  CHECK(parse_json_answers(R"({"id": 17})", tiny()).id == "17");
  CHECK(parse_json_answers(R"({"id": {"site": "A", "n": [1, {"x": null}, []], "e": {}}})", tiny()).id ==
        R"({"site":"A","n":[1,{"x":null},[]],"e":{}})");  // compact, keys in the order given
  const JsonAnswers refused = parse_json_answers(R"({"pain_score": 11, "id": ["a", true]})", tiny());
  CHECK_FALSE(refused.ok);
  CHECK(refused.id == R"(["a",true])");
  CHECK(refused.error.find("pain_score") != std::string::npos);
}

TEST_CASE("a number id is echoed exactly as written, never re-serialised") {
  // Two 23-digit ids that a double would both turn into 1.2345678901234568e+22.
  CHECK(id_of(R"({"id": 12345678901234567890123})") == "12345678901234567890123");
  CHECK(id_of(R"({"id": 12345678901234567890124})") == "12345678901234567890124");
  for (const char* number : {"0", "-0", "-17", "18446744073709551616", "-9223372036854775809", "1.5e3", "1E-7",
                             "-0.0", "0.10", "2.50", "1e+2", "1e-400", "123456789012345678901234567890.000"}) {
    CAPTURE(number);
    CHECK(id_of(fmt::format(R"({{"id": {}, "pain_score": 1}})", number)) == number);
  }
  CHECK(id_of(R"({"id": [1.0, -0, 1e2], "side": "left"})") == "[1.0,-0,1e2]");
  // Both readers see "-0" only as an integer event for a number written with a minus sign.
  JsonAnswerReader fast(tiny());
  CHECK(fast.read(R"({"id": -0, "pain_score": -0})").id == "-0");
  CHECK(fast.last_was_fast());
  // A number beyond a double stops nlohmann: the line is refused, and the id is not echoed.
  const JsonAnswers too_big = parse_json_answers(R"({"id": 1e400, "pain_score": 1})", tiny());
  CHECK_FALSE(too_big.ok);
  CHECK(too_big.id.empty());
  CHECK(too_big.error == "the number 1e400 is out of range");
}

TEST_CASE("a string id is echoed as valid JSON with every control and bidi character escaped") {
  CHECK(id_of(R"({"id": "case-7"})") == R"("case-7")");
  CHECK(id_of(R"({"id": "a\"b\\c\/d"})") == R"("a\"b\\c/d")");
  CHECK(id_of(R"({"id": "\u001b[2J\u0000\t\n\r\b\f\u007f"})") == R"("\u001b[2J\u0000\t\n\r\b\f\u007f")");
  // C1 controls (U+009B is a one-byte CSI on some terminals), bidi controls and U+FEFF, raw in
  // the line or escaped, come out escaped; other text is kept as it is.
  CHECK(id_of(R"({"id": "\u009b31m"})") == R"("\u009b31m")");
  CHECK(id_of("{\"id\": \"\xc2\x9b" "31m\"}") == R"("\u009b31m")");
  CHECK(id_of("{\"id\": \"abc\xe2\x80\xae" "dcba\"}") == R"("abc\u202edcba")");
  CHECK(id_of(R"({"id": "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\ufeff"})") ==
        R"("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\ufeff")");
  CHECK(id_of("{\"id\": \"caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80\"}") == "\"caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80\"");
  CHECK(id_of(R"({"id": {"\u202e": "\u001b"}})") == R"({"\u202e":"\u001b"})");  // keys of an object id too
  CHECK(json_id_string("\xd8\x9c\xe2\x80\x8e\xe2\x80\x8f\x7f") == R"("\u061c\u200e\u200f\u007f")");
}

TEST_CASE("an id longer than 4096 bytes of JSON is refused and not echoed") {
  const std::string longest(kMaxIdLength - 2, 'x');
  CHECK(id_of(R"({"id": ")" + longest + "\"}") == '"' + longest + '"');
  for (const std::string& line : {R"({"id": ")" + longest + "x\"}", R"({"id": [)" + std::string(kMaxIdLength, '[') + "}",
                                  R"({"id": 1.)" + std::string(kMaxIdLength - 1, '0') + "}",
                                  R"({"id": {"a": ")" + std::string(kMaxIdLength, 'x') + "\"}}"}) {
    const JsonAnswers a = parse_json_answers(line, tiny());
    CHECK_FALSE(a.ok);
    CHECK(a.id.empty());
    CHECK(a.error == "the id is longer than 4096 bytes (as JSON)");
  }
  // Escapes count as echoed: 700 bidi controls are 4,200 bytes of JSON.
  std::string bidi = R"({"id": ")";
  for (int i = 0; i < 700; ++i) bidi += "\xe2\x80\xae";
  CHECK(parse_json_answers(bidi + "\"}", tiny()).error == "the id is longer than 4096 bytes (as JSON)");
}

TEST_CASE("duplicate keys are refused at every level, unlike nlohmann's default of keeping the last") {
  CHECK(error_of(R"({"pain_score": 2, "pain_score": 9})") == "duplicate key 'pain_score' (each question may appear once)");
  CHECK(error_of(R"({"id": 1, "id": 2})").starts_with("duplicate key 'id'"));
  CHECK(error_of(R"({"id": {"a": 1, "a": 2}})").starts_with("duplicate key 'a'"));
  CHECK(error_of(R"({"pain_score": {"a": 1, "a": 2}})").find("is an object") != std::string::npos);
}

TEST_CASE("wrong types name the question and what it accepts") {
  CHECK(error_of(R"({"pain_score": 2.5})") == "the answer to 'pain_score' is a fractional number: expected " +
                                                   tiny().accepted_text(*tiny().find_fact("pain_score")));
  CHECK(error_of(R"({"pain_score": true})").starts_with("the answer to 'pain_score' is boolean"));
  CHECK(error_of(R"({"side": 1})").starts_with("the answer to 'side' is number"));
  CHECK(error_of(R"({"saddle_numbness": [true]})").starts_with("the answer to 'saddle_numbness' is a list"));
  CHECK(error_of(R"({"pain_score": 18446744073709551615})") ==
        "'18446744073709551615' is not an accepted answer to 'pain_score': expected a whole number from 0 to 10");
  CHECK(error_of(R"({"pain_score": -1})").find("pain_score") != std::string::npos);
  CHECK(error_of(R"({"side": "up"})").find("left") != std::string::npos);
  CHECK(error_of(R"({"pain_scor": 1})") == "unknown question 'pain_scor' (did you mean 'pain_score'?)");
  CHECK(error_of(R"({"early_days": "yes"})").starts_with("unknown question 'early_days'"));  // derived, not asked
}

TEST_CASE("a whole number beyond 64 bits is an out-of-range answer, quoted as written, not a fraction") {
  const std::string range = "expected a whole number from 0 to 10";
  CHECK(error_of(R"({"pain_score": 123456789012345678901234})") ==
        "'123456789012345678901234' is not an accepted answer to 'pain_score': " + range);
  CHECK(error_of(R"({"pain_score": -123456789012345678901234})") ==
        "'-123456789012345678901234' is not an accepted answer to 'pain_score': " + range);
  CHECK(error_of(R"({"pain_score": 18446744073709551616})") ==
        "'18446744073709551616' is not an accepted answer to 'pain_score': " + range);
  // Beyond a double (nlohmann stops there): the same message, the number clipped to 64 characters.
  const std::string huge = fmt::format("-1{}", std::string(400, '0'));
  CHECK(error_of(fmt::format(R"({{"pain_score": {}}})", huge)) ==
        fmt::format("'{}...' is not an accepted answer to 'pain_score': {}", huge.substr(0, 64), range));
  CHECK(error_of(R"({"saddle_numbness": 123456789012345678901234})") ==
        "the answer to 'saddle_numbness' is number: expected yes or no");
  CHECK(error_of(fmt::format(R"({{"side": {}}})", huge)).starts_with("the answer to 'side' is number: expected one of"));
  // Fractions keep their own message, however large or written.
  for (const char* fraction : {"1.5", "1e3", "1E3", "-0.0", "1.0", "1e400", "-1.5e999"}) {
    CAPTURE(fraction);
    CHECK(error_of(fmt::format(R"({{"pain_score": {}}})", fraction)) ==
          "the answer to 'pain_score' is a fractional number: " + range);
  }
  CHECK(error_of("123456789012345678901234") == "expected a JSON object of question id to answer, found number");
  CHECK(error_of("1e400") == "expected a JSON object of question id to answer, found a fractional number");
}

TEST_CASE("messages quote at most 64 characters of the line, and never nlohmann's exception prefix") {
  const std::string mib(size_t{1} << 20, 'x');
  const std::string clipped = fmt::format("{}...", std::string(64, 'x'));
  CHECK(error_of(fmt::format(R"({{"{}": 1}})", mib)) == fmt::format("unknown question '{}'", clipped));
  CHECK(error_of(fmt::format(R"({{"side": "{}"}})", mib)) ==
        fmt::format("'{}' is not an accepted answer to 'side': expected one of 'left', 'right' or 'both'", clipped));
  CHECK(error_of(fmt::format(R"({{"side": "  {}  "}})", mib)).starts_with(fmt::format("'{}' is not", clipped)));
  CHECK(error_of(fmt::format(R"({{"side": "{})", mib)) ==
        fmt::format("not valid JSON at column 1048587: invalid string: missing closing quote; last read: '\"{}...'",
                    std::string(63, 'x')));
  // Control characters count as they are shown: eight NULs already fill 64 characters.
  CHECK(error_of(R"({"side": "\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000"})") ==
        R"('\u{0000}\u{0000}\u{0000}\u{0000}\u{0000}\u{0000}\u{0000}\u{0000}...' is not an accepted answer to 'side': )"
        "expected one of 'left', 'right' or 'both'");
  CHECK(error_of(R"({"pain_score": x})") ==
        R"(not valid JSON at column 16: 'x' is not a JSON value (text needs double quotes; yes and no are "yes" and "no"))");
  // A key without quotes: the word read is named, not the end of nlohmann's "expected ..." text.
  CHECK(error_of("{garbage}") ==
        R"(not valid JSON at column 2: 'g' is not a JSON value (text needs double quotes; yes and no are "yes" and "no"))");
  for (const char* lone : {R"({"fever": "\ud800"})", R"({"fever": "\udc00"})", R"({"fever": "\ud800x"})"}) {
    CAPTURE(lone);
    const std::string e = error_of(lone);
    CHECK(e.find("not half of a pair") != std::string::npos);
    CHECK(e.find("U+D") == std::string::npos);  // none of nlohmann's wording
  }
  // Spaces around an answer are still allowed, however many; a longer answer is refused unread.
  const JsonAnswers padded = parse_json_answers(fmt::format(R"({{"side": "{}left "}})", std::string(100000, ' ')), tiny());
  REQUIRE_MESSAGE(padded.ok, padded.error);
  CHECK(answer(padded, "side") == 0);
  const std::string zeros = fmt::format("{}7", std::string(kMaxAnswerLength - 1, '0'));
  CHECK(answer(parse_json_answers(fmt::format(R"({{"pain_score": "{}"}})", zeros), tiny()), "pain_score") == 7);
  CHECK(error_of(fmt::format(R"({{"pain_score": "0{}"}})", zeros)) ==
        fmt::format("'{}...' is not an accepted answer to 'pain_score': expected a whole number from 0 to 10",
                    std::string(64, '0')));
}

TEST_CASE("a list or object as an answer or as the line is refused at its first bracket") {
  // Answers are flat, so the rest is never read: a megabyte of unclosed brackets costs no more
  // than one, and is not reported as a syntax error.
  const std::string deep(size_t{1} << 20, '[');
  CHECK(error_of(deep) == "expected a JSON object of question id to answer, found a list");
  const JsonAnswers nested = parse_json_answers(R"({"id": 3, "pain_score": )" + deep, tiny());
  CHECK_FALSE(nested.ok);
  CHECK(nested.id == "3");
  CHECK(nested.error == "the answer to 'pain_score' is a list: expected a whole number from 0 to 10");
  std::string objects = R"({"id": "o", "side": )";
  for (int i = 0; i < 200000; ++i) objects += R"({"a": )";
  CHECK(parse_json_answers(objects, tiny()).error == "the answer to 'side' is an object: expected one of 'left', 'right' or 'both'");
  CHECK(error_of(R"({"nope": )" + deep) == "unknown question 'nope'");
  // The id may nest, within its 4096 bytes; past them the reading stops too.
  CHECK(error_of(R"({"id": )" + deep) == "the id is longer than 4096 bytes (as JSON)");
}

TEST_CASE("only one JSON object, strictly: no YAML, comments, trailing data or other top-level values") {
  for (const char* line : {"{pain_score: 1}", "{\"pain_score\": 1} x", "{\"pain_score\": 1}{}", "{\"a\": 1,}",
                           "// c\n{}", "{\"pain_score\": 01}", "{\"p\": 'x'}", "", "{\"x\": \"\\ud800\"}"})
    CHECK_MESSAGE(error_of(line).starts_with("not valid JSON"), line);
  CHECK(error_of("[1, 2]") == "expected a JSON object of question id to answer, found a list");
  CHECK(error_of("\"text\"") == "expected a JSON object of question id to answer, found string");
  CHECK(error_of("null") == "expected a JSON object of question id to answer, found null");
  CHECK(error_of("4.5") == "expected a JSON object of question id to answer, found a fractional number");
  // A syntax error later in the line wins over a refused answer before it.
  CHECK(error_of(R"({"nope": 1, )").starts_with("not valid JSON"));
  CHECK(parse_json_answers("{}", tiny()).ok);
}

TEST_CASE("the first refusal in the line is the one reported") {
  CHECK(error_of(R"({"zzz": 1, "aaa": 2})").starts_with("unknown question 'zzz'"));
}
}

TEST_SUITE("json answers") {
TEST_CASE("the fast reader gives the reference's verdict, values, id and message on every line") {
  const RuleBase& rb = tiny();
  JsonAnswerReader reader(rb);
  std::vector<std::string> lines = {
      R"({"id": "a", "saddle_numbness": "no", "pain_score": 3, "side": "both", "days_since_onset": 2, "cold_makes_stiffer": true})",
      R"({"id": -4, "pain_score": "7"})", R"({"id": 1.5e3})", R"({"id": null, "side": null})", R"({"id": false})",
      R"({"id": "\u00e9\n\u0001"})", R"({"id": {"a": [1]}})", R"({"pain_score": 9223372036854775808})",
      R"({"pain_score": 1, "pain_score": 1})", R"({"nope": 1})", R"({"side": true})", R"({"": 1})", R"({"id": 1, "": 1})", "[]", "\"x\"", "3", "null", "true",
      R"({"id": "\ud800"})", R"({"id": "\udc00"})", R"({"id": "\u00e9"})", std::string("{}\0{", 3), R"({"id": 1e400})",
      R"({"id": -0.0})", R"({"id": 1E2})", R"({"id": 0.1})", R"({"id": 123456789012345678901234567890})", "\xef\xbb\xbf{}", "{} ", " {}\t", "{}\n",
      R"({"id": 12345678901234567890123, "pain_score": 2})", R"({"id": -0, "pain_score": -0})", R"({"id": 1e-400})",
      R"({"pain_score": 1e400})", R"({"pain_score": 123456789012345678901234})", R"({"pain_score": 2.0})",
      "{\"id\": \"\xe2\x80\xae\xc2\x9b\x7f\", \"side\": \"\xe2\x80\xae\"}", R"({"side": "   left  "})",
      R"({"side": ")" + std::string(1000, ' ') + "left\"}", R"({"pain_score": ")" + std::string(kMaxAnswerLength - 1, '0') + "7\"}",
      R"({"pain_score": ")" + std::string(kMaxAnswerLength, '0') + "7\"}", R"({"id": ")" + std::string(kMaxIdLength - 2, 'i') + "\"}",
      R"({"id": ")" + std::string(kMaxIdLength - 1, 'i') + "\"}", R"({"id": )" + std::string(kMaxIdLength, '1') + "}",
      R"({"id": )" + std::string(kMaxIdLength + 1, '1') + "}", R"({"pain_score": [[[)", std::string(100000, '{'),
      // Numbers near a double's limit, which the reference cannot read beyond.
      R"({"id": 88888888888888888888888888888888888888888888888888888888888888888888417e283})",
      R"({"id": 1)" + std::string(307, '0') + "}", R"({"id": -1)" + std::string(307, '0') + "}",
      R"({"id": 1)" + std::string(308, '0') + "}", R"({"id": 1)" + std::string(309, '0') + "}",
      R"({"id": 1.7976931348623157e308})", R"({"id": 1.7976931348623159e308})", R"({"id": 0.1e-400})"};
  // Every prefix and a byte changed at every position of the first line: well formed or not,
  // the two readers must agree.
  const std::string base = lines[0];
  for (size_t i = 0; i <= base.size(); ++i) lines.push_back(base.substr(0, i));
  for (size_t i = 0; i < base.size(); ++i)
    for (const char c : {'"', '{', '1', ' ', '\\', 'x', '\x80', '\0'}) {
      std::string changed = base;
      changed[i] = c;
      lines.push_back(changed);
    }
  size_t fast = 0;
  for (const std::string& line : lines) {
    const JsonAnswers want = parse_json_answers(line, rb);
    const JsonAnswers& got = reader.read(line);
    fast += reader.last_was_fast();
    CHECK_MESSAGE(got.ok == want.ok, line);
    CHECK_MESSAGE(got.values == want.values, line);
    CHECK_MESSAGE(got.given == want.given, line);
    CHECK_MESSAGE(got.id == want.id, line);
    CHECK_MESSAGE(got.error == want.error, line);
  }
  CHECK(fast >= 6);  // the plain lines took the fast path, so the comparison is not vacuous
}
}
