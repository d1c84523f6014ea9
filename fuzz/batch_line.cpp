// Fuzz target: any bytes as a batch line. The fast reader (RapidJSON) and the reference
// (nlohmann) must give the same verdict, values, id and message on every line; what they echo is
// bounded and safe to print: an id of valid JSON without raw control or bidi characters (a number
// exactly as written), a short message without nlohmann's exception prefix.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common.hpp"
#include "io/json_answers.hpp"

namespace {

/// A raw control character (C0, DEL, C1), bidi control or U+FEFF, which an echoed id must escape.
bool has_raw_control(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    const auto next = [&](size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u; };
    if (b < 0x20 || b == 0x7F) return true;
    if (b == 0xC2 && next(1) >= 0x80 && next(1) <= 0x9F) return true;  // U+0080-U+009F
    if (b == 0xD8 && next(1) == 0x9C) return true;                       // U+061C
    if (b == 0xE2 && next(1) == 0x80 && (next(2) == 0x8E || next(2) == 0x8F || (next(2) >= 0xAA && next(2) <= 0xAE)))
      return true;  // U+200E, U+200F, U+202A-U+202E
    if (b == 0xE2 && next(1) == 0x81 && next(2) >= 0xA6 && next(2) <= 0xA9) return true;  // U+2066-U+2069
    if (b == 0xEF && next(1) == 0xBB && next(2) == 0xBF) return true;                      // U+FEFF
  }
  return false;
}

void check_echo(std::string_view line, const backtriage::JsonAnswers& a) {
  using backtriage::fuzz::broken;
  if (a.id.size() > backtriage::kMaxIdLength) broken("the id is longer than kMaxIdLength: " + a.id);
  if (!a.id.empty() && !nlohmann::json::accept(a.id)) broken("the id is not valid JSON: " + a.id);
  if (has_raw_control(a.id)) broken("the id holds a raw control or bidi character: " + a.id);
  const auto first = a.id.empty() ? '\0' : a.id.front();
  if ((first == '-' || (first >= '0' && first <= '9')) && line.find(a.id) == std::string_view::npos)
    broken("a number id is not echoed as written: " + a.id);
  if (a.error.size() > 512) broken("the message is longer than 512 bytes: " + a.error);
  // (The line itself may hold that text, and a message may quote it.)
  if (a.error.starts_with("not valid JSON: [json.exception")) broken("the message has nlohmann's prefix: " + a.error);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace backtriage;
  const RuleBase& rb = fuzz::shipped();
  static JsonAnswerReader reader(rb);  // reused, as batch reuses it: state must not leak between lines
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const JsonAnswers want = parse_json_answers(line, rb);
  const JsonAnswers& got = reader.read(line);
  if (got.ok != want.ok) fuzz::broken("the readers disagree on accepting the line");
  if (got.values != want.values || got.given != want.given) fuzz::broken("the readers read different answers");
  if (got.id != want.id) fuzz::broken("the readers echo different ids: " + got.id + " vs " + want.id);
  if (got.error != want.error) fuzz::broken("the readers give different messages: " + got.error + " vs " + want.error);
  check_echo(line, want);
  return 0;
}
