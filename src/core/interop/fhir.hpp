// HL7 FHIR R4: the questions as a Questionnaire (export), and a QuestionnaireResponse read as an
// answers file (import). docs/fhir.md has the mapping and what a static form cannot express.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "lang/yaml_tree.hpp"
#include "model/model.hpp"

namespace backtriage {

struct FhirExport {
  std::string json;                // the Questionnaire, pretty-printed, ending in a newline
  std::vector<std::string> notes;  // one per question whose ask_when a form can only approximate
};

/// "Not sure" in a form: HL7 v3 NullFlavor UNK (unknown). A yes/no question that accepts unsure
/// is a choice of the codes yes and no (no system) and this coding.
inline constexpr const char* kNullFlavorSystem = "http://terminology.hl7.org/CodeSystem/v3-NullFlavor";
inline constexpr const char* kUnsureCode = "UNK";

/// How ask_when becomes an item's condition. SDC allows an item either enableWhen or the
/// enableWhenExpression extension (FHIRPath), never both.
enum class FhirConditions {
  /// enableWhen where it says ask_when exactly (every form filler reads it); the exact FHIRPath
  /// enableWhenExpression where enableWhen would have to widen it; a widened enableWhen (with a
  /// note) only where FHIRPath cannot say it either (a rule conclusion).
  enable_when,
  /// enableWhenExpression on every gated item (SDC form fillers), enableWhen only where no
  /// expression can be written.
  expression,
};

/// ask_when as a FHIRPath boolean over the QuestionnaireResponse (%resource), with the same
/// three-valued logic: an unanswered question makes a comparison empty, and empty counts as
/// false at the top, as it does in SDC. Nothing for a condition on a rule conclusion.
std::optional<std::string> fhirpath_condition(const RuleBase& rb, CondId c);

/// The canonical url of the exported Questionnaire when none is given: urn:backtriage:<name>.
std::string default_questionnaire_url(const RuleBase& rb);

/// Every question as a Questionnaire item, in question order: linkId = id, boolean / integer /
/// choice (yes, no, UNK for a question that accepts unsure), minValue and maxValue extensions for ranges, help as a display item with the
/// itemControl "help", and enableWhen from ask_when. An ask_when that enableWhen cannot say
/// exactly is widened, never narrowed: the form may show a question backtriage would not ask,
/// never hide one it would.
FhirExport fhir_questionnaire(const RuleBase& rb, const std::string& url,
                              FhirConditions conditions = FhirConditions::enable_when);

/// The linkId of the group of result items that next-question attaches to a completed response;
/// a reader skips it, so that a completed response reads back as its answers.
inline constexpr const char* kResultLinkId = "backtriage.result";

/// SDC's $next-question (hl7.org/fhir/uv/sdc, adaptive forms) on a QuestionnaireResponse in
/// JSON: its answers are read as assess reads them; it comes back with a contained Questionnaire
/// (referenced as questionnaire "#id") holding the items answered so far and the next question
/// backtriage would ask, status in-progress; or, when no answer can change the result any more,
/// status completed with the result attached as the read-only group kResultLinkId (disposition,
/// its message, red flags, recommended and avoided options, as codings).
struct NextQuestion {
  std::string json;  // the QuestionnaireResponse, pretty-printed, ending in a newline
  bool complete = false;
};
std::optional<NextQuestion> fhir_next_question(const std::string& path, const RuleBase& rb, const std::string& url,
                                               Diagnostics& diags);

/// Whether an answers document is a FHIR resource (a map with "resourceType") rather than a
/// plain map of question id to answer.
bool is_fhir_resource(const yaml::Node& root);

/// The answers of a QuestionnaireResponse (JSON, read with the safe YAML reader), checked like a
/// plain answers map: every problem reported with its place, nothing taken from a bad file.
std::optional<std::vector<Value>> read_questionnaire_response(const yaml::Node& root, const RuleBase& rb,
                                                              Diagnostics& diags);

}  // namespace backtriage
