// Reading an answers file: a map or a FHIR QuestionnaireResponse (see answer_files.hpp).
#include "interop/answer_files.hpp"

#include "interop/fhir.hpp"
#include "io/answers.hpp"
#include "lang/yaml_tree.hpp"

namespace backtriage {

std::optional<std::vector<Value>> read_answers_file(const std::string& path, const RuleBase& rb, Diagnostics& diags,
                                                    AnswersFormat* format) {
  const auto text = read_answers_text(path, diags);
  if (!text) return std::nullopt;
  const auto root =
      yaml::parse(path == "-" ? "standard input" : path, *text, diags, {}, yaml::EmptyDocument::empty_map);
  if (!root) return std::nullopt;
  const bool fhir = is_fhir_resource(*root);
  if (format) *format = fhir ? AnswersFormat::fhir_response : AnswersFormat::map;
  return fhir ? read_questionnaire_response(*root, rb, diags) : read_answer_map(*root, rb, diags);
}

}  // namespace backtriage
