// Fuzz target: any bytes as the answer to each question (what a flag, --answer, a prompt or a
// file gives parse_value). Accepted values must be in range and print back to text that parses
// to the same value; refusals must say what is allowed.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace backtriage;
  const RuleBase& rb = fuzz::shipped();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (FactId q = 0; q < rb.question_count; ++q) {
    const Fact& f = rb.facts[static_cast<size_t>(q)];
    const ParsedValue v = parse_value(rb, q, text);
    if (!v.ok) {
      if (v.error.empty()) fuzz::broken("a refusal without a message");
      continue;
    }
    if (v.value < f.min || v.value > f.max) fuzz::broken("an accepted value out of range");
    const ParsedValue back = parse_value(rb, q, rb.value_text(q, v.value));
    if (!back.ok || back.value != v.value) fuzz::broken("value_text does not parse back to the same value");
  }
  return 0;
}
