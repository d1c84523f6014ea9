// The content of the rule book: every element of the rule base with its cross-references.
#include "audit/rule_book.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "audit/graph.hpp"
#include "audit/rule_book_doc.hpp"
#include "base/sha256.hpp"
#include "base/text.hpp"
#include "report/assessment.hpp"
#include "eval/describe.hpp"

namespace backtriage {

namespace {

using book::Entry;
using book::Field;
using book::Inline;
using book::Section;
using book::Span;

/// Builds the document; the cross-references (who reads, sets, recommends, avoids, cites what)
/// are computed once here, as lists of rule ids per element.
class Builder {
 public:
  explicit Builder(const RuleBase& rb)
      : rb_(rb), cited_by_(rb.sources.size()) {
    for (RuleId r = 0; r < static_cast<RuleId>(rb.rules.size()); ++r) {
      const Rule& rule = rb.rules[static_cast<size_t>(r)];
      if (rule.source.source >= 0) cited_by_[static_cast<size_t>(rule.source.source)].push_back(rule_link(r));
    }
    for (OptionId o = 0; o < static_cast<OptionId>(rb.options.size()); ++o)
      if (const auto src = rb.options[static_cast<size_t>(o)].source.source; src >= 0)
        cited_by_[static_cast<size_t>(src)].push_back(option_link(o));
  }

  std::vector<Section> sections() const {
    std::vector<Section> out{sources(), dispositions(), questions()};
    if (!rb_.checklists.empty()) out.push_back(checklists());
    for (Section s : {derived_facts(), rules(true), rules(false), options(), invariants()}) out.push_back(std::move(s));
    return out;
  }

 private:
  // --- links and small pieces ---
  static Span code(std::string text, std::string link = {}) { return {std::move(text), std::move(link), true}; }
  static Inline text(std::string t) { return {Span{std::move(t), {}, false}}; }
  Span rule_link(RuleId r) const { return code(rb_.rules[static_cast<size_t>(r)].id, "r-" + rb_.rules[static_cast<size_t>(r)].id); }
  Span option_link(OptionId o) const { return code(rb_.options[static_cast<size_t>(o)].id, "o-" + rb_.options[static_cast<size_t>(o)].id); }
  Span fact_link(FactId f) const {
    const Fact& fact = rb_.facts[static_cast<size_t>(f)];
    return code(fact.id, (rb_.is_question(f) ? "q-" : "f-") + fact.id);
  }
  Span level_link(Level l) const {
    const Disposition& d = rb_.dispositions[static_cast<size_t>(l)];
    return {d.title, "d-" + d.id, false};
  }
  /// "file.yaml:12" without the folder: the same whether the rules are installed or checked out.
  static Inline place(const SourceLoc& loc) {
    return {code(fmt::format("{}:{}", printable(std::filesystem::path(loc.file.str()).filename().string()), loc.line))};
  }
  Inline source_ref(const SourceRef& ref) const {
    if (ref.source < 0) return text(ref.section);
    const Source& s = rb_.sources[static_cast<size_t>(ref.source)];
    Inline out = {code(s.id, "s-" + s.id)};
    if (!ref.section.empty()) out.push_back({fmt::format(", section \u201c{}\u201d", ref.section), {}, false});
    return out;
  }
  static void add(std::vector<Field>& fields, std::string label, Inline value) {
    fields.push_back({std::move(label), {std::move(value)}});
  }
  static void add_list(std::vector<Field>& fields, std::string label, std::vector<Inline> items) {
    if (!items.empty()) fields.push_back({std::move(label), std::move(items)});
  }
  /// lead, then the spans separated by commas.
  static Inline joined(std::string lead, const std::vector<Span>& spans) {
    Inline line;
    if (!lead.empty()) line.push_back({std::move(lead), {}, false});
    for (size_t k = 0; k < spans.size(); ++k) {
      if (k) line.push_back({", ", {}, false});
      line.push_back(spans[k]);
    }
    return line;
  }
  /// The rules as one comma-separated line of links, or nothing.
  void add_rules(std::vector<Field>& fields, std::string label, const std::vector<RuleId>& rules) const {
    if (rules.empty()) return;
    std::vector<Span> links;
    for (RuleId r : rules) links.push_back(rule_link(r));
    add(fields, std::move(label), joined({}, links));
  }
  static std::vector<RuleId> ids(std::span<const std::int32_t> s) { return {s.begin(), s.end()}; }

