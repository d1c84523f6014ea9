// Argument parsing and dispatch. Two passes: the first finds --rules, so that the rule base can
// be loaded once and `assess` can offer one flag per question; the second is the real parse.
// CLI11 copies settings into a subcommand when it is created, so app-wide settings come first.
#include "app.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "base/build_id.hpp"
#include "base/diagnostics.hpp"
#include "base/text.hpp"
#include "commands.hpp"
#include "interop/export_clips.hpp"
#include "lang/cache.hpp"
#include "lang/loader.hpp"
#include "locate_rules.hpp"
#include "output.hpp"
#include "terminal.hpp"

namespace backtriage::cli {

namespace {

constexpr const char* kDescription =
    "backtriage asks about a tight or painful lower back and says what to do: self-care, see a\n"
    "doctor, be seen today, or go to the emergency department now, with the reasoning and the\n"
    "source behind every step. It gives general self-care information, not a diagnosis.";

constexpr const char* kExamples =
    "Examples:\n"
    "  backtriage                                 the questionnaire (when run in a terminal)\n"
    "  backtriage assess --pain-score 8 --numbness no --format json\n"
    "  backtriage assess --answers answers.yaml --explain massage_gun\n"
    "  backtriage batch --input cases.jsonl --output results.jsonl\n"
    "  backtriage rules check                     validate the shipped rule base\n"
    "  backtriage rules test tests/scenarios      run scenario tests\n"
    "  backtriage rules doc --output book.html    the rule book, for a clinician's sign-off\n"
    "  backtriage export fhir > form.json         the questions as a FHIR R4 Questionnaire\n"
    "\n"
    "Exit codes: 0 ok, 1 other error, 2 bad usage or a rejected answer, 3 incomplete answers,\n"
    "4 invalid rule base, 130 interrupted (Ctrl-C). See 'man backtriage'.";

constexpr const char* kGlobalOptions =
    "Global options (before or after the command): --rules DIR picks another rule base, --color\n"
    "auto|always|never. Exit codes and more: backtriage --help, man backtriage.";

/// Where compiled rule bases are cached: $BACKTRIAGE_CACHE_DIR ("off" disables the cache), else
/// $XDG_CACHE_HOME/backtriage, else ~/.cache/backtriage; no cache without a home.
std::string cache_dir() {
  std::string dir;
  if (const char* given = std::getenv("BACKTRIAGE_CACHE_DIR")) {
    if (std::string_view(given) == "off") return {};
    dir = given;
  } else if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') {
    dir = std::string(xdg) + "/backtriage";  // a relative XDG_CACHE_HOME is ignored, as the XDG rules say
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    dir = std::string(home) + "/.cache/backtriage";
  }
  // "dir/" would let a symbolic link at dir through the cache's O_NOFOLLOW checks.
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

/// Whether the command may read the compiled-rule cache: only those that give advice (ask,
/// assess, batch, and the questionnaire without a command). The audits and exports always read
/// the YAML, so that what they check, document and sign off is what is on disk. Decided from the
/// first word that is not a global option; anything unclear reads the YAML.
bool command_may_use_cache(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--rules" || arg == "--color") {
      ++i;  // the option's value, whatever it looks like
      continue;
    }
    if (arg == "--") return false;
    if (arg.starts_with("-")) continue;
    return arg == "ask" || arg == "assess" || arg == "batch";
  }
  return true;  // no command: the questionnaire, or --help / --version
}

/// The rule base, through the cache when use_cache; why a cache could not be used is one line
/// on err (the run goes on from the YAML).
LoadedRules load_rules(const std::string& flag, bool use_cache, std::ostream& err) {
  LoadedRules out;
  try {
    out.path = locate_rules(flag);
  } catch (const Error& e) {
    out.locate_error = e.what();
    return out;
  }
  RuleCache cache;
  if (use_cache) {
    cache.dir = cache_dir();
    if (!cache.dir.empty()) cache.build_id = running_build_id().value_or("");
  }
  CacheReport report;
  out.rb = load_rule_base_cached(out.path, out.diags, cache, report);
  if (!report.problem.empty()) err << "backtriage: cache not used: " << printable(report.problem) << "\n";
  return out;
}

