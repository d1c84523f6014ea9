// Fuzz target: any bytes as an answers file (assess --answers, ask --resume), a plain map or a
// FHIR QuestionnaireResponse. Refused or read, never a crash; answers it reads, written back by
// render_answers_file (what ask --record writes), must read back the same.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common.hpp"
#include "interop/fhir.hpp"
#include "io/answers.hpp"
#include "lang/yaml_tree.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace backtriage;
  const RuleBase& rb = fuzz::shipped();
  Diagnostics diags;
  const auto root = yaml::parse("answers.yaml", std::string_view(reinterpret_cast<const char*>(data), size), diags,
                                {}, yaml::EmptyDocument::empty_map);
  // A FHIR QuestionnaireResponse takes its own reader, as in read_answers_file.
  const auto values = !root                    ? std::nullopt
                       : is_fhir_resource(*root) ? read_questionnaire_response(*root, rb, diags)
                                                 : read_answer_map(*root, rb, diags);
  (void)diags.format_all();
  fuzz::check_diagnostics_bounded(diags);
  if (!values) return 0;
  std::vector<std::pair<FactId, Value>> given;
  for (FactId q = 0; q < rb.question_count; ++q)
    if ((*values)[static_cast<size_t>(q)] != kUnknown) given.emplace_back(q, (*values)[static_cast<size_t>(q)]);
  const std::string written = render_answers_file(rb, given);
  Diagnostics again;
  const auto root2 = yaml::parse("recorded.yaml", written, again, {}, yaml::EmptyDocument::empty_map);
  const auto values2 = root2 ? read_answer_map(*root2, rb, again) : std::nullopt;
  if (!values2) fuzz::broken("a recorded answers file does not read back: " + again.format_all());
  if (*values2 != *values) fuzz::broken("a recorded answers file reads back different answers");
  return 0;
}
