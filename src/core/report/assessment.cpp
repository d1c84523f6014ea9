// Building the assessment and explanation values (see assessment.hpp).
#include "report/assessment.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "eval/describe.hpp"

namespace backtriage {

namespace {

std::int32_t avoid_entry_index(const RuleBase& rb, OptionId option, RuleId rule) {
  const auto& avoids = rb.rules[static_cast<size_t>(rule)].avoids;
  for (size_t i = 0; i < avoids.size(); ++i)
    if (avoids[i].option == option) return static_cast<std::int32_t>(i);
  return -1;
}

/// A fired rule led to the result shown when it concluded the level reached, recommended an
/// option of the plan shown, or avoided an option on the avoid list shown; and so did the rules
/// that set the derived facts those rules read. Every other fired rule was outranked.
void mark_outranked(const RuleBase& rb, Assessment& a) {
  std::vector<char> led(rb.rules.size(), 0), in_plan(rb.options.size(), 0), avoided(rb.options.size(), 0);
  for (OptionId o : a.plan) in_plan[static_cast<size_t>(o)] = 1;
  for (const ShownAvoid& s : a.avoid) avoided[static_cast<size_t>(s.option)] = 1;
  std::vector<size_t> todo;
  std::vector<std::int32_t> step_of(rb.rules.size(), -1);
  for (size_t i = 0; i < a.reasons.size(); ++i) {
    const RuleId r = a.reasons[i].rule;
    step_of[static_cast<size_t>(r)] = static_cast<std::int32_t>(i);
    const Rule& rule = rb.rules[static_cast<size_t>(r)];
    bool direct = rule.disposition != kNoLevel && rule.disposition == a.disposition;
    for (OptionId o : rule.recommends) direct = direct || in_plan[static_cast<size_t>(o)];
    for (const Avoid& v : rule.avoids) direct = direct || avoided[static_cast<size_t>(v.option)];
    if (direct) todo.push_back(i);
  }
  while (!todo.empty()) {
    const HowStep& step = a.reasons[todo.back()];
    todo.pop_back();
    if (led[static_cast<size_t>(step.rule)]) continue;
    led[static_cast<size_t>(step.rule)] = 1;
    for (const Reason& why : step.because)
      if (!rb.is_question(why.fact) && why.value == kYes)
        for (RuleId setter : rb.setters[static_cast<size_t>(why.fact)])
          if (step_of[static_cast<size_t>(setter)] >= 0) todo.push_back(static_cast<size_t>(step_of[static_cast<size_t>(setter)]));
  }
  a.outranked.assign(a.reasons.size(), 0);
  for (size_t i = 0; i < a.reasons.size(); ++i) a.outranked[i] = !led[static_cast<size_t>(a.reasons[i].rule)];
}

/// For each question answered unsure: the level its answer yes would give, all else the same,
/// when that is higher than the level reached. Rare (an unsure answer), so a second evaluator is
/// made only then.
void find_if_sure(const Evaluator& ev, Assessment& a) {
  const RuleBase& rb = ev.rule_base();
  std::optional<Evaluator> probe;
  std::vector<std::pair<FactId, Value>> answers;
  for (const auto& [q, v] : a.answers) {
    if (v != kUnsure || rb.facts[static_cast<size_t>(q)].type != ValueType::yes_no) continue;
    if (!probe) probe.emplace(rb);
    answers = a.answers;
    for (auto& [f, value] : answers)
      if (f == q) value = kYes;
    const Result& sure = probe->evaluate(answers);
    if (!sure.complete || sure.disposition <= a.disposition) continue;
    // Name the doubt in the words of its fired rule: the one with the highest level, then the one
    // about the fewest questions (the question alone before a combination with it).
    RuleId named = -1;
    for (RuleId r : a.red_flags) {
      const Rule& rule = rb.rules[static_cast<size_t>(r)];
      const auto& facts = rb.rule_facts[static_cast<size_t>(r)];
      if (!rule.on_unsure || std::find(facts.begin(), facts.end(), q) == facts.end()) continue;
      const auto weight = [&](RuleId x) {
        return std::pair(-rb.rules[static_cast<size_t>(x)].disposition, rb.rule_facts[static_cast<size_t>(x)].size());
      };
      if (named < 0 || weight(r) < weight(named)) named = r;
    }
    a.if_sure.push_back({q, sure.disposition, named});
  }
}

}  // namespace

std::string if_sure_line(const RuleBase& rb, const IfSure& s) {
  std::string doubt = s.rule >= 0 ? rb.rules[static_cast<size_t>(s.rule)].red_flag_text
                                  : "Not sure: " + rb.facts[static_cast<size_t>(s.question)].text;
  std::string to = rb.dispositions[static_cast<size_t>(s.level)].title;
  if (!to.empty() && to[0] >= 'A' && to[0] <= 'Z') to[0] = static_cast<char>(to[0] - 'A' + 'a');
  return fmt::format("{}: if it becomes clear that it is so, {}.", doubt, to);
}

void shown_plan(const RuleBase& rb, const Result& result, std::vector<OptionId>& plan,
                std::vector<ShownAvoid>& avoid) {
  plan.clear();
  avoid.clear();
  if (result.disposition != kNoLevel && !rb.dispositions[static_cast<size_t>(result.disposition)].show_plan)
    return;
  plan = result.recommended;
  for (const auto& [o, rule] : result.avoided) avoid.push_back({o, rule, avoid_entry_index(rb, o, rule)});
}

void build_assessment(const Evaluator& ev, Detail detail, Assessment& a) {
  const RuleBase& rb = ev.rule_base();
  const Result& r = ev.result();
  a.complete = r.complete;
  a.missing = r.missing;
  a.ignored = r.ignored;
  a.answers.clear();
  for (FactId q = 0; q < rb.question_count; ++q)
    if (ev.value(q) != kUnknown) a.answers.emplace_back(q, ev.value(q));
  a.red_flags.clear();
  a.ruled_out.clear();
  a.reasons.clear();
  a.outranked.clear();
  a.plan.clear();
  a.avoid.clear();
  a.if_sure.clear();
  a.seek_help.clear();
  a.disposition = kNoLevel;
  // No partial level: with red-flag questions unanswered it could only under-triage.
  if (!r.complete) return;
  a.disposition = r.disposition;
  a.red_flags = r.red_flags;
  shown_plan(rb, r, a.plan, a.avoid);
  if (detail == Detail::full) {
    a.ruled_out = pertinent_negatives(ev);
    a.reasons = trace(ev);
    mark_outranked(rb, a);
    find_if_sure(ev, a);
    a.seek_help = personal_seek_help(ev, a);
  }
}

Assessment build_assessment(const Evaluator& ev, Detail detail) {
  Assessment a;
  build_assessment(ev, detail, a);
  return a;
}

namespace {
/// In the order the questions are asked (a combination by its first question), as a person met
/// them; the flag about fewer questions first.
void sort_as_asked(const RuleBase& rb, std::vector<RuleId>& flags) {
  const auto first_asked = [&](RuleId r) {
    std::int32_t order = INT32_MAX;
    for (FactId f : rb.rule_facts[static_cast<size_t>(r)])
      if (rb.is_question(f)) order = std::min(order, rb.facts[static_cast<size_t>(f)].order);
    return order;
  };
  const auto size = [&](RuleId r) { return rb.rule_facts[static_cast<size_t>(r)].size(); };
  std::stable_sort(flags.begin(), flags.end(), [&](RuleId a, RuleId b) {
    return std::pair(first_asked(a), size(a)) < std::pair(first_asked(b), size(b));
  });
}

}  // namespace

bool reads_what_can_appear(const RuleBase& rb, RuleId r) {
  for (FactId f : rb.rule_facts[static_cast<size_t>(r)])
    if (!rb.is_question(f) || !rb.facts[static_cast<size_t>(f)].history) return true;
  return false;
}

namespace {
/// Each finding once, at its highest level, in the place of its first. Two rules are one finding
/// when they have one topic, or, with merge_signs, one sign. Each rule's topic is made once.
std::vector<RuleId> one_per_finding(const RuleBase& rb, const std::vector<RuleId>& red_flags, bool merge_signs) {
  struct Kept {
    RuleId rule;
    std::string topic;
  };
  std::vector<Kept> kept;
  for (RuleId r : red_flags) {
    const Rule& rule = rb.rules[static_cast<size_t>(r)];
    std::string topic = red_flag_topic(rb, rule);
    const auto same = std::find_if(kept.begin(), kept.end(), [&](const Kept& k) {
      return k.topic == topic || (merge_signs && sign_text(rb.rules[static_cast<size_t>(k.rule)]) == sign_text(rule));
    });
    if (same == kept.end())
      kept.push_back({r, std::move(topic)});
    else if (rule.disposition > rb.rules[static_cast<size_t>(same->rule)].disposition)
      *same = {r, std::move(topic)};
  }
  std::vector<RuleId> out;
  for (const Kept& k : kept) out.push_back(k.rule);
  return out;
}
}  // namespace

std::vector<RuleId> red_flags_once_per_topic(const RuleBase& rb, const std::vector<RuleId>& red_flags) {
  return one_per_finding(rb, red_flags, false);
}

std::vector<RuleId> red_flags_as_read(const RuleBase& rb, const std::vector<RuleId>& red_flags) {
  return one_per_finding(rb, red_flags, true);
}

std::vector<std::string> safety_net_lines(const RuleBase& rb, const Assessment& a) {
  std::vector<std::string> out;
  if (a.disposition == kNoLevel) return out;
  for (const IfSure& s : a.if_sure) out.push_back(if_sure_line(rb, s));
  const Disposition& d = rb.dispositions[static_cast<size_t>(a.disposition)];
  out.insert(out.end(), d.safety_net.begin(), d.safety_net.end());
  for (const SeekHelp& h : a.seek_help) out.push_back(seek_help_line(rb, h));
  return out;
}

FoundFlags red_flags_found(const RuleBase& rb, const Assessment& a) {
  FoundFlags out;
  for (RuleId r : red_flags_as_read(rb, a.red_flags)) {
    const Rule& rule = rb.rules[static_cast<size_t>(r)];
    // A doubt is shown among the red flags found at its own level, whatever was reached (SPEC §3).
    (rule.disposition >= a.disposition || rule.on_unsure ? out.at_level : out.below).push_back(r);
  }
  return out;
}

std::vector<SeekHelp> seek_help(const RuleBase& rb, Level reached) {
  std::vector<SeekHelp> out;
  if (reached == kNoLevel) return out;
  std::vector<std::string> seen;  // topics already listed at a higher level
  for (Level l = rb.top_level(); l > reached; --l) {
    SeekHelp level{l, {}};
    std::vector<std::string> topics;
    for (RuleId r : rb.reaching[static_cast<size_t>(l)]) {
      const Rule& rule = rb.rules[static_cast<size_t>(r)];
      // "Not sure about X" is no sign to watch for: the flag's own rule names X.
      if (!rule.red_flag || rule.on_unsure) continue;
      std::string topic = red_flag_topic(rb, rule);
      if (std::find(seen.begin(), seen.end(), topic) != seen.end()) continue;
      level.red_flags.push_back(r);
      topics.push_back(std::move(topic));
    }
    seen.insert(seen.end(), topics.begin(), topics.end());
    sort_as_asked(rb, level.red_flags);
    if (!level.red_flags.empty()) out.push_back(std::move(level));
  }
  return out;
}

const std::string& sign_text(const Rule& rule) { return rule.red_flag_sign.empty() ? rule.red_flag_text : rule.red_flag_sign; }

namespace {
/// The signs above `reached` that `keep` lets through, each sign once at its highest level, in
/// the order their questions are asked; never an "unsure" rule nor a fact of history alone.
template <typename Keep>
std::vector<SeekHelp> collect_signs(const RuleBase& rb, Level reached, Keep keep) {
  std::vector<SeekHelp> out;
  std::vector<std::string> seen;  // signs listed at a higher level
  for (Level l = rb.top_level(); l > reached; --l) {
    SeekHelp level{l, {}};
    for (RuleId r : rb.reaching[static_cast<size_t>(l)]) {
      const Rule& rule = rb.rules[static_cast<size_t>(r)];
      if (!rule.red_flag || rule.on_unsure || !reads_what_can_appear(rb, r) || !keep(r)) continue;
      const std::string& sign = sign_text(rule);
      if (std::find(seen.begin(), seen.end(), sign) != seen.end()) continue;
      seen.push_back(sign);
      level.red_flags.push_back(r);
    }
    sort_as_asked(rb, level.red_flags);
    if (!level.red_flags.empty()) out.push_back(std::move(level));
  }
  return out;
}
}  // namespace

std::vector<SeekHelp> signs_to_watch(const RuleBase& rb, Level reached) {
  if (reached == kNoLevel) return {};
  return collect_signs(rb, reached, [](RuleId) { return true; });
}

std::vector<SeekHelp> personal_seek_help(const Evaluator& ev, const Assessment& a) {
  if (a.disposition == kNoLevel || a.disposition >= ev.rule_base().top_level()) return {};
  const RuleBase& rb = ev.rule_base();
  // Hold what cannot change: the sure answers to history questions. An unsure one stays free, so
  // that the net errs towards the higher level of the combinations it is part of.
  std::vector<std::pair<FactId, Value>> held;
  for (const auto& [q, v] : a.answers)
    if (rb.facts[static_cast<size_t>(q)].history && v != kUnsure) held.emplace_back(q, v);
  Evaluator probe(rb);
  probe.evaluate(held, false);
  // A sign already found is no sign to watch for.
  return collect_signs(rb, a.disposition, [&](RuleId r) {
    return probe.rule_truth(r) != Truth::no && std::find(a.red_flags.begin(), a.red_flags.end(), r) == a.red_flags.end();
  });
}

std::string seek_help_line(const RuleBase& rb, const SeekHelp& h) {
  std::vector<std::string> signs;
  for (RuleId r : h.red_flags) signs.push_back(sign_text(rb.rules[static_cast<size_t>(r)]));
  return fmt::format("{} if you notice: {}.", rb.dispositions[static_cast<size_t>(h.level)].title,
                     fmt::join(signs, "; "));
}

std::string seek_help_line(const Disposition& to, const std::vector<std::string>& red_flag_texts) {
  std::string line = to.title + " if any of these appear: ";
  for (size_t i = 0; i < red_flag_texts.size(); ++i) {
    if (i) line += "; ";
    std::string text = red_flag_texts[i];
    if (i && !text.empty() && text[0] >= 'A' && text[0] <= 'Z' && !(text.size() > 1 && text[1] >= 'A' && text[1] <= 'Z'))
      text[0] = static_cast<char>(text[0] - 'A' + 'a');  // mid-sentence: "...; fever" (not "...; HIV")
    line += text;
  }
  return line + ".";
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

Explanation build_explanation(const Evaluator& ev, const Assessment& shown, std::string_view id) {
  const RuleBase& rb = ev.rule_base();
  Explanation e;
  e.id = std::string(id);
  e.target = explain_target(rb, id);
  e.reached_level = ev.result().disposition;
  const auto take = [&](WhyNot w) {
    e.verdict = w.verdict;
    e.reached = w.verdict == WhyNot::Verdict::reached;
    e.blockers = std::move(w.blockers);
    e.candidates = std::move(w.candidates);
  };
  switch (e.target) {
    case ExplainTarget::option: {
      const OptionId o = *rb.find_option(id);
      e.index = o;
      take(why_not_option(ev, o));
      if (e.reached) e.how = how_option(ev, o);
      const Level l = ev.result().disposition;
      e.shown = !e.reached || l == kNoLevel || rb.dispositions[static_cast<size_t>(l)].show_plan;
      break;
    }
    case ExplainTarget::disposition: {
      const Level l = *rb.find_level(id);
      e.index = l;
      take(why_not_disposition(ev, l));
      if (e.reached) e.how = how_disposition(ev);
      break;
    }
    case ExplainTarget::rule: {
      const RuleId r = *rb.find_rule(id);
      e.index = r;
      e.reached = ev.rule_truth(r) == Truth::yes;
      e.verdict = e.reached ? WhyNot::Verdict::reached : WhyNot::Verdict::not_reached;
      if (e.reached) {
        e.how = how(ev, {r});
        for (size_t i = 0; i < shown.reasons.size(); ++i)
          if (shown.reasons[i].rule == r) e.outranked = shown.outranked[i];
      } else {
        e.candidates.push_back({r, ev.rule_truth(r), reasons(ev, rb.rules[static_cast<size_t>(r)].when)});
      }
      break;
    }
    case ExplainTarget::unknown: break;
  }
  return e;
}

}  // namespace backtriage
