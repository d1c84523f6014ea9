// The loader's first pass and orchestration: files -> declarations -> ids -> rules -> compiled.
#include "lang/loader.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "base/text.hpp"
#include "lang/loader_internal.hpp"

namespace backtriage {

namespace detail {

namespace {

bool is_publication_date(std::string_view d) {
  // FHIR's date: YYYY, YYYY-MM or YYYY-MM-DD, months 01-12 and days 01-31.
  const auto digits = [&](size_t from, size_t n) {
    for (size_t k = from; k < from + n; ++k)
      if (k >= d.size() || d[k] < '0' || d[k] > '9') return false;
    return true;
  };
  const auto two = [&](size_t at) { return (d[at] - '0') * 10 + (d[at + 1] - '0'); };
  if (!digits(0, 4)) return false;
  if (d.size() == 4) return true;
  if (d.size() < 7 || d[4] != '-' || !digits(5, 2) || two(5) < 1 || two(5) > 12) return false;
  if (d.size() == 7) return true;
  return d.size() == 10 && d[7] == '-' && digits(8, 2) && two(8) >= 1 && two(8) <= 31;
}

const char* const kTopLevelKeys[] = {"rule_base", "dispositions", "questions", "facts", "options",
                                     "rules", "invariants", "checklists"};
}

std::optional<std::string> LoadContext::identifier(MapReader& m, std::string_view key) {
  const yaml::Node* n = m.get(key, true);
  if (!n) return std::nullopt;
  auto s = scalar_text(*n, fmt::format("'{}'", key), diags);
  if (!s) return std::nullopt;
  if (!is_identifier(*s)) {
    diags.error(n->loc, fmt::format("'{}' is not a valid id: use lowercase letters, digits and "
                                    "underscores, starting with a letter (e.g. pain_score)",
                                    printable(*s)));
    return std::nullopt;
  }
  return s;
}

void LoadContext::read_top_level(const yaml::Node& root) {
  MapReader top(root, "a rule file", diags);
  if (const auto* n = top.get("rule_base")) read_rule_base(*n);
  if (const auto* n = top.get("dispositions")) read_dispositions(*n);
  if (const auto* n = top.list("questions")) read_questions(*n);
  if (const auto* n = top.list("facts")) read_facts(*n);
  if (const auto* n = top.list("options")) read_options(*n);
  if (const auto* n = top.list("rules"))
    for (const auto& r : n->children) rule_nodes.push_back(&r);
  if (const auto* n = top.list("invariants"))
    for (const auto& i : n->children) invariant_nodes.push_back(&i);
  if (const auto* n = top.list("checklists"))
    for (const auto& c : n->children) checklist_nodes.push_back(&c);
  static_assert(std::size(kTopLevelKeys) == 8);
  top.finish();
}

void LoadContext::read_rule_base(const yaml::Node& n) {
  if (seen_rule_base) {
    diags.error(n.key_loc, "'rule_base' is declared a second time (one file declares it once)");
    return;
  }
  seen_rule_base = true;
  MapReader m(n, "'rule_base'", diags);
  rb.name = m.text("name", true).value_or("");
  rb.version = m.text("version", true).value_or("");
  rb.description = m.text("description").value_or("");
  rb.title = m.text("title").value_or("");
  rb.publisher = m.text("publisher").value_or("");
  if (const auto date = m.text("date")) {
    if (is_publication_date(*date))
      rb.date = *date;
    else
      diags.error(m.get("date")->loc, fmt::format("'date' is when this version was published: YYYY-MM-DD (or YYYY-MM, "
                                                  "or YYYY), quoted so that YAML keeps it a text; not '{}'",
                                                  printable(*date)));
  }
  if (const auto language = m.integer("language")) {
    const yaml::Node& at = *m.get("language");
    if (*language > kRuleLanguageVersion)
      diags.error(at.loc, fmt::format("this rule base is written in version {} of the rule language, and this "
                                      "backtriage reads version {} only: use a newer backtriage "
                                      "(docs/rule-language.md, Compatibility)",
                                      *language, kRuleLanguageVersion));
    else if (*language < 1)
      diags.error(at.loc, fmt::format("'language' is the version of the rule language: 1 (the one this backtriage "
                                      "reads), not {}",
                                      *language));
  }
  default_disposition = m.get("default_disposition", false);
  if (const auto* list = m.list("sources", true)) {
    for (const auto& item : list->children) {
      MapReader s(item, "a source", diags);
      Source src;
      src.loc = item.loc;
      src.id = identifier(s, "id").value_or("");
      src.title = s.text("title", true).value_or("");
      src.date = s.text("date").value_or("");
      src.about = s.text("about").value_or("");
      s.finish();
      if (s.ok() && !src.id.empty()) rb.sources.push_back(std::move(src));
    }
  }
  m.finish();
}

void LoadContext::read_dispositions(const yaml::Node& n) {
  if (seen_dispositions) {
    diags.error(n.key_loc, "'dispositions' is declared a second time (list them once, lowest first)");
    return;
  }
  seen_dispositions = true;
  if (!n.is_sequence() || n.children.empty()) {
    diags.error(n.loc, "'dispositions' must be a list of levels, lowest first");
    return;
  }
  for (const auto& item : n.children) {
    MapReader m(item, "a disposition", diags);
    Disposition d;
    d.loc = item.loc;
    d.id = identifier(m, "id").value_or("");
    d.title = m.text("title", true).value_or("");
    d.message = m.text("message", true).value_or("");
    d.show_plan = m.yes_no("show_plan").value_or(true);
    d.safety_net = m.text_list("safety_net").value_or(std::vector<std::string>{});
    m.finish();
    if (m.ok() && !d.id.empty()) rb.dispositions.push_back(std::move(d));
  }
}

Coding LoadContext::read_coding(const yaml::Node& n, const std::string& question) {
  MapReader m(n, fmt::format("the code of question '{}'", question), diags);
  Coding c;
  c.system = m.text("system", true).value_or("");
  c.code = m.text("code", true).value_or("");
  c.display = m.text("display").value_or("");
  m.finish();
  if (!c.system.empty() && c.system.find("://") == std::string::npos && c.system.rfind("urn:", 0) != 0) {
    diags.error(m.get("system")->loc, fmt::format("a code's 'system' is the URI of its code system, such as "
                                                  "http://loinc.org or http://snomed.info/sct; not '{}'",
                                                  printable(c.system)));
    return {};
  }
  if (!m.ok() || c.system.empty() || c.code.empty()) return {};
  return c;
}

void LoadContext::read_questions(const yaml::Node& n) {
  for (const auto& item : n.children) {
    MapReader m(item, "a question", diags);
    FactDecl decl;
    Fact& f = decl.fact;
    f.loc = item.loc;
    f.is_question = true;
    f.id = identifier(m, "id").value_or("");
    f.text = m.text("text", true).value_or("");
    f.help = m.text("help").value_or("");
    f.list_text = m.text("list_text").value_or("");
    if (const yaml::Node* code = m.get("code")) f.code = read_coding(*code, f.id);
    f.order = m.integer("order", true).value_or(0);
    const auto type = m.text("type", true);
    const yaml::Node* type_node = m.get("type");
    const auto min = m.integer("min");
    const auto max = m.integer("max");
    const auto choices = m.text_list("choices");
    const auto unsure = m.yes_no("unsure");
    f.history = m.yes_no("history").value_or(false);
    const auto unit = m.text("unit");
    decl.ask_when = m.get("ask_when");
    m.finish();
    if (!m.ok() || !type) continue;
    if (unit && *type != "integer") {
      diags.error(m.get("unit")->loc, fmt::format("'unit' is for integer questions; '{}' is {}", f.id, printable(*type)));
      continue;
    }
    if (*type == "yes_no") {
      f.type = ValueType::yes_no;
      f.accepts_unsure = unsure.value_or(false);
      if (f.accepts_unsure) f.max = kUnsure;
    } else if (*type == "integer") {
      f.type = ValueType::integer;
      if (unit && *unit != "days") {
        diags.error(m.get("unit")->loc, fmt::format("unknown unit '{}': the one unit is 'days'", printable(*unit)));
        continue;
      }
      f.in_days = unit.has_value();
      if (!min || !max) {
        diags.error(item.loc, fmt::format("integer question '{}' needs 'min' and 'max'", f.id));
        continue;
      }
      if (*min > *max) {
        diags.error(m.get("min")->loc, fmt::format("'min' ({}) is greater than 'max' ({})", *min, *max));
        continue;
      }
      // kUnknown is the lowest int32: keep it out of every range.
      if (*min == kUnknown) {
        diags.error(m.get("min")->loc, "'min' is too small");
        continue;
      }
      f.min = *min;
      f.max = *max;
    } else if (*type == "choice") {
      f.type = ValueType::choice;
      if (!choices || choices->size() < 2) {
        diags.error(item.loc, fmt::format("choice question '{}' needs 'choices': a list of at least two ids", f.id));
        continue;
      }
      std::set<std::string> seen;
      for (const auto& c : *choices) {
        if (!is_identifier(c) || !seen.insert(c).second)
          diags.error(m.get("choices")->loc,
                      fmt::format("choice '{}' is not a valid, unique id", printable(c)));
      }
      f.choices = *choices;
      f.min = 0;
      f.max = static_cast<Value>(choices->size()) - 1;
    } else {
      const std::vector<std::string> types = {"yes_no", "integer", "choice"};
      diags.error(type_node->loc, fmt::format("unknown question type '{}'{}; allowed: {}",
                                              printable(*type), did_you_mean(*type, types),
                                              quoted_list(types)));
      continue;
    }
    if (f.type != ValueType::integer && (min || max))
      diags.error(item.loc, fmt::format("'min' and 'max' apply only to integer questions ('{}' is {})",
                                        f.id, value_type_name(f.type)));
    if (f.type != ValueType::yes_no && unsure)
      diags.error(m.get("unsure")->loc, fmt::format("'unsure' applies only to yes_no questions ('{}' is {})",
                                                    f.id, value_type_name(f.type)));
    if (f.type != ValueType::choice && choices)
      diags.error(item.loc, fmt::format("'choices' applies only to choice questions ('{}' is {})",
                                        f.id, value_type_name(f.type)));
    if (!f.id.empty()) questions.push_back(std::move(decl));
  }
}

void LoadContext::read_facts(const yaml::Node& n) {
  for (const auto& item : n.children) {
    MapReader m(item, "a derived fact", diags);
    FactDecl decl;
    decl.fact.loc = item.loc;
    decl.fact.is_question = false;
    decl.fact.type = ValueType::yes_no;
    decl.fact.id = identifier(m, "id").value_or("");
    decl.fact.text = m.text("text", true).value_or("");
    m.finish();
    if (m.ok() && !decl.fact.id.empty()) derived.push_back(std::move(decl));
  }
}

void LoadContext::read_options(const yaml::Node& n) {
  for (const auto& item : n.children) {
    MapReader m(item, "an option", diags);
    OptionDecl decl;
    Option& o = decl.option;
    o.loc = item.loc;
    o.id = identifier(m, "id").value_or("");
    o.order = m.integer("order").value_or(0);
    o.title = m.text("title", true).value_or("");
    o.instructions = m.text("instructions", true).value_or("");
    o.dose = m.text("dose").value_or("");
    o.cautions = m.text_list("cautions").value_or(std::vector<std::string>{});
    decl.source = m.get("source", true);
    m.finish();
    if (m.ok() && !o.id.empty()) options.push_back(std::move(decl));
  }
}

namespace {
/// Reports the second and later declarations of an id, pointing back at the first.
template <typename T, typename GetId, typename GetLoc>
void report_duplicates(const std::vector<T>& items, std::string_view what, GetId id, GetLoc loc,
                       Diagnostics& diags, std::unordered_map<std::string, SourceLoc>& first) {
  for (const auto& item : items) {
    const auto [it, inserted] = first.emplace(id(item), loc(item));
    if (inserted) continue;
    diags.error(loc(item), fmt::format("duplicate {} id '{}'", what, id(item)));
    diags.note(it->second, fmt::format("'{}' was first declared here", id(item)));
  }
}
}  // namespace

void LoadContext::assign_ids() {
  if (!seen_rule_base) diags.error({}, "no file declares 'rule_base' (its name, version and sources)");
  if (!seen_dispositions) diags.error({}, "no file declares 'dispositions' (the levels, lowest first)");

  std::unordered_map<std::string, SourceLoc> facts_seen, options_seen, levels_seen, sources_seen;
  const auto fact_id = [](const FactDecl& d) { return d.fact.id; };
  const auto fact_loc = [](const FactDecl& d) { return d.fact.loc; };
  report_duplicates(questions, "question", fact_id, fact_loc, diags, facts_seen);
  report_duplicates(derived, "fact", fact_id, fact_loc, diags, facts_seen);
  report_duplicates(options, "option", [](const OptionDecl& d) { return d.option.id; },
                    [](const OptionDecl& d) { return d.option.loc; }, diags, options_seen);
  report_duplicates(rb.dispositions, "disposition", [](const Disposition& d) { return d.id; },
                    [](const Disposition& d) { return d.loc; }, diags, levels_seen);
  report_duplicates(rb.sources, "source", [](const Source& s) { return s.id; },
                    [](const Source& s) { return s.loc; }, diags, sources_seen);

  // Canonical order, independent of how the rules are split into files.
  std::stable_sort(questions.begin(), questions.end(), [](const FactDecl& a, const FactDecl& b) {
    return a.fact.order != b.fact.order ? a.fact.order < b.fact.order : a.fact.id < b.fact.id;
  });
  std::stable_sort(derived.begin(), derived.end(),
                   [](const FactDecl& a, const FactDecl& b) { return a.fact.id < b.fact.id; });
  std::stable_sort(options.begin(), options.end(), [](const OptionDecl& a, const OptionDecl& b) {
    return a.option.order != b.option.order ? a.option.order < b.option.order : a.option.id < b.option.id;
  });

  for (const auto& d : questions) {
    if (rb.fact_ids.emplace(d.fact.id, static_cast<FactId>(rb.facts.size())).second)
      rb.facts.push_back(d.fact);
  }
  rb.question_count = static_cast<FactId>(rb.facts.size());
  for (const auto& d : derived) {
    if (rb.fact_ids.emplace(d.fact.id, static_cast<FactId>(rb.facts.size())).second)
      rb.facts.push_back(d.fact);
  }
  for (const auto& d : options) {
    if (rb.option_ids.emplace(d.option.id, static_cast<OptionId>(rb.options.size())).second)
      rb.options.push_back(d.option);
  }
  for (size_t i = 0; i < rb.dispositions.size(); ++i)
    rb.level_ids.emplace(rb.dispositions[i].id, static_cast<Level>(i));
  for (FactId q = 0; q < rb.question_count; ++q) rb.question_order.push_back(q);
}

std::optional<SourceRef> LoadContext::source_ref(const yaml::Node& n) {
  MapReader s(n, "'source'", diags);
  const yaml::Node* ref_node = s.get("ref", true);
  const auto section = s.text("section", true);
  s.finish();
  if (!s.ok() || !ref_node) return std::nullopt;
  const auto ref = scalar_text(*ref_node, "'ref'", diags);
  if (!ref) return std::nullopt;
  for (size_t i = 0; i < rb.sources.size(); ++i)
    if (rb.sources[i].id == *ref) return SourceRef{static_cast<std::int32_t>(i), section.value_or("")};
  std::vector<std::string> ids;
  for (const auto& src : rb.sources) ids.push_back(src.id);
  diags.error(ref_node->loc, fmt::format("unknown source '{}'{}; the sources declared under "
                                         "rule_base.sources are {}",
                                         printable(*ref), did_you_mean(*ref, ids),
                                         ids.empty() ? std::string("none") : quoted_list(ids, ", ")));
  return std::nullopt;
}

namespace {
/// The declaration that won the id (the first one); later duplicates were reported already.
bool is_first_declaration(const SourceLoc& declared, const SourceLoc& kept) {
  return declared.file == kept.file && declared.line == kept.line && declared.col == kept.col;
}
}  // namespace

void LoadContext::resolve_questions() {
  for (const auto& d : questions) {
    const auto id = rb.find_fact(d.fact.id);
    if (!id || !d.ask_when) continue;
    Fact& f = rb.facts[static_cast<size_t>(*id)];
    if (is_first_declaration(d.fact.loc, f.loc)) f.ask_when = condition(*d.ask_when);
  }
}

void LoadContext::resolve_options() {
  for (const auto& d : options) {
    const auto id = rb.find_option(d.option.id);
    if (!id || !d.source) continue;
    Option& o = rb.options[static_cast<size_t>(*id)];
    if (!is_first_declaration(d.option.loc, o.loc)) continue;
    if (auto ref = source_ref(*d.source)) o.source = *ref;
  }
}

void LoadContext::resolve_default_disposition() {
  if (!default_disposition) return;
  const auto s = scalar_text(*default_disposition, "'default_disposition'", diags);
  if (!s) return;
  if (auto l = rb.find_level(*s)) {
    rb.default_level = *l;
    return;
  }
  const auto ids = ids_of(rb.dispositions);
  diags.error(default_disposition->loc, fmt::format("unknown disposition '{}'{}; allowed: {}", printable(*s),
                                                    did_you_mean(*s, ids), quoted_list(ids)));
}

}  // namespace detail

namespace {

std::optional<RuleBase> load_trees(std::vector<yaml::Node>& trees, Diagnostics& diags,
                                   const LoadLimits& limits) {
  detail::LoadContext ctx(diags, limits.max_rules);
  for (const auto& t : trees) ctx.read_top_level(t);
  ctx.assign_ids();
  ctx.resolve_questions();
  ctx.read_checklists();
  ctx.resolve_options();
  ctx.resolve_default_disposition();
  ctx.read_rules();
  ctx.read_invariants();
  if (!diags.has_errors()) ctx.compile();
  diags.sort();
  if (diags.has_errors()) return std::nullopt;
  return std::move(ctx.rb);
}

}  // namespace

std::optional<RuleBase> load_rule_base_texts(
    const std::vector<std::pair<std::string, std::string>>& files, Diagnostics& diags,
    const LoadLimits& limits) {
  std::vector<yaml::Node> trees;
  for (const auto& [name, text] : files) {
    if (text.size() > limits.yaml.max_file_bytes) {
      diags.error({name}, fmt::format("file is {} bytes, more than the limit of {} bytes",
                                      text.size(), limits.yaml.max_file_bytes));
      continue;
    }
    if (auto root = yaml::parse(name, text, diags, limits.yaml)) trees.push_back(std::move(*root));
  }
  if (diags.has_errors()) {
    diags.sort();
    return std::nullopt;
  }
  return load_trees(trees, diags, limits);
}

std::optional<std::vector<std::string>> rule_file_paths(const std::string& path, Diagnostics& diags,
                                                       const LoadLimits& limits) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!fs::exists(status)) {
    // Missing is the common case; a loop of links or a folder on the way that cannot be searched
    // is another, and "no such rule base" would send the user looking for a typo.
    std::error_code link_ec;
    const bool link = fs::is_symlink(fs::symlink_status(path, link_ec));
    if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
      diags.error({path}, fmt::format("cannot open the rule base: {}", ec.message()));
    else if (link)
      diags.error({path}, "no such rule base: it is a symbolic link to nothing; expected a folder of .yaml files or "
                          "one .yaml file");
    else
      diags.error({path}, "no such rule base: expected a folder of .yaml files or one .yaml file");
    return std::nullopt;
  }
  std::vector<std::string> paths;
  if (!fs::is_directory(status)) {
    paths.push_back(path);
    return paths;
  }
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    const auto ext = it->path().extension().string();
    if (ext == ".yaml" || ext == ".yml") paths.push_back(it->path().string());
  }
  if (ec) {
    diags.error({path}, fmt::format("cannot list the folder: {}", ec.message()));
    return std::nullopt;
  }
  if (paths.empty()) {
    diags.error({path}, "the folder holds no .yaml or .yml file");
    return std::nullopt;
  }
  if (paths.size() > limits.max_files) {
    diags.error({path}, fmt::format("the folder holds {} rule files, more than the limit of {}", paths.size(),
                                    limits.max_files));
    return std::nullopt;
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::optional<std::vector<std::pair<std::string, std::string>>> read_rule_files(const std::vector<std::string>& paths,
                                                                                Diagnostics& diags,
                                                                                const LoadLimits& limits,
                                                                                std::vector<struct stat>* opened) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& p : paths) {
    struct stat st {};
    if (auto text = yaml::read_file(p, limits.yaml.max_file_bytes, diags, &st)) {
      files.emplace_back(p, std::move(*text));
      if (opened != nullptr) opened->push_back(st);
    }
  }
  if (diags.has_errors()) {
    diags.sort();
    return std::nullopt;
  }
  return files;
}

std::optional<std::vector<std::pair<std::string, std::string>>> read_rule_files(const std::string& path,
                                                                                Diagnostics& diags,
                                                                                const LoadLimits& limits) {
  const auto paths = rule_file_paths(path, diags, limits);
  if (!paths) return std::nullopt;
  return read_rule_files(*paths, diags, limits);
}

std::optional<RuleBase> load_rule_base(const std::string& path, Diagnostics& diags,
                                       const LoadLimits& limits) {
  const auto files = read_rule_files(path, diags, limits);
  if (!files) return std::nullopt;
  return load_rule_base_texts(*files, diags, limits);
}

}  // namespace backtriage
