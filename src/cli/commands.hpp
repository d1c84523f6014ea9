// One function per command. Each takes the loaded rule base (or its path), parsed options and
// streams, and returns an exit code; errors that stop a command are thrown as backtriage::Error
// and reported by run().
#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "model/model.hpp"
#include "output.hpp"
#include "report/report.hpp"
#include "terminal.hpp"

namespace backtriage::cli {

/// The rule base as loaded once by run(): path, model (when valid) and the problems found.
struct LoadedRules {
  std::string path;
  std::optional<RuleBase> rb;
  Diagnostics diags;        // what the loader found, sorted by place
  std::string locate_error;  // set when no rule base could be found at all
  // How `assess` takes its per-question flags: as one CLI11 option each (for help, completion
  // and every message about them), read by hand from the words CLI11 leaves over (the common
  // case, about 5% of a whole-process assess faster), or not at all (other commands).
  enum class QuestionFlags { options, by_hand, none };
  QuestionFlags question_flags = QuestionFlags::options;
};

/// The command-line flag of a question, as the user types it: "--pain-score" for pain_score.
/// Every message that names a flag uses it, so what is shown is what the program accepts.
std::string flag_name(std::string_view question_id);

struct AskOptions {
  ColorMode color = ColorMode::automatic;
  std::string record;  // --record FILE: the answers so far, rewritten whole after every answer
  std::string resume;  // --resume FILE: answers to take before asking (and, without --record, where to record)
  bool force = false;  // --force: --record may start again over a file that holds answers
  bool verbose = false;  // --verbose: the report with ids, ruled-out red flags and plan details
  std::string output;    // --output FILE: the result also written there, whole or not at all
  std::string format = "text";  // --format: the result's format where it is written
  bool one_at_a_time = false;   // --one-at-a-time: checklists' members asked one by one too
};
/// Where the questionnaire talks and where its result goes (register_ask decides).
struct AskStreams {
  std::ostream& screen;     // prompts, answers echoed, the text report, explain>
  Style style;              // for the screen: its colour and width
  Output* document;         // the result as --format asks, to --output or standard output; or
                            // nullptr when the report on the screen is the result
  bool document_on_screen;  // the document goes to the screen in place of the report
  PromptReader& input;      // the answers: a line editor on a terminal, else plain lines
};
/// The questionnaire. Exit 0 when a result was given, 3 when the user quit or input ended
/// first, 130 on Ctrl-C, 2 after too many unusable answers in a row.
int cmd_ask(const RuleBase& rb, const AskOptions& opts, const AskStreams& io, std::ostream& err);

struct AssessOptions {
  std::vector<std::string> answers_files;            // --answers FILE
  std::vector<std::string> answer_pairs;             // --answer ID=VALUE
  std::map<FactId, std::vector<std::string>> flags;  // --pain-score 6 ...
  std::string format = "text";
  std::string explain;
  std::string output;  // --output FILE: written whole or not at all (default: standard output)
  ColorMode color = ColorMode::automatic;
  bool verbose = false;  // --verbose: the report with ids, ruled-out red flags and plan details
};
/// Exit 0 for a complete assessment, 3 when answers that matter are missing, 2 for a rejected
/// answer or an unknown question.
int cmd_assess(const RuleBase& rb, const AssessOptions& opts, std::ostream& out, std::ostream& err);

struct CheckOptions {
  bool strict = false;          // warnings are errors
  std::string format = "text";  // text or json
};
/// Loader errors, then the audit's analyses; exit 4 when there is an error (or, with --strict,
/// a warning).
inline constexpr size_t kMaxBatchLine = size_t{1} << 20;  // 1 MiB: a record of answers is ~1 KiB

struct BatchOptions {
  std::string input;   // empty or "-": standard input
  std::string output;  // empty: standard output; else written whole or not at all
  std::string detail = "compact";  // "compact": what a script acts on (ids); "full": the whole report
  bool summary = false;  // the name of "compact" before it was the default; still accepted
  unsigned jobs = 0;     // worker threads; 0: every core the process may use
  size_t first_line = 1;  // the number "line" gives the first input line
};
/// One result per input line, in order. Exit 0 when every line is complete, 3 when some are
/// incomplete, 2 when any line was rejected, 130 on Ctrl-C, 141 when the reader went away.
int cmd_batch(const RuleBase& rb, const BatchOptions& opts, Output& out, std::ostream& err);

/// `export clips [--cases FILE]`: the rule base as a CLIPS program; with --cases, followed by one
/// (run-case ...) per complete line of a JSON-lines file and (exit), ready for `clips -f2`.
int cmd_export_clips(const RuleBase& rb, const std::string& cases, std::ostream& out, std::ostream& err);
/// `export fhir [--url URL]`: the questions as a FHIR R4 Questionnaire; a note on err for each
/// ask_when that enableWhen can only approximate.
int cmd_export_fhir(const RuleBase& rb, const std::string& url, const std::string& conditions, std::ostream& out,
                    std::ostream& err);

int cmd_rules_check(const LoadedRules& rules, const CheckOptions& opts, std::ostream& out, std::ostream& err);

struct VerifyCommandOptions {
  std::string format = "text";
  size_t max_examples = 3;
};
/// Exit 0 when every invariant holds, 1 when one is violated (with counterexamples).
int cmd_rules_verify(const RuleBase& rb, const VerifyCommandOptions& opts, std::ostream& out);

/// `rules graph`: questions -> rules -> derived facts -> dispositions and options.
int cmd_rules_graph(const RuleBase& rb, const std::string& format, std::ostream& out);

struct DocOptions {
  std::string format = "html";  // html or markdown
  std::string output;           // --output FILE; empty: standard output
  bool graph = true;            // --no-graph: leave Graphviz out
};
/// `rules doc`: the rule book for sign-off (src/core/rule_book.hpp); the rule graph drawn by
/// Graphviz when it is installed, else its DOT text and a note on err.
int cmd_rules_doc(const LoadedRules& rules, const DocOptions& opts, std::ostream& out, std::ostream& err);

/// `rules show ID`: a rule (or question, fact, option, disposition, invariant) in plain words,
/// with its source and where it is used. Exit 2 for an unknown id.
int cmd_rules_show(const RuleBase& rb, const std::string& id, std::ostream& out);

/// Exit 0 when every scenario passes, 1 when any fails or cannot be read.
/// format: text, json, tap or junit; coverage: also what the scenarios exercised (text, json).
int cmd_rules_test(const RuleBase& rb, const std::vector<std::string>& paths, const std::string& format,
                   bool coverage, std::ostream& out, std::ostream& err);

/// `rules list [KIND]`: one "id<TAB>title" line per question, rule, option or disposition.
int cmd_rules_list(const RuleBase& rb, const std::string& kind, std::ostream& out);

}  // namespace backtriage::cli
