// Fragment-based JSON report writer (see json_writer.hpp).
#include "report/json_writer.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "base/text.hpp"
#include "eval/describe.hpp"
#include "report/report.hpp"

namespace backtriage {

namespace {
std::string q(const std::string& s) { return json_string(s); }
}  // namespace

JsonFragments::JsonFragments(size_t count, Make make, When when)
    : make_(std::move(make)), text_(count), made_(count, 0) {
  if (when == When::up_front)
    for (size_t i = 0; i < count; ++i) (*this)[i];
}

JsonWriter::JsonWriter(const RuleBase& rb, JsonFragments::When when) : rb_(rb) {
  // Each maker captures the rule base only (never the writer, which may move).
  const auto per_rule = [&](auto make) { return JsonFragments(rb.rules.size(), make, when); };
  const auto rule = [&rb](size_t r) -> const Rule& { return rb.rules[r]; };
  const auto source = [&rb](const Rule& r) { return q(rb.source_text(r.source)); };
  red_flag_id_ = per_rule([&rb, rule](size_t r) { return q(red_flag_topic(rb, rule(r))); });
  red_flag_ = per_rule([&rb, rule, source](size_t i) {
    const Rule& r = rule(i);
    return r.red_flag ? fmt::format("{{\"id\":{},\"text\":{},\"disposition\":{},\"rule\":{},\"source\":{}}}",
                                    q(red_flag_topic(rb, r)), q(r.red_flag_text),
                                    q(rb.dispositions[static_cast<size_t>(r.disposition)].id), q(r.id), source(r))
                      : std::string();
  });
  sign_ = per_rule([&rb, rule](size_t i) {
    const Rule& r = rule(i);
    return r.red_flag ? fmt::format("{{\"id\":{},\"sign\":{},\"rule\":{}}}", q(red_flag_topic(rb, r)), q(sign_text(r)), q(r.id))
                      : std::string();
  });
  ruled_out_head_ = per_rule([&rb, rule](size_t i) {
    const Rule& r = rule(i);
    return fmt::format("{{\"id\":{},\"text\":{},\"rule\":{},\"because\":[", q(red_flag_topic(rb, r)), q(r.red_flag_text), q(r.id));
  });
  trace_head_ = per_rule([rule](size_t i) {
    return fmt::format("{{\"rule\":{},\"title\":{},\"because\":[", q(rule(i).id), q(rule(i).title));
  });
  trace_tail_ = per_rule([&rb, rule, source](size_t i) {
    std::vector<std::string> tags;
    for (const auto& t : conclusion_tags(rb, rule(i))) tags.push_back(q(t));
    return fmt::format("],\"concluded\":[{}],\"source\":{}", fmt::join(tags, ","), source(rule(i)));
  });
  candidate_head_ = per_rule([&rb, rule](size_t i) {
    return fmt::format("{{\"rule\":{},\"condition\":{},\"state\":", q(rule(i).id), q(describe_condition(rb, rule(i).when)));
  });
  candidate_tail_ = per_rule([rule, source](size_t i) { return fmt::format(",\"source\":{}}}", source(rule(i))); });
  // Every rule's avoid entries in one run, rule after rule.
  std::vector<std::pair<size_t, size_t>> avoid_at;  // (rule, entry) by place
  for (size_t r = 0; r < rb.rules.size(); ++r) {
    avoid_start_.push_back(avoid_at.size());
    for (size_t e = 0; e < rb.rules[r].avoids.size(); ++e) avoid_at.emplace_back(r, e);
  }
  avoid_ = JsonFragments(
      avoid_at.size(),
      [&rb, avoid_at](size_t i) {
        const Rule& r = rb.rules[avoid_at[i].first];
        const Avoid& a = r.avoids[avoid_at[i].second];
        const Option& o = rb.options[static_cast<size_t>(a.option)];
        return fmt::format("{{\"id\":{},\"title\":{},\"reason\":{},\"rule\":{}}}", q(o.id), q(o.title), q(a.reason), q(r.id));
      },
      when);
  option_id_ = JsonFragments(rb.options.size(), [&rb](size_t o) { return q(rb.options[o].id); }, when);
  option_ = JsonFragments(
      rb.options.size(),
      [&rb](size_t i) {
        const Option& o = rb.options[i];
        std::vector<std::string> cautions;
        for (const auto& c : o.cautions) cautions.push_back(q(c));
        return fmt::format("{{\"id\":{},\"title\":{},\"instructions\":{},\"dose\":{},\"cautions\":[{}],\"source\":{}}}",
                           q(o.id), q(o.title), q(o.instructions), q(o.dose), fmt::join(cautions, ","),
                           q(rb.source_text(o.source)));
      },
      when);
  for (const Disposition& d : rb.dispositions) {
    disposition_id_.push_back(q(d.id));
    compact_level_.push_back(fmt::format("\"disposition\":{},\"disposition_title\":{}", q(d.id), q(d.title)));
    disposition_.push_back(fmt::format("{},\"message\":{}", compact_level_.back(), q(d.message)));
    // The safety net is per person (personal_seek_help); what does not depend on the person is
    // escaped here once.
    std::vector<std::string> advice;
    for (const auto& line : d.safety_net) advice.push_back(q(line));
    advice_.push_back(fmt::format("\"advice\":[{}]", fmt::join(advice, ",")));
    net_level_head_.push_back(fmt::format("{{\"disposition\":{},\"title\":{},\"signs\":[", q(d.id), q(d.title)));
  }
  leaf_head_ = JsonFragments(
      rb.conds.size(),
      [&rb](size_t c) {
        const CondNode& n = rb.conds[c];
        return n.kind == CondKind::compare ? fmt::format("{{\"fact\":{},\"value\":", q(rb.facts[static_cast<size_t>(n.fact)].id))
                                           : std::string();
      },
      when);
  leaf_tail_ = JsonFragments(rb.conds.size(), [&rb](size_t c) { return fmt::format(",\"condition\":{}}}", q(rb.cond_text[c])); }, when);
  const auto per_question = [&](auto make) { return JsonFragments(static_cast<size_t>(rb.question_count), make, when); };
  id_ = per_question([&rb](size_t f) { return q(rb.facts[f].id); });
  key_ = per_question([&rb](size_t f) { return q(rb.facts[f].id) + ":"; });
  missing_question_ = per_question([&rb](size_t f) {
    const Fact& fact = rb.facts[f];
    return fmt::format("{{\"id\":{},\"text\":{},\"accepts\":{}}}", q(fact.id), q(fact.text),
                       q(rb.accepted_text(static_cast<FactId>(f))));
  });
  for (const Fact& fact : rb.facts) {
    std::vector<std::string> choices;
    for (const auto& c : fact.choices) choices.push_back(q(c));
    choice_.push_back(std::move(choices));
  }
  const std::string rule_base = fmt::format("\"rule_base\":{{\"name\":{},\"version\":{}}}", q(rb.name), q(rb.version));
  tail_ = fmt::format("{},\"disclaimer\":{}}}", rule_base, q(std::string(kDisclaimer)));
  compact_tail_ = rule_base + '}';
}

void JsonWriter::value(FactId f, Value v, std::string& out) const {
  if (v == kUnknown) {
    out += "null";
    return;
  }
  const Fact& fact = rb_.facts[static_cast<size_t>(f)];
  switch (fact.type) {
    case ValueType::yes_no: out += v == kYes ? "\"yes\"" : v == kUnsure ? "\"unsure\"" : "\"no\""; return;
    case ValueType::integer: fmt::format_to(std::back_inserter(out), "{}", v); return;
    case ValueType::choice: out += choice_[static_cast<size_t>(f)][static_cast<size_t>(v)]; return;
  }
}

void JsonWriter::reasons(const std::vector<Reason>& rs, std::string& out) const {
  for (size_t i = 0; i < rs.size(); ++i) {
    if (i) out += ',';
    out += leaf_head_[static_cast<size_t>(rs[i].leaf)];
    value(rs[i].fact, rs[i].value, out);
    out += leaf_tail_[static_cast<size_t>(rs[i].leaf)];
  }
}

namespace {
/// Appends [each(item),...] to out.
template <typename Items, typename Each>
void list(std::string& out, const Items& items, Each each) {
  out += '[';
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += ',';
    first = false;
    each(item);
  }
  out += ']';
}
}  // namespace

