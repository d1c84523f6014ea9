// `backtriage rules doc`: the rule book, with the rule graph drawn by Graphviz when it is there.
#include <filesystem>
#include <ostream>
#include <memory>

#include <fmt/format.h>

#include "audit/graph.hpp"
#include "audit/rule_book.hpp"
#include "command.hpp"
#include "commands.hpp"
#include "option_values.hpp"
#include "exit_code.hpp"
#include "graphviz.hpp"
#include "lang/loader.hpp"

namespace backtriage::cli {

int cmd_rules_doc(const LoadedRules& rules, const DocOptions& opts, std::ostream& out, std::ostream& err) {
  const RuleBase& rb = *rules.rb;
  RuleBookInput input;
  input.generator = std::string("backtriage ") + BACKTRIAGE_VERSION;
  Diagnostics diags;
  const auto files = read_rule_files(rules.path, diags);
  if (!files) {  // the files were read a moment ago; only a race can get here
    err << diags.format_all();
    throw Error(fmt::format("{}: cannot read the rule files again", rules.path), ErrorKind::failure);
  }
  for (const auto& [path, text] : *files) input.files.emplace_back(std::filesystem::path(path).filename().string(), text);
  if (opts.graph) {
    std::string why_not;
    if (const auto svg = render_svg(rule_graph_dot(rb), why_not)) input.graph_svg = inline_svg(*svg);
    if (!input.graph_svg)
      err << fmt::format("backtriage: note: {}; the rule book shows the graph as DOT text instead{}\n",
                         why_not.empty() ? "Graphviz gave no SVG" : why_not,
                         why_not.find("not installed") != std::string::npos ? " (install the graphviz package)" : "");
  }
  const std::string text =
      rule_book(rb, input, opts.format == "markdown" ? RuleBookFormat::markdown : RuleBookFormat::html);
  out << text;
  return 0;
}

void register_rules_doc(CLI::App& rules_command, CommandTable& table) {
  CLI::App* doc = rules_command.add_subcommand(
      "doc", "The rule book: every question, rule, option and invariant with its source, for sign-off");
  auto opts = std::make_shared<DocOptions>();
  one_of(doc->add_option("--format", opts->format, "html (one self-contained page, the default) or markdown"),
         {"html", "markdown"});
  add_output_option(doc, opts->output);
  auto no_graph = std::make_shared<bool>(false);
  doc->add_flag("--no-graph", *no_graph, "Leave out the rule graph drawing (it needs Graphviz's dot)");
  doc->footer(std::string("The rule graph is drawn with Graphviz (dot) when it is installed, as an inline SVG; without\n"
                          "it the book carries the graph's DOT text. The book names the rule files and their fingerprint,\n"
                          "so that a sign-off applies to exactly those files.\n"
                          "On a terminal, HTML needs --output FILE (or --output - to print it anyway).\n"
                          "Examples:\n"
                          "  backtriage rules doc --output rule-book.html\n"
                          "  backtriage rules doc --format markdown > RULEBOOK.md\n") +
              kGlobalOptions);
  table.add(doc, [opts, no_graph](const Context& c) {
    opts->graph = !*no_graph;
    // A whole HTML page (about 170 KB) scrolling past on a terminal helps no one.
    if (opts->output.empty() && opts->format == "html" && is_terminal(1)) {
      c.err << "backtriage: rules doc writes a whole HTML page: give --output FILE (such as rule-book.html),\n"
               "or --output - to print it here anyway; --format markdown reads better on a terminal\n";
      return static_cast<int>(ExitCode::usage);
    }
    return with_output(opts->output, c.out, [&](std::ostream& o) { return cmd_rules_doc(c.rules, *opts, o, c.err); });
  });
}

}  // namespace backtriage::cli
