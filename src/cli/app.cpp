// Argument parsing and dispatch. Two passes: the first finds --rules (by hand), so that the rule
// base can be loaded once and `assess` can offer one flag per question; the second is the real
// parse, with every command registered by its own cmd_*.cpp into the command table (command.hpp).
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
#include "command.hpp"
#include "commands.hpp"
#include "completion.hpp"
#include "option_values.hpp"
#include "exit_code.hpp"
#include "heap_warmup.hpp"
#include "help_formatter.hpp"
#include "lang/cache.hpp"
#include "lang/loader.hpp"
#include "locate_rules.hpp"
#include "output.hpp"
#include "terminal.hpp"
#include "usage_errors.hpp"

namespace backtriage::cli {

namespace {

constexpr const char* kDescription =
    "backtriage asks about a tight or painful lower back and says what to do: self-care, see a\n"
    "doctor, be seen today, or go to the emergency department now, with the reasoning and the\n"
    "source behind every step. It gives general self-care information, not a diagnosis.";

constexpr const char* kExamples =
    "Examples:\n"
    "  backtriage                               the questionnaire (in a terminal)\n"
    "  backtriage assess --answers answers.yaml --pain-score 8 --format json\n"
    "  backtriage assess --answers answers.yaml --explain massage_gun\n"
    "  backtriage batch --input cases.jsonl --output results.jsonl\n"
    "  backtriage rules check                   validate the shipped rule base\n"
    "  backtriage rules test scenarios          run scenario tests\n"
    "  backtriage rules doc --output book.html  the rule book, for sign-off\n"
    "  backtriage export fhir > form.json       the questions as a FHIR form\n"
    "\n"
    "(The files named are in the examples folder: share/doc/backtriage/examples.)\n"
    "\n"
    "Exit codes: 0 ok, 1 other error, 2 bad usage or a rejected answer, 3 incomplete answers,\n"
    "4 invalid rule base, 130 interrupted (Ctrl-C). See 'man backtriage'.";

/// The hidden command the completion scripts call: `backtriage __complete WORDS...`, the last
/// word being the one completed. Handled before parsing, as its words are a command line of their own.
constexpr std::string_view kCompleteCommand = "__complete";

/// Where compiled rule bases are cached: $BACKTRIAGE_CACHE_DIR ("off" disables the cache; a
/// relative path or "/" is refused, with problem saying why), else $XDG_CACHE_HOME/backtriage, else
/// ~/.cache/backtriage; no cache without a home.
std::string cache_dir(std::string& problem) {
  std::string dir;
  if (const char* given = std::getenv("BACKTRIAGE_CACHE_DIR")) {
    const std::string_view value = given;
    if (value == "off") return {};
    if (!value.starts_with('/') || value.find_first_not_of('/') == std::string_view::npos) {
      problem = fmt::format("BACKTRIAGE_CACHE_DIR is '{}': give an absolute path of a folder of its own, or off",
                            printable(value));
      return {};
    }
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

/// The command named on the command line: the first word that is not a global option or its
/// value; empty when there is none, "--" when the options end before one.
std::string_view command_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--rules" || arg == "--color") {
      ++i;  // the option's value, whatever it looks like
      continue;
    }
    if (arg == "--") return arg;
    if (arg.starts_with("-")) continue;
    return arg;
  }
  return {};
}

/// The global --rules (`--rules DIR` or `--rules=DIR`, before or after the command word), found
/// the way command_word() reads the line: a CLI11 parser built for this one option took a
/// fourteenth of a whole-process assess. A repeated or missing value is the real parse's to
/// report; until then the first is used.
struct RulesWord {
  bool given = false;
  std::string_view dir;
};
RulesWord rules_word(int argc, char** argv) {
  constexpr std::string_view kJoined = "--rules=";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg.starts_with(kJoined)) return {true, arg.substr(kJoined.size())};
    if (arg == "--rules") return i + 1 < argc ? RulesWord{true, argv[i + 1]} : RulesWord{};
    if (arg == "--color") ++i;  // its value, whatever it looks like
  }
  return {};
}

