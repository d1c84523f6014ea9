// A FHIR R4 QuestionnaireResponse as an answers file: `assess --answers` and `ask --resume`.
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "base/text.hpp"
#include "interop/fhir.hpp"

namespace backtriage {

namespace {

using yaml::Node;

// The elements R4 defines on each level (hl7.org/fhir/R4/questionnaireresponse.html). Anything
// else is a typo or another resource's element; keys starting with '_' carry a primitive's
// extensions and are allowed everywhere.
constexpr std::array kResponseKeys = {"resourceType", "id", "meta", "implicitRules", "language", "text",
                                      "contained", "extension", "modifierExtension", "identifier", "basedOn",
                                      "partOf", "questionnaire", "status", "subject", "encounter", "authored",
                                      "author", "source", "item"};
constexpr std::array kItemKeys = {"id", "extension", "modifierExtension", "linkId", "definition", "text", "answer", "item"};
constexpr std::array kAnswerKeys = {"id", "extension", "modifierExtension", "item"};  // and one value[x]
constexpr std::array kStatuses = {"in-progress", "completed", "amended", "entered-in-error", "stopped"};

template <size_t N>
std::vector<std::string> names(const std::array<const char*, N>& keys) {
  return {keys.begin(), keys.end()};
}

template <size_t N>
bool known(const std::array<const char*, N>& keys, const std::string& key) {
  return key.starts_with('_') || std::find(keys.begin(), keys.end(), key) != keys.end();
}

/// The FHIR JSON spelling of what a question takes.
std::string value_element(const Fact& f) {
  switch (f.type) {
    case ValueType::yes_no:
      return f.accepts_unsure ? "valueCoding with the code yes or no, or UNK (HL7 v3 NullFlavor) for not sure; or "
                                "valueBoolean (true or false)"
                              : "valueBoolean (true or false)";
    case ValueType::integer: return "valueInteger (a JSON number)";
    case ValueType::choice: return "valueCoding with a code, or valueString";
  }
  return {};
}

class ResponseReader {
 public:
  ResponseReader(const RuleBase& rb, Diagnostics& diags)
      : rb_(rb), diags_(diags), values_(static_cast<size_t>(rb.question_count), kUnknown),
        answered_at_(static_cast<size_t>(rb.question_count)) {}

  std::optional<std::vector<Value>> read(const Node& root) {
    const Node* type = root.find("resourceType");
    if (!type->is_scalar()) {
      fail(type->loc, fmt::format("resourceType must be a resource name such as QuestionnaireResponse, found {}",
                                  yaml::kind_name(type->kind)));
      return std::nullopt;
    }
    if (type->value != "QuestionnaireResponse") {
      fail(type->loc, fmt::format("a FHIR {} is not an answers file: give a QuestionnaireResponse, or a map of "
                                  "question id to answer",
                                  printable(type->value)));
      return std::nullopt;
    }
    for (const Node& entry : root.children) {
      if (!known(kResponseKeys, entry.key))
        fail(entry.key_loc, fmt::format("'{}' is not an element of a QuestionnaireResponse{}", printable(entry.key),
                                        did_you_mean(entry.key, names(kResponseKeys))));
    }
    refuse_modifiers(root);
    check_status(root);
    if (const Node* items = root.find("item")) read_items(*items, true);
    if (!good_) return std::nullopt;
    return values_;
  }

 private:
  void fail(const SourceLoc& loc, std::string message) {
    diags_.error(loc, std::move(message));
    good_ = false;
  }

  void check_status(const Node& root) {
    const Node* status = root.find("status");
    if (!status) {
      fail(root.loc, fmt::format("a QuestionnaireResponse needs a status ({})", quoted_list(names(kStatuses))));
      return;
    }
    if (!status->is_scalar() || std::find(kStatuses.begin(), kStatuses.end(), status->value) == kStatuses.end()) {
      fail(status->loc, fmt::format("status '{}' is not a QuestionnaireResponse status: use {}",
                                    status->is_scalar() ? printable(status->value) : yaml::kind_name(status->kind),
                                    quoted_list(names(kStatuses))));
      return;
    }
    // A response marked as entered in error is void: using it would triage on answers its author withdrew.
    if (status->value == "entered-in-error")
      fail(status->loc, "this QuestionnaireResponse is marked entered-in-error: its answers are void");
  }

