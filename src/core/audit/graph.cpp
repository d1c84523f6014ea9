// Rule graphs and the plain-words view of one element.
#include "audit/graph.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "eval/describe.hpp"

namespace backtriage {

namespace {

std::string dot_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string mermaid_escape(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '"') ? '\'' : c;
  return out;
}

bool reads(const RuleBase& rb, RuleId r, FactId f) {
  const auto facts = rb.rule_facts[static_cast<size_t>(r)];
  return std::find(facts.begin(), facts.end(), f) != facts.end();
}

}  // namespace

std::string rule_graph_dot(const RuleBase& rb) {
  std::string out = fmt::format(
      "// The rule graph of {} {}: render with  dot -Tsvg -o rules.svg\n"
      "digraph rules {{\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10, style=filled];\n"
      "  edge [fontname=\"Helvetica\", fontsize=8];\n",
      rb.name, rb.version);
  for (FactId q : rb.question_order)
    out += fmt::format("  \"q:{}\" [label=\"{}\", shape=box, fillcolor=\"#dbeafe\"];\n", rb.facts[static_cast<size_t>(q)].id,
                       rb.facts[static_cast<size_t>(q)].id);
  for (FactId f = rb.question_count; f < static_cast<FactId>(rb.facts.size()); ++f)
    out += fmt::format("  \"f:{}\" [label=\"{}\", shape=diamond, fillcolor=\"#fef3c7\"];\n", rb.facts[static_cast<size_t>(f)].id,
                       rb.facts[static_cast<size_t>(f)].id);
  for (const auto& r : rb.rules)
    out += fmt::format("  \"r:{}\" [label=\"{}\\n{}\", shape=ellipse, fillcolor=\"#f3f4f6\"];\n", r.id, r.id,
                       dot_escape(describe_condition(rb, r.when)));
  for (const auto& d : rb.dispositions)
    out += fmt::format("  \"d:{}\" [label=\"{}\", shape=octagon, fillcolor=\"#fecaca\"];\n", d.id, dot_escape(d.title));
  for (const auto& o : rb.options)
    out += fmt::format("  \"o:{}\" [label=\"{}\", shape=note, fillcolor=\"#dcfce7\"];\n", o.id, dot_escape(o.title));
  for (RuleId r = 0; r < static_cast<RuleId>(rb.rules.size()); ++r) {
    const Rule& rule = rb.rules[static_cast<size_t>(r)];
    for (FactId f : rb.rule_facts[static_cast<size_t>(r)])
      out += fmt::format("  \"{}:{}\" -> \"r:{}\";\n", rb.is_question(f) ? 'q' : 'f', rb.facts[static_cast<size_t>(f)].id, rule.id);
    for (FactId f : rule.sets) out += fmt::format("  \"r:{}\" -> \"f:{}\" [label=\"sets\"];\n", rule.id, rb.facts[static_cast<size_t>(f)].id);
    if (rule.disposition != kNoLevel)
      out += fmt::format("  \"r:{}\" -> \"d:{}\" [color=\"#b91c1c\"{}];\n", rule.id,
                         rb.dispositions[static_cast<size_t>(rule.disposition)].id, rule.red_flag ? ", label=\"red flag\"" : "");
    for (OptionId o : rule.recommends)
      out += fmt::format("  \"r:{}\" -> \"o:{}\" [color=\"#15803d\"];\n", rule.id, rb.options[static_cast<size_t>(o)].id);
    for (const Avoid& a : rule.avoids)
      out += fmt::format("  \"r:{}\" -> \"o:{}\" [color=\"#b91c1c\", style=dashed, label=\"avoid\"];\n", rule.id,
                         rb.options[static_cast<size_t>(a.option)].id);
  }
  for (FactId g = 0; g < static_cast<FactId>(rb.facts.size()); ++g)
    for (FactId q : rb.gated[static_cast<size_t>(g)])
      out += fmt::format("  \"{}:{}\" -> \"q:{}\" [style=dotted, label=\"ask when\"];\n", rb.is_question(g) ? 'q' : 'f',
                         rb.facts[static_cast<size_t>(g)].id, rb.facts[static_cast<size_t>(q)].id);
  // A checklist's questions, boxed together under its lead (a cluster of the questions above).
  for (const Checklist& c : rb.checklists) {
    out += fmt::format("  subgraph \"cluster_{}\" {{\n    label=\"{}\"; style=rounded; color=\"#2563eb\";\n", c.id,
                       dot_escape(c.lead));
    for (FactId q : c.members) out += fmt::format("    \"q:{}\";\n", rb.facts[static_cast<size_t>(q)].id);
    out += "  }\n";
  }
  out += "}\n";
  return out;
}