/// " (did you mean '--pain-score'?)" for the first unknown --flag on the command line.
std::string suggest_option(const CLI::App& app, int argc, char** argv) {
  std::vector<std::string> known;
  std::vector<const CLI::App*> apps = {&app};
  for (size_t i = 0; i < apps.size(); ++i) {
    for (const CLI::Option* o : apps[i]->get_options())
      for (const auto& name : o->get_lnames()) known.push_back("--" + name);
    for (const CLI::App* sub : apps[i]->get_subcommands([](const CLI::App*) { return true; })) apps.push_back(sub);
  }
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (!arg.starts_with("--")) continue;
    arg = arg.substr(0, arg.find('='));
    if (std::find(known.begin(), known.end(), arg) != known.end()) continue;
    return did_you_mean(arg, known);
  }
  return {};
}

/// --output FILE on a command whose output is a document or a report.
void add_output_option(CLI::App* command, std::string& path) {
  command
      ->add_option("--output", path,
                   "Write to FILE instead of standard output ('-'): a regular file is replaced whole or not at\n"
                   "all, keeping its permissions; a device or FIFO is written to as it is")
      ->option_text("FILE");
}

/// Runs a command with its output going to path (empty or "-": out), every byte checked.
template <typename Command>
int with_output(const std::string& path, std::ostream& out, Command command) {
  Output output(path, out);
  const int code = command(output.stream());
  if (code == 130) return code;  // interrupted: the destructor discards a replacement
  output.commit();
  return code;
}

ColorMode color_mode(const std::string& s) {
  if (s == "always") return ColorMode::always;
  if (s == "never") return ColorMode::never;
  return ColorMode::automatic;
}

}  // namespace

