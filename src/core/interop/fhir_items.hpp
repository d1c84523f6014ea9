// The pieces of the exported Questionnaire that the adaptive $next-question reuses, so that an
// item asked one at a time is the very item of `export fhir`. Internal to interop/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "interop/fhir.hpp"
#include "model/model.hpp"

namespace backtriage {

using Json = nlohmann::ordered_json;  // FHIR readers expect the elements in definition order

/// The Questionnaire's elements before its narrative and items: resourceType, id, url, version,
/// name, title, status, subjectType, date, publisher.
Json fhir_questionnaire_header(const RuleBase& rb, const std::string& url);

/// The item of question q, as `export fhir` writes it; notes gets a line when its ask_when had
/// to be widened.
Json fhir_question_item(const RuleBase& rb, FactId q, FhirConditions conditions, std::vector<std::string>& notes);

/// A checklist as a group item: its id as linkId, its lead as text, and the given items of its
/// members, each worded as in the list (its list_text).
Json fhir_checklist_group(const RuleBase& rb, std::int32_t checklist, Json member_items);

/// A response's answer to question q: {"valueBoolean": ...}, {"valueInteger": ...} or {"valueCoding": ...}.
Json fhir_answer_value(const Fact& fact, Value v);

}  // namespace backtriage