  // --- the sections ---
  Section sources() const {
    Section s{"sources", "Sources", "The documents the rules and options cite. Each citation names a section of one of them.", {}};
    for (size_t i = 0; i < rb_.sources.size(); ++i) {
      const Source& src = rb_.sources[i];
      Entry e{"s-" + src.id, "source", src.id, src.title, {}, {}};
      if (!src.date.empty()) add(e.fields, "Date", text(src.date));
      if (!src.about.empty()) add(e.fields, "What it is", text(src.about));
      if (!cited_by_[i].empty()) add(e.fields, fmt::format("Cited by ({})", cited_by_[i].size()), joined({}, cited_by_[i]));
      add(e.fields, "Defined at", place(src.loc));
      s.entries.push_back(std::move(e));
    }
    return s;
  }

  Section dispositions() const {
    Section s{"results", "Results", "The levels of result, lowest first. The highest level any fired rule reaches wins.", {}};
    for (Level l = 0; l < static_cast<Level>(rb_.dispositions.size()); ++l) {
      const Disposition& d = rb_.dispositions[static_cast<size_t>(l)];
      Entry e{"d-" + d.id, "result", d.id, d.title, fmt::format("level {} of {}", l + 1, rb_.dispositions.size()), {}};
      add(e.fields, "Message", text(d.message));
      add(e.fields, "Self-care plan shown", text(d.show_plan ? "yes" : "no: the instruction alone"));
      if (l == rb_.default_level)
        add(e.fields, "Default", text("yes: the result when no rule concludes a higher level (rule_base.default_disposition)"));
      std::vector<Inline> net;
      for (const auto& line : d.safety_net) net.push_back(text(line));
      // The generated part: the signs of every higher level (report/assessment.hpp), as someone
      // who has answered nothing would see them; a person's own net leaves out more.
      const std::vector<SeekHelp> signs = signs_to_watch(rb_, l);
      for (const SeekHelp& h : signs) net.push_back(text(seek_help_line(rb_, h)));
      if (!signs.empty())
        net.push_back(text("(A person's net leaves out the signs they already have, those their history rules out, "
                           "and red flags about history, age or medicines, which cannot newly appear.)"));
      add_list(e.fields, "Safety net", std::move(net));
      add_rules(e.fields, "Reached by", ids(rb_.reaching[static_cast<size_t>(l)]));
      add(e.fields, "Defined at", place(d.loc));
      s.entries.push_back(std::move(e));
    }
    return s;
  }

  Section questions() const {
    Section s{"questions", "Questions",
              "In the order they are asked. A question is asked only while its answer can still change the result.", {}};
    for (FactId q : rb_.question_order) {
      const Fact& f = rb_.facts[static_cast<size_t>(q)];
      Entry e{"q-" + f.id, "question", f.id, f.text, {}, {}};
      add(e.fields, "Answer", text(rb_.accepted_text(q)));
      if (!f.help.empty()) add(e.fields, "Help shown", text(f.help));
      if (f.ask_when != kNoCond) add(e.fields, "Asked only when", {code(describe_condition(rb_, f.ask_when))});
      if (const std::int32_t c = rb_.checklist_of[static_cast<size_t>(q)]; c >= 0) {
        const std::string& list = rb_.checklists[static_cast<size_t>(c)].id;
        add(e.fields, "Asked in the checklist", {code(list, "c-" + list), Span{" as: " + f.list_text, {}, false}});
      }
      add_rules(e.fields, "Read by", ids(rb_.readers[static_cast<size_t>(q)]));
      add(e.fields, "Defined at", place(f.loc));
      s.entries.push_back(std::move(e));
    }
    return s;
  }