  /// A modifierExtension changes the meaning of what it sits on; FHIR says a reader that does not
  /// know it must not go on.
  void refuse_modifiers(const Node& element) {
    if (const Node* m = element.find("modifierExtension"))
      fail(m->loc, "modifierExtension changes what these answers mean and backtriage does not know it; "
                   "refusing the response rather than guessing");
  }

  void read_items(const Node& items, bool top = false) {
    if (!items.is_sequence()) {
      fail(items.loc, fmt::format("item must be a list of items, found {}", yaml::kind_name(items.kind)));
      return;
    }
    for (const Node& item : items.children) read_item(item, top);
  }

  /// Whether an item is the result group next-question attached: at the top, holding nothing but
  /// result items (backtriage.result.*) at any depth. Anything else under that linkId is refused,
  /// so that no answer can hide in it.
  bool is_result_group(const Node& item, bool top) {
    const std::string prefix = std::string(kResultLinkId) + ".";
    bool only_results = true;
    const auto check = [&](const Node& n, auto& self) -> void {
      const Node* children = n.find("item");
      if (!children || !children->is_sequence()) return;
      for (const Node& child : children->children) {
        const Node* link = child.is_map() ? child.find("linkId") : nullptr;
        if (!link || !link->is_scalar() || !link->value.starts_with(prefix)) {
          fail(link ? link->loc : child.loc,
               fmt::format("'{}' holds only the result next-question attached; {} belongs in the response's own items",
                           kResultLinkId,
                           link && link->is_scalar() ? fmt::format("'{}'", printable(link->value)) : std::string("this item")));
          only_results = false;
        } else {
          self(child, self);
        }
      }
    };
    if (!top) {
      fail(item.loc, fmt::format("'{}' is the result next-question attaches, at the top of the response only", kResultLinkId));
      return false;
    }
    check(item, check);
    return only_results;
  }

  void read_item(const Node& item, bool top) {
    if (!item.is_map()) {
      fail(item.loc, fmt::format("an item must be a map with a linkId, found {}", yaml::kind_name(item.kind)));
      return;
    }
    for (const Node& entry : item.children)
      if (!known(kItemKeys, entry.key))
        fail(entry.key_loc, fmt::format("'{}' is not an element of a QuestionnaireResponse item{}", printable(entry.key),
                                        did_you_mean(entry.key, names(kItemKeys))));
    refuse_modifiers(item);
    const Node* link = item.find("linkId");
    if (!link || !link->is_scalar() || link->value.empty()) {
      fail(link ? link->loc : item.loc, "an item needs a linkId (the question id)");
      return;
    }
    // The result that next-question attaches is output, not answers (no question id has a '.').
    if (link->value == kResultLinkId) {
      is_result_group(item, top);
      return;
    }
    const Node* answers = item.find("answer");
    if (answers) read_answers(link->value, link->loc, *answers);
    if (const Node* children = item.find("item")) read_items(*children);
  }

  void read_answers(const std::string& link_id, const SourceLoc& link_loc, const Node& answers) {
    if (!answers.is_sequence()) {
      fail(answers.loc, fmt::format("answer must be a list, found {}", yaml::kind_name(answers.kind)));
      return;
    }
    const auto fact = rb_.find_fact(link_id);
    const bool question = fact && rb_.is_question(*fact);
    const bool checklist = std::any_of(rb_.checklists.begin(), rb_.checklists.end(),
                                       [&](const Checklist& c) { return c.id == link_id; });
    if (!question && !answers.children.empty())
      fail(link_loc, checklist ? fmt::format("'{}' is a checklist, a group of questions: it takes no answer of its "
                                             "own; each member's answer goes in the group's item",
                                             printable(link_id))
                               : fmt::format("unknown question '{}'{}", printable(link_id),
                                             did_you_mean(link_id, rb_.question_names())));
    for (size_t k = 0; k < answers.children.size(); ++k) {
      const Node& answer = answers.children[k];
      if (!answer.is_map()) {
        fail(answer.loc, fmt::format("an answer must be a map with one value[x], found {}", yaml::kind_name(answer.kind)));
        continue;
      }
      refuse_modifiers(answer);
      if (question && k == 1)
        fail(answer.loc, fmt::format("'{}' takes one answer, not {}", link_id, answers.children.size()));
      if (question && k == 0) read_value(*fact, answer);
      if (const Node* children = answer.find("item")) read_items(*children);
    }
  }