void JsonWriter::steps(const std::vector<HowStep>& ss, std::string& out) const {
  list(out, ss, [&](const HowStep& s) {
    out += trace_head_[static_cast<size_t>(s.rule)];
    reasons(s.because, out);
    out += trace_tail_[static_cast<size_t>(s.rule)];
    out += '}';
  });
}

void JsonWriter::candidates(const std::vector<Candidate>& cs, std::string& out) const {
  list(out, cs, [&](const Candidate& c) {
    out += candidate_head_[static_cast<size_t>(c.rule)];
    out += c.truth == Truth::no ? "\"failed\",\"because\":[" : "\"undecided\",\"because\":[";
    reasons(c.reasons, out);
    out += ']';
    out += candidate_tail_[static_cast<size_t>(c.rule)];
  });
}

void JsonWriter::write_compact(const Assessment& a, std::string& out, std::string_view fields) const {
  out += '{';
  out += fields;
  out += a.complete ? "\"status\":\"complete\",\"missing\":" : "\"status\":\"incomplete\",\"missing\":";
  list(out, a.missing, [&](FactId f) { out += id_[static_cast<size_t>(f)]; });
  out += ',';
  if (a.complete) {
    out += a.disposition == kNoLevel ? std::string("\"disposition\":null,\"disposition_title\":null")
                                     : compact_level_[static_cast<size_t>(a.disposition)];
    out += ",\"red_flags\":";
    list(out, a.red_flags, [&](RuleId f) { out += red_flag_id_[static_cast<size_t>(f)]; });
    out += ",\"recommended\":";
    list(out, a.plan, [&](OptionId o) { out += option_id_[static_cast<size_t>(o)]; });
    out += ",\"avoid\":";
    list(out, a.avoid, [&](const ShownAvoid& s) { out += option_id_[static_cast<size_t>(s.option)]; });
    out += ',';
  }
  out += compact_tail_;
}