std::string rule_graph_mermaid(const RuleBase& rb) {
  std::string out = fmt::format("%% The rule graph of {} {}\nflowchart LR\n", rb.name, rb.version);
  for (FactId q : rb.question_order) out += fmt::format("  q_{0}[{0}]\n", rb.facts[static_cast<size_t>(q)].id);
  for (FactId f = rb.question_count; f < static_cast<FactId>(rb.facts.size()); ++f)
    out += fmt::format("  f_{0}{{{0}}}\n", rb.facts[static_cast<size_t>(f)].id);
  for (const auto& r : rb.rules) out += fmt::format("  r_{0}([{0}])\n", r.id);
  for (const auto& d : rb.dispositions) out += fmt::format("  d_{}{{{{\"{}\"}}}}\n", d.id, mermaid_escape(d.title));
  for (const auto& o : rb.options) out += fmt::format("  o_{}[/\"{}\"/]\n", o.id, mermaid_escape(o.title));
  for (RuleId r = 0; r < static_cast<RuleId>(rb.rules.size()); ++r) {
    const Rule& rule = rb.rules[static_cast<size_t>(r)];
    for (FactId f : rb.rule_facts[static_cast<size_t>(r)])
      out += fmt::format("  {}_{} --> r_{}\n", rb.is_question(f) ? 'q' : 'f', rb.facts[static_cast<size_t>(f)].id, rule.id);
    for (FactId f : rule.sets) out += fmt::format("  r_{} -- sets --> f_{}\n", rule.id, rb.facts[static_cast<size_t>(f)].id);
    if (rule.disposition != kNoLevel)
      out += fmt::format("  r_{} {} d_{}\n", rule.id, rule.red_flag ? "-- red flag -->" : "-->",
                         rb.dispositions[static_cast<size_t>(rule.disposition)].id);
    for (OptionId o : rule.recommends) out += fmt::format("  r_{} --> o_{}\n", rule.id, rb.options[static_cast<size_t>(o)].id);
    for (const Avoid& a : rule.avoids)
      out += fmt::format("  r_{} -. avoid .-> o_{}\n", rule.id, rb.options[static_cast<size_t>(a.option)].id);
  }
  for (const Checklist& c : rb.checklists) {
    out += fmt::format("  subgraph c_{}[\"{}\"]\n", c.id, mermaid_escape(c.lead));
    for (FactId q : c.members) out += fmt::format("    q_{}\n", rb.facts[static_cast<size_t>(q)].id);
    out += "  end\n";
  }
  return out;
}

