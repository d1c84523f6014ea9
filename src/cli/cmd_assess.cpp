// `backtriage assess`: answers from flags and files, never prompts, text/JSON/Markdown out.
#include <algorithm>
#include <functional>
#include <ostream>
#include <map>
#include <memory>
#include <optional>
#include <span>

#include <fmt/format.h>

#include "base/diagnostics.hpp"
#include "base/text.hpp"
#include "command.hpp"
#include "commands.hpp"
#include "option_values.hpp"
#include "exit_code.hpp"
#include "interop/answer_files.hpp"
#include "io/answers.hpp"
#include "lang/yaml_tree.hpp"
#include "report/report.hpp"
#include "result_document.hpp"

namespace backtriage::cli {

namespace {

[[noreturn]] void reject(std::string message) { throw Error(std::move(message), ErrorKind::bad_input); }

/// The answers the command line itself gives (--answer pairs and flags), with where each came
/// from: two different answers to one question there are refused, never settled by their order
/// (a red flag's "yes" followed by a "no" would otherwise pass as no).
struct CommandLineAnswers {
  std::vector<Value> value;
  std::vector<std::string> origin;
};

void set_answer(const RuleBase& rb, std::vector<Value>& values, CommandLineAnswers& given, FactId q,
                const std::string& text, const std::string& origin) {
  const ParsedValue v = parse_value(rb, q, text);
  if (!v.ok) reject(fmt::format("{}: {}", origin, v.error));
  const auto i = static_cast<size_t>(q);
  if (given.value[i] != kUnknown && given.value[i] != v.value)
    reject(fmt::format("{} and {} give '{}' different answers ({}, then {}): give one",
                       given.origin[i], origin, rb.facts[i].id, rb.value_text(q, given.value[i]),
                       rb.value_text(q, v.value)));
  given.value[i] = v.value;
  given.origin[i] = origin;
  values[i] = v.value;
}

/// Answers in precedence order: --answers files (in order, the last file's answer winning), then
/// the command line's --answer pairs and per-question flags, which override the files and must
/// agree with each other.
std::vector<Value> collect_answers(const RuleBase& rb, const AssessOptions& opts, std::ostream& err) {
  std::vector<Value> values(static_cast<size_t>(rb.question_count), kUnknown);
  CommandLineAnswers given{std::vector<Value>(values.size(), kUnknown), std::vector<std::string>(values.size())};
  for (const auto& file : opts.answers_files) {
    Diagnostics diags;
    const auto read = read_answers_file(file, rb, diags);
    if (!read) {
      diags.sort();
      err << diags.format_all();
      reject(fmt::format("{}: the answers file cannot be used; nothing was assessed", file));
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
    set_answer(rb, values, given, *q, pair.substr(eq + 1), "--answer " + id);
  }
  for (const auto& [q, texts] : opts.flags)
    for (const auto& text : texts)
      set_answer(rb, values, given, q, text, flag_name(rb.facts[static_cast<size_t>(q)].id));
  return values;
}

/// The question a flag names ("--pain-score", from "--pain-score 6" or "--pain-score=6"), if
/// it names one and no option of the command line has its name.
std::optional<FactId> flagged_question(const RuleBase& rb, std::string_view name,
                                       const std::function<bool(std::string_view)>& is_option) {
  if (!name.starts_with("--") || is_option(name)) return std::nullopt;
  std::string id(name.substr(2));
  std::replace(id.begin(), id.end(), '-', '_');
  const auto q = rb.find_fact(id);
  if (!q || !rb.is_question(*q) || flag_name(rb.facts[static_cast<size_t>(*q)].id) != name) return std::nullopt;
  return q;
}

/// Reads per-question flags from the words CLI11 left over, in order: "--pain-score 6" or
/// "--pain-score=6", each value appended to its question's list as CLI11 would. False on
/// anything else: a word that is not a question's flag, a missing or empty value or one that
/// starts with '-', or a value that did not come right after its flag on the line (an option
/// between them, `--fever --format json yes`, is CLI11's to refuse). The caller then parses
/// again with a CLI11 option per question, whose message says what is wrong.
bool take_question_flags(const RuleBase& rb, const std::vector<std::string>& left_over, std::span<char* const> line,
                         const std::function<bool(std::string_view)>& is_option,
                         std::map<FactId, std::vector<std::string>>& values) {
  std::vector<std::string_view> in_place;  // each flag on the line, with the word after it
  for (size_t i = 0; i < line.size(); ++i) {
    const std::string_view word = line[i];
    const size_t eq = word.find('=');
    if (!flagged_question(rb, word.substr(0, eq), is_option)) continue;
    in_place.push_back(word);
    if (eq == std::string_view::npos && i + 1 < line.size()) in_place.emplace_back(line[++i]);
  }
  if (!std::equal(in_place.begin(), in_place.end(), left_over.begin(), left_over.end())) return false;
  for (size_t i = 0; i < left_over.size();) {
    const std::string_view word = left_over[i];
    const size_t eq = word.find('=');
    const auto q = flagged_question(rb, word.substr(0, eq), is_option);
    if (!q) return false;
    std::string_view value;
    if (eq != std::string_view::npos) {
      value = word.substr(eq + 1);
      i += 1;
    } else {
      if (i + 1 >= left_over.size()) return false;
      value = left_over[i + 1];
      i += 2;
    }
    if (value.empty() || value.front() == '-') return false;
    values[*q].emplace_back(value);
  }
  return true;
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
  const Style st{opts.format == "text" && to_standard_output && use_color(opts.color, 1), to_standard_output ? screen_width(1) : 80};
  DocumentOptions doc{opts.format, opts.explain, opts.verbose, {}};
  if (!opts.verbose) doc.details_hint = "Add --verbose for how to do each item and why, and the red flags ruled out.";
  const std::string text = result_document(ev, assessment, doc, st);
  out << text;
  return r.complete ? 0 : static_cast<int>(ExitCode::incomplete);
}

void register_assess(CLI::App& app, const LoadedRules& rules, CommandTable& table) {
  CLI::App* assess = app.add_subcommand("assess", "Assess answers given as flags or files; never prompts");
  auto opts = std::make_shared<AssessOptions>();
  assess->add_option("--answers", opts->answers_files,
                     "A YAML or JSON map of question id to answer, or a FHIR QuestionnaireResponse")
      ->option_text("FILE");  // our own reader says why a file cannot be used (strerror, not regular)
  table.complete_with_ids(
      assess->add_option("--answer", opts->answer_pairs, "One answer, e.g. --answer pain_score=6 (repeatable)")
          ->option_text("ID=VALUE"),
      IdValues::question_answer);
  one_of(assess->add_option("--format", opts->format, "Output: text (the default), json or markdown"),
         {"text", "json", "markdown"});
  table.complete_with_ids(
      assess->add_option("--explain", opts->explain, "Explain an option, disposition or rule: how it was reached, or why not")
          ->option_text("ID"),
      IdValues::explainable);
  assess->add_flag("-v,--verbose", opts->verbose,
                   "Text and Markdown: also how to do each plan item, the red flags ruled out (with the answers\n"
                   "that rule them out), ids, and the answers behind each step of the reasoning");
  add_output_option(assess, opts->output);
  // One flag per question, when the rule base is valid; CLI11 fills a list per flag, or
  // take_question_flags does from the words CLI11 leaves over.
  auto flag_values = std::make_shared<std::map<FactId, std::vector<std::string>>>();
  if (rules.rb && rules.question_flags == LoadedRules::QuestionFlags::by_hand) {
    // A question whose flag is also a global option's name (a question `color`) has its own
    // flag on assess, which CLI11 tells from the global one only when both are defined.
    const auto is_option = [root = &app, assess](std::string_view name) {
      const std::string n(name);
      return assess->get_option_no_throw(n) != nullptr || root->get_option_no_throw(n) != nullptr;
    };
    const bool shadowed = std::any_of(rules.rb->question_order.begin(), rules.rb->question_order.end(), [&](FactId q) {
      return app.get_option_no_throw(flag_name(rules.rb->facts[static_cast<size_t>(q)].id)) != nullptr;
    });
    table.take_extras(&app, [rb = &*rules.rb, is_option, shadowed, flag_values](const std::vector<std::string>& left_over,
                                                                                  std::span<char* const> line) {
      return !shadowed && take_question_flags(*rb, left_over, line, is_option, *flag_values);
    });
  }
  if (rules.rb && rules.question_flags == LoadedRules::QuestionFlags::options) {
    for (FactId q : rules.rb->question_order) {
      const Fact& f = rules.rb->facts[static_cast<size_t>(q)];
      const std::string name = flag_name(f.id);
      if (assess->get_option_no_throw(name) != nullptr) continue;  // a built-in option wins
      assess->add_option(name, (*flag_values)[q], fmt::format("{} ({})", f.text, rules.rb->accepted_text(q)))
          ->group("Answers (one flag per question; they override --answers files)")
          ->option_text(question_value_name(*rules.rb, q));
    }
  }
  assess->footer(std::string("Answers from --answers files are applied in order, a later file's answer winning; --answer\n"
                             "pairs and the per-question flags override the files, and two different answers to one\n"
                             "question there are refused (exit 2). Exit 3 lists the answers still needed.\n"
                             "Examples:\n"
                             "  backtriage assess --answers answers.yaml --answer saddle_numbness=yes\n"
                             "  backtriage assess --answers answers.json --format json | jq .disposition\n") +
                 kGlobalOptions);
  table.add(assess, [opts, flag_values](const Context& c) {
    opts->color = c.color;
    for (auto& [q, values] : *flag_values)
      if (!values.empty()) opts->flags[q] = values;
    return with_output(opts->output, c.out, [&](std::ostream& o) { return cmd_assess(c.rb(), *opts, o, c.err); });
  });
}

}  // namespace backtriage::cli
