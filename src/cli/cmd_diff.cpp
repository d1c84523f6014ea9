// rules diff OLD [NEW]: two versions of a rule base over the whole answer space (audit/diff.hpp),
// for reviewing a change before a clinician signs it off.
#include <memory>
#include <ostream>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "audit/answer_space.hpp"
#include "audit/diff.hpp"
#include "class_count_json.hpp"
#include "base/text.hpp"
#include "command.hpp"
#include "commands.hpp"
#include "exit_code.hpp"
#include "git_rules.hpp"
#include "lang/loader.hpp"
#include "option_values.hpp"

namespace backtriage::cli {

namespace {

struct DiffCommandOptions {
  std::string old_path;
  std::string git;       // --git REV: the old version is the new one's folder at that revision
  bool git_given = false;  // --git was given (even as an empty value, which is refused, never ignored)
  std::string new_path;  // empty: the rule base in use (--rules, or the shipped one)
  std::string format = "text";
  bool allow_lower = false;
  std::size_t max_examples = 2;
  std::string output;
};

/// A valid rule base, or the loader's messages and exit 4.
RuleBase valid_or_throw(std::optional<RuleBase> rb, Diagnostics& diags, const std::string& path, std::ostream& err) {
  diags.sort();
  if (!rb || diags.has_errors()) {
    err << diags.format_all();
    throw Error(fmt::format("{}: the rule base is not valid, so it cannot be compared (rules check --rules {} says "
                            "more)",
                            printable(path), printable(path)),
                ErrorKind::invalid_rules);
  }
  return std::move(*rb);
}

RuleBase load_version(const std::string& path, std::ostream& err) {
  Diagnostics diags;
  auto rb = load_rule_base(path, diags);
  return valid_or_throw(std::move(rb), diags, path, err);
}

/// The folder's rule files at a git revision (git_rules.hpp), loaded with the same limits.
RuleBase load_git_version(const std::string& folder, const std::string& rev, std::string& label, std::ostream& err) {
  const LoadLimits limits;
  const RulesAtRevision at = rule_files_at_revision(folder, rev, limits.yaml.max_file_bytes, limits.max_files);
  label = at.label;
  Diagnostics diags;
  auto rb = load_rule_base_texts(at.files, diags, limits);
  return valid_or_throw(std::move(rb), diags, at.label, err);
}

/// A path as one shell word: as it is when it holds only safe characters, else in single quotes.
std::string shell_word(const std::string& path) {
  const bool safe = !path.empty() && path.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                            "0123456789_./-=:,+@%") == std::string::npos;
  if (safe) return path;
  std::string out = "'";
  for (const char ch : path) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

/// The ready-to-run command for one version's answers: its --rules, then assess.
std::string command_for(const RuleBase& rb, const std::string& path, const std::vector<Value>& answers) {
  std::string cmd = assess_command(rb, answers);
  const std::string head = "backtriage ";
  return head + "--rules " + shell_word(path) + " " + cmd.substr(head.size());
}

std::string plural(ClassCount n, const char* one, const char* many) {
  return fmt::format("{} {}", class_count_text(n), n == 1 ? one : many);
}

void write_text(const DiffReport& r, const RuleBase& old_rb, const RuleBase& new_rb, const std::string& old_path,
                const std::string& new_path, std::ostream& out) {
  out << fmt::format("{} -> {}: {} compared, {} another disposition\n", printable(old_path), printable(new_path),
                     plural(r.cases, "class of answers", "classes of answers"),
                     plural(r.changed_cases, "gets", "get"));
  const auto example_lines = [&](const std::vector<DiffExample>& examples) {
    for (const auto& e : examples) {
      out << "    old: " << printable(command_for(old_rb, old_path, e.old_answers)) << "\n";
      out << "    new: " << printable(command_for(new_rb, new_path, e.new_answers)) << "\n";
    }
  };
  if (!r.moves.empty()) out << "\nDispositions:\n";
  for (const auto& m : r.moves) {
    out << fmt::format("  {}{} -> {}: {}\n", m.lower ? "LOWER (possible under-triage) " : "", m.from, m.to,
                       plural(m.cases, "class", "classes"));
    example_lines(m.examples);
  }
  if (!r.options.empty()) out << "\nOptions:\n";
  for (const auto& o : r.options) {
    out << fmt::format("  {} {} {}: {}\n", o.option, o.added ? "now" : "no longer", o.list,
                       plural(o.cases, "class", "classes"));
    example_lines(o.examples);
  }
  if (!r.elements.empty()) out << "\nElements:\n";
  for (const auto& e : r.elements) out << fmt::format("  {} '{}' {}\n", e.kind, printable(e.id), e.change);
  if (r.moves.empty() && r.options.empty() && r.elements.empty()) out << "No difference: every class gets the same result.\n";
}

/// For a review comment: a heading, a table of the moves (lower ones marked), the cases as code.
void write_markdown(const DiffReport& r, const RuleBase& old_rb, const RuleBase& new_rb, const std::string& old_path,
                    const std::string& new_path, std::ostream& out) {
  out << fmt::format("### rules diff: {} → {}\n\n", md_code(printable(old_path)), md_code(printable(new_path)));
  out << fmt::format("{} compared; {} another disposition.", plural(r.cases, "class of answers", "classes of answers"),
                     plural(r.changed_cases, "gets", "get"));
  if (r.any_lower()) out << " **Some classes get a lower disposition: possible under-triage.**";
  out << "\n";
  // A table cell: control characters made visible, and '|' escaped (GFM ends a cell at a bare
  // one, even inside a code span).
  const auto cell_code = [](const std::string& text) {
    std::string escaped;
    for (const char ch : md_code(printable(text))) escaped += ch == '|' ? std::string("\\|") : std::string(1, ch);
    return escaped;
  };
  const auto cases = [&](const std::vector<DiffExample>& examples) {
    std::string cell;
    for (const auto& e : examples)
      cell += (cell.empty() ? "" : "<br>") + cell_code(command_for(old_rb, old_path, e.old_answers)) + "<br>" +
              cell_code(command_for(new_rb, new_path, e.new_answers));
    return cell;
  };
  if (!r.moves.empty()) {
    out << "\n| from | to | classes | cases (old, then new) |\n|---|---|---:|---|\n";
    for (const auto& m : r.moves)
      out << fmt::format("| {} | {}{} | {} | {} |\n", md_escape(m.from), md_escape(m.to), m.lower ? " **(lower)**" : "",
                         class_count_text(m.cases), cases(m.examples));
  }
  if (!r.options.empty()) {
    out << "\n| option | change | classes | cases (old, then new) |\n|---|---|---:|---|\n";
    for (const auto& o : r.options)
      out << fmt::format("| {} | {} {} | {} | {} |\n", md_escape(o.option), o.added ? "now" : "no longer", o.list,
                         class_count_text(o.cases), cases(o.examples));
  }
  if (!r.elements.empty()) {
    out << "\n";
    for (const auto& e : r.elements) out << fmt::format("- {} {} {}\n", e.kind, md_code(printable(e.id)), e.change);
  }
}

void write_json(const DiffReport& r, const RuleBase& old_rb, const RuleBase& new_rb, const std::string& old_path,
                const std::string& new_path, std::ostream& out) {
  using nlohmann::ordered_json;
  const auto examples = [&](const std::vector<DiffExample>& list) {
    ordered_json a = ordered_json::array();
    for (const auto& e : list)
      a.push_back({{"old", command_for(old_rb, old_path, e.old_answers)}, {"new", command_for(new_rb, new_path, e.new_answers)}});
    return a;
  };
  ordered_json j;
  j["old"] = old_path;
  j["new"] = new_path;
  j["cases"] = class_count_json(r.cases);
  j["changed_cases"] = class_count_json(r.changed_cases);
  j["lower"] = r.any_lower();
  j["dispositions"] = ordered_json::array();
  for (const auto& m : r.moves)
    j["dispositions"].push_back(
        {{"from", m.from}, {"to", m.to}, {"lower", m.lower}, {"cases", class_count_json(m.cases)}, {"examples", examples(m.examples)}});
  j["options"] = ordered_json::array();
  for (const auto& o : r.options)
    j["options"].push_back({{"option", o.option},
                            {"list", o.list},
                            {"change", o.added ? "added" : "removed"},
                            {"cases", class_count_json(o.cases)},
                            {"examples", examples(o.examples)}});
  j["elements"] = ordered_json::array();
  for (const auto& e : r.elements) j["elements"].push_back({{"kind", e.kind}, {"id", e.id}, {"change", e.change}});
  out << json_safe(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) << "\n";
}

int cmd_rules_diff(const Context& c, DiffCommandOptions opts, std::ostream& out) {
  if (opts.git_given && !opts.old_path.empty()) {
    if (!opts.new_path.empty())
      throw Error("rules diff --git REV takes one folder (the new version; the old one is that folder at REV), not two",
                  ErrorKind::bad_input);
    opts.new_path = std::exchange(opts.old_path, "");
  }
  if (!opts.git_given && opts.old_path.empty())
    throw Error("rules diff needs the old version: a folder (rules diff OLD [NEW]) or a git revision (--git REV)",
                ErrorKind::bad_input);
  const std::string new_path = opts.new_path.empty() ? c.rules.path : opts.new_path;
  std::optional<RuleBase> loaded;
  if (!opts.new_path.empty()) loaded = load_version(opts.new_path, c.err);
  const RuleBase& new_rb = loaded ? *loaded : c.rb();
  std::string old_label = opts.old_path;
  const RuleBase old_rb =
      opts.git_given ? load_git_version(new_path, opts.git, old_label, c.err) : load_version(opts.old_path, c.err);
  DiffOptions options;
  options.max_examples = opts.max_examples;
  const DiffReport report = diff_rule_bases(old_rb, new_rb, options);
  if (report.too_large)
    throw Error(fmt::format("the two rule bases' decision diagrams need more than {} nodes; rules diff gave up",
                            options.max_nodes));
  if (!report.internal_error.empty()) throw Error("internal error in rules diff: " + report.internal_error);
  if (opts.format == "json") {
    write_json(report, old_rb, new_rb, old_label, new_path, out);
  } else if (opts.format == "markdown") {
    write_markdown(report, old_rb, new_rb, old_label, new_path, out);
  } else {
    write_text(report, old_rb, new_rb, old_label, new_path, out);
    if (opts.git_given && !report.moves.empty())
      out << fmt::format("\n(The old version's commands name {}: run them in a checkout of that revision, such as "
                         "one made by git worktree add DIR {}.)\n",
                         printable(old_label), printable(opts.git));
  }
  if (report.any_lower() && !opts.allow_lower) {
    c.err << "backtriage: some classes of answers get a lower disposition in the new version (possible "
             "under-triage); review each, then pass --allow-lower to accept them\n";
    return static_cast<int>(ExitCode::other);
  }
  return 0;
}

}  // namespace

void register_rules_diff(CLI::App& rules_command, CommandTable& table) {
  CLI::App* diff = rules_command.add_subcommand(
      "diff", "Compare two versions of the rule base over every class of answers; exit 1 if any gets a lower disposition");
  auto opts = std::make_shared<DiffCommandOptions>();
  existing_path(diff->add_option("old", opts->old_path, "The rule base before the change (a folder)"), "OLD");
  existing_path(diff->add_option("new", opts->new_path, "The rule base after it (default: the one in use, --rules)"),
                "NEW");
  diff->add_option("--git", opts->git,
                   "The old version is the new one's folder at this git revision (HEAD, main~1, a commit id)")
      ->option_text("REV")
      ->each([opts](const std::string&) { opts->git_given = true; });
  one_of(diff->add_option("--format", opts->format, "Output: text (the default), markdown (for a review comment) or json"),
         {"text", "markdown", "json"});
  diff->add_flag("--allow-lower", opts->allow_lower, "Exit 0 even when some classes get a lower disposition");
  whole_number(diff->add_option("--max-examples", opts->max_examples,
                                fmt::format("Cases shown per change, each as one command per version (default: {})",
                                            opts->max_examples)),
               1, 100);
  add_output_option(diff, opts->output);
  diff->footer(std::string("Every class of answers (as rules verify splits them) is run through both versions; each change\n"
                           "of disposition is counted per from -> to pair, moves down flagged, with cases to reproduce;\n"
                           "then options that enter or leave the plan, and questions, options, dispositions, red flags,\n"
                           "rules and invariants added, removed or reworded. Exit 1 when a class moves down, unless\n"
                           "--allow-lower; 4 when a version is not a valid rule base.\n"
                           "Examples:\n"
                           "  backtriage rules diff old-rules/ rules/\n"
                           "  backtriage rules diff --git HEAD rules/\n"
                           "  backtriage --rules rules/ rules diff old-rules/ --format json\n") +
               kGlobalOptions);
  table.add(diff, [opts](const Context& c) {
    return with_output(opts->output, c.out, [&](std::ostream& o) { return cmd_rules_diff(c, *opts, o); });
  });
}

}  // namespace backtriage::cli
