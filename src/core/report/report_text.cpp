// Text and Markdown reports and rendered explanations.
#include <algorithm>

#include <fmt/format.h>

#include "base/text.hpp"
#include "eval/describe.hpp"
#include "report/report.hpp"

namespace backtriage {

namespace {
std::string sgr(std::string_view s, const char* code, bool on) {
  return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : std::string(s);
}

const Disposition* disposition_of(const RuleBase& rb, const Assessment& a) {
  if (a.disposition == kNoLevel) return nullptr;
  return &rb.dispositions[static_cast<size_t>(a.disposition)];
}

constexpr const char* kAlsoTell = "Also tell the doctor about";

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

std::string Style::bold(std::string_view s) const { return sgr(s, "1", color); }
std::string Style::dim(std::string_view s) const { return sgr(s, "2", color); }
std::string Style::red(std::string_view s) const { return sgr(s, "1;31", color); }
std::string Style::yellow(std::string_view s) const { return sgr(s, "1;33", color); }
std::string Style::green(std::string_view s) const { return sgr(s, "1;32", color); }

namespace {

/// A caution shared by several plan items, shown once with the numbers of the items it concerns.
struct SharedCaution {
  std::string text;
  std::vector<int> items;  // 1-based plan numbers
};

std::vector<SharedCaution> shared_cautions(const RuleBase& rb, const std::vector<OptionId>& plan) {
  std::vector<SharedCaution> out;
  for (size_t i = 0; i < plan.size(); ++i)
    for (const auto& c : rb.options[static_cast<size_t>(plan[i])].cautions) {
      auto it = std::find_if(out.begin(), out.end(), [&](const SharedCaution& s) { return s.text == c; });
      if (it == out.end()) it = out.insert(out.end(), SharedCaution{c, {}});
      it->items.push_back(static_cast<int>(i) + 1);
    }
  return out;
}

/// "1", "2-10, 13": runs of consecutive numbers as ranges.
std::string numbers_text(const std::vector<int>& numbers) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < numbers.size();) {
    size_t j = i;
    while (j + 1 < numbers.size() && numbers[j + 1] == numbers[j] + 1) ++j;
    parts.push_back(j == i ? std::to_string(numbers[i]) : fmt::format("{}-{}", numbers[i], numbers[j]));
    i = j + 1;
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

/// A source by its title and date, for people: "How To Loosen Up My Lower Back (2024-05-27)".
std::string source_title(const RuleBase& rb, std::int32_t source) {
  if (source < 0 || static_cast<size_t>(source) >= rb.sources.size()) return {};
  const Source& s = rb.sources[static_cast<size_t>(source)];
  const std::string& title = s.title.empty() ? s.id : s.title;
  return s.date.empty() ? title : fmt::format("{} ({})", title, s.date);
}

/// The sources of the reasons shown, each once, in the order first cited.
std::vector<std::string> cited_sources(const RuleBase& rb, const std::vector<HowStep>& steps) {
  std::vector<std::string> out;
  for (const auto& step : steps) {
    std::string t = source_title(rb, rb.rules[static_cast<size_t>(step.rule)].source.source);
    if (!t.empty() && std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
  }
  return out;
}

/// Avoided options that share a reason, shown once with the reason (three hamstring stretches
/// kept out for the same nerve).
struct AvoidGroup {
  std::string reason;
  std::vector<const ShownAvoid*> options;
};

std::vector<AvoidGroup> avoid_groups(const RuleBase& rb, const std::vector<ShownAvoid>& avoid) {
  std::vector<AvoidGroup> out;
  for (const ShownAvoid& s : avoid) {
    std::string reason = avoid_reason(rb, s);
    auto it = std::find_if(out.begin(), out.end(), [&](const AvoidGroup& g) { return g.reason == reason; });
    if (it == out.end()) it = out.insert(out.end(), AvoidGroup{std::move(reason), {}});
    it->options.push_back(&s);
  }
  return out;
}

/// Cautions about the same plan items, as one line each.
std::vector<SharedCaution> merged_cautions(const RuleBase& rb, const std::vector<OptionId>& plan) {
  std::vector<SharedCaution> out;
  for (SharedCaution& c : shared_cautions(rb, plan)) {
    auto it = std::find_if(out.begin(), out.end(), [&](const SharedCaution& m) { return m.items == c.items; });
    if (it == out.end())
      out.push_back(std::move(c));
    else
      it->text += " " + c.text;
  }
  return out;
}

/// The short "why" names the rules behind the level: a plan item's or an avoided option's reason
/// is shown with it (and by --explain, the explain prompt and --verbose), a derived fact is a step.
bool behind_the_level(const Rule& rule) { return rule.disposition != kNoLevel || rule.red_flag; }

std::string default_level_sentence(const Disposition& d) {
  return fmt::format("No rule concluded a higher level than \"{}\", the rule base's default.", d.title);
}

}  // namespace

namespace {
std::string report_text(const RuleBase& rb, const Assessment& r, const Style& st, const ReportOptions& opt) {
  std::string out;
  if (!r.complete) {
    out += st.yellow("Not enough answers to decide yet.") + " These questions can still change the result:\n";
    for (FactId q : r.missing)
      out += fmt::format("  - {}\n", st.wrap(fmt::format("{}: {} ({})", rb.facts[static_cast<size_t>(q)].id,
                                                         rb.facts[static_cast<size_t>(q)].text, rb.accepted_text(q)),
                                             4));
    out += fmt::format("\n{}\n", st.wrap(kDisclaimer, 0));
    return out;
  }
  const Disposition* d = disposition_of(rb, r);
  const std::string rule_line(std::min<size_t>(64, st.width > 2 ? st.width - 2 : 1), '=');
  const std::string title = d ? d->title : std::string("No disposition reached");
  const auto headline = [&](const std::string& s) {
    if (!d || r.disposition == 0) return st.green(s);
    return r.disposition >= rb.top_level() - 1 ? st.red(s) : st.yellow(s);
  };
  const auto id_tag = [&](const std::string& id) {
    return opt.verbose ? fmt::format(" {}", st.dim(fmt::format("[{}]", id))) : std::string();
  };
  // An emergency or urgent instruction ends the report (SPEC §2): it is the last thing on the
  // screen, whatever scrolled away above it. The report opens with its title only.
  const bool instruction_last = d && instruction_ends_report(rb, r.disposition);
  if (instruction_last) {
    out += st.red(title) + "\n";
  } else {
    if (opt.verbose)
      out += fmt::format("{}\n  {}\n{}\n", rule_line, headline(title), rule_line);
    else
      out += headline("Result: " + title) + "\n";
    if (d) out += st.wrap(d->message, 0) + "\n";
  }

  const FoundFlags found = red_flags_found(rb, r);
  if (!found.at_level.empty()) {
    out += fmt::format("\n{}\n", st.bold("Red flags found"));
    for (RuleId f : found.at_level) {
      const Rule& rule = rb.rules[static_cast<size_t>(f)];
      out += fmt::format("  ! {}\n", st.wrap(rule.red_flag_text + id_tag(rule.id), 4));
    }
  }
  // Outranked findings are no reasons for the level (SPEC §2), but whoever sees the person should
  // hear of them.
  if (!found.below.empty()) {
    out += fmt::format("\n{}\n", st.bold(kAlsoTell));
    for (RuleId f : found.below) {
      const Rule& rule = rb.rules[static_cast<size_t>(f)];
      out += fmt::format("  - {}\n", st.wrap(rule.red_flag_text + id_tag(rule.id), 4));
    }
  }
  const std::vector<SeekHelp>& help = r.seek_help;
  if (d && (!d->safety_net.empty() || !help.empty() || !r.if_sure.empty())) {
    out += fmt::format("\n{}\n", st.bold("When to get help"));
    for (const IfSure& s : r.if_sure) out += fmt::format("  - {}\n", st.wrap(if_sure_line(rb, s), 4));
    for (const auto& s : d->safety_net) out += fmt::format("  - {}\n", st.wrap(s, 4));
    for (const SeekHelp& h : help) {
      std::vector<std::string> signs;
      for (RuleId f : h.red_flags) signs.push_back(sign_text(rb.rules[static_cast<size_t>(f)]) + id_tag(rb.rules[static_cast<size_t>(f)].id));
      out += fmt::format("  - {}\n", st.wrap(fmt::format("{} if you notice: {}.", st.bold(rb.dispositions[static_cast<size_t>(h.level)].title),
                                                   fmt::join(signs, "; ")), 4));
    }
  }
  if (!r.avoid.empty()) {
    out += fmt::format("\n{}\n", st.bold("Avoid"));
    for (const AvoidGroup& g : avoid_groups(rb, r.avoid)) {
      std::vector<std::string> names;
      for (const ShownAvoid* s : g.options) {
        const Option& o = rb.options[static_cast<size_t>(s->option)];
        names.push_back(st.bold(o.title) + id_tag(o.id));
      }
      out += fmt::format("  - {}\n", st.wrap(fmt::format("{}: {}", fmt::join(names, ", "), g.reason), 4));
    }
  }
  if (!r.plan.empty()) {
    out += fmt::format("\n{}\n", st.bold("Your self-care plan"));
    int n = 0;
    for (OptionId o : r.plan) {
      const Option& opt_ = rb.options[static_cast<size_t>(o)];
      const std::string number = fmt::format("{}. ", ++n);
      const std::string item = fmt::format("{}{}{}{}", st.bold(opt_.title), id_tag(opt_.id), opt_.dose.empty() ? "" : " - ", opt_.dose);
      out += fmt::format("  {}{}\n", number, st.wrap(item, 2 + number.size()));
      if (!opt.verbose) continue;
      out += fmt::format("     {}\n", st.wrap(opt_.instructions, 5));
      for (const auto& c : opt_.cautions) out += fmt::format("     Caution: {}\n", st.wrap(c, 14));
    }
    if (!opt.verbose) {
      for (const SharedCaution& c : merged_cautions(rb, r.plan))
        out += fmt::format("  {}\n", st.wrap(fmt::format("Caution for {}: {}", numbers_text(c.items), c.text), 4));
      if (!opt.details_hint.empty()) out += fmt::format("  {}\n", st.dim(st.wrap(opt.details_hint, 2)));
    }
  }

  // At the top level the red flags found are the reason, and the instruction must stay on one
  // screen with them: the rules behind them are for --verbose.
  const bool top = d && r.disposition == rb.top_level();
  const std::vector<HowStep> reasons = shown_reasons(r);
  if (!opt.verbose && top) {
    out += fmt::format("\n{}\n", st.wrap(kDisclaimer, 0));
    out += fmt::format("\n{}\n  {}\n  {}\n{}\n", rule_line, headline(title), st.wrap(d->message, 2), rule_line);
    return out;
  }
  if (opt.verbose) {
    out += fmt::format("\n{}\n", st.bold("How this was reached"));
    if (d && r.disposition == rb.default_level && !concluded_by_a_rule(rb, r))
      out += fmt::format("  {}\n", st.wrap(default_level_sentence(*d), 2));
    out += how_text(rb, reasons, st, 2);
  } else {
    // The default level's own message already says that nothing called for more.
    std::string why;
    for (const auto& step : reasons)
      if (behind_the_level(rb.rules[static_cast<size_t>(step.rule)]))
        why += fmt::format("  - {}\n", st.wrap(rb.rules[static_cast<size_t>(step.rule)].title, 4));
    if (!why.empty()) out += fmt::format("\n{}\n{}", st.bold("Why"), why);
    const std::vector<std::string> sources = cited_sources(rb, reasons);
    if (!sources.empty())
      out += fmt::format("{}{}\n", why.empty() ? "\n" : "  ",
                         st.dim(st.wrap(fmt::format("Sources: {}.", fmt::join(sources, "; ")), why.empty() ? 0 : 2)));
  }
  if (opt.verbose && !r.ignored.empty()) {
    std::vector<std::string> ids;
    for (FactId q : r.ignored) ids.push_back(rb.facts[static_cast<size_t>(q)].id);
    out += fmt::format("  {}\n", st.dim(fmt::format("Not applicable, so not used: {}", fmt::join(ids, ", "))));
  }
  if (opt.verbose && !r.ruled_out.empty()) {
    out += fmt::format("\n{}\n", st.bold("Red flags ruled out"));
    for (const auto& n : r.ruled_out) {
      const Rule& rule = rb.rules[static_cast<size_t>(n.rule)];
      out += fmt::format("  - {}\n", st.wrap(rule.red_flag_text + " (" + reasons_text(rb, n.reasons) + ")" + id_tag(rule.id), 4));
    }
  }
  out += fmt::format("\n{}\n", st.wrap(kDisclaimer, 0));
  if (instruction_last) out += fmt::format("\n{}\n  {}\n  {}\n{}\n", rule_line, headline(title), st.wrap(d->message, 2), rule_line);
  return out;
}
}  // namespace

std::string render_text(const RuleBase& rb, const Assessment& a, const Style& st, const ReportOptions& opt) {
  return wrap_long_lines(report_text(rb, a, st, opt), st.columns());
}

std::string render_markdown(const RuleBase& rb, const Assessment& r, const ReportOptions& opt) {
  std::string out;
  if (!r.complete) {
    out += "## Back triage: incomplete\n\nThese questions can still change the result:\n\n";
    for (FactId q : r.missing)
      out += fmt::format("- `{}`: {} ({})\n", rb.facts[static_cast<size_t>(q)].id, rb.facts[static_cast<size_t>(q)].text,
                         rb.accepted_text(q));
    out += fmt::format("\n_{}_\n", kDisclaimer);
    return out;
  }
  const auto id_tag = [&](const std::string& id) { return opt.verbose ? fmt::format(" (`{}`)", id) : std::string(); };
  const Disposition* d = disposition_of(rb, r);
  out += fmt::format("## Back triage: {}\n\n", d ? d->title : "no disposition");
  if (d) out += fmt::format("**{}**\n\n", d->message);
  const FoundFlags found = red_flags_found(rb, r);
  if (!found.at_level.empty()) {
    out += "### Red flags found\n\n";
    for (RuleId f : found.at_level) {
      const Rule& rule = rb.rules[static_cast<size_t>(f)];
      out += fmt::format("- {}{}\n", rule.red_flag_text, id_tag(rule.id));
    }
    out += "\n";
  }
  if (!found.below.empty()) {
    out += fmt::format("### {}\n\n", kAlsoTell);
    for (RuleId f : found.below)
      out += fmt::format("- {}{}\n", rb.rules[static_cast<size_t>(f)].red_flag_text, id_tag(rb.rules[static_cast<size_t>(f)].id));
    out += "\n";
  }
  const std::vector<SeekHelp>& help = r.seek_help;
  if (d && (!d->safety_net.empty() || !help.empty() || !r.if_sure.empty())) {
    out += "### When to get help\n\n";
    for (const IfSure& s : r.if_sure) out += fmt::format("- {}\n", if_sure_line(rb, s));
    for (const auto& s : d->safety_net) out += fmt::format("- {}\n", s);
    for (const SeekHelp& h : help) {
      std::vector<std::string> signs;
      for (RuleId f : h.red_flags) signs.push_back(sign_text(rb.rules[static_cast<size_t>(f)]) + id_tag(rb.rules[static_cast<size_t>(f)].id));
      out += fmt::format("- **{}** if you notice: {}.\n", rb.dispositions[static_cast<size_t>(h.level)].title,
                         fmt::join(signs, "; "));
    }
    out += "\n";
  }
  if (!r.avoid.empty()) {
    out += "### Avoid\n\n";
    for (const AvoidGroup& g : avoid_groups(rb, r.avoid)) {
      std::vector<std::string> names;
      for (const ShownAvoid* s : g.options) {
        const Option& o = rb.options[static_cast<size_t>(s->option)];
        names.push_back(fmt::format("**{}**{}", o.title, id_tag(o.id)));
      }
      out += fmt::format("- {}: {}\n", fmt::join(names, ", "), g.reason);
    }
    out += "\n";
  }
  if (!r.plan.empty()) {
    out += "### Self-care plan\n\n";
    for (OptionId o : r.plan) {
      const Option& opt_ = rb.options[static_cast<size_t>(o)];
      out += fmt::format("1. **{}**{}{}", opt_.title, id_tag(opt_.id), opt_.dose.empty() ? "" : " (" + opt_.dose + ")");
      if (opt.verbose) {
        out += ": " + opt_.instructions;
        for (const auto& c : opt_.cautions) out += fmt::format(" _Caution: {}_", c);
      }
      out += "\n";
    }
    out += "\n";
    if (!opt.verbose) {
      const std::vector<SharedCaution> cautions = merged_cautions(rb, r.plan);
      for (const SharedCaution& c : cautions) out += fmt::format("- _Caution for {}: {}_\n", numbers_text(c.items), c.text);
      if (!cautions.empty()) out += "\n";
      if (!opt.details_hint.empty()) out += fmt::format("{}\n\n", opt.details_hint);
    }
  }
  const std::vector<HowStep> reasons = shown_reasons(r);
  if (opt.verbose) {
    out += "### Why\n\n";
    if (d && r.disposition == rb.default_level && !concluded_by_a_rule(rb, r)) out += default_level_sentence(*d) + "\n\n";
    out += "| # | rule | because | source |\n|---|---|---|---|\n";
    int n = 0;
    for (const auto& step : reasons) {
      const Rule& rule = rb.rules[static_cast<size_t>(step.rule)];
      out += fmt::format("| {} | {} (`{}`) | {} | {} |\n", ++n, rule.title, rule.id, reasons_text(rb, step.because),
                         rb.source_text(rule.source));
    }
  } else {
    std::string why;
    for (const auto& step : reasons)
      if (behind_the_level(rb.rules[static_cast<size_t>(step.rule)]))
        why += fmt::format("- {}\n", rb.rules[static_cast<size_t>(step.rule)].title);
    if (!why.empty()) out += fmt::format("### Why\n\n{}\n", why);
    const std::vector<std::string> sources = cited_sources(rb, reasons);
    if (!sources.empty()) out += fmt::format("Sources: {}.\n", fmt::join(sources, "; "));
  }
  if (opt.verbose && !r.ruled_out.empty()) {
    out += "\n### Red flags ruled out\n\n";
    for (const auto& n : r.ruled_out) {
      const Rule& rule = rb.rules[static_cast<size_t>(n.rule)];
      out += fmt::format("- {} ({}){}\n", rule.red_flag_text, reasons_text(rb, n.reasons), id_tag(rule.id));
    }
  }
  out += fmt::format("\n_{}_\n", kDisclaimer);
  // As in the text report (SPEC §2): an emergency or urgent instruction is the last thing said.
  if (d && instruction_ends_report(rb, r.disposition)) out += fmt::format("\n---\n\n**{}**: {}\n", d->title, d->message);
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

std::string explanation_text(const RuleBase& rb, const Explanation& e, const Style& st) {
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
        out += fmt::format("{}{}\n", st.bold(opt.title), opt.dose.empty() ? "" : " - " + opt.dose);
        if (!opt.instructions.empty()) out += fmt::format("  {}\n", st.wrap(opt.instructions, 2));
        for (const auto& c : opt.cautions) out += fmt::format("  Caution: {}\n", st.wrap(c, 11));
        out += "It is recommended. How:\n";
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
}  // namespace

std::string render_explanation(const RuleBase& rb, const Explanation& e, const Style& st) {
  return wrap_long_lines(explanation_text(rb, e, st), st.columns());
}

namespace {
/// The undecided rules a question's answer decides, one line each, indented by indent.
std::string decided_rules_text(const Evaluator& ev, FactId question, const Style& st, size_t indent) {
  const RuleBase& rb = ev.rule_base();
  const std::string margin(indent, ' ');
  std::string out;
  for (RuleId r : why_question(ev, question)) {
    const Rule& rule = rb.rules[static_cast<size_t>(r)];
    out += margin + fmt::format("- {}\n",
                       st.wrap(fmt::format("{}: {} ({})", rule.title, describe_conclusions(rb, rule),
                                           rb.source_text(rule.source)),
                               indent + 2));
  }
  return out;
}
}  // namespace

std::string render_why_question(const Evaluator& ev, FactId question, const Style& st, std::optional<size_t> item) {
  const RuleBase& rb = ev.rule_base();
  const Fact& q = rb.facts[static_cast<size_t>(question)];
  std::string out;
  if (!q.help.empty()) out += st.wrap(q.help, 0) + "\n";
  if (item)
    out += st.wrap(fmt::format("In the list: type {0} if it applies{1}; leave it out if it does not.", *item,
                               q.accepts_unsure ? fmt::format(", {}? if you are not sure", *item) : std::string()),
                   0) +
           "\n";
  else
    out += fmt::format("Accepted answers: {}.\n", rb.accepted_text(question));
  const std::string rules = decided_rules_text(ev, question, st, 2);
  if (!rules.empty()) out += st.bold("Why it is asked:") + " your answer decides\n" + rules;
  return wrap_long_lines(out, st.columns());
}

std::string render_why_checklist(const Evaluator& ev, std::span<const FactId> items, const Style& st) {
  const RuleBase& rb = ev.rule_base();
  const bool any_unsure = std::any_of(items.begin(), items.end(), [&](FactId q) {
    return rb.facts[static_cast<size_t>(q)].accepts_unsure;
  });
  std::string out = st.wrap(fmt::format("{} each of these can still change what you are told to do, and most "
                                        "people have none of them, so they are asked together. An item whose "
                                        "number you type counts as yes{}; one you leave out, as no.",
                                        st.bold("Why this list is asked:"),
                                        any_unsure ? "; with ? after its number (2?), as not sure" : ""),
                            0) +
                    "\n";
  // One short paragraph per item: the rules behind each are a ?N away, so that the whole list
  // stays readable on one screen.
  for (size_t i = 0; i < items.size(); ++i) {
    const Fact& q = rb.facts[static_cast<size_t>(items[i])];
    out += fmt::format("{:>3}. {}\n", i + 1, st.wrap(q.help.empty() ? q.list_text : q.help, 5));
  }
  out += st.wrap(fmt::format("Type ?N (for example ?{}) for what item N's answer decides. Then type the numbers "
                             "that apply (for example 1 3), or none{}.",
                             items.size() > 1 ? 2 : 1,
                             any_unsure ? "; if you cannot tell about one, do not leave it out: add ? to its number"
                                        : ""),
                 0) +
         "\n";
  return wrap_long_lines(out, st.columns());
}

}  // namespace backtriage