void JsonWriter::write(const Assessment& a, std::string& out, std::string_view fields,
                       const Explanation* explanation) const {
  const auto list = [&](const auto& items, auto each) { backtriage::list(out, items, each); };
  out += '{';
  out += fields;
  out += a.complete ? "\"status\":\"complete\",\"missing\":" : "\"status\":\"incomplete\",\"missing\":";
  list(a.missing, [&](FactId f) { out += id_[static_cast<size_t>(f)]; });
  if (!a.complete) {
    out += ",\"missing_questions\":";
    list(a.missing, [&](FactId f) { out += missing_question_[static_cast<size_t>(f)]; });
  } else {
    out += ',';
    if (a.disposition == kNoLevel)
      out += "\"disposition\":null,\"disposition_title\":null,\"message\":null";
    else
      out += disposition_[static_cast<size_t>(a.disposition)];
    out += ",\"red_flags\":";
    list(a.red_flags, [&](RuleId f) { out += red_flag_[static_cast<size_t>(f)]; });
    out += ",\"ruled_out\":";
    list(a.ruled_out, [&](const Negative& n) {
      out += ruled_out_head_[static_cast<size_t>(n.rule)];
      reasons(n.reasons, out);
      out += "]}";
    });
    out += ",\"recommended\":";
    list(a.plan, [&](OptionId o) { out += option_[static_cast<size_t>(o)]; });
    out += ",\"avoid\":";
    list(a.avoid, [&](const ShownAvoid& s) {
      if (s.entry >= 0) out += avoid_[avoid_start_[static_cast<size_t>(s.rule)] + static_cast<size_t>(s.entry)];
    });
    out += ",\"safety_net\":{";
    out += a.disposition == kNoLevel ? std::string("\"advice\":[]") : advice_[static_cast<size_t>(a.disposition)];
    out += ",\"levels\":";
    list(a.seek_help, [&](const SeekHelp& h) {
      out += net_level_head_[static_cast<size_t>(h.level)];
      for (size_t i = 0; i < h.red_flags.size(); ++i) {
        if (i) out += ',';
        out += sign_[static_cast<size_t>(h.red_flags[i])];
      }
      out += "],\"text\":";
      out += q(seek_help_line(rb_, h));
      out += '}';
    });
    out += '}';
    out += ",\"if_sure\":";
    list(a.if_sure, [&](const IfSure& s) {
      fmt::format_to(std::back_inserter(out), "{{\"question\":{},\"disposition\":{},\"text\":{},\"rule\":{}}}",
                     id_[static_cast<size_t>(s.question)], disposition_id_[static_cast<size_t>(s.level)],
                     q(if_sure_line(rb_, s)), s.rule >= 0 ? q(rb_.rules[static_cast<size_t>(s.rule)].id) : "null");
    });
    out += ",\"trace\":";
    out += '[';
    for (size_t i = 0; i < a.reasons.size(); ++i) {
      const HowStep& s = a.reasons[i];
      if (i) out += ',';
      out += trace_head_[static_cast<size_t>(s.rule)];
      reasons(s.because, out);
      out += trace_tail_[static_cast<size_t>(s.rule)];
      out += a.outranked[i] ? ",\"outranked\":true}" : ",\"outranked\":false}";
    }
    out += ']';
  }
  out += ",\"answers\":{";
  bool first = true;
  for (const auto& [f, v] : a.answers) {
    if (!first) out += ',';
    first = false;
    out += key_[static_cast<size_t>(f)];
    value(f, v, out);
  }
  for (FactId f : a.ignored) {
    if (!first) out += ',';
    first = false;
    out += key_[static_cast<size_t>(f)];
    out += "\"not applicable\"";
  }
  out += "},";
  out += tail_;
  if (explanation) {
    out.pop_back();  // the closing brace of tail_
    out += ",\"explanation\":";
    write_explanation(*explanation, out);
    out += '}';
  }
}

