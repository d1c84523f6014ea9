#include "result_document.hpp"

#include "report/json_writer.hpp"

namespace backtriage::cli {

std::string result_document(const Evaluator& ev, const Assessment& assessment, const DocumentOptions& options,
                            const Style& style) {
  const RuleBase& rb = ev.rule_base();
  if (options.format == "json") {
    const Explanation explanation =
        options.explain.empty() ? Explanation{} : build_explanation(ev, assessment, options.explain);
    std::string compact;
    JsonWriter(rb, JsonFragments::When::on_demand).write(assessment, compact, {}, options.explain.empty() ? nullptr : &explanation);
    return indent_json(compact, 2) + "\n";
  }
  if (!options.explain.empty()) return render_explanation(rb, build_explanation(ev, assessment, options.explain), style);
  const ReportOptions view{options.verbose, options.details_hint};
  return options.format == "markdown" ? render_markdown(rb, assessment, view) : render_text(rb, assessment, style, view);
}

}  // namespace backtriage::cli
