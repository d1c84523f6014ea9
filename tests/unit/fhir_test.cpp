// FHIR: the Questionnaire's enableWhen never hides a question backtriage would ask (and says
// exactly the same where it claims to), and a QuestionnaireResponse reads like an answers map,
// with every problem at its place.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "eval/evaluator.hpp"
#include "interop/fhir.hpp"
#include "io/answers.hpp"
#include "test_support.hpp"

using namespace backtriage;
using Json = nlohmann::json;

namespace {

// a, b yes/no; n 0..10; c a choice; d a derived fact (yes when a and b); then gated questions,
// one per shape of ask_when.
const char* const kGated = R"(questions:
  - {id: a, order: 1, type: yes_no, text: "A?"}
  - {id: b, order: 2, type: yes_no, text: "B?", help: "Why B."}
  - {id: n, order: 3, type: integer, min: 0, max: 10, text: "N?"}
  - {id: c, order: 4, type: choice, choices: [x, y, z], text: "C?"}
  - {id: g_eq, order: 10, type: yes_no, text: "?", ask_when: a == yes}
  - {id: g_all, order: 11, type: yes_no, text: "?", ask_when: {all: [a == yes, n > 3]}}
  - {id: g_any, order: 12, type: yes_no, text: "?", ask_when: {any: [b == yes, n <= 2]}}
  - {id: g_not, order: 13, type: yes_no, text: "?", ask_when: {not: a == yes}}
  - {id: g_in, order: 14, type: yes_no, text: "?", ask_when: "c in [x, y]"}
  - {id: g_not_in, order: 15, type: yes_no, text: "?", ask_when: {not: "c in [x, y]"}}
  - {id: g_not_all, order: 16, type: yes_no, text: "?", ask_when: {not: {all: [a == yes, n >= 5]}}}
  - {id: g_derived_and, order: 17, type: yes_no, text: "?", ask_when: {all: [d == yes, n < 4]}}
  - {id: g_derived_or, order: 18, type: yes_no, text: "?", ask_when: {any: [d == yes, b == yes]}}
  - {id: g_mixed, order: 19, type: yes_no, text: "?", ask_when: {all: [{any: [a == yes, b == yes]}, n >= 5]}}
facts:
  - {id: d, text: a and b}
rules:
  - id: sets_d
    title: D
    when: {all: [a == yes, b == yes]}
    then: {set: d}
    source: {ref: src, section: S}
  - id: gated_rule
    title: Reads every gated question
    when: {any: [g_eq == yes, g_all == yes, g_any == yes, g_not == yes, g_in == yes, g_not_in == yes,
                 g_not_all == yes, g_derived_and == yes, g_derived_or == yes, g_mixed == yes]}
    then: {disposition: see_doctor}
    source: {ref: src, section: S}
)";

/// The item of link_id, at the top or inside a group (a checklist).
const Json* item_of(const Json& q, const std::string& link_id) {
  for (const Json& item : q["item"]) {
    if (item["linkId"] == link_id) return &item;
    if (item["type"] == "group")
      if (const Json* inside = item_of(item, link_id)) return inside;
  }
  return nullptr;
}

/// R4 enableWhen: a comparison with an unanswered question is false, except != which is true
/// ("no answer matches").
bool fhir_enabled(const RuleBase& rb, const Json& item, const std::vector<Value>& values) {
  if (!item.contains("enableWhen")) return true;
  const bool any = item.value("enableBehavior", "all") == "any";
  bool result = !any;
  for (const Json& w : item["enableWhen"]) {
    const FactId q = *rb.find_fact(w["question"].get<std::string>());
    const Fact& fact = rb.facts[static_cast<size_t>(q)];
    const Value v = values[static_cast<size_t>(q)];
    const std::string op = w["operator"];
    Value want = 0;
    if (w.contains("answerBoolean")) want = w["answerBoolean"].get<bool>() ? kYes : kNo;
    if (w.contains("answerInteger")) want = w["answerInteger"].get<Value>();
    if (w.contains("answerCoding")) {
      const auto code = w["answerCoding"]["code"].get<std::string>();
      want = static_cast<Value>(std::find(fact.choices.begin(), fact.choices.end(), code) - fact.choices.begin());
    }
    bool holds = op == "!=";
    if (v != kUnknown) {
      if (op == "=") holds = v == want;
      if (op == "!=") holds = v != want;
      if (op == "<") holds = v < want;
      if (op == "<=") holds = v <= want;
      if (op == ">") holds = v > want;
      if (op == ">=") holds = v >= want;
    }
    result = any ? (result || holds) : (result && holds);
  }
  return result;
}

