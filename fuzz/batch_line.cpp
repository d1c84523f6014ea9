// Fuzz target: any bytes as a batch line. The fast reader (RapidJSON) and the reference
// (nlohmann) must give the same verdict, values, id and message on every line.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common.hpp"
#include "json_answers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace backtriage;
  const RuleBase& rb = fuzz::shipped();
  static JsonAnswerReader reader(rb);  // reused, as batch reuses it: state must not leak between lines
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const JsonAnswers want = parse_json_answers(line, rb);
  const JsonAnswers& got = reader.read(line);
  if (got.ok != want.ok) fuzz::broken("the readers disagree on accepting the line");
  if (got.values != want.values) fuzz::broken("the readers read different answers");
  if (got.id != want.id) fuzz::broken("the readers echo different ids: " + got.id + " vs " + want.id);
  if (got.error != want.error) fuzz::broken("the readers give different messages: " + got.error + " vs " + want.error);
  return 0;
}
