// `backtriage export fhir`: the questions as an HL7 FHIR R4 Questionnaire.
#include <cctype>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/text.hpp"
#include "eval/describe.hpp"
#include "interop/fhir.hpp"
#include "interop/fhir_items.hpp"

namespace backtriage {

namespace {


// Core R4 extensions and code systems (hl7.org/fhir/R4/extensibility-registry.html).
constexpr const char* kMinValue = "http://hl7.org/fhir/StructureDefinition/minValue";
constexpr const char* kMaxValue = "http://hl7.org/fhir/StructureDefinition/maxValue";
constexpr const char* kItemControl = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
constexpr const char* kItemControlSystem = "http://hl7.org/fhir/questionnaire-item-control";
// Structured Data Capture (hl7.org/fhir/uv/sdc): a FHIRPath condition for an item.
constexpr const char* kEnableWhenExpression = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression";

/// One enableWhen: question, operator, answer.
struct Gate {
  FactId question = -1;
  CmpOp op = CmpOp::eq;
  Value value = 0;
};

/// A condition written as a flat list of comparisons joined by all (or any). A single
/// comparison is both.
struct Flat {
  std::vector<Gate> gates;
  bool any = false;
};

std::optional<CmpOp> negated(CmpOp op) {
  switch (op) {
    case CmpOp::eq: return CmpOp::ne;
    case CmpOp::ne: return CmpOp::eq;
    case CmpOp::lt: return CmpOp::ge;
    case CmpOp::le: return CmpOp::gt;
    case CmpOp::gt: return CmpOp::le;
    case CmpOp::ge: return CmpOp::lt;
    case CmpOp::in: return std::nullopt;
  }
  return std::nullopt;
}

/// c as a flat all/any of comparisons of questions (with `not` pushed inwards), or nothing when
/// enableWhen cannot say it: a derived fact (a form cannot see rule conclusions), a nesting of
/// all inside any, or an order on yes/no or choice answers.
std::optional<Flat> flatten(const RuleBase& rb, CondId c, bool negate) {
  const CondNode& n = rb.conds[static_cast<size_t>(c)];
  switch (n.kind) {
    case CondKind::always: return std::nullopt;  // "enabled always" is the absence of a gate
    case CondKind::negation: return flatten(rb, rb.cond_children[n.first], !negate);
    case CondKind::compare: {
      if (!rb.is_question(n.fact)) return std::nullopt;
      const Fact& fact = rb.facts[static_cast<size_t>(n.fact)];
      if (n.op == CmpOp::in) {  // any of (q = v...); negated: all of (q != v...)
        Flat f{{}, !negate};
        for (std::uint32_t k = 0; k < n.count; ++k)
          f.gates.push_back({n.fact, negate ? CmpOp::ne : CmpOp::eq, rb.value_pool[n.first + k]});
        return f;
      }
      const bool ordered = n.op != CmpOp::eq && n.op != CmpOp::ne;
      if (ordered && fact.type != ValueType::integer) return std::nullopt;
      const auto op = negate ? negated(n.op) : std::optional<CmpOp>(n.op);
      if (!op) return std::nullopt;
      return Flat{{{n.fact, *op, n.value}}, false};
    }
    case CondKind::all:
    case CondKind::any: {
      Flat f{{}, (n.kind == CondKind::any) != negate};
      for (std::uint32_t k = 0; k < n.count; ++k) {
        const auto part = flatten(rb, rb.cond_children[n.first + k], negate);
        if (!part || (part->gates.size() > 1 && part->any != f.any)) return std::nullopt;
        f.gates.insert(f.gates.end(), part->gates.begin(), part->gates.end());
      }
      return f;
    }
  }
  return std::nullopt;
}

/// The enableWhen of a question's ask_when; exact = false when it had to be widened. Widening
/// only ever drops parts of an "all", so the form enables the item at least whenever
/// backtriage would ask it.
struct GateSet {
  Flat flat;
  bool exact = true;
};

GateSet gates_of(const RuleBase& rb, CondId ask_when) {
  if (ask_when == kNoCond) return {};
  if (auto f = flatten(rb, ask_when, false)) return {*f, true};
  GateSet out{{{}, false}, false};
  const CondNode& n = rb.conds[static_cast<size_t>(ask_when)];
  if (n.kind != CondKind::all) return out;  // no enableWhen at all: always enabled
  for (std::uint32_t k = 0; k < n.count; ++k) {
    const auto part = flatten(rb, rb.cond_children[n.first + k], false);
    if (part && (part->gates.size() == 1 || !part->any))
      out.flat.gates.insert(out.flat.gates.end(), part->gates.begin(), part->gates.end());
  }
  return out;
}

const char* fhir_operator(CmpOp op) {
  switch (op) {
    case CmpOp::eq: return "=";
    case CmpOp::ne: return "!=";
    case CmpOp::lt: return "<";
    case CmpOp::le: return "<=";
    case CmpOp::gt: return ">";
    case CmpOp::ge: return ">=";
    case CmpOp::in: break;
  }
  return "=";
}

Json coding(const std::string& code) { return Json{{"code", code}, {"display", code}}; }

/// A yes/no question that accepts unsure is a choice of these three in the form.
Json yes_no_unsure_coding(Value v) {
  if (v == kUnsure) return Json{{"system", kNullFlavorSystem}, {"code", kUnsureCode}, {"display", "Not sure"}};
  return v == kYes ? Json{{"code", "yes"}, {"display", "Yes"}} : Json{{"code", "no"}, {"display", "No"}};
}

Json enable_when(const RuleBase& rb, const Gate& g) {
  const Fact& fact = rb.facts[static_cast<size_t>(g.question)];
  Json j{{"question", fact.id}, {"operator", fhir_operator(g.op)}};
  switch (fact.type) {
    case ValueType::yes_no:
      if (fact.accepts_unsure)
        j["answerCoding"] = yes_no_unsure_coding(g.value);
      else
        j["answerBoolean"] = g.value == kYes;
      break;
    case ValueType::integer: j["answerInteger"] = g.value; break;
    case ValueType::choice: j["answerCoding"] = coding(fact.choices[static_cast<size_t>(g.value)]); break;
  }
  return j;
}

Json help_item(const Fact& fact) {
  Json control{{"coding", Json::array({{{"system", kItemControlSystem}, {"code", "help"}, {"display", "Help-Button"}}})},
               {"text", "Help-Button"}};
  return Json{{"extension", Json::array({{{"url", kItemControl}, {"valueCodeableConcept", control}}})},
              {"linkId", fact.id + ".help"},
              {"text", fact.help},
              {"type", "display"}};
}

/// One term of a FHIRPath condition: the answer to question q equals v (a boolean, or a coding's code).
std::string answer_is(const RuleBase& rb, FactId q, Value v) {
  const Fact& fact = rb.facts[static_cast<size_t>(q)];
  const std::string answer = fmt::format("%resource.repeat(item).where(linkId = '{}').answer.value", fact.id);
  if (fact.type == ValueType::choice) return fmt::format("{}.code = '{}'", answer, fact.choices[static_cast<size_t>(v)]);
  if (fact.accepts_unsure) return fmt::format("{}.code = '{}'", answer, v == kUnsure ? kUnsureCode : v == kYes ? "yes" : "no");
  return fmt::format("{} = {}", answer, v == kYes ? "true" : "false");
}

const char* fhirpath_operator(CmpOp op) { return op == CmpOp::ne ? "!=" : fhir_operator(op); }

}  // namespace

std::optional<std::string> fhirpath_condition(const RuleBase& rb, CondId c) {
  const CondNode& n = rb.conds[static_cast<size_t>(c)];
  switch (n.kind) {
    case CondKind::always: return "true";
    case CondKind::negation: {
      const auto inner = fhirpath_condition(rb, rb.cond_children[n.first]);
      if (!inner) return std::nullopt;
      return fmt::format("({}).not()", *inner);
    }
    case CondKind::all:
    case CondKind::any: {
      std::string out;
      for (std::uint32_t k = 0; k < n.count; ++k) {
        const auto part = fhirpath_condition(rb, rb.cond_children[n.first + k]);
        if (!part) return std::nullopt;
        out += fmt::format("{}({})", k == 0 ? "" : n.kind == CondKind::all ? " and " : " or ", *part);
      }
      return n.count == 0 ? std::string(n.kind == CondKind::all ? "true" : "false") : out;
    }
    case CondKind::compare: {
      if (!rb.is_question(n.fact)) return std::nullopt;  // a form cannot see a rule's conclusion
      const Fact& fact = rb.facts[static_cast<size_t>(n.fact)];
      if (fact.type == ValueType::integer && n.op != CmpOp::in)
        return fmt::format("%resource.repeat(item).where(linkId = '{}').answer.value {} {}", fact.id,
                           fhirpath_operator(n.op), n.value);
      // Answers from a set (yes/no/unsure, choices, or `in`): the answers for which the comparison
      // holds, as one equality each, joined by `or`. An unanswered question leaves each equality
      // empty, and so the whole, as backtriage's unknown.
      std::vector<Value> domain;
      if (fact.type == ValueType::integer)
        for (std::uint32_t k = 0; k < n.count; ++k) domain.push_back(rb.value_pool[n.first + k]);
      else
        for (Value v = fact.min; v <= fact.max; ++v) domain.push_back(v);
      std::vector<std::string> terms;
      for (Value v : domain) {
        if (!comparison_holds(rb, n, v)) continue;
        terms.push_back(fact.type == ValueType::integer
                            ? fmt::format("%resource.repeat(item).where(linkId = '{}').answer.value = {}", fact.id, v)
                            : answer_is(rb, n.fact, v));
      }
      if (terms.empty()) {  // holds for no answer: false once answered, empty before
        const std::string t = answer_is(rb, n.fact, fact.type == ValueType::integer ? 0 : fact.min);
        return fmt::format("({0}) and ({0}).not()", t);
      }
      std::string out;
      for (size_t k = 0; k < terms.size(); ++k) out += (k ? " or " : "") + (terms.size() > 1 ? "(" + terms[k] + ")" : terms[k]);
      return out;
    }
  }
  return std::nullopt;
}

Json fhir_answer_value(const Fact& fact, Value v) {
  switch (fact.type) {
    case ValueType::yes_no:
      if (fact.accepts_unsure) return Json{{"valueCoding", yes_no_unsure_coding(v)}};
      return Json{{"valueBoolean", v == kYes}};
    case ValueType::integer: return Json{{"valueInteger", v}};
    case ValueType::choice: return Json{{"valueCoding", coding(fact.choices[static_cast<size_t>(v)])}};
  }
  return Json::object();
}

Json fhir_question_item(const RuleBase& rb, FactId q, FhirConditions conditions, std::vector<std::string>& notes) {
  const Fact& fact = rb.facts[static_cast<size_t>(q)];
  Json item;
  Json extensions = Json::array();
  if (fact.type == ValueType::integer) {
    extensions.push_back({{"url", kMinValue}, {"valueInteger", fact.min}});
    extensions.push_back({{"url", kMaxValue}, {"valueInteger", fact.max}});
  }
  GateSet gs = gates_of(rb, fact.ask_when);
  // SDC: an item has enableWhen or enableWhenExpression, never both.
  if (fact.ask_when != kNoCond && (conditions == FhirConditions::expression || !gs.exact)) {
    if (const auto expression = fhirpath_condition(rb, fact.ask_when)) {
      extensions.push_back({{"url", kEnableWhenExpression},
                            {"valueExpression", {{"language", "text/fhirpath"}, {"expression", *expression}}}});
      gs = GateSet{};
    }
  }
  if (!extensions.empty()) item["extension"] = std::move(extensions);
  item["linkId"] = fact.id;
  if (!fact.code.code.empty()) {
    Json coding{{"system", fact.code.system}, {"code", fact.code.code}};
    if (!fact.code.display.empty()) coding["display"] = fact.code.display;
    item["code"] = Json::array({coding});
  }
  item["text"] = fact.text;
  switch (fact.type) {
    case ValueType::yes_no: item["type"] = fact.accepts_unsure ? "choice" : "boolean"; break;
    case ValueType::integer: item["type"] = "integer"; break;
    case ValueType::choice: item["type"] = "choice"; break;
  }
  if (!gs.flat.gates.empty()) {
    Json list = Json::array();
    for (const Gate& g : gs.flat.gates) list.push_back(enable_when(rb, g));
    item["enableWhen"] = std::move(list);
    // que-12: with more than one enableWhen, enableBehavior is required.
    if (gs.flat.gates.size() > 1) item["enableBehavior"] = gs.flat.any ? "any" : "all";
  }
  if (!gs.exact)
    notes.push_back(fmt::format(
        "{}: ask_when '{}' cannot be said exactly with enableWhen or FHIRPath (it reads a rule conclusion); "
        "the form {} it",
        fact.id, describe_condition(rb, fact.ask_when),
        gs.flat.gates.empty() ? "always shows" : "shows it on a weaker condition than backtriage, which asks"));
  if (fact.type == ValueType::choice) {
    Json options = Json::array();
    for (const auto& c : fact.choices) options.push_back({{"valueCoding", coding(c)}});
    item["answerOption"] = std::move(options);
  } else if (fact.accepts_unsure) {
    item["answerOption"] = Json::array({{{"valueCoding", yes_no_unsure_coding(kYes)}},
                                        {{"valueCoding", yes_no_unsure_coding(kNo)}},
                                        {{"valueCoding", yes_no_unsure_coding(kUnsure)}}});
  }
  if (!fact.help.empty()) item["item"] = Json::array({help_item(fact)});
  return item;
}

Json fhir_checklist_group(const RuleBase& rb, std::int32_t checklist, Json member_items) {
  const Checklist& list = rb.checklists[static_cast<size_t>(checklist)];
  for (Json& item : member_items)
    if (const auto q = rb.find_fact(item["linkId"].get<std::string>()))
      item["text"] = rb.facts[static_cast<size_t>(*q)].list_text;
  return Json{{"linkId", list.id}, {"text", list.lead}, {"type", "group"}, {"item", std::move(member_items)}};
}

namespace {

/// A FHIR id: [A-Za-z0-9.-]{1,64}.
std::string fhir_id(const std::string& name) {
  std::string id;
  for (char c : name) {
    if (id.size() == 64) break;
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
    id += ok ? c : '-';
  }
  return id.empty() ? "backtriage" : id;
}

/// A computable name (que-0): an upper-case letter, then letters, digits and underscores.
std::string fhir_name(const std::string& name) {
  std::string out;
  bool upper = true;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  if (out.empty() || !std::isupper(static_cast<unsigned char>(out[0]))) out = std::string("Q") + out;
  return out.substr(0, 255);
}

/// dom-6: a resource should carry a human-readable narrative.
std::string narrative(const RuleBase& rb) {
  std::string div = fmt::format("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>{} {}: {} questions.</p><ol>",
                                html_escape(rb.title.empty() ? rb.name : rb.title), html_escape(rb.version),
                                rb.question_order.size());
  // As the form shows them: a checklist as its lead over its members in list wording.
  std::vector<char> placed(rb.checklists.size(), 0);
  for (FactId q : rb.question_order) {
    const std::int32_t list = rb.checklist_of.empty() ? -1 : rb.checklist_of[static_cast<size_t>(q)];
    if (list < 0) {
      div += "<li>" + html_escape(rb.facts[static_cast<size_t>(q)].text) + "</li>";
      continue;
    }
    if (placed[static_cast<size_t>(list)]) continue;
    placed[static_cast<size_t>(list)] = 1;
    const Checklist& checklist = rb.checklists[static_cast<size_t>(list)];
    div += "<li>" + html_escape(checklist.lead) + "<ul>";
    for (FactId m : checklist.members) div += "<li>" + html_escape(rb.facts[static_cast<size_t>(m)].list_text) + "</li>";
    div += "</ul></li>";
  }
  return div + "</ol></div>";
}

}  // namespace

std::string default_questionnaire_url(const RuleBase& rb) { return "urn:backtriage:" + fhir_id(rb.name); }

Json fhir_questionnaire_header(const RuleBase& rb, const std::string& url) {
  Json q;
  q["resourceType"] = "Questionnaire";
  q["id"] = fhir_id(rb.name);
  q["url"] = url;
  if (!rb.version.empty()) q["version"] = rb.version;
  q["name"] = fhir_name(rb.name);
  q["title"] = rb.title.empty() ? rb.name : rb.title;
  q["status"] = "active";
  q["subjectType"] = Json::array({"Patient"});
  if (!rb.date.empty()) q["date"] = rb.date;
  if (!rb.publisher.empty()) q["publisher"] = rb.publisher;
  return q;
}

FhirExport fhir_questionnaire(const RuleBase& rb, const std::string& url, FhirConditions conditions) {
  FhirExport out;
  const Json header = fhir_questionnaire_header(rb, url);
  Json q;
  // The narrative sits after id in FHIR's element order.
  q["resourceType"] = header["resourceType"];
  q["id"] = header["id"];
  q["text"] = {{"status", "generated"}, {"div", narrative(rb)}};
  for (const auto& [key, value] : header.items())
    if (key != "resourceType" && key != "id") q[key] = value;
  if (!rb.description.empty()) q["description"] = rb.description;
  Json items = Json::array();
  // A checklist is a group where its first member is reached: its members' answers sit under it
  // in a response, and a response with them at the top reads the same (answers go by linkId).
  std::vector<char> placed(rb.checklists.size(), 0);
  for (FactId id : rb.question_order) {
    const std::int32_t list = rb.checklist_of.empty() ? -1 : rb.checklist_of[static_cast<size_t>(id)];
    if (list < 0) {
      items.push_back(fhir_question_item(rb, id, conditions, out.notes));
      continue;
    }
    if (placed[static_cast<size_t>(list)]) continue;
    placed[static_cast<size_t>(list)] = 1;
    Json members = Json::array();
    for (FactId m : rb.checklists[static_cast<size_t>(list)].members)
      members.push_back(fhir_question_item(rb, m, conditions, out.notes));
    items.push_back(fhir_checklist_group(rb, list, std::move(members)));
  }
  if (!items.empty()) q["item"] = std::move(items);  // ele-1: no empty arrays in FHIR JSON
  out.json = json_safe(q.dump(2)) + "\n";  // the --url is the user's text: no raw C1 or bidi
  return out;
}

}  // namespace backtriage
