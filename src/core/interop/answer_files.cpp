// Reading an answers file: a map or a FHIR QuestionnaireResponse (see answer_files.hpp).
#include "interop/answer_files.hpp"

#include "interop/fhir.hpp"
#include <nlohmann/json.hpp>

#include "base/text.hpp"
#include "io/answers.hpp"
#include "io/json_answers.hpp"
#include "lang/yaml_tree.hpp"

namespace backtriage {

namespace {
bool is_json_file_name(std::string_view path) {
  if (path.size() < 5) return false;
  std::string ext(path.substr(path.size() - 5));
  for (char& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return ext == ".json";
}
}  // namespace

std::optional<AnswersDocument> read_answers_document(const std::string& path, bool json, Diagnostics& diags) {
  auto text = read_answers_text(path, diags);
  if (!text) return std::nullopt;
  std::string name = path == "-" ? "standard input" : path;
  // JSON is YAML, but YAML's reading of broken JSON misleads ("a key must be a plain name" for a
  // missing '}'): JSON is first checked as JSON, to say what is wrong, where.
  if (json) {
    try {
      const auto parsed = nlohmann::json::parse(*text);  // thrown away: YAML reads it, with positions
      (void)parsed;
    } catch (const nlohmann::json::parse_error& e) {
      const JsonSyntaxError plain = plain_json_syntax_error(e.what());
      diags.error({name, plain.line, plain.column}, "not valid JSON: " + printable(plain.reason));
      return std::nullopt;
    }
  }
  // An answers file holds a few dozen answers (a FHIR response a few hundred nodes): far fewer
  // nodes than a rule file may, which bounds what a hostile one costs (every node keeps its place).
  yaml::Limits limits;
  limits.max_nodes = kMaxAnswersFileNodes;
  auto root = yaml::parse(name, *text, diags, limits, yaml::EmptyDocument::empty_map);
  if (!root) return std::nullopt;
  return AnswersDocument{std::move(name), std::move(*text), std::move(*root)};
}

std::optional<std::vector<Value>> read_answers_file(const std::string& path, const RuleBase& rb, Diagnostics& diags,
                                                    AnswersFormat* format) {
  // (A YAML file may start with '{' too: a flow map, with comments, which is not JSON; only a
  // .json file is held to JSON.)
  const auto doc = read_answers_document(path, is_json_file_name(path), diags);
  if (!doc) return std::nullopt;
  const bool fhir = is_fhir_resource(doc->root);
  if (format) *format = fhir ? AnswersFormat::fhir_response : AnswersFormat::map;
  return fhir ? read_questionnaire_response(doc->root, rb, diags) : read_answer_map(doc->root, rb, diags);
}

}  // namespace backtriage