  void read_value(FactId q, const Node& answer) {
    const Fact& fact = rb_.facts[static_cast<size_t>(q)];
    const Node* value = nullptr;
    for (const Node& entry : answer.children) {
      if (known(kAnswerKeys, entry.key)) continue;
      if (!entry.key.starts_with("value")) {
        fail(entry.key_loc, fmt::format("'{}' is not an element of an answer: use {}", printable(entry.key),
                                        value_element(fact)));
        return;
      }
      if (value) {
        fail(entry.key_loc, "an answer has exactly one value[x]");
        return;
      }
      value = &entry;
    }
    if (!value) {
      fail(answer.loc, fmt::format("the answer to '{}' has no value: use {}", fact.id, value_element(fact)));
      return;
    }
    const size_t slot = static_cast<size_t>(q);
    if (answered_at_[slot].known()) {
      fail(value->loc, fmt::format("'{}' is answered twice (first at {})", fact.id, answered_at_[slot].str()));
      return;
    }
    answered_at_[slot] = value->loc;
    const auto wrong = [&] {
      fail(value->loc, fmt::format("'{}' is answered {} here: {}", fact.id, value_element(fact),
                                   rb_.accepted_text(q)));
    };
    std::string text;
    switch (fact.type) {
      case ValueType::yes_no:
        // A question that accepts unsure is a choice in the exported form (yes, no, and
        // NullFlavor UNK for "not sure"); a plain boolean answer to it still counts.
        if (fact.accepts_unsure && value->key == "valueCoding") {
          const Node* code = value->is_map() ? value->find("code") : nullptr;
          const Node* system = value->is_map() ? value->find("system") : nullptr;
          if (!code || !code->is_scalar()) return wrong();
          if (code->value == kUnsureCode && (!system || (system->is_scalar() && system->value == kNullFlavorSystem))) {
            text = "unsure";
          } else if ((code->value == "yes" || code->value == "no") && !system) {
            text = code->value;
          } else {
            return wrong();
          }
          break;
        }
        // JSON true/false only: the string "true" is a valueString, not a boolean.
        if (value->key != "valueBoolean" || !value->is_scalar() || value->quoted ||
            (value->value != "true" && value->value != "false"))
          return wrong();
        text = value->value;
        break;
      case ValueType::integer:
        if (value->key != "valueInteger" || !value->is_scalar() || value->quoted) return wrong();
        text = value->value;
        break;
      case ValueType::choice:
        if (value->key == "valueString" && value->is_scalar() && value->quoted) {
          text = value->value;
        } else if (value->key == "valueCoding" && value->is_map() && value->find("code") &&
                   value->find("code")->is_scalar()) {
          text = value->find("code")->value;
        } else {
          return wrong();
        }
        break;
    }
    const ParsedValue v = parse_value(rb_, q, text);
    if (!v.ok) return fail(value->loc, v.error);
    values_[slot] = v.value;
  }

  const RuleBase& rb_;
  Diagnostics& diags_;
  std::vector<Value> values_;
  std::vector<SourceLoc> answered_at_;
  bool good_ = true;
};

}  // namespace

bool is_fhir_resource(const yaml::Node& root) { return root.is_map() && root.find("resourceType") != nullptr; }

std::optional<std::vector<Value>> read_questionnaire_response(const yaml::Node& root, const RuleBase& rb,
                                                              Diagnostics& diags) {
  return ResponseReader(rb, diags).read(root);
}

}  // namespace backtriage