/// Whether the command may read the compiled-rule cache: only those that give advice (ask,
/// assess, batch, and the questionnaire without a command). The audits and exports always read
/// the YAML, so that what they check, document and sign off is what is on disk. Completion reads
/// the YAML too: it offers invariant ids, which a cache file leaves out. Anything unclear reads
/// the YAML.
bool command_may_use_cache(std::string_view command) {
  return command.empty() || command == "ask" || command == "assess" || command == "batch";
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
    std::string problem;
    cache.dir = cache_dir(problem);
    if (!problem.empty()) err << "backtriage: cache not used: " << problem << "\n";
    if (!cache.dir.empty()) cache.build_id = running_build_id().value_or("");
  }
  // Through the cache, the rule files' size comes with their stamps (no second walk of the folder).
  if (cache.dir.empty() || cache.build_id.empty())
    warm_heap(expected_heap_bytes(out.path));
  else
    cache.before_load = [](size_t rule_bytes) { warm_heap(heap_bytes_for_rules(rule_bytes)); };
  CacheReport report;
  out.rb = load_rule_base_cached(out.path, out.diags, cache, report);
  if (!report.problem.empty()) err << "backtriage: cache not used: " << printable(report.problem) << "\n";
  return out;
}

/// The parser with every command defined, and where the global options land.
struct CommandLine {
  CLI::App app{kDescription, "backtriage"};
  CommandTable table;
  std::string rules_dir;
  std::string color = "auto";
};

/// The commands, in the order --help lists them.
struct NamedCommand {
  std::string_view name;
  Register add;
};
constexpr NamedCommand kCommands[] = {{"ask", register_ask},         {"assess", register_assess},
                                      {"batch", register_batch},     {"next-question", register_next_question},
                                      {"export", register_export},   {"rules", register_rules},
                                      {"completion", register_completion}};

/// The one command to define, when the command line names one and asks for no help or version
/// (which list every command): defining the others, the audits' many options among them, took a
/// twentieth of a whole-process assess. Empty: all of them.
std::string_view only_command(int argc, char** argv, std::string_view command) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "--version") return {};
  }
  for (const NamedCommand& c : kCommands)
    if (c.name == command) return command;
  return {};
}

/// "'--rules' was taken as the value of --explain, ..." when a --rules (before any "--") comes
/// right after another option, which CLI11 then gives it as its value; empty otherwise.
std::string rules_taken_as_value(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if ((arg == "--rules" || arg.starts_with("--rules=")) && i > 1 && std::string_view(argv[i - 1]).starts_with("-"))
      return fmt::format("'{}' was taken as the value of {}, which needs a value of its own", printable(arg),
                         printable(argv[i - 1]));
    if (arg == "--rules" || arg == "--color") ++i;
  }
  return {};
}

/// Why the real parse read another --rules than the first pass (rules_word): one taken as the
/// value of the option before it, or one after "--".
std::string rules_mismatch(int argc, char** argv, const std::string& parsed) {
  if (std::string taken = rules_taken_as_value(argc, argv); !taken.empty()) return taken;
  return fmt::format("--rules '{}' comes after '--', which ends the options: give it before '--'", printable(parsed));
}

/// Whether every option before the command word is a global one (--rules, --color, with their
/// values): anything else there is an error only a parse with every option defined reports.
bool only_global_options_before_command(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--rules" || arg == "--color") {
      ++i;
      continue;
    }
    if (arg.starts_with("--rules=") || arg.starts_with("--color=")) continue;
    return !arg.starts_with("-");
  }
  return true;
}

/// Whether the command line holds "--" (after which every word is an argument) or "++" (which
/// ends a command's words in CLI11): left to CLI11.
bool has_end_of_options(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (const std::string_view arg = argv[i]; arg == "--" || arg == "++") return true;
  return false;
}

void define_commands(CommandLine& cl, const LoadedRules& rules, std::string_view only) {
  CLI::App& app = cl.app;
  // Before the commands are added: each takes its parent's formatter when created.
  app.formatter(std::make_shared<HelpFormatter>(screen_width(1)));
  app.set_version_flag("--version", std::string("backtriage ") + BACKTRIAGE_VERSION);
  app.require_subcommand(0, 1);
  app.fallthrough();
  // Without a valid rule base there are no per-question flags; let unknown arguments through
  // so that the real problem (exit 4, with the rule files' errors) is what gets reported.
  // Assess's per-question flags read by hand come to the root too (see CommandTable::extras_taken).
  if (!rules.rb || rules.question_flags == LoadedRules::QuestionFlags::by_hand) app.allow_extras();
  app.add_option("--rules", cl.rules_dir, "Rule base: a folder of YAML files (default: the shipped one)")
      ->option_text("DIR");
  one_of(app.add_option("--color", cl.color,
                        "Colour and emphasis: auto (the default: on a terminal, unless NO_COLOR is set), always, never"),
         {"auto", "always", "never"});
  for (const NamedCommand& c : kCommands)
    if (only.empty() || c.name == only) c.add(app, rules, cl.table);
  app.footer(kExamples);  // after the subcommands, which would otherwise inherit it
}

