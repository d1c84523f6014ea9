// Rules of the rule language: id, title, priority, when, then (set / red_flag / disposition /
// recommend / avoid / stop) and source, with every reference resolved to an id.
#include <unordered_map>

#include <fmt/format.h>

#include "base/text.hpp"
#include "lang/loader_internal.hpp"

namespace backtriage::detail {

namespace {

struct NamedRef {
  std::string name;
  SourceLoc loc;
};

/// A single id or a list of ids, each with its own place for error messages.
std::optional<std::vector<NamedRef>> id_list(MapReader& m, std::string_view key, Diagnostics& diags) {
  const yaml::Node* n = m.get(key);
  if (!n) return std::nullopt;
  std::vector<NamedRef> out;
  if (n->is_scalar()) {
    out.push_back({n->value, n->loc});
    return out;
  }
  if (!n->is_sequence()) {
    diags.error(n->loc, fmt::format("'{}' must be an id or a list of ids, found {}", key,
                                    yaml::kind_name(n->kind)));
    return std::nullopt;
  }
  for (const auto& item : n->children) {
    if (auto s = scalar_text(item, fmt::format("each item of '{}'", key), diags))
      out.push_back({*s, item.loc});
  }
  return out;
}

}  // namespace

namespace {

class RuleReader {
 public:
  explicit RuleReader(LoadContext& ctx) : ctx_(ctx), diags_(ctx.diags) {}

  std::optional<Rule> read(const yaml::Node& node) {
    MapReader m(node, "a rule", diags_);
    Rule r;
    r.loc = node.loc;
    r.id = ctx_.identifier(m, "id").value_or("");
    const std::string what = r.id.empty() ? "this rule" : fmt::format("rule '{}'", r.id);
    r.title = m.text("title", true).value_or("");
    r.priority = m.integer("priority").value_or(0);
    bool good = m.ok() && !r.id.empty();
    if (const auto* when = m.get("when", true)) {
      r.when = ctx_.condition(*when);
      good = good && r.when != kNoCond;
    } else {
      good = false;
    }
    if (const auto* then = m.get("then", true))
      good = read_then(*then, what, r) && good;
    else
      good = false;
    if (const auto* src = m.get("source", true)) {
      if (auto ref = ctx_.source_ref(*src))
        r.source = *ref;
      else
        good = false;
    } else {
      good = false;
    }
    m.finish();
    if (!good) return std::nullopt;
    return r;
  }

 private:
  bool read_then(const yaml::Node& node, const std::string& rule, Rule& r) {
    MapReader m(node, fmt::format("the 'then' of {}", rule), diags_);
    const size_t errors_before = static_cast<size_t>(diags_.error_count());

    if (auto sets = id_list(m, "set", diags_)) {
      for (const auto& s : *sets) {
        const auto f = ctx_.rb.find_fact(s.name);
        if (!f) {
          std::vector<std::string> derived;
          for (const auto& fact : ctx_.rb.facts)
            if (!fact.is_question) derived.push_back(fact.id);
          diags_.error(s.loc, fmt::format("unknown derived fact '{}'{}; declare it under 'facts'",
                                          printable(s.name), did_you_mean(s.name, derived)));
        } else if (ctx_.rb.is_question(*f)) {
          diags_.error(s.loc, fmt::format("'{}' is a question: rules can set only derived facts "
                                          "(declared under 'facts')",
                                          s.name));
        } else {
          r.sets.push_back(*f);
        }
      }
    }

    if (const auto* rf = m.get("red_flag")) {
      MapReader flag(*rf, fmt::format("the red flag of {}", rule), diags_);
      r.red_flag = true;
      r.red_flag_text = flag.text("text", true).value_or("");
      r.red_flag_sign = flag.text("sign").value_or("");
      r.disposition = level(flag, "disposition", true);
      flag.finish();
    }
    if (m.get("disposition")) {
      if (r.red_flag)
        diags_.error(m.get("disposition")->key_loc,
                     "give the disposition inside 'red_flag', or use 'disposition' without a "
                     "red flag, not both");
      else
        r.disposition = level(m, "disposition", false);
    }

    if (auto recs = id_list(m, "recommend", diags_)) {
      for (const auto& o : *recs)
        if (auto id = option(o)) r.recommends.push_back(*id);
    }
    if (const auto* av = m.get("avoid")) {
      if (!av->is_map()) {
        diags_.error(av->loc, "'avoid' must map each option id to the reason it is avoided, "
                              "e.g. avoid: {massage_gun: \"not on a fresh injury\"}");
      } else {
        for (const auto& entry : av->children) {
          auto reason = scalar_text(entry, fmt::format("the reason for avoiding '{}'", entry.key), diags_);
          if (reason && trim(*reason).empty())
            diags_.error(entry.loc, fmt::format("give a reason for avoiding '{}'", entry.key));
          if (auto id = option({entry.key, entry.key_loc}); id && reason)
            r.avoids.push_back({*id, *reason});
        }
      }
    }
    r.stop = m.yes_no("stop").value_or(false);
    m.finish();

    if (m.ok() && r.sets.empty() && r.disposition == kNoLevel && r.recommends.empty() &&
        r.avoids.empty() && !r.stop && static_cast<size_t>(diags_.error_count()) == errors_before)
      diags_.error(node.loc, fmt::format("the 'then' of {} does nothing: use set, red_flag, "
                                         "disposition, recommend, avoid or stop",
                                         rule));
    return m.ok() && static_cast<size_t>(diags_.error_count()) == errors_before;
  }

  Level level(MapReader& m, std::string_view key, bool required) {
    const yaml::Node* n = m.get(key, required);
    if (!n) return kNoLevel;
    const auto s = scalar_text(*n, fmt::format("'{}'", key), diags_);
    if (!s) return kNoLevel;
    if (auto l = ctx_.rb.find_level(*s)) return *l;
    const auto ids = ids_of(ctx_.rb.dispositions);
    diags_.error(n->loc, fmt::format("unknown disposition '{}'{}; allowed: {}", printable(*s),
                                     did_you_mean(*s, ids), quoted_list(ids)));
    return kNoLevel;
  }

  std::optional<OptionId> option(const NamedRef& ref) {
    if (auto id = ctx_.rb.find_option(ref.name)) return id;
    diags_.error(ref.loc, fmt::format("unknown option '{}'{}", printable(ref.name),
                                      did_you_mean(ref.name, ids_of(ctx_.rb.options))));
    return std::nullopt;
  }

  LoadContext& ctx_;
  Diagnostics& diags_;
};

}  // namespace

void LoadContext::read_rules() {
  if (rule_nodes.size() > max_rules) {
    diags.error(rule_nodes[max_rules]->loc,
                fmt::format("more than {} rules in one rule base", max_rules));
    return;
  }
  RuleReader reader(*this);
  std::unordered_map<std::string, SourceLoc> seen;
  for (const auto* node : rule_nodes) {
    auto rule = reader.read(*node);
    if (!rule) continue;
    const auto [it, inserted] = seen.emplace(rule->id, rule->loc);
    if (!inserted) {
      diags.error(rule->loc, fmt::format("duplicate rule id '{}'", rule->id));
      diags.note(it->second, fmt::format("'{}' was first declared here", rule->id));
      continue;
    }
    rb.rules.push_back(std::move(*rule));
  }
}

}  // namespace backtriage::detail