void JsonWriter::write_explanation(const Explanation& e, std::string& out) const {
  out += "{\"id\":";
  out += q(e.id);
  static constexpr std::string_view kKinds[] = {"option", "disposition", "rule", "unknown"};
  out += ",\"kind\":\"";
  out += kKinds[static_cast<size_t>(e.target)];
  out += '"';
  if (e.target == ExplainTarget::unknown) {
    out += '}';
    return;
  }
  out += e.reached ? ",\"reached\":true" : ",\"reached\":false";
  if (e.target == ExplainTarget::option) out += e.shown ? ",\"shown\":true" : ",\"shown\":false";
  if (e.target == ExplainTarget::rule && e.reached) out += e.outranked ? ",\"outranked\":true" : ",\"outranked\":false";
  if (e.target == ExplainTarget::disposition && e.reached)
    out += e.how.empty() && e.index == rb_.default_level ? ",\"default\":true" : ",\"default\":false";
  if (e.reached) {
    out += ",\"how\":";
    steps(e.how, out);
    out += '}';
    return;
  }
  const char* verdict = e.verdict == WhyNot::Verdict::avoided     ? "avoided"
                        : e.verdict == WhyNot::Verdict::dominated ? "higher_reached"
                                                                  : "not_reached";
  out += fmt::format(",\"why_not\":{{\"verdict\":\"{}\"", verdict);
  if (e.target != ExplainTarget::rule) {
    out += ",\"blocked_by\":";
    steps(e.blockers, out);
  }
  out += ",\"candidates\":";
  candidates(e.candidates, out);
  out += "}}";
}

std::string indent_json(std::string_view compact, int indent) {
  std::string out;
  out.reserve(compact.size() * 3 / 2);
  size_t depth = 0;
  const auto newline = [&] {
    out += '\n';
    out.append(depth * static_cast<size_t>(indent), ' ');
  };
  // Runs of plain characters are scanned by table and copied whole, one append a run: one a
  // character was a third of the time one assess took for its report.
  const auto table = [](std::string_view stops) {
    std::array<bool, 256> stop{};
    for (const char c : stops) stop[static_cast<unsigned char>(c)] = true;
    return stop;
  };
  static const std::array<bool, 256> kStructural = table("\"{}[],:");
  const auto until = [&](const std::array<bool, 256>& stop, size_t i) {
    while (i < compact.size() && !stop[static_cast<unsigned char>(compact[i])]) ++i;
    return i;
  };
  // The closing quote of the string whose contents start at i: the next quote not escaped, that
  // is not preceded by an odd number of backslashes (found by memchr, escapes being rare).
  const auto string_end = [&](size_t i) {
    for (;;) {
      const size_t quote = compact.find('"', i);
      if (quote == std::string_view::npos) return compact.size();
      size_t backslashes = 0;
      while (quote - backslashes > i && compact[quote - backslashes - 1] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return quote;
      i = quote + 1;
    }
  };
  for (size_t i = 0; i < compact.size(); ++i) {
    const char c = compact[i];
    switch (c) {
      case '"': {  // a string, copied through its escapes
        const size_t start = i++;
        i = string_end(i);
        out.append(compact.substr(start, i - start + 1));
        break;
      }
      case '{':
      case '[':
        out += c;
        if (i + 1 < compact.size() && (compact[i + 1] == '}' || compact[i + 1] == ']')) {
          out += compact[++i];  // empty: stays on one line
        } else {
          ++depth;
          newline();
        }
        break;
      case '}':
      case ']':
        --depth;
        newline();
        out += c;
        break;
      case ',':
        out += c;
        newline();
        break;
      case ':': out += ": "; break;
      default: {
        const size_t end = until(kStructural, i + 1);
        out.append(compact.substr(i, end - i));
        i = end - 1;
      }
    }
  }
  return out;
}

}  // namespace backtriage
