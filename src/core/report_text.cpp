// Text and Markdown reports and rendered explanations.
#include <algorithm>

#include <fmt/format.h>

#include "describe.hpp"
#include "explain.hpp"
#include "report.hpp"
#include "scenario.hpp"
#include "text.hpp"

namespace backtriage {

namespace {
std::string wrap(std::string_view s, const char* code, bool on) {
  return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : std::string(s);
}

const Disposition* disposition_of(const RuleBase& rb, const Result& r) {
  if (r.disposition == kNoLevel) return nullptr;
  return &rb.dispositions[static_cast<size_t>(r.disposition)];
}

std::string reasons_text(const RuleBase& rb, const std::vector<Reason>& reasons) {
  std::vector<std::string> parts;
  for (const auto& r : reasons) parts.push_back(describe_reason(rb, r));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string how_text(const RuleBase& rb, const std::vector<HowStep>& steps, const Style& st, size_t indent) {
  std::string out;
  const std::string pad(indent, ' ');
  int n = 0;
  for (const auto& step : steps) {
    const Rule& rule = rb.rules[static_cast<size_t>(step.rule)];
    out += fmt::format("{}{}. {} {}\n", pad, ++n, rule.title, st.dim("[" + rule.id + "]"));
    if (!step.because.empty()) out += fmt::format("{}   because {}\n", pad, reasons_text(rb, step.because));
    out += fmt::format("{}   {}\n", pad, st.dim("source: " + rb.source_text(rule.source)));
  }
  return out;
}

}  // namespace

std::string Style::bold(std::string_view s) const { return wrap(s, "1", color); }
std::string Style::dim(std::string_view s) const { return wrap(s, "2", color); }
std::string Style::red(std::string_view s) const { return wrap(s, "1;31", color); }
std::string Style::yellow(std::string_view s) const { return wrap(s, "1;33", color); }
std::string Style::green(std::string_view s) const { return wrap(s, "1;32", color); }

std::string render_text(Evaluator& ev, const Style& st) {
  const RuleBase& rb = ev.rule_base();
  const Result& r = ev.result();
  std::string out;
  if (!r.complete) {
    out += st.yellow("Not enough answers to decide yet.") + " These questions can still change the result:\n";
    for (FactId q : r.missing)
      out += fmt::format("  - {}: {} ({})\n", rb.facts[static_cast<size_t>(q)].id,
                         rb.facts[static_cast<size_t>(q)].text, rb.accepted_text(q));
    out += fmt::format("\n{}\n", fill(kDisclaimer, 0));
    return out;
  }
  const Disposition* d = disposition_of(rb, r);
  const std::string rule_line(64, '=');
  const std::string title = d ? d->title : std::string("No disposition reached");
  const auto headline = [&](const std::string& s) {
    if (!d || r.disposition == 0) return st.green(s);
    return r.disposition >= rb.top_level() - 1 ? st.red(s) : st.yellow(s);
  };
  out += fmt::format("{}\n  {}\n{}\n", rule_line, headline(title), rule_line);
  if (d) out += fill(d->message, 0) + "\n";

  if (!r.red_flags.empty()) {
    out += fmt::format("\n{}\n", st.bold("Red flags found"));
    for (RuleId f : r.red_flags) out += fmt::format("  ! {}\n", rb.rules[static_cast<size_t>(f)].red_flag_text);
  }
  const auto negatives = pertinent_negatives(ev);
  if (!negatives.empty()) {
    out += fmt::format("\n{}\n", st.bold("Ruled out"));
    for (const auto& n : negatives)
      out += fmt::format("  - {}\n", fill(rb.rules[static_cast<size_t>(n.rule)].red_flag_text + " (" +
                                                reasons_text(rb, n.reasons) + ")",
                                            4));
  }

  const ShownPlan plan = shown_plan(rb, r);
  if (!plan.recommended.empty()) {
    out += fmt::format("\n{}\n", st.bold("Your self-care plan"));
    int n = 0;
    for (OptionId o : plan.recommended) {
      const Option& opt = rb.options[static_cast<size_t>(o)];
      out += fmt::format("  {}. {}{}\n", ++n, st.bold(opt.title), opt.dose.empty() ? "" : " - " + opt.dose);
      out += fmt::format("     {}\n", fill(opt.instructions, 5));
      for (const auto& c : opt.cautions) out += fmt::format("     Caution: {}\n", fill(c, 14));
    }
  }
  if (!plan.avoided.empty()) {
    out += fmt::format("\n{}\n", st.bold("Avoid"));
    for (const auto& [o, rule] : plan.avoided) {
      const Avoid* entry = avoid_entry(rb, o, rule);
      out += fmt::format("  - {}: {}\n", rb.options[static_cast<size_t>(o)].title,
                         fill(entry ? entry->reason : std::string(), 6));
    }
  }
  if (d && !d->safety_net.empty()) {
    out += fmt::format("\n{}\n", st.bold("When to seek help"));
    for (const auto& s : d->safety_net) out += fmt::format("  - {}\n", fill(s, 4));
  }
  out += fmt::format("\n{}\n", st.bold("How this was reached"));
  out += how_text(rb, trace(ev), st, 2);
  if (!r.ignored.empty()) {
    std::vector<std::string> ids;
    for (FactId q : r.ignored) ids.push_back(rb.facts[static_cast<size_t>(q)].id);
    out += fmt::format("  {}\n", st.dim(fmt::format("Not applicable, so not used: {}", fmt::join(ids, ", "))));
  }
  out += fmt::format("\n{}\n", st.dim(fill(kDisclaimer, 0)));
  return out;
}

std::string render_markdown(Evaluator& ev) {
  const RuleBase& rb = ev.rule_base();
  const Result& r = ev.result();
  std::string out;
  if (!r.complete) {
    out += "## Back triage: incomplete\n\nThese questions can still change the result:\n\n";
    for (FactId q : r.missing)
      out += fmt::format("- `{}`: {} ({})\n", rb.facts[static_cast<size_t>(q)].id, rb.facts[static_cast<size_t>(q)].text,
                         rb.accepted_text(q));
    out += fmt::format("\n_{}_\n", kDisclaimer);
    return out;
  }
  const Disposition* d = disposition_of(rb, r);
  out += fmt::format("## Back triage: {}\n\n", d ? d->title : "no disposition");
  if (d) out += fmt::format("**{}**\n\n", d->message);
  if (!r.red_flags.empty()) {
    out += "### Red flags found\n\n";
    for (RuleId f : r.red_flags) out += fmt::format("- {}\n", rb.rules[static_cast<size_t>(f)].red_flag_text);
    out += "\n";
  }
  const auto negatives = pertinent_negatives(ev);
  if (!negatives.empty()) {
    out += "### Ruled out\n\n";
    for (const auto& n : negatives)
      out += fmt::format("- {} ({})\n", rb.rules[static_cast<size_t>(n.rule)].red_flag_text, reasons_text(rb, n.reasons));
    out += "\n";
  }
  const ShownPlan plan = shown_plan(rb, r);
  if (!plan.recommended.empty()) {
    out += "### Self-care plan\n\n";
    for (OptionId o : plan.recommended) {
      const Option& opt = rb.options[static_cast<size_t>(o)];
      out += fmt::format("1. **{}**{}: {}", opt.title, opt.dose.empty() ? "" : " (" + opt.dose + ")", opt.instructions);
      for (const auto& c : opt.cautions) out += fmt::format(" _Caution: {}_", c);
      out += "\n";
    }
    out += "\n";
  }
  if (!plan.avoided.empty()) {
    out += "### Avoid\n\n";
    for (const auto& [o, rule] : plan.avoided) {
      const Avoid* entry = avoid_entry(rb, o, rule);
      out += fmt::format("- **{}**: {}\n", rb.options[static_cast<size_t>(o)].title, entry ? entry->reason : "");
    }
    out += "\n";
  }
  if (d && !d->safety_net.empty()) {
    out += "### When to seek help\n\n";
    for (const auto& s : d->safety_net) out += fmt::format("- {}\n", s);
    out += "\n";
  }
  out += "### Reasoning\n\n| # | rule | because | source |\n|---|---|---|---|\n";
  int n = 0;
  for (const auto& step : trace(ev)) {
    const Rule& rule = rb.rules[static_cast<size_t>(step.rule)];
    out += fmt::format("| {} | {} (`{}`) | {} | {} |\n", ++n, rule.title, rule.id, reasons_text(rb, step.because),
                       rb.source_text(rule.source));
  }
  out += fmt::format("\n_{}_\n", kDisclaimer);
  return out;
}

std::vector<std::string> explainable_ids(const RuleBase& rb) {
  std::vector<std::string> ids = ids_of(rb.options);
  for (const auto& d : rb.dispositions) ids.push_back(d.id);
  for (const auto& r : rb.rules) ids.push_back(r.id);
  return ids;
}

ExplainTarget explain_target(const RuleBase& rb, std::string_view id) {
  if (rb.find_option(id)) return ExplainTarget::option;
  if (rb.find_level(id)) return ExplainTarget::disposition;
  if (rb.find_rule(id)) return ExplainTarget::rule;
  return ExplainTarget::unknown;
}

namespace {
std::string candidates_text(const RuleBase& rb, const std::vector<Candidate>& cs, const Style& st) {
  std::string out;
  for (const auto& c : cs) {
    const Rule& rule = rb.rules[static_cast<size_t>(c.rule)];
    out += fmt::format("  - {} {}\n", rule.title, st.dim("[" + rule.id + "]"));
    out += fmt::format("    needs {}\n", describe_condition(rb, rule.when));
    if (c.truth == Truth::no)
      out += fmt::format("    but {}\n", reasons_text(rb, c.reasons));
    else
      out += fmt::format("    still unanswered: {}\n", reasons_text(rb, c.reasons));
  }
  return out;
}
}  // namespace

std::string render_explanation(Evaluator& ev, std::string_view id, const Style& st) {
  const RuleBase& rb = ev.rule_base();
  const Result& r = ev.result();
  std::string out;
  switch (explain_target(rb, id)) {
    case ExplainTarget::option: {
      const OptionId o = *rb.find_option(id);
      const Option& opt = rb.options[static_cast<size_t>(o)];
      const WhyNot w = why_not_option(ev, o);
      if (w.verdict == WhyNot::Verdict::reached) {
        out += fmt::format("{} is recommended. How:\n", st.bold(opt.title));
        out += how_text(rb, how_option(ev, o), st, 2);
        return out;
      }
      out += fmt::format("Why {} is not recommended:\n", st.bold(opt.title));
      if (w.verdict == WhyNot::Verdict::avoided) {
        out += "  It is on the avoid list, and avoiding wins over recommending:\n";
        out += how_text(rb, w.blockers, st, 2);
      }
      if (!w.candidates.empty()) {
        out += "  The rules that would recommend it did not fire:\n";
        out += candidates_text(rb, w.candidates, st);
      }
      if (w.candidates.empty() && w.verdict != WhyNot::Verdict::avoided) out += "  No rule recommends it.\n";
      return out;
    }
    case ExplainTarget::disposition: {
      const Level l = *rb.find_level(id);
      const WhyNot w = why_not_disposition(ev, l);
      const Disposition& d = rb.dispositions[static_cast<size_t>(l)];
      if (w.verdict == WhyNot::Verdict::reached) {
        out += fmt::format("\"{}\" was reached. How:\n", st.bold(d.title));
        out += how_text(rb, how_disposition(ev), st, 2);
        return out;
      }
      out += fmt::format("Why not \"{}\":\n", st.bold(d.title));
      if (w.verdict == WhyNot::Verdict::dominated) {
        out += fmt::format("  A higher level was reached (\"{}\"), and the highest level wins:\n",
                           rb.dispositions[static_cast<size_t>(r.disposition)].title);
        out += how_text(rb, w.blockers, st, 2);
      }
      if (!w.candidates.empty()) {
        out += "  The rules that lead to it did not fire:\n";
        out += candidates_text(rb, w.candidates, st);
      }
      return out;
    }
    case ExplainTarget::rule: {
      const RuleId ru = *rb.find_rule(id);
      const Rule& rule = rb.rules[static_cast<size_t>(ru)];
      if (ev.rule_truth(ru) == Truth::yes) {
        out += fmt::format("Rule {} fired ({}). How:\n", st.bold(rule.id), describe_conclusions(rb, rule));
        out += how_text(rb, how(ev, {ru}), st, 2);
        return out;
      }
      out += fmt::format("Rule {} did not fire:\n", st.bold(rule.id));
      out += candidates_text(rb, {Candidate{ru, ev.rule_truth(ru), reasons(ev, rule.when)}}, st);
      return out;
    }
    case ExplainTarget::unknown: break;
  }
  return out;
}

std::string render_why_question(const Evaluator& ev, FactId question, const Style& st) {
  const RuleBase& rb = ev.rule_base();
  const Fact& q = rb.facts[static_cast<size_t>(question)];
  std::string out;
  if (!q.help.empty()) out += fill(q.help, 0) + "\n";
  out += fmt::format("Accepted answers: {}.\n", rb.accepted_text(question));
  const auto rules = why_question(ev, question);
  if (!rules.empty()) {
    out += st.bold("Why it is asked:") + " your answer decides\n";
    for (RuleId r : rules) {
      const Rule& rule = rb.rules[static_cast<size_t>(r)];
      out += fmt::format("  - {}\n", fill(fmt::format("{}: {} ({})", rule.title, describe_conclusions(rb, rule),
                                                    rb.source_text(rule.source)),
                                        4));
    }
  }
  return out;
}

}  // namespace backtriage