  Section checklists() const {
    Section s{"checklists", "Checklists",
              "Yes/no questions asked together: the lead, then a numbered list of the items that can still change "
              "the result. Every item keeps its own answer.",
              {}};
    for (const Checklist& c : rb_.checklists) {
      Entry e{"c-" + c.id, "checklist", c.id, c.lead, {}, {}};
      Field items{"Items, in order", {}};
      for (FactId q : c.members)
        items.items.push_back({Span{rb_.facts[static_cast<size_t>(q)].list_text + " ", {}, false}, fact_link(q)});
      e.fields.push_back(std::move(items));
      add(e.fields, "Defined at", place(c.loc));
      s.entries.push_back(std::move(e));
    }
    return s;
  }

  Section derived_facts() const {
    Section s{"facts", "Derived facts", "Conclusions that rules set and other rules read.", {}};
    for (FactId f = rb_.question_count; f < static_cast<FactId>(rb_.facts.size()); ++f) {
      const Fact& fact = rb_.facts[static_cast<size_t>(f)];
      Entry e{"f-" + fact.id, "fact", fact.id, fact.text, {}, {}};
      add_rules(e.fields, "Set by", ids(rb_.setters[static_cast<size_t>(f)]));
      add_rules(e.fields, "Read by", ids(rb_.readers[static_cast<size_t>(f)]));
      add(e.fields, "Defined at", place(fact.loc));
      s.entries.push_back(std::move(e));
    }
    return s;
  }

  Section rules(bool red_flags) const {
    Section s = red_flags
                    ? Section{"red-flags", "Red-flag rules",
                              "Each raises the result to at least its level whatever else is answered, and shows the "
                              "red flag to the user. Highest level first.",
                              {}}
                    : Section{"rules", "Other rules", "Baseline results, self-care recommendations, avoids and derived facts, in firing order.", {}};
    std::vector<RuleId> order;
    for (RuleId r = 0; r < static_cast<RuleId>(rb_.rules.size()); ++r)
      if (rb_.rules[static_cast<size_t>(r)].red_flag == red_flags) order.push_back(r);
    if (red_flags)
      std::stable_sort(order.begin(), order.end(), [&](RuleId a, RuleId b) {
        return rb_.rules[static_cast<size_t>(a)].disposition > rb_.rules[static_cast<size_t>(b)].disposition;
      });
    for (RuleId r : order) s.entries.push_back(rule_entry(r));
    return s;
  }

  Entry rule_entry(RuleId r) const {
    const Rule& rule = rb_.rules[static_cast<size_t>(r)];
    Entry e{"r-" + rule.id, "rule", rule.id, rule.title, {}, {}};
    if (rule.red_flag) e.badge = "red flag: " + rb_.dispositions[static_cast<size_t>(rule.disposition)].title;
    add(e.fields, "When", {code(describe_condition(rb_, rule.when))});
    if (rule.red_flag) {
      add(e.fields, "Red flag shown", text(rule.red_flag_text));
      if (rule.on_unsure)
        add(e.fields, "Sign to watch for", text("none: an unsure answer, named by the flag itself"));
      else if (!reads_what_can_appear(rb_, r))
        add(e.fields, "Sign to watch for", text("none: a fact of history, age or medicines cannot newly appear"));
      else
        add(e.fields, "Sign to watch for", text(sign_text(rule)));
    }
    if (rule.disposition != kNoLevel) add(e.fields, "Result at least", {level_link(rule.disposition)});
    std::vector<Inline> recs;
    for (OptionId o : rule.recommends) recs.push_back({option_link(o), {" " + rb_.options[static_cast<size_t>(o)].title, {}, false}});
    add_list(e.fields, "Recommends", std::move(recs));
    std::vector<Inline> avoids;
    for (const Avoid& a : rule.avoids) avoids.push_back({option_link(a.option), {": " + a.reason, {}, false}});
    add_list(e.fields, "Avoids", std::move(avoids));
    std::vector<Inline> sets;
    for (FactId f : rule.sets) sets.push_back({fact_link(f), {" " + rb_.facts[static_cast<size_t>(f)].text, {}, false}});
    add_list(e.fields, "Sets", std::move(sets));
    if (rule.stop) add(e.fields, "Then", text("no further questions"));
    add(e.fields, "Priority", text(std::to_string(rule.priority)));
    add(e.fields, "Source", source_ref(rule.source));
    add(e.fields, "Defined at", place(rule.loc));
    return e;
  }