std::string flag_name(std::string_view question_id) {
  std::string name = "--";
  name += question_id;
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

int run(int argc, char** argv, std::ostream& out, std::ostream& err) {
  ignore_broken_pipe_signal();  // a closed pipe is a failed write we report, not a silent death
  try {
    // Pass 1: only --rules, ignoring everything else (and no --help handling).
    std::string rules_flag;
    {
      CLI::App pre;
      pre.allow_extras();
      pre.set_help_flag();
      pre.set_version_flag();
      pre.add_option("--rules", rules_flag);
      try {
        pre.parse(argc, argv);
      } catch (const CLI::ParseError&) {
        // the real parse reports it
      }
    }
    const LoadedRules rules = load_rules(rules_flag, command_may_use_cache(argc, argv), err);

    // Pass 2: the real command line.
    CLI::App app{kDescription, "backtriage"};
    app.set_version_flag("--version", std::string("backtriage ") + BACKTRIAGE_VERSION);
    app.require_subcommand(0, 1);
    app.fallthrough();
    // Without a valid rule base there are no per-question flags; let unknown arguments through
    // so that the real problem (exit 4, with the rule files' errors) is what gets reported.
    if (!rules.rb) app.allow_extras();
    std::string rules_dir = rules_flag;
    app.add_option("--rules", rules_dir, "Rule base: a folder of YAML files (default: the shipped one)")
        ->option_text("DIR");
    std::string color = "auto";
    app.add_option("--color", color, "Colour and emphasis: auto (on a terminal, unless NO_COLOR is set), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->option_text("WHEN");

    CLI::App* ask = app.add_subcommand("ask", "The questionnaire: one question at a time (the default in a terminal)");
    AskOptions ask_opts;
    ask->add_option("--record", ask_opts.record,
                    "After every answer, write the answers so far to FILE (whole, never half-written; private to\n"
                    "you when new; a file that already holds answers is refused without --force)")
        ->option_text("FILE");
    ask->add_option("--resume", ask_opts.resume,
                    "Take the answers in FILE (from --record, any answers file, or a FHIR QuestionnaireResponse)\n"
                    "and go on from there. Nothing on disk changes before a new answer; then new answers go into\n"
                    "the same FILE, kept as written (comments, layout, unused answers; JSON stays JSON), unless\n"
                    "--record names another (a QuestionnaireResponse is never written to)")
        ->option_text("FILE");
    ask->add_flag("--force", ask_opts.force,
                  "Let --record start again over a file that already holds answers (otherwise refused)");
    ask->footer(std::string("At any question: ? or help, back, quit. Ctrl-D or Ctrl-C stop without a result.\n"
                            "Examples:\n"
                            "  backtriage ask --record answers.yaml     # interrupted? nothing is lost:\n"
                            "  backtriage ask --resume answers.yaml     # go on where you stopped\n"
                            "  backtriage assess --answers answers.yaml # the same answers, scripted\n") +
                kGlobalOptions);

    CLI::App* assess = app.add_subcommand("assess", "Assess answers given as flags or files; never prompts");
    AssessOptions assess_opts;
    assess->add_option("--answers", assess_opts.answers_files,
                       "A YAML or JSON map of question id to answer, or a FHIR QuestionnaireResponse")
        ->option_text("FILE");  // our own reader says why a file cannot be used (strerror, not regular)
    assess->add_option("--answer", assess_opts.answer_pairs, "One answer, e.g. --answer pain_score=6 (repeatable)")
        ->option_text("ID=VALUE");
    assess->add_option("--format", assess_opts.format, "Output: text, json or markdown")
        ->check(CLI::IsMember({"text", "json", "markdown"}))
        ->capture_default_str();
    assess->add_option("--explain", assess_opts.explain,
                       "Explain an option, disposition or rule: how it was reached, or why not")
        ->option_text("ID");
    add_output_option(assess, assess_opts.output);
    std::map<FactId, std::vector<std::string>> flag_values;
    if (rules.rb) {
      for (FactId q : rules.rb->question_order) {
        const Fact& f = rules.rb->facts[static_cast<size_t>(q)];
        const std::string name = flag_name(f.id);
        if (assess->get_option_no_throw(name) != nullptr) continue;  // a built-in option wins
        assess->add_option(name, flag_values[q], fmt::format("{} ({})", f.text, rules.rb->accepted_text(q)))
            ->group("Answers (one flag per question; later sources override earlier ones)")
            ->option_text("VALUE");
      }
    }
    assess->footer(std::string(
                       "Answers are applied in this order, the last value for a question winning: --answers files,\n"
                       "then --answer pairs, then the per-question flags. Exit 3 lists the answers still needed.\n"
                       "Examples:\n"
                       "  backtriage assess --answer saddle_numbness=no --pain-score 8\n"
                       "  backtriage assess --answers answers.json --format json | jq .disposition\n") +
                   kGlobalOptions);

    CLI::App* batch = app.add_subcommand("batch", "Triage many cases: one JSON object of answers per line in, one result per line out");
    BatchOptions batch_opts;
    batch->add_option("--input", batch_opts.input, "Read cases from FILE (default: standard input)")->option_text("FILE");
    add_output_option(batch, batch_opts.output);
    batch->add_flag("--summary", batch_opts.summary,
                    "Write only the conclusions per case: status, missing, disposition and the ids of the red flags,\n"
                    "recommended options and avoided options (no texts, trace or explanations)");
    batch->footer(std::string("Each input line: {\"id\": \"case-1\", \"pain_score\": 8, \"numbness\": \"no\", ...}. Each output\n"
                              "line: the assess --format json object plus \"line\" (and \"id\"), or {\"line\",\"id\",\"status\":\"error\",\"error\"}.\n"
                              "Exit 0 all complete, 3 some incomplete, 2 some lines rejected.\n") +
                  kGlobalOptions);

    CLI::App* export_cmd = app.add_subcommand("export", "Write the rule base in another system's language: FHIR, CLIPS, json-rules-engine");
    export_cmd->require_subcommand(1);
    CLI::App* export_fhir_cmd = export_cmd->add_subcommand(
        "fhir", "The questions as an HL7 FHIR R4 Questionnaire (JSON); answers come back as a QuestionnaireResponse");
    std::string fhir_url;
    export_fhir_cmd->add_option("--url", fhir_url, "The Questionnaire's canonical url (default: urn:backtriage:NAME)")
        ->option_text("URL");
    export_fhir_cmd->footer(std::string(
        "A form filled in from this Questionnaire gives a QuestionnaireResponse, which assess --answers\n"
        "and ask --resume read like any answers file. enableWhen carries the static part of ask_when;\n"
        "the adaptive part (asking only what can still change the result) stays in backtriage.\n"
        "Example:\n"
        "  backtriage export fhir > questionnaire.json\n"
        "  backtriage assess --answers response.json   # the QuestionnaireResponse of a filled-in form\n") +
        kGlobalOptions);
    CLI::App* export_clips_cmd = export_cmd->add_subcommand("clips", "A CLIPS 6.30 program (for benchmarks and differential tests)");
    CLI::App* export_jre_cmd = export_cmd->add_subcommand("jre", "json-rules-engine rules (for benchmarks and differential tests)");
    std::string export_output;
    for (CLI::App* sub : {export_fhir_cmd, export_clips_cmd, export_jre_cmd}) add_output_option(sub, export_output);
    std::string clips_cases;
    export_clips_cmd->add_option("--cases", clips_cases, "Append one (run-case ...) per complete line of this JSON-lines file")
        ->option_text("FILE");

    CLI::App* rules_cmd = app.add_subcommand("rules", "Audit the rule base");
    rules_cmd->require_subcommand(1);
    CLI::App* check = rules_cmd->add_subcommand(
        "check", "Validate and analyse the rule base; print each problem as file:line:col, exit 4 on an error");
    CheckOptions check_opts;
    check->add_flag("--strict", check_opts.strict, "Treat warnings as errors");
    check->add_option("--format", check_opts.format, "Output: text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    CLI::App* verify = rules_cmd->add_subcommand(
        "verify", "Check the invariants over every equivalence class of answers; exit 1 on a counterexample");
    VerifyCommandOptions verify_opts;
    verify->add_option("--format", verify_opts.format, "Output: text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    verify->add_option("--max-examples", verify_opts.max_examples, "Counterexamples shown per invariant")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    CLI::App* graph = rules_cmd->add_subcommand("graph", "The rule graph: questions -> rules -> facts -> results");
    std::string graph_format = "dot";
    graph->add_option("--format", graph_format, "dot (Graphviz) or mermaid")
        ->check(CLI::IsMember({"dot", "mermaid"}))
        ->capture_default_str();
    CLI::App* doc = rules_cmd->add_subcommand(
        "doc", "The rule book: every question, rule, option and invariant with its source, for sign-off");
    DocOptions doc_opts;
    doc->add_option("--format", doc_opts.format, "html (one self-contained page) or markdown")
        ->check(CLI::IsMember({"html", "markdown"}))
        ->capture_default_str();
    add_output_option(doc, doc_opts.output);
    bool no_graph = false;
    doc->add_flag("--no-graph", no_graph, "Leave out the rule graph drawing (it needs Graphviz's dot)");
    doc->footer(std::string("The rule graph is drawn with Graphviz (dot) when it is installed, as an inline SVG; without\n"
                            "it the book carries the graph's DOT text. The book names the rule files and their fingerprint,\n"
                            "so that a sign-off applies to exactly those files.\n"
                            "Examples:\n"
                            "  backtriage rules doc --output rule-book.html\n"
                            "  backtriage rules doc --format markdown > RULEBOOK.md\n") +
                kGlobalOptions);
    CLI::App* show = rules_cmd->add_subcommand("show", "One rule, question, fact, option, disposition or invariant in plain words");
    std::string show_id;
    show->add_option("id", show_id, "The id to show")->required();
    CLI::App* test = rules_cmd->add_subcommand(
        "test", "Run scenario files (answers in, expected results out); exit 1 if any fails");
    std::vector<std::string> test_paths;
    test->add_option("paths", test_paths, "Scenario files, or folders of them (docs/scenarios.md)")
        ->required()
        ->check(CLI::ExistingPath);
    CLI::App* list = rules_cmd->add_subcommand("list", "List ids and titles: questions, dispositions, options, rules");
    for (CLI::App* sub : {rules_cmd, check, test, list, verify, graph, show, export_cmd, export_clips_cmd, export_jre_cmd})
      sub->footer(kGlobalOptions);
    std::string rules_output;  // one command runs at a time: they share the variable
    for (CLI::App* sub : {check, test, list, verify, graph, show}) add_output_option(sub, rules_output);
    app.footer(kExamples);  // after the subcommands, which would otherwise inherit it
    std::string list_kind;
    list->add_option("kind", list_kind, "Only one kind: questions, dispositions, options or rules")
        ->check(CLI::IsMember({"questions", "dispositions", "options", "rules"}));

    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
      out << app.help();
      return 0;
    } catch (const CLI::CallForAllHelp&) {
      out << app.help("", CLI::AppFormatMode::All);
      return 0;
    } catch (const CLI::CallForVersion&) {
      out << app.version() << "\n";
      return 0;
    } catch (const CLI::ParseError& e) {
      err << fmt::format("backtriage: {}{}\nRun 'backtriage --help' for usage.\n", printable_lines(e.what()),
                         printable(suggest_option(app, argc, argv)));
      return static_cast<int>(ExitCode::usage);
    }
    if (!rules.locate_error.empty()) throw Error(rules.locate_error, ExitCode::other);
    if (*check) return with_output(rules_output, out, [&](std::ostream& o) { return cmd_rules_check(rules, check_opts, o, err); });

    // Every other command needs a valid rule base.
    if (!rules.rb) {
      err << rules.diags.format_all()
          << fmt::format("{}: {} error{}; the rule base is not valid\n", printable(rules.path), rules.diags.error_count(),
                         rules.diags.error_count() == 1 ? "" : "s");
      return static_cast<int>(ExitCode::invalid_rules);
    }
    const RuleBase& rb = *rules.rb;
    const auto to = [&](const std::string& path, auto command) { return with_output(path, out, command); };
    if (*test) return to(rules_output, [&](std::ostream& o) { return cmd_rules_test(rb, test_paths, o, err); });
    if (*list) return to(rules_output, [&](std::ostream& o) { return cmd_rules_list(rb, list_kind, o); });
    if (*verify) return to(rules_output, [&](std::ostream& o) { return cmd_rules_verify(rb, verify_opts, o); });
    if (*graph) return to(rules_output, [&](std::ostream& o) { return cmd_rules_graph(rb, graph_format, o); });
    if (*show) return to(rules_output, [&](std::ostream& o) { return cmd_rules_show(rb, show_id, o); });
    if (*doc) {
      doc_opts.graph = !no_graph;
      return to(doc_opts.output, [&](std::ostream& o) { return cmd_rules_doc(rules, doc_opts, o, err); });
    }
    if (*batch) {
      install_signal_handlers();  // Ctrl-C: stop reading, report, leave --output as it was
      Output output(batch_opts.output, out);
      return cmd_batch(rb, batch_opts, output, err);
    }
    if (*export_clips_cmd)
      return to(export_output, [&](std::ostream& o) { return cmd_export_clips(rb, clips_cases, o, err); });
    if (*export_fhir_cmd)
      return to(export_output, [&](std::ostream& o) { return cmd_export_fhir(rb, fhir_url, o, err); });
    if (*export_jre_cmd) return to(export_output, [&](std::ostream& o) { return o << export_jre(rb), 0; });
    if (*assess) {
      assess_opts.color = color_mode(color);
      for (auto& [q, values] : flag_values)
        if (!values.empty()) assess_opts.flags[q] = values;
      return to(assess_opts.output, [&](std::ostream& o) { return cmd_assess(rb, assess_opts, o, err); });
    }
    if (*ask || is_terminal(0)) {
      install_signal_handlers();  // Ctrl-C ends the questionnaire cleanly
      ask_opts.color = color_mode(color);
      return to("", [&](std::ostream& o) { return cmd_ask(rb, ask_opts, o, err); });
    }
    err << "backtriage: standard input is not a terminal. Use 'backtriage assess' to script an\n"
           "assessment, or 'backtriage ask' to answer the questions from standard input.\n"
           "Run 'backtriage --help' for usage.\n";
    return static_cast<int>(ExitCode::usage);
  } catch (const BrokenPipe&) {
    return 141;  // the reader went away: stop quietly, as shell tools do
  } catch (const Error& e) {
    // Messages quote file names, flags and values: escaped, whatever bytes they hold.
    err << fmt::format("backtriage: {}{}\n", e.loc().known() ? e.loc().str() + ": " : "", printable_lines(e.what()));
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    err << fmt::format("backtriage: internal error: {}\n", printable_lines(e.what()));
    return static_cast<int>(ExitCode::other);
  } catch (...) {  // nothing escapes main, whatever a library throws
    err << "backtriage: internal error: an unknown exception\n";
    return static_cast<int>(ExitCode::other);
  }
}

int run(int argc, char** argv) {
  // Standard output through a checked buffer: a full disk or a closed pipe is seen, never ignored.
  FdStreambuf standard_output(1);
  std::ostream out(&standard_output);
  const int code = run(argc, argv, out, std::cerr);
  // Commands check their own output; this catches what is printed outside them (--help).
  const int error_number = stream_error(out);
  if (code != 0 || error_number == 0) return code;
  if (error_number == EPIPE) return 141;
  std::cerr << fmt::format("backtriage: standard output: cannot write: {}\n", std::strerror(error_number));
  return static_cast<int>(ExitCode::other);
}

}  // namespace backtriage::cli