ColorMode color_mode(const std::string& s) {
  if (s == "always") return ColorMode::always;
  if (s == "never") return ColorMode::never;
  return ColorMode::automatic;
}

}  // namespace

void add_output_option(CLI::App* command, std::string& path) {
  command
      ->add_option("--output", path,
                   "Write to FILE instead of standard output ('-'): a regular file is replaced whole or not at\n"
                   "all, keeping its permissions; a device or FIFO is written to as it is")
      ->option_text("FILE");
}

int with_output(const std::string& path, std::ostream& out, const std::function<int(std::ostream&)>& command) {
  Output output(path, out);
  const int code = command(output.stream());
  if (code == static_cast<int>(ExitCode::interrupted)) return code;  // the destructor discards a replacement
  output.commit();
  return code;
}

const Command* CommandTable::chosen() const {
  // The deepest parsed command wins: `rules check` over `rules`.
  const Command* found = nullptr;
  for (const Command& c : commands_)
    if (c.app->parsed()) found = &c;
  return found;
}

bool CommandTable::extras_taken(std::span<char* const> line) const {
  // The root's are there whenever it allows extras: the commands pass what they do not know up
  // to it (fallthrough, for the global options), so that is where assess's flags end up.
  for (const auto& [app, take] : extras_)
    if ((app->get_parent() == nullptr || app->parsed()) && !take(app->remaining(), line)) return false;
  // Anything else left over (the root's, another command's) has no reader.
  for (const Command& c : commands_)
    if (c.app->parsed() && !c.app->remaining().empty() &&
        std::none_of(extras_.begin(), extras_.end(), [&](const auto& e) { return e.first == c.app; }))
      return false;
  return true;
}

const Command* CommandTable::default_command() const {
  for (const Command& c : commands_)
    if (c.is_default) return &c;
  return nullptr;
}

