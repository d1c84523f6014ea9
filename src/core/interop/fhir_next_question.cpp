// `backtriage next-question`: SDC's adaptive $next-question over a QuestionnaireResponse.
#include <algorithm>

#include <fmt/format.h>

#include "base/text.hpp"
#include "eval/describe.hpp"
#include "eval/evaluator.hpp"
#include "eval/session.hpp"
#include "interop/answer_files.hpp"
#include "interop/fhir.hpp"
#include "interop/fhir_items.hpp"
#include "lang/yaml_tree.hpp"
#include "report/assessment.hpp"

namespace backtriage {

namespace {

// R4's element order of a QuestionnaireResponse: the output keeps the caller's elements in it.
constexpr const char* kResponseOrder[] = {"resourceType", "id", "meta", "implicitRules", "language", "text",
                                          "contained", "extension", "modifierExtension", "identifier", "basedOn",
                                          "partOf", "questionnaire", "status", "subject", "encounter", "authored",
                                          "author", "source", "item"};

/// An adaptive item: as exported, without its condition (here backtriage decides what is asked).
Json adaptive_item(const RuleBase& rb, FactId q) {
  std::vector<std::string> notes;
  Json item = fhir_question_item(rb, q, FhirConditions::enable_when, notes);
  item.erase("enableWhen");
  item.erase("enableBehavior");
  if (item.contains("extension")) {
    Json kept = Json::array();
    for (const Json& e : item["extension"])
      if (e["url"].get<std::string>().find("enableWhenExpression") == std::string::npos) kept.push_back(e);
    if (kept.empty())
      item.erase("extension");
    else
      item["extension"] = std::move(kept);
  }
  return item;
}

Json coding(const std::string& system, const std::string& code, const std::string& display) {
  return Json{{"system", system}, {"code", code}, {"display", display}};
}

/// One read-only result item of the contained Questionnaire, and its answers in the response.
struct ResultItem {
  Json definition;
  Json answers = Json::array();
};

ResultItem result_choice(const std::string& link, const std::string& text, bool repeats, Json options) {
  ResultItem r;
  r.definition = Json{{"linkId", std::string(kResultLinkId) + "." + link}, {"text", text}, {"type", "choice"}};
  if (repeats) r.definition["repeats"] = true;
  r.definition["readOnly"] = true;
  r.definition["answerOption"] = std::move(options);
  return r;
}

/// The result as a group of read-only items: what to do, its message, the red flags found, when
/// to get help, the plan and what to avoid (as shown: an emergency shows no plan), each as
/// codings whose codes are the ids assess reports.
std::pair<Json, Json> result_items(const RuleBase& rb, const Assessment& result, const std::string& url) {
  const std::string levels = url + "#disposition", flags = url + "#red-flag", options = url + "#option";
  Json level_options = Json::array(), flag_options = Json::array(), option_options = Json::array();
  for (const Disposition& d : rb.dispositions) level_options.push_back({{"valueCoding", coding(levels, d.id, d.title)}});
  // Red flags by the ids of the answer contract (SPEC 3), as assess reports them: several rules may
  // raise one (an emergency sign, and the same sign answered "not sure").
  std::vector<std::string> topics;
  for (const Rule& r : rb.rules) {
    if (!r.red_flag) continue;
    const std::string topic = red_flag_topic(rb, r);
    if (std::find(topics.begin(), topics.end(), topic) != topics.end()) continue;
    topics.push_back(topic);
    flag_options.push_back({{"valueCoding", coding(flags, topic, r.red_flag_text)}});
  }
  for (const Option& o : rb.options) option_options.push_back({{"valueCoding", coding(options, o.id, o.title)}});

  ResultItem disposition = result_choice("disposition", "What to do", false, std::move(level_options));
  ResultItem message;
  message.definition = Json{{"linkId", std::string(kResultLinkId) + ".message"}, {"text", "Why and how"},
                            {"type", "string"}, {"readOnly", true}};
  ResultItem red_flags = result_choice("red_flags", "Red flags found", true, std::move(flag_options));
  // SPEC §2: a result comes with its safety net (when to get help), as every other report says it.
  ResultItem safety_net;
  safety_net.definition = Json{{"linkId", std::string(kResultLinkId) + ".safety_net"}, {"text", "When to get help"},
                               {"type", "string"}, {"repeats", true}, {"readOnly", true}};
  for (const std::string& line : safety_net_lines(rb, result)) safety_net.answers.push_back({{"valueString", line}});
  ResultItem recommended = result_choice("recommended", "Recommended", true, option_options);
  ResultItem avoid = result_choice("avoid", "Avoid", true, std::move(option_options));

  if (result.disposition != kNoLevel) {
    const Disposition& d = rb.dispositions[static_cast<size_t>(result.disposition)];
    disposition.answers.push_back({{"valueCoding", coding(levels, d.id, d.title)}});
    message.answers.push_back({{"valueString", d.message}});
  }
  for (RuleId r : red_flags_once_per_topic(rb, result.red_flags)) {
    const Rule& rule = rb.rules[static_cast<size_t>(r)];
    red_flags.answers.push_back({{"valueCoding", coding(flags, red_flag_topic(rb, rule), rule.red_flag_text)}});
  }
  for (OptionId o : result.plan) {
    const Option& option = rb.options[static_cast<size_t>(o)];
    recommended.answers.push_back({{"valueCoding", coding(options, option.id, option.title)}});
  }
  for (const ShownAvoid& a : result.avoid) {
    const Option& option = rb.options[static_cast<size_t>(a.option)];
    avoid.answers.push_back({{"valueCoding", coding(options, option.id, option.title)}});
  }

  Json group{{"linkId", kResultLinkId}, {"text", "Result"}, {"type", "group"}, {"readOnly", true}};
  Json children = Json::array(), answered = Json::array();
  for (ResultItem* r : {&disposition, &message, &red_flags, &safety_net, &recommended, &avoid}) {
    children.push_back(r->definition);
    // ele-1: no item without answers, no empty arrays.
    if (!r->answers.empty())
      answered.push_back({{"linkId", r->definition["linkId"]}, {"text", r->definition["text"]}, {"answer", r->answers}});
  }
  group["item"] = std::move(children);
  Json response_group{{"linkId", kResultLinkId}, {"text", "Result"}};
  if (!answered.empty()) response_group["item"] = std::move(answered);
  return {std::move(group), std::move(response_group)};
}

}  // namespace

std::optional<NextQuestion> fhir_next_question(const std::string& path, const RuleBase& rb, const std::string& url,
                                               Diagnostics& diags) {
  const auto doc = read_answers_document(path, true, diags);
  if (!doc) return std::nullopt;
  const yaml::Node* root = &doc->root;
  // Checked as JSON above; kept as JSON too, to echo the caller's elements back.
  const Json input = Json::parse(doc->text);
  if (!input.is_object() || !is_fhir_resource(*root) ||
      root->find("resourceType")->value != "QuestionnaireResponse") {
    const yaml::Node* type = root->is_map() ? root->find("resourceType") : nullptr;
    diags.error(type ? type->loc : root->loc,
                fmt::format("next-question takes a FHIR QuestionnaireResponse in JSON (an object with \"resourceType\": "
                            "\"QuestionnaireResponse\"){}; one with no items starts the questionnaire",
                            type && type->is_scalar() ? fmt::format(", not a {}", printable(type->value)) : ""));
    return std::nullopt;
  }
  // Contained resources are echoed back: each must be a resource (an object with a resourceType)
  // with, if any, a string id, or the output would not be FHIR.
  if (const yaml::Node* contained = root->find("contained")) {
    if (!contained->is_sequence() || !input["contained"].is_array()) {
      diags.error(contained->loc, "contained must be a list of resources");
    } else {
      for (size_t k = 0; k < input["contained"].size(); ++k) {
        const Json& c = input["contained"][k];
        if (!c.is_object() || !c.contains("resourceType") || !c["resourceType"].is_string() ||
            (c.contains("id") && !c["id"].is_string()))
          diags.error(contained->children[k].loc,
                      "a contained entry must be a resource: an object with a \"resourceType\" and a string \"id\"");
      }
    }
  }
  const auto values = read_questionnaire_response(*root, rb, diags);
  if (!values || diags.has_errors()) return std::nullopt;

  Evaluator ev(rb);
  const Result& result = ev.evaluate(*values);
  NextQuestion out;
  out.complete = result.missing.empty();

  // The contained Questionnaire: the caller's id when its questionnaire already points to one.
  std::string contained_id = "q";
  if (input.contains("questionnaire") && input["questionnaire"].is_string()) {
    const auto ref = input["questionnaire"].get<std::string>();
    // A FHIR id: [A-Za-z0-9.-]{1,64}; anything else is not echoed back.
    const bool valid = ref.size() > 1 && ref.size() <= 65 && ref[0] == '#' &&
                       std::all_of(ref.begin() + 1, ref.end(), [](char c) {
                         return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
                       });
    if (valid) contained_id = ref.substr(1);
  }
  // The id must not be taken by another kind of contained resource, whose references would then
  // point at the Questionnaire (or dangle once it was replaced).
  const auto taken_by_other = [&](const std::string& id) {
    if (!input.contains("contained")) return false;
    for (const Json& c : input["contained"])
      if (c.value("id", std::string()) == id && c.value("resourceType", std::string()) != "Questionnaire") return true;
    return false;
  };
  for (int n = 1; taken_by_other(contained_id); ++n) contained_id = fmt::format("q{}", n);
  const Json header = fhir_questionnaire_header(rb, url);
  Json q;
  q["resourceType"] = "Questionnaire";
  q["id"] = contained_id;
  q["derivedFrom"] = Json::array({header.contains("version") ? url + "|" + header["version"].get<std::string>() : url});
  for (const char* key : {"name", "title", "status", "subjectType", "date", "publisher"})
    if (header.contains(key)) q[key] = header[key];
  Json q_items = Json::array(), r_items = Json::array();
  // What comes next: one question, or a checklist's members that can still change the result, as
  // the questionnaire asks them. Items sit where `export fhir` puts them, so that the response also
  // fits the full Questionnaire it derives from: a checklist's members, answered or next, inside
  // its group, in list wording.
  const auto prompt = next_prompt(rb, result);
  const auto is_next = [&](FactId id) {
    return prompt && std::find(prompt->questions.begin(), prompt->questions.end(), id) != prompt->questions.end();
  };
  const auto answered_item = [&](FactId id, const std::string& text) {
    const Fact& fact = rb.facts[static_cast<size_t>(id)];
    const Value v = (*values)[static_cast<size_t>(id)];
    return Json{{"linkId", fact.id}, {"text", text}, {"answer", Json::array({fhir_answer_value(fact, v)})}};
  };
  std::vector<char> placed(rb.checklists.size(), 0);
  for (FactId id : rb.question_order) {
    const std::int32_t list = rb.checklist_of.empty() ? -1 : rb.checklist_of[static_cast<size_t>(id)];
    if (list < 0) {
      const bool answered = (*values)[static_cast<size_t>(id)] != kUnknown;
      if (!answered && !is_next(id)) continue;
      q_items.push_back(adaptive_item(rb, id));
      if (answered) r_items.push_back(answered_item(id, rb.facts[static_cast<size_t>(id)].text));
      continue;
    }
    if (placed[static_cast<size_t>(list)]) continue;
    placed[static_cast<size_t>(list)] = 1;
    const Checklist& checklist = rb.checklists[static_cast<size_t>(list)];
    Json members = Json::array(), answers = Json::array();
    for (FactId m : checklist.members) {
      const bool answered = (*values)[static_cast<size_t>(m)] != kUnknown;
      if (!answered && !is_next(m)) continue;
      members.push_back(adaptive_item(rb, m));
      if (answered) answers.push_back(answered_item(m, rb.facts[static_cast<size_t>(m)].list_text));
    }
    if (members.empty()) continue;
    q_items.push_back(fhir_checklist_group(rb, list, std::move(members)));
    if (!answers.empty())
      r_items.push_back({{"linkId", checklist.id}, {"text", checklist.lead}, {"item", std::move(answers)}});
  }
  if (out.complete) {
    auto [definition, answers] = result_items(rb, build_assessment(ev, Detail::full), url);
    q_items.push_back(std::move(definition));
    r_items.push_back(std::move(answers));
  }
  if (!q_items.empty()) q["item"] = std::move(q_items);

  // Other contained resources stay; the Questionnaire of that id is replaced.
  Json contained = Json::array({q});
  if (input.contains("contained"))
    for (const Json& c : input["contained"])
      if (!(c.value("id", std::string()) == contained_id && c["resourceType"] == "Questionnaire")) contained.push_back(c);
  Json response;
  for (const char* key : kResponseOrder) {
    const std::string k = key;
    if (k == "contained") response[k] = contained;
    else if (k == "questionnaire") response[k] = "#" + contained_id;
    else if (k == "status") response[k] = out.complete ? "completed" : "in-progress";
    else if (k == "item") {
      if (!r_items.empty()) response[k] = r_items;
    } else if (input.contains(k)) {
      response[k] = input[k];
    }
  }
  out.json = json_safe(response.dump(2)) + "\n";
  return out;
}

}  // namespace backtriage
