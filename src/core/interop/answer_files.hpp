// An answers file as `assess --answers` and `ask --resume` take it: a plain map of question id to
// answer (YAML or JSON), or an HL7 FHIR QuestionnaireResponse, told apart by its resourceType.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "lang/yaml_tree.hpp"
#include "model/model.hpp"

namespace backtriage {

enum class AnswersFormat { map, fhir_response };

/// The most YAML nodes an answers file may hold (a rule file may hold 200,000).
inline constexpr size_t kMaxAnswersFileNodes = 5'000;

/// An answers file read (path "-": standard input) and parsed with the safe YAML reader within
/// kMaxAnswersFileNodes, every node with its place; with json, first checked as strict JSON, to
/// say what is wrong and where (YAML's reading of broken JSON misleads).
struct AnswersDocument {
  std::string name;  // for messages: the path, or "standard input"
  std::string text;
  yaml::Node root;
};
std::optional<AnswersDocument> read_answers_document(const std::string& path, bool json, Diagnostics& diags);

/// read_answer_map on a file read with the safe YAML reader (JSON is YAML here too), or
/// read_questionnaire_response when the file is a FHIR resource. format, when given, says which.
/// A file with nothing in it (empty, only comments) holds no answers.
std::optional<std::vector<Value>> read_answers_file(const std::string& path, const RuleBase& rb, Diagnostics& diags,
                                                    AnswersFormat* format = nullptr);

}  // namespace backtriage