std::string flag_name(std::string_view question_id) {
  std::string name = "--";
  name += question_id;
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

int run(int argc, char** argv, std::ostream& out, std::ostream& err) {
  guard_standard_streams();  // before any file is opened
  ignore_broken_pipe_signal();  // a closed pipe is a failed write we report, not a silent death
  try {
    // Pass 1: only --rules, ignoring everything else (and no --help handling).
    const RulesWord rules_given = rules_word(argc, argv);
    // An empty value (an unset variable in a script) would quietly mean the shipped rule base.
    const bool completing = argc > 1 && std::string_view(argv[1]) == kCompleteCommand;
    if (rules_given.given && rules_given.dir.empty() && !completing) {
      err << "backtriage: --rules needs a value: DIR (an empty path names no rule base)\n"
             "Run 'backtriage --help' for usage.\n";
      return static_cast<int>(ExitCode::usage);
    }
    const std::string rules_flag(rules_given.dir);
    const std::string_view command_name = command_word(argc, argv);
    // Kept for the whole process and never destroyed: freeing the rule base and the parser, just
    // before the process ends anyway, took a tenth of a whole-process assess. Reachable from a
    // static, so the leak checker does not count them.
    static auto* const kept = new std::vector<std::shared_ptr<const void>>();
    auto loaded = std::make_shared<LoadedRules>(load_rules(rules_flag, command_may_use_cache(command_name), err));
    const std::string_view only = completing ? std::string_view() : only_command(argc, argv, command_name);
    using QuestionFlags = LoadedRules::QuestionFlags;
    // BACKTRIAGE_TEST_QUESTION_OPTIONS=1 always defines them (tests/cli/question_flags.sh checks
    // that both ways give the same bytes and exit codes).
    const char* const options_forced = std::getenv("BACKTRIAGE_TEST_QUESTION_OPTIONS");
    const bool plain_assess = command_name == "assess" && !only.empty() && loaded->rb &&
                              only_global_options_before_command(argc, argv) && !has_end_of_options(argc, argv) &&
                              !(options_forced && std::string_view(options_forced) == "1");
    loaded->question_flags = plain_assess                                       ? QuestionFlags::by_hand
                             : completing || command_name == "assess" ? QuestionFlags::options
                                                                      : QuestionFlags::none;
    const LoadedRules& rules = *loaded;
    kept->push_back(loaded);

    // Pass 2: the real command line. Assess's per-question flags are first read by hand; any
    // word that is not plainly one of them, and any error, parses the line again with every
    // flag defined, so that help, messages and exit codes are CLI11's as before.
    auto command_line = std::make_shared<CommandLine>();
    kept->push_back(command_line);
    define_commands(*command_line, rules, only);
    if (rules.question_flags == QuestionFlags::by_hand) {
      bool taken = false;
      try {
        command_line->app.parse(argc, argv);
        taken = command_line->table.extras_taken(std::span<char* const>(argv + 1, static_cast<size_t>(argc - 1)));
      } catch (const CLI::Error&) {
      }
      if (!taken) {
        loaded->question_flags = QuestionFlags::options;
        command_line = std::make_shared<CommandLine>();
        kept->push_back(command_line);
        define_commands(*command_line, rules, only);
      }
    }
    CommandLine& cl = *command_line;
    CLI::App& app = cl.app;
    const CommandTable& table = cl.table;
    if (completing) {
      const std::vector<std::string> words(argv + 2, argv + argc);
      print_completion(complete(app, table, rules.rb ? &*rules.rb : nullptr, words), out);
      return 0;
    }

    try {
      if (rules.question_flags != QuestionFlags::by_hand) app.parse(argc, argv);
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
      const std::vector<std::string> words(argv + 1, argv + argc);
      // The word after a --rules taken as another option's value is left over: the cause is the
      // option before it.
      std::string message = dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr && cl.rules_dir != rules_flag
                                ? rules_taken_as_value(argc, argv)
                                : "";
      if (message.empty()) message = usage_error_message(app, e, words);
      err << fmt::format("backtriage: {}\nRun 'backtriage --help' for usage.\n", printable_lines(message));
      return static_cast<int>(ExitCode::usage);
    }
    // CLI11 still reads a --rules that comes after "--" when the command takes no arguments, and
    // an option that lacks its value takes a --rules after it as one; the rules loaded are the
    // ones the first pass found, so checking or assessing with them would be a lie.
    if (cl.rules_dir != rules_flag) {
      err << "backtriage: " << rules_mismatch(argc, argv, cl.rules_dir) << "\nRun 'backtriage --help' for usage.\n";
      return static_cast<int>(ExitCode::usage);
    }
    if (!rules.locate_error.empty()) throw Error(rules.locate_error, ErrorKind::failure);
    const Command* command = table.chosen();
    // Every command but the audit of the rule files themselves needs a valid rule base; without
    // one, its errors are the problem to report (exit 4), whatever else the command line holds.
    if ((!command || command->needs_valid_rules) && !rules.rb) {
      err << rules.diags.format_all()
          << fmt::format("{}: {} error{}; the rule base is not valid\n", printable(rules.path), rules.diags.error_count(),
                         rules.diags.error_count() == 1 ? "" : "s");
      return static_cast<int>(ExitCode::invalid_rules);
    }
    if (!command && is_terminal(0)) command = table.default_command();
    if (!command) {
      err << "backtriage: standard input is not a terminal. Use 'backtriage assess' to script an\n"
             "assessment, or 'backtriage ask' to answer the questions from standard input.\n"
             "Run 'backtriage --help' for usage.\n";
      return static_cast<int>(ExitCode::usage);
    }
    return command->run(Context{rules, out, err, color_mode(cl.color)});
  } catch (const BrokenPipe&) {
    return 141;  // the reader went away: stop quietly, as shell tools do
  } catch (const Error& e) {
    // Messages quote file names, flags and values: escaped, whatever bytes they hold.
    err << fmt::format("backtriage: {}{}\n", e.loc().known() ? e.loc().str() + ": " : "", printable_lines(e.what()));
    return static_cast<int>(exit_code(e.kind()));
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
