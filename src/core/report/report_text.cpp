// Text and Markdown reports and rendered explanations.
#include <algorithm>

#include <fmt/format.h>

#include "base/text.hpp"
#include "eval/describe.hpp"
#include "report/report.hpp"

namespace backtriage {

namespace {
std::string wrap(std::string_view s, const char* code, bool on) {
  return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : std::string(s);
}

const Disposition* disposition_of(const RuleBase& rb, const Assessment& a) {
  if (a.disposition == kNoLevel) return nullptr;
  return &rb.dispositions[static_cast<size_t>(a.disposition)];
}

/// The reasons a person is shown: the rules that led to the result, not those it outranked.
std::vector<HowStep> shown_reasons(const Assessment& a) {
  std::vector<HowStep> out;
  for (size_t i = 0; i < a.reasons.size(); ++i)
    if (!a.outranked[i]) out.push_back(a.reasons[i]);
  return out;
}

/// Whether a fired rule concluded the level reached (else it is the rule base's default).
bool concluded_by_a_rule(const RuleBase& rb, const Assessment& a) {
  for (const HowStep& s : a.reasons)
    if (rb.rules[static_cast<size_t>(s.rule)].disposition == a.disposition) return true;
  return false;
}

std::string avoid_reason(const RuleBase& rb, const ShownAvoid& s) {
  return s.entry < 0 ? std::string() : rb.rules[static_cast<size_t>(s.rule)].avoids[static_cast<size_t>(s.entry)].reason;
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

std::string render_text(const RuleBase& rb, const Assessment& r, const Style& st) {
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
  // An emergency or urgent instruction ends the report (SPEC §2): it is the last thing on the
  // screen, whatever scrolled away above it. The report opens with its title only.
  const bool instruction_last = d && instruction_ends_report(rb, r.disposition);
  if (instruction_last) {
    out += st.red(title) + "\n";
  } else {
    out += fmt::format("{}\n  {}\n{}\n", rule_line, headline(title), rule_line);
    if (d) out += fill(d->message, 0) + "\n";
  }

  if (!r.red_flags.empty()) {
    out += fmt::format("\n{}\n", st.bold("Red flags found"));
    for (RuleId f : r.red_flags) out += fmt::format("  ! {}\n", rb.rules[static_cast<size_t>(f)].red_flag_text);
  }
  if (!r.ruled_out.empty()) {
    out += fmt::format("\n{}\n", st.bold("Ruled out"));
    for (const auto& n : r.ruled_out)
      out += fmt::format("  - {}\n", fill(rb.rules[static_cast<size_t>(n.rule)].red_flag_text + " (" +
                                                reasons_text(rb, n.reasons) + ")",
                                            4));
  }

  if (!r.plan.empty()) {
    out += fmt::format("\n{}\n", st.bold("Your self-care plan"));
    int n = 0;
    for (OptionId o : r.plan) {
      const Option& opt = rb.options[static_cast<size_t>(o)];
      out += fmt::format("  {}. {}{}\n", ++n, st.bold(opt.title), opt.dose.empty() ? "" : " - " + opt.dose);
      out += fmt::format("     {}\n", fill(opt.instructions, 5));
      for (const auto& c : opt.cautions) out += fmt::format("     Caution: {}\n", fill(c, 14));
    }
  }
  if (!r.avoid.empty()) {
    out += fmt::format("\n{}\n", st.bold("Avoid"));
    for (const ShownAvoid& s : r.avoid)
      out += fmt::format("  - {}: {}\n", rb.options[static_cast<size_t>(s.option)].title, fill(avoid_reason(rb, s), 6));
  }
  const std::vector<SeekHelp> help = seek_help(rb, r.disposition);
  if (d && (!d->safety_net.empty() || !help.empty() || !r.if_sure.empty())) {
    out += fmt::format("\n{}\n", st.bold("When to seek help"));
    for (const IfSure& s : r.if_sure) out += fmt::format("  - {}\n", fill(if_sure_line(rb, s), 4));
    for (const auto& s : d->safety_net) out += fmt::format("  - {}\n", fill(s, 4));
    for (const SeekHelp& h : help) {
      out += fmt::format("  {} if any of these appear:\n", rb.dispositions[static_cast<size_t>(h.level)].title);
      for (RuleId f : h.red_flags) out += fmt::format("    - {}\n", fill(rb.rules[static_cast<size_t>(f)].red_flag_text, 6));
    }
  }
  out += fmt::format("\n{}\n", st.bold("How this was reached"));
  if (d && r.disposition == rb.default_level && !concluded_by_a_rule(rb, r))
    out += fmt::format("  {}\n", fill(fmt::format("No rule concluded a higher level than \"{}\", the rule base's default.", d->title), 2));
  out += how_text(rb, shown_reasons(r), st, 2);
  if (!r.ignored.empty()) {
    std::vector<std::string> ids;
    for (FactId q : r.ignored) ids.push_back(rb.facts[static_cast<size_t>(q)].id);
    out += fmt::format("  {}\n", st.dim(fmt::format("Not applicable, so not used: {}", fmt::join(ids, ", "))));
  }
  out += fmt::format("\n{}\n", fill(kDisclaimer, 0));
  if (instruction_last) out += fmt::format("\n{}\n  {}\n  {}\n{}\n", rule_line, headline(title), fill(d->message, 2), rule_line);
  return out;
}

std::string render_markdown(const RuleBase& rb, const Assessment& r) {
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
  if (!r.ruled_out.empty()) {
    out += "### Ruled out\n\n";
    for (const auto& n : r.ruled_out)
      out += fmt::format("- {} ({})\n", rb.rules[static_cast<size_t>(n.rule)].red_flag_text, reasons_text(rb, n.reasons));
    out += "\n";
  }
  if (!r.plan.empty()) {
    out += "### Self-care plan\n\n";
    for (OptionId o : r.plan) {
      const Option& opt = rb.options[static_cast<size_t>(o)];
      out += fmt::format("1. **{}**{}: {}", opt.title, opt.dose.empty() ? "" : " (" + opt.dose + ")", opt.instructions);
      for (const auto& c : opt.cautions) out += fmt::format(" _Caution: {}_", c);
      out += "\n";
    }
    out += "\n";
  }
  if (!r.avoid.empty()) {
    out += "### Avoid\n\n";
    for (const ShownAvoid& s : r.avoid)
      out += fmt::format("- **{}**: {}\n", rb.options[static_cast<size_t>(s.option)].title, avoid_reason(rb, s));
    out += "\n";
  }
  const std::vector<SeekHelp> help = seek_help(rb, r.disposition);
  if (d && (!d->safety_net.empty() || !help.empty() || !r.if_sure.empty())) {
    out += "### When to seek help\n\n";
    for (const IfSure& s : r.if_sure) out += fmt::format("- {}\n", if_sure_line(rb, s));
    for (const auto& s : d->safety_net) out += fmt::format("- {}\n", s);
    for (const SeekHelp& h : help) {
      out += fmt::format("- **{}** if any of these appear:\n", rb.dispositions[static_cast<size_t>(h.level)].title);
      for (RuleId f : h.red_flags) out += fmt::format("  - {}\n", rb.rules[static_cast<size_t>(f)].red_flag_text);
    }
    out += "\n";
  }
  out += "### Reasoning\n\n";
  if (d && r.disposition == rb.default_level && !concluded_by_a_rule(rb, r))
    out += fmt::format("No rule concluded a higher level than \"{}\", the rule base's default.\n\n", d->title);
  out += "| # | rule | because | source |\n|---|---|---|---|\n";
  int n = 0;
  for (const auto& step : shown_reasons(r)) {
    const Rule& rule = rb.rules[static_cast<size_t>(step.rule)];
    out += fmt::format("| {} | {} (`{}`) | {} | {} |\n", ++n, rule.title, rule.id, reasons_text(rb, step.because),
                       rb.source_text(rule.source));
  }
  out += fmt::format("\n_{}_\n", kDisclaimer);
  return out;
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

std::string render_explanation(const RuleBase& rb, const Explanation& e, const Style& st) {
  std::string out;
  const size_t i = static_cast<size_t>(e.index);
  switch (e.target) {
    case ExplainTarget::option: {
      const Option& opt = rb.options[i];
      if (e.reached && !e.shown) {
        out += fmt::format("{} is not in the plan: \"{}\" shows the instruction alone, so no self-care is offered.\n",
                           st.bold(opt.title), rb.dispositions[static_cast<size_t>(e.reached_level)].title);
        return out;
      }
      if (e.reached) {
        out += fmt::format("{} is recommended. How:\n", st.bold(opt.title));
        out += how_text(rb, e.how, st, 2);
        return out;
      }
      out += fmt::format("Why {} is not recommended:\n", st.bold(opt.title));
      if (e.verdict == WhyNot::Verdict::avoided) {
        out += "  It is on the avoid list, and avoiding wins over recommending:\n";
        out += how_text(rb, e.blockers, st, 2);
      }
      if (!e.candidates.empty()) {
        out += "  The rules that would recommend it did not fire:\n";
        out += candidates_text(rb, e.candidates, st);
      }
      if (e.candidates.empty() && e.verdict != WhyNot::Verdict::avoided) out += "  No rule recommends it.\n";
      return out;
    }
    case ExplainTarget::disposition: {
      const Disposition& d = rb.dispositions[i];
      if (e.reached && e.how.empty() && e.index == rb.default_level) {
        out += fmt::format("\"{}\" was reached: it is the rule base's default, and no rule concluded a higher level.\n",
                           st.bold(d.title));
        return out;
      }
      if (e.reached) {
        out += fmt::format("\"{}\" was reached. How:\n", st.bold(d.title));
        out += how_text(rb, e.how, st, 2);
        return out;
      }
      out += fmt::format("Why not \"{}\":\n", st.bold(d.title));
      if (e.verdict == WhyNot::Verdict::dominated) {
        out += fmt::format("  A higher level was reached (\"{}\"), and the highest level wins:\n",
                           rb.dispositions[static_cast<size_t>(e.reached_level)].title);
        out += how_text(rb, e.blockers, st, 2);
      }
      if (!e.candidates.empty()) {
        out += "  The rules that lead to it did not fire:\n";
        out += candidates_text(rb, e.candidates, st);
      }
      return out;
    }
    case ExplainTarget::rule: {
      const Rule& rule = rb.rules[i];
      if (e.reached) {
        out += fmt::format("Rule {} fired ({}){}. How:\n", st.bold(rule.id), describe_conclusions(rb, rule),
                           e.outranked ? ", but the result shown outranks what it concluded" : "");
        out += how_text(rb, e.how, st, 2);
        return out;
      }
      out += fmt::format("Rule {} did not fire:\n", st.bold(rule.id));
      out += candidates_text(rb, e.candidates, st);
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