bool has_note(const FhirExport& e, const std::string& id) {
  for (const auto& n : e.notes)
    if (n.starts_with(id + ":")) return true;
  return false;
}

std::optional<std::vector<Value>> read_response(const RuleBase& rb, const std::string& text, std::string& errors) {
  Diagnostics diags;
  const auto root = yaml::parse("response.json", text, diags);
  std::optional<std::vector<Value>> values;
  if (root) {
    CHECK(is_fhir_resource(*root));
    values = read_questionnaire_response(*root, rb, diags);
  }
  for (const auto& d : diags.items()) errors += d.loc.str() + ": " + d.message + "\n";
  return values;
}

}  // namespace

TEST_SUITE("fhir") {
TEST_CASE("enableWhen is exact where it can be, and never hides a question backtriage would ask") {
  const RuleBase rb = test::load(kGated);
  const FhirExport e = fhir_questionnaire(rb, default_questionnaire_url(rb));
  const Json q = Json::parse(e.json);
  CHECK(q["url"] == "urn:backtriage:unit");

  // The shapes that enableWhen can say, said exactly.
  for (const char* id : {"g_eq", "g_all", "g_any", "g_not", "g_in", "g_not_in", "g_not_all"})
    CHECK_MESSAGE(!has_note(e, id), id);
  const Json& all = *item_of(q, "g_all");
  CHECK(all["enableBehavior"] == "all");
  CHECK(all["enableWhen"].size() == 2);
  CHECK(all["enableWhen"][1] == Json{{"question", "n"}, {"operator", ">"}, {"answerInteger", 3}});
  CHECK(item_of(q, "g_not")->at("enableWhen")[0] ==
        Json{{"question", "a"}, {"operator", "!="}, {"answerBoolean", true}});
  CHECK(item_of(q, "g_in")->at("enableBehavior") == "any");
  CHECK(item_of(q, "g_in")->at("enableWhen")[1]["answerCoding"]["code"] == "y");
  CHECK(item_of(q, "g_not_all")->at("enableBehavior") == "any");  // de Morgan
  CHECK(item_of(q, "g_not_all")->at("enableWhen")[1]["operator"] == "<");

  // A rule conclusion or all-of-any: widened, with a note saying so.
  CHECK(has_note(e, "g_derived_and"));
  CHECK(item_of(q, "g_derived_and")->at("enableWhen").size() == 1);  // keeps n < 4, drops d
  CHECK(has_note(e, "g_derived_or"));
  CHECK_FALSE(item_of(q, "g_derived_or")->contains("enableWhen"));   // always shown
  // all-of-any: no flat enableWhen says it, FHIRPath does (SDC allows one or the other).
  CHECK_FALSE(has_note(e, "g_mixed"));
  CHECK_FALSE(item_of(q, "g_mixed")->contains("enableWhen"));
  CHECK(item_of(q, "g_mixed")->at("extension")[0]["valueExpression"]["expression"] ==
        "((%resource.repeat(item).where(linkId = 'a').answer.value = true) or "
        "(%resource.repeat(item).where(linkId = 'b').answer.value = true)) and "
        "(%resource.repeat(item).where(linkId = 'n').answer.value >= 5)");

  // Every combination of a, b, n and c, answered or not.
  Evaluator ev(rb);
  const FactId a = *rb.find_fact("a"), b = *rb.find_fact("b"), n = *rb.find_fact("n"), c = *rb.find_fact("c");
  int checked = 0;
  for (Value va : {kUnknown, kNo, kYes})
    for (Value vb : {kUnknown, kNo, kYes})
      for (Value vn = -1; vn <= 10; ++vn)
        for (Value vc = -1; vc <= 2; ++vc) {
          std::vector<Value> values(static_cast<size_t>(rb.question_count), kUnknown);
          values[static_cast<size_t>(a)] = va;
          values[static_cast<size_t>(b)] = vb;
          values[static_cast<size_t>(n)] = vn < 0 ? kUnknown : vn;
          values[static_cast<size_t>(c)] = vc < 0 ? kUnknown : vc;
          ev.evaluate(values);
          const bool all_known = va != kUnknown && vb != kUnknown && vn >= 0 && vc >= 0;
          for (FactId g = c + 1; g < rb.question_count; ++g) {
            const Fact& fact = rb.facts[static_cast<size_t>(g)];
            const Truth asked = ev.eval(fact.ask_when);
            const bool enabled = fhir_enabled(rb, *item_of(q, fact.id), values);
            if (asked == Truth::yes) CHECK_MESSAGE(enabled, fact.id);  // never hidden
            // (an item with an enableWhenExpression has no enableWhen: tests/fhir checks the
            // expressions with a FHIRPath engine)
            if (all_known && !has_note(e, fact.id) && item_of(q, fact.id)->contains("enableWhen"))
              CHECK_MESSAGE(enabled == (asked == Truth::yes), fact.id);
            ++checked;
          }
        }
  CHECK(checked == 3 * 3 * 12 * 4 * 10);
}

TEST_CASE("ask_when as FHIRPath: each shape, three-valued, nothing for a rule conclusion") {
  const RuleBase rb = test::load(kGated);
  const auto expression = [&](const char* id) {
    return fhirpath_condition(rb, rb.facts[static_cast<size_t>(*rb.find_fact(id))].ask_when);
  };
  const std::string a = "%resource.repeat(item).where(linkId = 'a').answer.value";
  const std::string c = "%resource.repeat(item).where(linkId = 'c').answer.value.code";
  CHECK(expression("g_eq") == a + " = true");
  CHECK(expression("g_not") == "(" + a + " = true).not()");
  CHECK(expression("g_in") == "(" + c + " = 'x') or (" + c + " = 'y')");
  CHECK(expression("g_not_in") == "((" + c + " = 'x') or (" + c + " = 'y')).not()");
  CHECK_FALSE(expression("g_derived_and").has_value());  // d is a rule's conclusion
  CHECK_FALSE(expression("g_derived_or").has_value());

  // --conditions expression: every gated item that FHIRPath can say, and no enableWhen beside it.
  const Json q = Json::parse(fhir_questionnaire(rb, "urn:x", FhirConditions::expression).json);
  for (const char* id : {"g_eq", "g_all", "g_any", "g_not", "g_in", "g_not_in", "g_not_all", "g_mixed"}) {
    CAPTURE(id);
    const Json& item = *item_of(q, id);
    CHECK_FALSE(item.contains("enableWhen"));
    REQUIRE(item.contains("extension"));
    CHECK(item["extension"].back()["url"] == "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression");
    CHECK(item["extension"].back()["valueExpression"]["language"] == "text/fhirpath");
  }
  CHECK(item_of(q, "g_derived_and")->at("enableWhen").size() == 1);  // widened, as before
  CHECK_FALSE(item_of(q, "a")->contains("extension"));                // ungated: nothing
}

TEST_CASE("the Questionnaire's title, publisher, date and item codes come from the rule base") {
  const RuleBase plain = test::load(kGated);
  Json q = Json::parse(fhir_questionnaire(plain, "urn:x").json);
  CHECK(q["title"] == "unit");  // no title: the name
  CHECK_FALSE(q.contains("publisher"));
  CHECK_FALSE(q.contains("date"));
  CHECK_FALSE(item_of(q, "n")->contains("code"));

  const RuleBase shipped = test::load_dir("rules");
  q = Json::parse(fhir_questionnaire(shipped, "urn:x").json);
  CHECK(q["title"] == shipped.title);
  CHECK(q["title"] != shipped.name);
  CHECK(q["publisher"] == shipped.publisher);
  CHECK(q["date"] == shipped.date);
  CHECK(item_of(q, "pain_score")->at("code") ==
        Json::array({{{"system", "http://loinc.org"}, {"code", "72514-3"},
                      {"display", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}}}));
  CHECK(item_of(q, "age")->at("code")[0]["code"] == "30525-0");
}

TEST_CASE("items carry types, ranges, choices and help") {
  const RuleBase rb = test::load(kGated);
  const Json q = Json::parse(fhir_questionnaire(rb, "http://example.org/q").json);
  CHECK(q["resourceType"] == "Questionnaire");
  CHECK(q["status"] == "active");
  CHECK(q["url"] == "http://example.org/q");
  CHECK(item_of(q, "a")->at("type") == "boolean");
  const Json& n = *item_of(q, "n");
  CHECK(n["type"] == "integer");
  CHECK(n["extension"][0] == Json{{"url", "http://hl7.org/fhir/StructureDefinition/minValue"}, {"valueInteger", 0}});
  CHECK(n["extension"][1]["valueInteger"] == 10);
  const Json& c = *item_of(q, "c");
  CHECK(c["type"] == "choice");
  CHECK(c["answerOption"].size() == 3);
  CHECK(c["answerOption"][2]["valueCoding"]["code"] == "z");
  const Json& help = item_of(q, "b")->at("item")[0];
  CHECK(help["type"] == "display");
  CHECK(help["linkId"] == "b.help");
  CHECK(help["text"] == "Why B.");
  CHECK(help["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "help");
  CHECK_FALSE(item_of(q, "a")->contains("item"));  // no help, no empty list
}

TEST_CASE("a checklist is a group where its first member comes, its members inside in list wording") {
  const RuleBase rb = test::load_dir("rules");
  const Json q = Json::parse(fhir_questionnaire(rb, "urn:x").json);
  std::vector<std::string> top;
  for (const Json& item : q["item"]) top.push_back(item["linkId"]);
  CHECK(top == std::vector<std::string>{"emergency_signs", "serious_cause_signs", "leg_symptoms", "pain_score",
                                        "fracture_signs", "age", "days_since_onset", "improving", "see_doctor_signs",
                                        "self_care_context"});
  const Json& emergency = q["item"][0];
  CHECK(emergency["type"] == "group");
  CHECK(emergency["text"] == "Do you have any of these now?");
  REQUIRE(emergency["item"].size() == 7);
  CHECK(emergency["item"][4]["linkId"] == "chest_pain");
  CHECK(emergency["item"][4]["text"] == "Chest pain or trouble breathing");
  CHECK(emergency["item"][4]["type"] == "choice");  // its own yes, no or not sure
  // A gated member keeps its enableWhen inside the group.
  CHECK(item_of(q, "cold_makes_stiffer")->contains("enableWhen"));
  // Every question is exported once.
  size_t questions = 0;
  for (const Json& item : q["item"]) questions += item["type"] == "group" ? item["item"].size() : 1;
  CHECK(questions == static_cast<size_t>(rb.question_count));

  // A response with the members' answers in the group reads as the same answers at the top.
  std::string errors;
  const auto nested = read_response(rb, R"({"resourceType": "QuestionnaireResponse", "status": "in-progress",
    "item": [{"linkId": "emergency_signs", "text": "Do you have any of these now?", "item": [
      {"linkId": "saddle_numbness", "answer": [{"valueCoding": {"code": "no"}}]},
      {"linkId": "chest_pain", "answer": [{"valueCoding": {"code": "UNK"}}]}]}]})", errors);
  REQUIRE_MESSAGE(nested, errors);
  CHECK((*nested)[static_cast<size_t>(*rb.find_fact("saddle_numbness"))] == kNo);
  CHECK((*nested)[static_cast<size_t>(*rb.find_fact("chest_pain"))] == kUnsure);
  CHECK((*nested)[static_cast<size_t>(*rb.find_fact("leg_weakness"))] == kUnknown);
}

TEST_CASE("a QuestionnaireResponse gives the same answers as a plain map") {
  const RuleBase rb = test::load(kGated);
  std::string errors;
  const auto values = read_response(rb, R"({
    "resourceType": "QuestionnaireResponse", "status": "completed",
    "questionnaire": "urn:backtriage:unit|1",
    "item": [
      {"linkId": "a", "text": "A?", "answer": [{"valueBoolean": true,
        "item": [{"linkId": "g_eq", "answer": [{"valueBoolean": false}]}]}]},
      {"linkId": "b", "answer": []},
      {"linkId": "group", "item": [{"linkId": "n", "answer": [{"valueInteger": 7}]}]},
      {"linkId": "c", "answer": [{"valueCoding": {"system": "urn:x", "code": "y"}}]},
      {"linkId": "b.help"}
    ]})", errors);
  REQUIRE_MESSAGE(values, errors);
  CHECK((*values)[static_cast<size_t>(*rb.find_fact("a"))] == kYes);
  CHECK((*values)[static_cast<size_t>(*rb.find_fact("g_eq"))] == kNo);
  CHECK((*values)[static_cast<size_t>(*rb.find_fact("b"))] == kUnknown);
  CHECK((*values)[static_cast<size_t>(*rb.find_fact("n"))] == 7);
  CHECK((*values)[static_cast<size_t>(*rb.find_fact("c"))] == 1);

  errors.clear();
  const auto as_string = read_response(
      rb, R"({"resourceType": "QuestionnaireResponse", "status": "in-progress",
              "item": [{"linkId": "c", "answer": [{"valueString": "z"}]}]})", errors);
  REQUIRE_MESSAGE(as_string, errors);
  CHECK((*as_string)[static_cast<size_t>(*rb.find_fact("c"))] == 2);
}

