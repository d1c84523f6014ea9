// Invariants of the rule language: safety properties that `rules verify` proves over the whole
// answer space. Either `when` + `expect`, or `monotone` (a list of yes/no questions).
#include <unordered_map>

#include <fmt/format.h>

#include "base/text.hpp"
#include "lang/loader_internal.hpp"

namespace backtriage::detail {

void LoadContext::read_invariants() {
  std::unordered_map<std::string, SourceLoc> seen;
  for (const yaml::Node* node : invariant_nodes) {
    MapReader m(*node, "an invariant", diags);
    Invariant inv;
    inv.loc = node->loc;
    inv.id = identifier(m, "id").value_or("");
    inv.title = m.text("title", true).value_or("");
    bool good = m.ok() && !inv.id.empty();
    const auto level = [&](MapReader& r, std::string_view key) -> Level {
      const yaml::Node* n = r.get(key);
      if (!n) return kNoLevel;
      if (n->is_scalar())
        if (auto l = rb.find_level(n->value)) return *l;
      diags.error(n->loc, fmt::format("unknown disposition '{}'{}", printable(n->value),
                                      did_you_mean(n->value, ids_of(rb.dispositions))));
      good = false;
      return kNoLevel;
    };
    const auto option_list = [&](MapReader& r, std::string_view key) {
      std::vector<OptionId> out;
      const auto names = r.text_list(key);
      if (!names) return out;
      for (const auto& name : *names) {
        if (auto o = rb.find_option(name)) {
          out.push_back(*o);
        } else {
          diags.error(r.get(key)->loc, fmt::format("unknown option '{}'{}", printable(name),
                                                   did_you_mean(name, ids_of(rb.options))));
          good = false;
        }
      }
      return out;
    };
    if (const auto* when = m.get("when")) {
      inv.when = condition(*when);
      good = good && inv.when != kNoCond;
    }
    const yaml::Node* expect = m.get("expect");
    const auto monotone = m.text_list("monotone");
    if (expect && monotone) {
      diags.error(node->loc, fmt::format("invariant '{}' has both 'expect' and 'monotone': one kind per invariant", inv.id));
      good = false;
    } else if (!expect && !monotone) {
      diags.error(node->loc, fmt::format("invariant '{}' needs 'expect' (what must hold) or 'monotone' (questions "
                                         "whose yes never lowers the disposition)",
                                         inv.id));
      good = false;
    }
    if (expect) {
      MapReader e(*expect, fmt::format("the 'expect' of invariant '{}'", inv.id), diags);
      inv.at_least = level(e, "disposition_at_least");
      inv.at_most = level(e, "disposition_at_most");
      inv.has_disposition = e.yes_no("has_disposition").value_or(false);
      inv.recommended = option_list(e, "recommended");
      inv.not_recommended = option_list(e, "not_recommended");
      inv.avoided = option_list(e, "avoided");
      e.finish();
      good = good && e.ok();
    }
    if (monotone) {
      if (inv.when != kNoCond) {
        diags.error(node->loc, "a 'monotone' invariant holds in every case: remove 'when'");
        good = false;
      }
      for (const auto& name : *monotone) {
        const auto f = rb.find_fact(name);
        if (!f || !rb.is_question(*f) || rb.facts[static_cast<size_t>(*f)].type != ValueType::yes_no) {
          diags.error(m.get("monotone")->loc,
                      fmt::format("'{}' is not a yes/no question{}", printable(name), did_you_mean(name, rb.question_names())));
          good = false;
          continue;
        }
        inv.monotone.push_back(*f);
      }
    }
    m.finish();
    if (!good) continue;
    if (const auto [it, inserted] = seen.emplace(inv.id, inv.loc); !inserted) {
      diags.error(inv.loc, fmt::format("duplicate invariant id '{}'", inv.id));
      diags.note(it->second, fmt::format("'{}' was first declared here", inv.id));
      continue;
    }
    rb.invariants.push_back(std::move(inv));
  }
}

}  // namespace backtriage::detail
