// `backtriage rules doc`: the rule book, with the rule graph drawn by Graphviz when it is there.
#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include "audit/graph.hpp"
#include "audit/rule_book.hpp"
#include "commands.hpp"
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
    throw Error(fmt::format("{}: cannot read the rule files again", rules.path), ExitCode::other);
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

}  // namespace backtriage::cli