  Section options() const {
    Section s{"options", "Self-care options", "The catalogue, in the order a plan lists them. An avoid always beats a recommend.", {}};
    for (OptionId o = 0; o < static_cast<OptionId>(rb_.options.size()); ++o) {
      const Option& opt = rb_.options[static_cast<size_t>(o)];
      Entry e{"o-" + opt.id, "option", opt.id, opt.title, {}, {}};
      add(e.fields, "Instructions", text(opt.instructions));
      if (!opt.dose.empty()) add(e.fields, "Dose", text(opt.dose));
      std::vector<Inline> cautions;
      for (const auto& c : opt.cautions) cautions.push_back(text(c));
      add_list(e.fields, "Cautions", std::move(cautions));
      add(e.fields, "Source", source_ref(opt.source));
      add_rules(e.fields, "Recommended by", ids(rb_.recommended_by[static_cast<size_t>(o)]));
      std::vector<Inline> avoided;
      for (RuleId r : rb_.avoided_by[static_cast<size_t>(o)])
        for (const Avoid& a : rb_.rules[static_cast<size_t>(r)].avoids)
          if (a.option == o) avoided.push_back({rule_link(r), {": " + a.reason, {}, false}});
      add_list(e.fields, "Avoided by", std::move(avoided));
      add(e.fields, "Defined at", place(opt.loc));
      s.entries.push_back(std::move(e));
    }
    return s;
  }

  Section invariants() const {
    Section s{"invariants", "Invariants",
              "Safety properties that backtriage rules verify proves over every possible set of answers.", {}};
    for (const Invariant& inv : rb_.invariants) {
      Entry e{"i-" + inv.id, "invariant", inv.id, inv.title, {}, {}};
      add(e.fields, "Applies", inv.when == kNoCond ? text("in every case") : Inline{code(describe_condition(rb_, inv.when))});
      std::vector<Inline> expect;
      if (inv.at_least != kNoLevel) expect.push_back({{"result at least ", {}, false}, level_link(inv.at_least)});
      if (inv.at_most != kNoLevel) expect.push_back({{"result at most ", {}, false}, level_link(inv.at_most)});
      if (inv.has_disposition) expect.push_back(text("a result is always reached"));
      const auto options_line = [&](const char* what, const std::vector<OptionId>& list) {
        std::vector<Span> links;
        for (OptionId o : list) links.push_back(option_link(o));
        if (!links.empty()) expect.push_back(joined(what, links));
      };
      options_line("recommended: ", inv.recommended);
      options_line("not recommended: ", inv.not_recommended);
      options_line("avoided: ", inv.avoided);
      std::vector<Span> monotone;
      for (FactId f : inv.monotone) monotone.push_back(fact_link(f));
      if (!monotone.empty()) expect.push_back(joined("answering yes never lowers the result, for ", monotone));
      add_list(e.fields, "Expects", std::move(expect));
      add(e.fields, "Defined at", place(inv.loc));
      s.entries.push_back(std::move(e));
    }
    return s;
  }

