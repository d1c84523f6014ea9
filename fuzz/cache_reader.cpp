// Fuzz target: any bytes as the body of a compiled-rule cache file. The body is wrapped in a
// header with the right magic, key and SHA-256, as a forger who knows the format would do, so
// that every input reaches the reader's checks. Refused or read, never a crash, a hang or an
// unbounded allocation; a body that is read writes back to the same bytes (nothing is read that
// is not kept), and the rule base it gives evaluates, finds its missing questions, renders a
// report and exports to FHIR.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common.hpp"
#include "eval/evaluator.hpp"
#include "interop/fhir.hpp"
#include "lang/cache.hpp"
#include "lang/cache_internal.hpp"
#include "report/json_writer.hpp"

namespace {

using namespace backtriage;

const CacheKey& fuzz_key() {
  static const CacheKey key = rule_files_key({}, "fuzz");
  return key;
}

std::string cache_file_with_body(std::string_view body) {
  const Sha256Digest digest = sha256(body);
  std::string file(detail::kCacheMagic);
  file.append(reinterpret_cast<const char*>(fuzz_key().data()), fuzz_key().size());
  file.append(reinterpret_cast<const char*>(digest.data()), digest.size());
  file += body;
  return file;
}

/// Every question at one end of its range, or unknown: the evaluator's walks over what it reads.
void evaluate_extremes(const RuleBase& rb) {
  Evaluator ev(rb);
  std::vector<Value> answers(static_cast<size_t>(rb.question_count), kUnknown);
  (void)ev.evaluate(answers);
  std::string json;
  JsonWriter(rb).write(build_assessment(ev), json);
  for (bool high : {false, true}) {
    for (FactId q = 0; q < rb.question_count; ++q) {
      const Fact& f = rb.facts[static_cast<size_t>(q)];
      answers[static_cast<size_t>(q)] = high ? f.max : f.min;
    }
    (void)ev.evaluate(answers);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string file = cache_file_with_body(std::string_view(reinterpret_cast<const char*>(data), size));
  std::string why;
  const auto rb = deserialize_rule_base(file, fuzz_key(), why);
  if (!rb) {
    if (why.empty()) fuzz::broken("a refused cache file without a reason");
    return 0;
  }
  if (serialize_rule_base(*rb, fuzz_key()) != file) fuzz::broken("an accepted cache file does not write back the same");
  evaluate_extremes(*rb);
  (void)fhir_questionnaire(*rb, default_questionnaire_url(*rb));
  return 0;
}