TEST_CASE("every problem of a QuestionnaireResponse is reported at its place") {
  const RuleBase rb = test::load(kGated);
  const auto errors_of = [&](const std::string& text) {
    std::string errors;
    CHECK_FALSE(read_response(rb, text, errors));
    return errors;
  };
  CHECK(errors_of(R"({"resourceType": "Patient"})") ==
        "response.json:1:18: a FHIR Patient is not an answers file: give a QuestionnaireResponse, or a map of "
        "question id to answer\n");
  CHECK(errors_of(R"({"resourceType": "QuestionnaireResponse"})").find("needs a status") != std::string::npos);
  CHECK(errors_of(R"({"resourceType": "QuestionnaireResponse", "status": "done"})")
            .find("status 'done' is not a QuestionnaireResponse status") != std::string::npos);
  CHECK(errors_of(R"({"resourceType": "QuestionnaireResponse", "status": "entered-in-error"})")
            .find("its answers are void") != std::string::npos);

  const std::string all = errors_of(R"({"resourceType": "QuestionnaireResponse", "status": "completed",
  "items": [],
  "item": [
    {"linkId": "a", "answer": [{"valueBoolean": "true"}]},
    {"linkId": "b", "answer": [{"valueBoolean": true}, {"valueBoolean": false}]},
    {"linkId": "n", "answer": [{"valueInteger": 11}]},
    {"linkId": "nn", "answer": [{"valueInteger": 1}]},
    {"linkId": "c", "answer": [{"valueInteger": 1}]},
    {"linkId": "g_eq", "modifierExtension": [{"url": "urn:x", "valueBoolean": true}]},
    {"linkId": "a", "answer": [{"valueBoolean": false}]},
    {"answer": [{"valueBoolean": false}]}
  ]})");
  CHECK(all ==
        "response.json:2:3: 'items' is not an element of a QuestionnaireResponse (did you mean 'item'?)\n"
        "response.json:4:49: 'a' is answered valueBoolean (true or false) here: yes or no\n"
        "response.json:5:56: 'b' takes one answer, not 2\n"
        "response.json:6:49: '11' is not an accepted answer to 'n': expected a whole number from 0 to 10\n"
        "response.json:7:16: unknown question 'nn' (did you mean 'n'?)\n"
        "response.json:8:49: 'c' is answered valueCoding with a code, or valueString here: one of 'x', 'y' or 'z'\n"
        "response.json:9:45: modifierExtension changes what these answers mean and backtriage does not know it; "
        "refusing the response rather than guessing\n"
        "response.json:10:49: 'a' is answered twice (first at response.json:4:49)\n"
        "response.json:11:5: an item needs a linkId (the question id)\n");
}
}