  const RuleBase& rb_;
  std::vector<std::vector<Span>> cited_by_;
};

}  // namespace

std::string sha256sum_line(std::string_view name, std::string_view text) {
  // GNU coreutils escapes a name holding a backslash, a line feed or a carriage return and marks
  // the line with a leading backslash; the same bytes here keep the manifest recomputable.
  std::string escaped;
  bool marked = false;
  for (char c : name) {
    if (c == '\\') escaped += "\\\\";
    else if (c == '\n') escaped += "\\n";
    else if (c == '\r') escaped += "\\r";
    else {
      escaped += c;
      continue;
    }
    marked = true;
  }
  return fmt::format("{}{}  {}\n", marked ? "\\" : "", hex(sha256(text)), escaped);
}

std::string rule_files_fingerprint(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<const std::pair<std::string, std::string>*> in_order;
  for (const auto& file : files) in_order.push_back(&file);
  std::sort(in_order.begin(), in_order.end(), [](auto* a, auto* b) { return a->first < b->first; });
  Sha256 manifest;
  for (const auto* file : in_order) manifest.add(sha256sum_line(file->first, file->second));
  return hex(manifest.digest());
}

std::optional<std::string> inline_svg(std::string_view svg_file) {
  const size_t start = svg_file.find("<svg");
  const size_t end = svg_file.rfind("</svg>");
  if (start == std::string_view::npos || end == std::string_view::npos || end < start) return std::nullopt;
  return std::string(svg_file.substr(start, end + 6 - start));
}

std::string rule_book(const RuleBase& rb, const RuleBookInput& input, RuleBookFormat format) {
  book::Document doc;
  doc.title = fmt::format("Rule book: {} {}", rb.name, rb.version);
  doc.fingerprint = rule_files_fingerprint(input.files);
  doc.generator = input.generator;
  doc.lead = "Everything this rule base asks, concludes and recommends, for review and sign-off. Each element "
             "shows where it is defined in the rule files and the source it cites; ids link to their entries.";
  size_t red_flags = 0;
  for (const Rule& r : rb.rules) red_flags += r.red_flag;
  doc.overview.push_back({"Rule base", {{Span{rb.name, {}, true}, Span{" version " + rb.version, {}, false}}}});
  if (!rb.description.empty()) doc.overview.push_back({"Description", {{Span{rb.description, {}, false}}}});
  const auto count = counted;
  doc.overview.push_back(
      {"Contents",
       {{Span{fmt::format("{}, {}, {} ({}), {}, {}, {}, {}", count(static_cast<size_t>(rb.question_count), "question", "questions"),
                          count(rb.facts.size() - static_cast<size_t>(rb.question_count), "derived fact", "derived facts"),
                          count(rb.rules.size(), "rule", "rules"), count(red_flags, "red flag", "red flags"),
                          count(rb.options.size(), "option", "options"), count(rb.dispositions.size(), "result", "results"),
                          count(rb.invariants.size(), "invariant", "invariants"), count(rb.sources.size(), "source", "sources")),
              {}, false}}}});
  std::vector<book::Inline> files;
  for (const auto& [name, text] : input.files)
    files.push_back({Span{printable(name), {}, true},
                     Span{fmt::format(" ({} lines)", std::count(text.begin(), text.end(), '\n')), {}, false}});
  doc.overview.push_back({"Rule files", std::move(files)});
  doc.overview.push_back({"Fingerprint", {{Span{doc.fingerprint, {}, true},
                                           Span{" (SHA-256 of the sha256sum lines of the files in byte order of their names: any edit or rename changes "
                                                "it; docs/auditing.md shows how to recompute it)", {}, false}}}});
  doc.sections = Builder(rb).sections();
  doc.graph_svg = input.graph_svg;
  if (!doc.graph_svg) doc.graph_dot = rule_graph_dot(rb);
  return format == RuleBookFormat::html ? book::render_html(doc) : book::render_markdown(doc);
}

}  // namespace backtriage
