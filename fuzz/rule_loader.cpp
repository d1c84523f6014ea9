// Fuzz target: any bytes as a rule file. The loader must refuse or accept without crashing,
// hanging or growing without bound; a rule base it accepts must survive the compiled cache's
// round trip (serialize, deserialize, serialize gives the same bytes; only a chain of derived
// facts deeper than the cache allows stays out of it) and evaluate.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common.hpp"
#include "eval/evaluator.hpp"
#include "lang/cache.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace backtriage;
  Diagnostics diags;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto rb = load_rule_base_texts({{"fuzz.yaml", text}}, diags);
  (void)diags.format_all();  // formatting every message (quoted lines, carets) must not crash either
  fuzz::check_diagnostics_bounded(diags);
  if (!rb) return 0;
  const CacheKey key = rule_files_key({{"fuzz.yaml", text}}, "fuzz");
  const std::string bytes = serialize_rule_base(*rb, key);
  std::string why;
  const auto back = deserialize_rule_base(bytes, key, why);
  // The one limit of the cache that the loader lacks: chains of derived facts at most 64 deep.
  if (!back && why.find("stratum") == std::string::npos)
    fuzz::broken("an accepted rule base does not read back from its cache bytes: " + why);
  if (!back) return 0;
  if (serialize_rule_base(*back, key) != bytes) fuzz::broken("the cache round trip changed the rule base");
  Evaluator ev(*back);
  std::vector<Value> none(static_cast<size_t>(back->question_count), kUnknown);
  ev.evaluate(none);
  return 0;
}
