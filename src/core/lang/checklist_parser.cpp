// Checklists of the rule language: yes/no questions asked together under one lead question.
// Read after the questions are known; each member is checked where it is written, so that every
// error points at the member, the list or the checklist it is about.
#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "base/text.hpp"
#include "lang/loader_internal.hpp"

namespace backtriage::detail {

namespace {

std::string question_ids_hint(const RuleBase& rb, std::string_view given) {
  return did_you_mean(given, rb.question_names());
}

}  // namespace

void LoadContext::read_checklists() {
  // Rules are read later (their ids are not known yet): their nodes are searched here.
  std::unordered_map<std::string, bool> other_ids;
  for (const yaml::Node* n : rule_nodes)
    if (const yaml::Node* id = n->find("id"); id && id->is_scalar()) other_ids.emplace(id->value, true);
  for (const yaml::Node* n : invariant_nodes)
    if (const yaml::Node* id = n->find("id"); id && id->is_scalar()) other_ids.emplace(id->value, false);
  const auto id_taken = [&](const std::string& id) -> const char* {
    if (rb.find_fact(id)) return "question or fact";
    if (rb.find_option(id)) return "option";
    if (rb.find_level(id)) return "disposition";
    for (const Source& s : rb.sources)
      if (s.id == id) return "source";
    if (const auto it = other_ids.find(id); it != other_ids.end()) return it->second ? "rule" : "invariant";
    return nullptr;
  };
  std::unordered_map<std::string, SourceLoc> ids;         // checklist id -> where it is declared
  std::unordered_map<FactId, SourceLoc> member_of_place;  // question -> where a checklist lists it
  std::unordered_map<FactId, std::string> member_of;      // question -> the checklist listing it
  for (const yaml::Node* node : checklist_nodes) {
    MapReader m(*node, "a checklist", diags);
    Checklist list;
    list.loc = node->loc;
    list.id = identifier(m, "id").value_or("");
    list.lead = m.text("lead", true).value_or("");
    const yaml::Node* members = m.list("members", true);
    m.finish();
    bool good = m.ok() && !list.id.empty();
    if (!list.id.empty()) {
      if (const auto [it, fresh] = ids.emplace(list.id, node->loc); !fresh) {
        diags.error(node->loc, fmt::format("duplicate checklist id '{}'", list.id));
        diags.note(it->second, fmt::format("'{}' was first declared here", list.id));
        good = false;
      } else if (const char* taken = id_taken(list.id)) {
        // Forms name a checklist and its questions in one namespace (FHIR linkIds), and `rules
        // show ID` finds any element by its id.
        diags.error(node->loc, fmt::format("checklist id '{}' is already the id of a {}: give the checklist an id "
                                           "of its own",
                                           list.id, taken));
        good = false;
      }
    }
    if (!members) continue;
    for (const yaml::Node& item : members->children) {
      const auto name = scalar_text(item, "a checklist member", diags);
      if (!name) {
        good = false;
        continue;
      }
      const auto q = rb.find_fact(*name);
      if (!q || !rb.is_question(*q)) {
        diags.error(item.loc, fmt::format("checklist '{}' lists '{}', which is not a question{}", list.id,
                                          printable(*name), q ? " (a derived fact is never asked)"
                                                              : question_ids_hint(rb, *name)));
        good = false;
        continue;
      }
      const Fact& f = rb.facts[static_cast<size_t>(*q)];
      if (f.type != ValueType::yes_no) {
        diags.error(item.loc, fmt::format("checklist '{}' lists '{}', a question that takes {}: a checklist holds "
                                          "yes/no questions only (ticked: yes; not ticked: no)",
                                          list.id, f.id, rb.accepted_text(*q)));
        good = false;
        continue;
      }
      if (f.list_text.empty()) {
        diags.error(item.loc, fmt::format("checklist '{}' lists '{}', which has no 'list_text': give the question "
                                          "the words it reads as in a list (e.g. 'Numbness in both legs')",
                                          list.id, f.id));
        good = false;
      }
      if (const auto it = member_of.find(*q); it != member_of.end()) {
        diags.error(item.loc, it->second == list.id
                                  ? fmt::format("checklist '{}' lists '{}' twice", list.id, f.id)
                                  : fmt::format("'{}' is in checklist '{}' already: a question belongs to one "
                                                "checklist at most",
                                                f.id, it->second));
        diags.note(member_of_place.at(*q), fmt::format("'{}' is listed here", f.id));
        good = false;
        continue;
      }
      if (!list.members.empty() && *q < list.members.back()) {
        const Fact& before = rb.facts[static_cast<size_t>(list.members.back())];
        diags.error(item.loc, fmt::format("checklist '{}' lists '{}' after '{}', but the questionnaire asks it "
                                          "first (order {} before {}): list the members in question order",
                                          list.id, f.id, before.id, f.order, before.order));
        good = false;
      }
      member_of.emplace(*q, list.id);
      member_of_place.emplace(*q, item.loc);
      list.members.push_back(*q);
    }
    if (good && list.members.size() < 2) {
      diags.error(members->loc, fmt::format("checklist '{}' has {} member{}: a checklist lists two or more yes/no "
                                            "questions (ask a single one as a plain question)",
                                            list.id, list.members.size(), list.members.size() == 1 ? "" : "s"));
      good = false;
    }
    if (good) rb.checklists.push_back(std::move(list));
  }
  std::sort(rb.checklists.begin(), rb.checklists.end(),
            [](const Checklist& a, const Checklist& b) { return a.members.front() < b.members.front(); });
  index_checklists(rb);
}

}  // namespace backtriage::detail
