// The JSON report (docs/json-output.md). Key names are a stable contract for scripts.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "describe.hpp"
#include "explain.hpp"
#include "report.hpp"
#include "scenario.hpp"
#include "text.hpp"

namespace backtriage {

namespace {

// ordered_json keeps keys in the documented order (status first), not sorted.
using json = nlohmann::ordered_json;

json value_json(const RuleBase& rb, FactId f, Value v) {
  if (v == kUnknown) return nullptr;
  switch (rb.facts[static_cast<size_t>(f)].type) {
    case ValueType::yes_no: return v == kYes ? "yes" : "no";
    case ValueType::integer: return v;
    case ValueType::choice: return rb.value_text(f, v);
  }
  return nullptr;
}

json reasons_json(const RuleBase& rb, const std::vector<Reason>& reasons) {
  json out = json::array();
  for (const auto& r : reasons)
    out.push_back({{"fact", rb.facts[static_cast<size_t>(r.fact)].id},
                   {"value", value_json(rb, r.fact, r.value)},
                   {"condition", rb.cond_text[static_cast<size_t>(r.leaf)]}});
  return out;
}

json steps_json(const RuleBase& rb, const std::vector<HowStep>& steps) {
  json out = json::array();
  for (const auto& s : steps) {
    const Rule& rule = rb.rules[static_cast<size_t>(s.rule)];
    out.push_back({{"rule", rule.id},
                   {"title", rule.title},
                   {"because", reasons_json(rb, s.because)},
                   {"concluded", conclusion_tags(rb, rule)},
                   {"source", rb.source_text(rule.source)}});
  }
  return out;
}

json candidates_json(const RuleBase& rb, const std::vector<Candidate>& cs) {
  json out = json::array();
  for (const auto& c : cs) {
    const Rule& rule = rb.rules[static_cast<size_t>(c.rule)];
    out.push_back({{"rule", rule.id},
                   {"condition", describe_condition(rb, rule.when)},
                   {"state", c.truth == Truth::no ? "failed" : "undecided"},
                   {"because", reasons_json(rb, c.reasons)},
                   {"source", rb.source_text(rule.source)}});
  }
  return out;
}

}  // namespace

nlohmann::ordered_json explanation_json(Evaluator& ev, std::string_view id);

std::string render_json(Evaluator& ev, std::string_view explain_id, int indent) {
  const RuleBase& rb = ev.rule_base();
  const Result& r = ev.result();
  json out;
  out["status"] = r.complete ? "complete" : "incomplete";
  json answers = json::object();
  for (FactId q = 0; q < rb.question_count; ++q)
    if (ev.value(q) != kUnknown) answers[rb.facts[static_cast<size_t>(q)].id] = value_json(rb, q, ev.value(q));
  for (FactId q : r.ignored) answers[rb.facts[static_cast<size_t>(q)].id] = "not applicable";
  json missing = json::array(), missing_questions = json::array();
  for (FactId q : r.missing) {
    const Fact& f = rb.facts[static_cast<size_t>(q)];
    missing.push_back(f.id);
    missing_questions.push_back({{"id", f.id}, {"text", f.text}, {"accepts", rb.accepted_text(q)}});
  }
  out["missing"] = missing;
  if (!r.complete) {
    // No partial disposition: with red-flag questions unanswered it could only under-triage.
    out["missing_questions"] = missing_questions;
  } else {
    const Disposition* d = r.disposition == kNoLevel ? nullptr : &rb.dispositions[static_cast<size_t>(r.disposition)];
    out["disposition"] = d ? json(d->id) : json(nullptr);
    out["disposition_title"] = d ? json(d->title) : json(nullptr);
    out["message"] = d ? json(d->message) : json(nullptr);
    json flags = json::array();
    for (RuleId f : r.red_flags) {
      const Rule& rule = rb.rules[static_cast<size_t>(f)];
      flags.push_back({{"id", red_flag_topic(rb, rule)},
                       {"text", rule.red_flag_text},
                       {"disposition", rb.dispositions[static_cast<size_t>(rule.disposition)].id},
                       {"rule", rule.id},
                       {"source", rb.source_text(rule.source)}});
    }
    out["red_flags"] = flags;
    json ruled_out = json::array();
    for (const auto& n : pertinent_negatives(ev)) {
      const Rule& rule = rb.rules[static_cast<size_t>(n.rule)];
      ruled_out.push_back({{"id", red_flag_topic(rb, rule)},
                           {"text", rule.red_flag_text},
                           {"rule", rule.id},
                           {"because", reasons_json(rb, n.reasons)}});
    }
    out["ruled_out"] = ruled_out;
    const ShownPlan plan = shown_plan(rb, r);
    json rec = json::array();
    for (OptionId o : plan.recommended) {
      const Option& opt = rb.options[static_cast<size_t>(o)];
      rec.push_back({{"id", opt.id},
                     {"title", opt.title},
                     {"instructions", opt.instructions},
                     {"dose", opt.dose},
                     {"cautions", opt.cautions},
                     {"source", rb.source_text(opt.source)}});
    }
    out["recommended"] = rec;
    json avoid = json::array();
    for (const auto& [o, rule_id] : plan.avoided) {
      const Rule& rule = rb.rules[static_cast<size_t>(rule_id)];
      const Avoid* entry = avoid_entry(rb, o, rule_id);
      avoid.push_back({{"id", rb.options[static_cast<size_t>(o)].id},
                       {"title", rb.options[static_cast<size_t>(o)].title},
                       {"reason", entry ? entry->reason : ""},
                       {"rule", rule.id}});
    }
    out["avoid"] = avoid;
    out["safety_net"] = d ? json(d->safety_net) : json::array();
    out["trace"] = steps_json(rb, trace(ev));
  }
  out["answers"] = answers;
  out["rule_base"] = {{"name", rb.name}, {"version", rb.version}};
  out["disclaimer"] = std::string(kDisclaimer);
  if (!explain_id.empty()) out["explanation"] = explanation_json(ev, explain_id);
  return json_safe(out.dump(indent));
}

std::string render_json_string(std::string_view text) { return json_string(text); }

nlohmann::ordered_json explanation_json(Evaluator& ev, std::string_view id) {
  const RuleBase& rb = ev.rule_base();
  json out;
  out["id"] = std::string(id);
  switch (explain_target(rb, id)) {
    case ExplainTarget::option: {
      const OptionId o = *rb.find_option(id);
      const WhyNot w = why_not_option(ev, o);
      out["kind"] = "option";
      out["reached"] = w.verdict == WhyNot::Verdict::reached;
      if (w.verdict == WhyNot::Verdict::reached) {
        out["how"] = steps_json(rb, how_option(ev, o));
      } else {
        out["why_not"] = {{"verdict", w.verdict == WhyNot::Verdict::avoided ? "avoided" : "not_reached"},
                          {"blocked_by", steps_json(rb, w.blockers)},
                          {"candidates", candidates_json(rb, w.candidates)}};
      }
      break;
    }
    case ExplainTarget::disposition: {
      const WhyNot w = why_not_disposition(ev, *rb.find_level(id));
      out["kind"] = "disposition";
      out["reached"] = w.verdict == WhyNot::Verdict::reached;
      if (w.verdict == WhyNot::Verdict::reached) {
        out["how"] = steps_json(rb, how_disposition(ev));
      } else {
        out["why_not"] = {{"verdict", w.verdict == WhyNot::Verdict::dominated ? "higher_reached" : "not_reached"},
                          {"blocked_by", steps_json(rb, w.blockers)},
                          {"candidates", candidates_json(rb, w.candidates)}};
      }
      break;
    }
    case ExplainTarget::rule: {
      const RuleId r = *rb.find_rule(id);
      out["kind"] = "rule";
      out["reached"] = ev.rule_truth(r) == Truth::yes;
      if (ev.rule_truth(r) == Truth::yes)
        out["how"] = steps_json(rb, how(ev, {r}));
      else
        out["why_not"] = {{"verdict", "not_reached"},
                          {"candidates", candidates_json(rb, {Candidate{r, ev.rule_truth(r), reasons(ev, rb.rules[static_cast<size_t>(r)].when)}})}};
      break;
    }
    case ExplainTarget::unknown: out["kind"] = "unknown"; break;
  }
  return out;
}

}  // namespace backtriage