std::string show_element(const RuleBase& rb, std::string_view id) {
  std::string out;
  const auto list = [&](const char* label, const std::vector<std::string>& items) {
    if (!items.empty()) out += fmt::format("  {}: {}\n", label, fmt::join(items, ", "));
  };
  const auto rule_ids = [&](std::span<const RuleId> rules) {
    std::vector<std::string> ids;
    for (RuleId r : rules) ids.push_back(rb.rules[static_cast<size_t>(r)].id);
    return ids;
  };
  const auto rules_where = [&](auto pred) {
    std::vector<std::string> ids;
    for (RuleId r = 0; r < static_cast<RuleId>(rb.rules.size()); ++r)
      if (pred(r, rb.rules[static_cast<size_t>(r)])) ids.push_back(rb.rules[static_cast<size_t>(r)].id);
    return ids;
  };
  const auto invariants_where = [&](auto pred) {
    std::vector<std::string> ids;
    for (const auto& inv : rb.invariants)
      if (pred(inv)) ids.push_back(inv.id);
    return ids;
  };
  const auto condition_reads = [&](CondId c, FactId f) {
    if (c == kNoCond) return false;
    std::vector<CondId> todo = {c};
    while (!todo.empty()) {
      const CondNode& n = rb.conds[static_cast<size_t>(todo.back())];
      todo.pop_back();
      if (n.kind == CondKind::compare && n.fact == f) return true;
      for (std::uint32_t k = 0; k < n.count && n.kind != CondKind::compare; ++k) todo.push_back(rb.cond_children[n.first + k]);
    }
    return false;
  };

  if (const auto r = rb.find_rule(id)) {
    const Rule& rule = rb.rules[static_cast<size_t>(*r)];
    out += fmt::format("rule {}: {}\n", rule.id, rule.title);
    out += fmt::format("  defined at: {}\n  priority: {}\n", rule.loc.str(), rule.priority);
    out += fmt::format("  when: {}\n  then: {}\n", describe_condition(rb, rule.when), describe_conclusions(rb, rule));
    const Source* src = rule.source.source >= 0 ? &rb.sources[static_cast<size_t>(rule.source.source)] : nullptr;
    out += fmt::format("  source: {}{}\n", rb.source_text(rule.source), src ? " (" + src->title + ")" : "");
    std::vector<std::string> read;
    for (FactId f : rb.rule_facts[static_cast<size_t>(*r)]) read.push_back(rb.facts[static_cast<size_t>(f)].id);
    list("reads", read);
    for (FactId f : rule.sets)
      list(fmt::format("'{}' is read by", rb.facts[static_cast<size_t>(f)].id).c_str(),
           rules_where([&](RuleId x, const Rule&) { return reads(rb, x, f); }));
    return out;
  }
  for (const Checklist& c : rb.checklists) {
    if (c.id != id) continue;
    out += fmt::format("checklist {}: {}\n  defined at: {}\n", c.id, c.lead, c.loc.str());
    for (size_t k = 0; k < c.members.size(); ++k) {
      const Fact& q = rb.facts[static_cast<size_t>(c.members[k])];
      out += fmt::format("  {}. {} ({})\n", k + 1, q.list_text, q.id);
    }
    return out;
  }
  if (const auto f = rb.find_fact(id)) {
    const Fact& fact = rb.facts[static_cast<size_t>(*f)];
    if (rb.is_question(*f)) {
      out += fmt::format("question {}: {}\n  defined at: {}\n  answers: {}\n", fact.id, fact.text, fact.loc.str(),
                         rb.accepted_text(*f));
      if (!fact.help.empty()) out += fmt::format("  help: {}\n", fact.help);
      if (fact.ask_when != kNoCond) out += fmt::format("  asked only when: {}\n", describe_condition(rb, fact.ask_when));
      if (const std::int32_t c = rb.checklist_of[static_cast<size_t>(*f)]; c >= 0)
        out += fmt::format("  asked in the checklist {} as: {}\n", rb.checklists[static_cast<size_t>(c)].id, fact.list_text);
    } else {
      out += fmt::format("derived fact {}: {}\n  defined at: {}\n", fact.id, fact.text, fact.loc.str());
      list("set by", rules_where([&](RuleId, const Rule& r) { return std::find(r.sets.begin(), r.sets.end(), *f) != r.sets.end(); }));
    }
    list("read by rules", rules_where([&](RuleId x, const Rule&) { return reads(rb, x, *f); }));
    std::vector<std::string> gated;
    for (FactId q : rb.gated[static_cast<size_t>(*f)]) gated.push_back(rb.facts[static_cast<size_t>(q)].id);
    list("decides whether these are asked", gated);
    list("used by invariants", invariants_where([&](const Invariant& inv) {
           return condition_reads(inv.when, *f) || std::find(inv.monotone.begin(), inv.monotone.end(), *f) != inv.monotone.end();
         }));
    return out;
  }
  if (const auto o = rb.find_option(id)) {
    const Option& opt = rb.options[static_cast<size_t>(*o)];
    out += fmt::format("option {}: {}\n  defined at: {}\n  instructions: {}\n", opt.id, opt.title, opt.loc.str(), opt.instructions);
    if (!opt.dose.empty()) out += fmt::format("  dose: {}\n", opt.dose);
    for (const auto& c : opt.cautions) out += fmt::format("  caution: {}\n", c);
    out += fmt::format("  source: {}\n", rb.source_text(opt.source));
    list("recommended by", rule_ids(rb.recommended_by[static_cast<size_t>(*o)]));
    list("avoided by", rule_ids(rb.avoided_by[static_cast<size_t>(*o)]));
    list("used by invariants", invariants_where([&](const Invariant& inv) {
           const auto has = [&](const std::vector<OptionId>& v) { return std::find(v.begin(), v.end(), *o) != v.end(); };
           return has(inv.recommended) || has(inv.not_recommended) || has(inv.avoided);
         }));
    return out;
  }
  if (const auto l = rb.find_level(id)) {
    const Disposition& d = rb.dispositions[static_cast<size_t>(*l)];
    out += fmt::format("disposition {} (level {} of {}): {}\n  message: {}\n", d.id, *l + 1, rb.dispositions.size(), d.title,
                       d.message);
    out += fmt::format("  shows the self-care plan: {}\n", d.show_plan ? "yes" : "no");
    list("reached by", rule_ids(rb.reaching[static_cast<size_t>(*l)]));
    return out;
  }
  for (const auto& inv : rb.invariants) {
    if (inv.id != id) continue;
    out += fmt::format("invariant {}: {}\n  defined at: {}\n", inv.id, inv.title, inv.loc.str());
    if (inv.when != kNoCond) out += fmt::format("  when: {}\n", describe_condition(rb, inv.when));
    if (!inv.monotone.empty()) {
      std::vector<std::string> qs;
      for (FactId q : inv.monotone) qs.push_back(rb.facts[static_cast<size_t>(q)].id);
      list("yes never lowers the disposition for", qs);
    }
    if (inv.at_least != kNoLevel) out += fmt::format("  disposition at least: {}\n", rb.dispositions[static_cast<size_t>(inv.at_least)].id);
    if (inv.at_most != kNoLevel) out += fmt::format("  disposition at most: {}\n", rb.dispositions[static_cast<size_t>(inv.at_most)].id);
    if (inv.has_disposition) out += "  a disposition is always reached\n";
    const auto names = [&](const std::vector<OptionId>& v) {
      std::vector<std::string> n;
      for (OptionId o : v) n.push_back(rb.options[static_cast<size_t>(o)].id);
      return n;
    };
    list("recommended", names(inv.recommended));
    list("not recommended", names(inv.not_recommended));
    list("avoided", names(inv.avoided));
    return out;
  }
  return out;
}

}  // namespace backtriage
