// `backtriage assess`: answers from flags and files, never prompts, text/JSON/Markdown out.
#include <ostream>

#include <fmt/format.h>

#include "base/diagnostics.hpp"
#include "base/text.hpp"
#include "commands.hpp"
#include "interop/answer_files.hpp"
#include "io/answers.hpp"
#include "lang/yaml_tree.hpp"
#include "report/json_writer.hpp"
#include "report/report.hpp"

namespace backtriage::cli {

namespace {

[[noreturn]] void reject(std::string message) { throw Error(std::move(message), ExitCode::usage); }

void set_answer(const RuleBase& rb, std::vector<Value>& values, FactId q, const std::string& text,
                std::string_view origin) {
  const ParsedValue v = parse_value(rb, q, text);
  if (!v.ok) reject(fmt::format("{}: {}", origin, v.error));
  values[static_cast<size_t>(q)] = v.value;
}

/// Answers in precedence order: --answers files (in order), then --answer pairs (in order),
/// then the per-question flags. The last value given for a question wins.
std::vector<Value> collect_answers(const RuleBase& rb, const AssessOptions& opts, std::ostream& err) {
  std::vector<Value> values(static_cast<size_t>(rb.question_count), kUnknown);
  for (const auto& file : opts.answers_files) {
    Diagnostics diags;
    const auto read = read_answers_file(file, rb, diags);
    if (!read) {
      diags.sort();
      err << diags.format_all();
      reject(fmt::format("{}: the answers file is not valid", file));
    }
    for (size_t q = 0; q < read->size(); ++q)
      if ((*read)[q] != kUnknown) values[q] = (*read)[q];
  }
  for (const auto& pair : opts.answer_pairs) {
    const size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size())
      reject(fmt::format("--answer '{}': expected ID=VALUE, for example --answer pain_score=6", printable(pair)));
    const std::string id = pair.substr(0, eq);
    const auto q = rb.find_fact(id);
    if (!q || !rb.is_question(*q))
      reject(fmt::format("--answer: unknown question '{}'{}", printable(id), did_you_mean(id, rb.question_names())));
    set_answer(rb, values, *q, pair.substr(eq + 1), "--answer " + id);
  }
  for (const auto& [q, texts] : opts.flags)
    for (const auto& text : texts)
      set_answer(rb, values, q, text, flag_name(rb.facts[static_cast<size_t>(q)].id));
  return values;
}

}  // namespace

int cmd_assess(const RuleBase& rb, const AssessOptions& opts, std::ostream& out, std::ostream& err) {
  const std::vector<Value> values = collect_answers(rb, opts, err);
  if (!opts.explain.empty() && explain_target(rb, opts.explain) == ExplainTarget::unknown) {
    reject(fmt::format("--explain: no option, disposition or rule is called '{}'{}", printable(opts.explain),
                       did_you_mean(opts.explain, explainable_ids(rb))));
  }
  Evaluator ev(rb);
  const Result& r = ev.evaluate(values);
  const Assessment assessment = build_assessment(ev);
  // Colour only when the result goes to a terminal.
  const bool to_standard_output = opts.output.empty() || opts.output == "-";
  const Style st{opts.format == "text" && to_standard_output && use_color(opts.color, 1)};
  std::string text;
  if (opts.format == "json") {
    const Explanation explanation = opts.explain.empty() ? Explanation{} : build_explanation(ev, opts.explain);
    std::string compact;
    JsonWriter(rb).write(assessment, compact, {}, opts.explain.empty() ? nullptr : &explanation);
    text = indent_json(compact, 2) + "\n";
  } else if (!opts.explain.empty()) {
    text = render_explanation(rb, build_explanation(ev, opts.explain), st);
  } else if (opts.format == "markdown") {
    text = render_markdown(rb, assessment);
  } else {
    text = render_text(rb, assessment, st);
  }
  out << text;
  return r.complete ? 0 : static_cast<int>(ExitCode::incomplete);
}

}  // namespace backtriage::cli