TEST_SUITE("fhir") {
TEST_CASE("a question that accepts unsure is a choice of yes, no and NullFlavor UNK, and reads back") {
  const RuleBase rb = test::load(R"(questions:
  - {id: u, order: 1, type: yes_no, unsure: yes, text: "U?"}
  - {id: g, order: 2, type: yes_no, text: "G?", ask_when: u >= unsure}
options: []
rules:
  - {id: r, title: T, when: {all: [u == unsure, g == yes]}, then: {disposition: see_doctor}, source: {ref: src, section: S}}
)");
  const Json q = Json::parse(fhir_questionnaire(rb, "http://example.org/q").json);
  const Json& u = *item_of(q, "u");
  CHECK(u["type"] == "choice");
  REQUIRE(u["answerOption"].size() == 3);
  CHECK(u["answerOption"][0]["valueCoding"] == Json{{"code", "yes"}, {"display", "Yes"}});
  CHECK(u["answerOption"][1]["valueCoding"] == Json{{"code", "no"}, {"display", "No"}});
  CHECK(u["answerOption"][2]["valueCoding"] ==
        Json{{"system", "http://terminology.hl7.org/CodeSystem/v3-NullFlavor"}, {"code", "UNK"}, {"display", "Not sure"}});
  // The gate `u >= unsure` is the set {unsure, yes}: two enableWhen on codings, any of them.
  const Json& g = *item_of(q, "g");
  CHECK(g["enableBehavior"] == "any");
  REQUIRE(g["enableWhen"].size() == 2);
  CHECK(g["enableWhen"][0]["answerCoding"]["code"] == "UNK");
  CHECK(g["enableWhen"][1]["answerCoding"]["code"] == "yes");

  const auto read = [&](const std::string& answer, std::string& errors) {
    return read_response(rb, R"({"resourceType": "QuestionnaireResponse", "status": "completed",
        "item": [{"linkId": "u", "answer": [)" + answer + "]}]}", errors);
  };
  std::string errors;
  const auto unk = read(R"({"valueCoding": {"system": "http://terminology.hl7.org/CodeSystem/v3-NullFlavor", "code": "UNK"}})", errors);
  REQUIRE_MESSAGE(unk, errors);
  CHECK((*unk)[0] == kUnsure);
  const auto bare = read(R"({"valueCoding": {"code": "UNK", "display": "Not sure"}})", errors);
  REQUIRE_MESSAGE(bare, errors);
  CHECK((*bare)[0] == kUnsure);
  const auto yes = read(R"({"valueCoding": {"code": "yes"}})", errors);
  REQUIRE_MESSAGE(yes, errors);
  CHECK((*yes)[0] == kYes);
  const auto boolean = read(R"({"valueBoolean": false})", errors);
  REQUIRE_MESSAGE(boolean, errors);
  CHECK((*boolean)[0] == kNo);
  for (const char* bad : {R"({"valueCoding": {"code": "maybe"}})", R"({"valueCoding": {"system": "urn:other", "code": "UNK"}})",
                          R"({"valueCoding": {"code": "unsure"}})", R"({"valueString": "unsure"})"}) {
    CAPTURE(bad);
    errors.clear();
    CHECK_FALSE(read(bad, errors));
    CHECK(errors.find("valueCoding with the code yes or no, or UNK (HL7 v3 NullFlavor) for not sure") != std::string::npos);
  }
}
}
