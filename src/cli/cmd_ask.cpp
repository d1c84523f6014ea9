// `backtriage ask`: the questionnaire, one question at a time, with ?/help, back and quit.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include <fstream>
#include <optional>
#include <ostream>
#include <memory>
#include <span>
#include <vector>

#include <fmt/format.h>

#include "base/diagnostics.hpp"
#include "base/text.hpp"
#include "command.hpp"
#include "commands.hpp"
#include "option_values.hpp"
#include "eval/session.hpp"
#include "exit_code.hpp"
#include "interop/answer_files.hpp"
#include "io/answers.hpp"
#include "line_editor.hpp"
#include "model/checklist_answer.hpp"
#include "output.hpp"
#include "report/report.hpp"
#include "result_document.hpp"
#include "terminal.hpp"

namespace backtriage::cli {

namespace {

constexpr int kMaxUnusableInARow = 10;  // then stop: a script is feeding nonsense
constexpr size_t kMaxAnswerLine = 1024;  // no answer is longer; a longer line is refused unread

std::string answer_hint(const RuleBase& rb, FactId q) {
  const Fact& f = rb.facts[static_cast<size_t>(q)];
  switch (f.type) {
    case ValueType::yes_no: return f.accepts_unsure ? "[y/n/not sure]" : "[y/n]";
    case ValueType::integer:
      return f.in_days ? std::string("[days, or: today, yesterday, 2 weeks, 3 months...]") : fmt::format("[{}-{}]", f.min, f.max);
    case ValueType::choice: return fmt::format("[{}]", fmt::join(f.choices, "/"));
  }
  return {};
}

/// A checklist as one prompt: the lead, the numbered items, and what to type.
std::string checklist_prompt(const RuleBase& rb, const Prompt& p, const Style& st) {
  const Checklist& list = rb.checklists[static_cast<size_t>(p.checklist)];
  std::string out = st.wrap(list.lead, 0) + "\n";
  bool any_unsure = false;
  for (size_t i = 0; i < p.questions.size(); ++i) {
    const Fact& f = rb.facts[static_cast<size_t>(p.questions[i])];
    any_unsure = any_unsure || f.accepts_unsure;
    out += fmt::format("{:>3}. {}\n", i + 1, st.wrap(f.list_text, 5));
  }
  out += st.wrap(st.bold(any_unsure ? "[the numbers that apply, e.g. 1 3, or none; 2? = not sure about 2]"
                                    : "[the numbers that apply, e.g. 1 3, or none]"),
                 0) +
         "\n";
  return out;
}

/// The answers to a checklist said back, when any item was given: "Taken as yes: 1, 3; ...".
std::string taken_as_text(std::span<const std::pair<FactId, Value>> answers) {
  std::vector<size_t> yes, unsure;
  for (size_t i = 0; i < answers.size(); ++i) {
    if (answers[i].second == kYes) yes.push_back(i + 1);
    if (answers[i].second == kUnsure) unsure.push_back(i + 1);
  }
  if (yes.empty() && unsure.empty()) return {};
  std::string text = "(Taken as";
  if (!yes.empty()) text += fmt::format(" yes: {}", fmt::join(yes, ", "));
  if (!unsure.empty()) text += fmt::format("{} not sure: {}", yes.empty() ? "" : ";", fmt::join(unsure, ", "));
  if (yes.size() + unsure.size() < answers.size()) text += "; no to the others";
  return text + ".)";
}

/// What back took back: the question, or the checklist answered in one step.
std::string taken_back_text(const RuleBase& rb, std::span<const std::pair<FactId, Value>> step) {
  const FactId first = step.front().first;
  if (step.size() > 1) {
    const std::int32_t list = rb.checklist_of[static_cast<size_t>(first)];
    return "Took back your answers to the list: " + rb.checklists[static_cast<size_t>(list)].lead;
  }
  return "Took back your answer to: " + rb.facts[static_cast<size_t>(first)].text;
}

enum class Outcome { finished, quit, eof, interrupted, unusable, read_error };

/// Reads one line after prompt; maps the reader's states to outcomes.
Outcome read_line(PromptReader& in, std::string& line, const std::string& prompt, std::ostream& out) {
  for (;;) {
    switch (in.read(line, prompt)) {
      case LineReader::Status::line: return Outcome::finished;
      case LineReader::Status::eof: return Outcome::eof;
      case LineReader::Status::interrupted: return Outcome::interrupted;
      case LineReader::Status::error: return Outcome::read_error;
      case LineReader::Status::too_long: out << "That line is too long; please type a short answer.\n";
    }
  }
}

int end_early(Outcome why, std::ostream& out, std::ostream& err, int read_errno = 0) {
  out << "\n" << std::flush;
  switch (why) {
    case Outcome::interrupted:
      err << "backtriage: interrupted; no result was given for a partial set of answers\n";
      return 130;
    case Outcome::eof:
      err << "backtriage: input ended before the questions were finished; no result was given\n";
      return static_cast<int>(ExitCode::incomplete);
    case Outcome::quit:
      err << "backtriage: stopped; no result was given for a partial set of answers\n";
      return static_cast<int>(ExitCode::incomplete);
    case Outcome::read_error:
      err << fmt::format("backtriage: standard input: cannot read: {}; no result was given for the answers before it\n",
                         std::strerror(read_errno));
      return static_cast<int>(ExitCode::other);
    case Outcome::unusable:
      err << fmt::format("backtriage: {} unusable answers in a row; stopping\n", kMaxUnusableInARow);
      return static_cast<int>(ExitCode::usage);
    case Outcome::finished: break;
  }
  return 0;
}

/// What the explain prompt offers, in terms of this report: plan numbers, and ids of things that
/// were not recommended (the first avoided option, the level above the one reached).
std::string explain_intro(const RuleBase& rb, const Assessment& shown) {
  std::vector<std::string> examples;
  if (!shown.avoid.empty()) examples.push_back(rb.options[static_cast<size_t>(shown.avoid.front().option)].id);
  if (shown.disposition != kNoLevel && shown.disposition < rb.top_level())
    examples.push_back(rb.dispositions[static_cast<size_t>(shown.disposition + 1)].id);
  std::string text;
  if (!shown.plan.empty())
    text += fmt::format("Type a plan number (1 to {}) to see how to do it and why it is recommended. ", shown.plan.size());
  text += "Type the id of an option, a level or a rule to see why it was or was not reached";
  if (!examples.empty()) text += fmt::format(" (for example {})", fmt::join(examples, " or "));
  return text + ". Press Enter to finish.";
}

void explain_loop(const Evaluator& ev, const Assessment& shown, PromptReader& in, const Style& st, std::ostream& out) {
  const RuleBase& rb = ev.rule_base();
  const std::string intro = explain_intro(rb, shown);
  out << "\n" << st.wrap(intro, 0) << "\n";
  for (;;) {
    std::string line;
    if (read_line(in, line, "explain> ", out) != Outcome::finished) {
      out << "\n";
      return;
    }
    std::string id = to_lower(trim(line));
    if (id.empty() || id == "quit" || id == "q" || id == "exit") return;
    if (id == "?" || id == "help") {
      out << st.wrap(intro, 0) << "\n";
      continue;
    }
    if (!id.empty() && std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      const size_t n = id.size() > 6 ? 0 : std::stoul(id);
      if (n == 0 || n > shown.plan.size()) {
        out << (shown.plan.empty() ? std::string("There is no plan to choose from.\n")
                                   : fmt::format("The plan has items 1 to {}.\n", shown.plan.size()));
        continue;
      }
      id = rb.options[static_cast<size_t>(shown.plan[n - 1])].id;
    }
    if (explain_target(rb, id) == ExplainTarget::unknown) {
      out << st.wrap(fmt::format("No plan item, option, level or rule is called '{}'{}. Type ? for what to type.",
                                 printable(id), did_you_mean(id, explainable_ids(rb))),
                     0)
          << "\n";
      continue;
    }
    out << render_explanation(rb, build_explanation(ev, shown, id), st);
  }
}

/// Where the answers are recorded: a new file of ours, or the person's own file (--resume FILE),
/// kept as they wrote it.
struct Recorder {
  std::string path;
  std::optional<std::string> original;  // the resumed file's text, when recording into it
  std::optional<std::string> written;   // what the file holds now, as far as we know
};

/// Rewrites the record file with the answers so far; a failure is reported once per answer and
/// the questionnaire goes on (the answers are still on the screen).
void record(const Session& session, Recorder& to, std::ostream& out, std::ostream& err) {
  if (to.path.empty()) return;
  const RuleBase& rb = session.evaluator().rule_base();
  std::optional<std::string> text;
  if (to.original) {
    text = update_answers_text(rb, to.path, *to.original, session.answers());
    if (!text) {
      err << fmt::format("backtriage: {}: this answer could not be written into the file safely; it was not "
                         "recorded (use --record OTHER_FILE)\n",
                         printable(to.path));
      return;
    }
  } else {
    text = render_answers_file(rb, session.answers());
  }
  if (text == to.written) return;  // e.g. "back" over an answer taken from the file: it stays there
  try {
    Output file(to.path, out, FileAccess::private_to_user);
    file.write(*text);
    file.commit();
    to.written = std::move(text);
  } catch (const Error& e) {
    err << fmt::format("backtriage: {}\n", e.what());
  }
}

/// Another valid answer to q than v: to try an edit of every answer without knowing the new ones.
Value other_value(const RuleBase& rb, FactId q, Value v) {
  const Fact& f = rb.facts[static_cast<size_t>(q)];
  return v == f.min ? std::min(f.min + 1, f.max) : f.min;
}

/// Whether answers can be recorded into the resumed file's text: every answer in it changed, and
/// one more added, must come out right. A layout that cannot be edited safely is refused before
/// the first question, not discovered at an answer that would then be lost.
bool can_record_into(const RuleBase& rb, const std::string& path, const std::string& text,
                     const std::vector<Value>& given) {
  std::vector<std::pair<FactId, Value>> probe;
  std::optional<FactId> absent;
  for (FactId q : rb.question_order) {
    const Value v = given[static_cast<size_t>(q)];
    if (v != kUnknown)
      probe.emplace_back(q, other_value(rb, q, v));
    else if (!absent)
      absent = q;
  }
  if (absent) probe.emplace_back(*absent, rb.facts[static_cast<size_t>(*absent)].min);
  return update_answers_text(rb, path, text, probe).has_value();
}

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {}, sb {};
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return a == b;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/// Recording into the file being resumed: a plain answers file is kept as its owner wrote it (its
/// text is the starting point; nothing on disk changes before a new answer), a layout that could
/// not be edited safely is refused now, and a FHIR response is never overwritten unless --force.
void plan_recording(const RuleBase& rb, const AskOptions& opts, AnswersFormat format, const std::vector<Value>& given,
                    Recorder& recorder) {
  if (recorder.path.empty() || !same_file(recorder.path, opts.resume)) return;
  const std::string name = printable(opts.resume);
  if (format == AnswersFormat::fhir_response) {
    if (!opts.record.empty() && !opts.force)
      throw Error(fmt::format("--record {0}: {0} is the FHIR QuestionnaireResponse being resumed, which backtriage "
                              "does not write into; record into another file (or add --force to replace it with "
                              "a plain answers file)",
                              name),
                  ErrorKind::bad_input);
    return;
  }
  Diagnostics ignored;
  recorder.original = read_answers_text(opts.resume, ignored);
  if (!recorder.original || !can_record_into(rb, opts.resume, *recorder.original, given))
    throw Error(fmt::format("{}: backtriage cannot record into this file without risking what else it holds (its "
                            "layout is unusual); resume with --record OTHER_FILE to keep the new answers there",
                            name),
                ErrorKind::bad_input);
  recorder.written = recorder.original;
}

/// --record onto a file that already holds something would lose it: refuse unless --force.
void refuse_to_overwrite(const AskOptions& opts) {
  if (opts.record.empty() || opts.force || (!opts.resume.empty() && same_file(opts.record, opts.resume))) return;
  struct stat st {};
  if (::stat(opts.record.c_str(), &st) != 0 || (S_ISREG(st.st_mode) && st.st_size == 0)) return;
  const std::string name = printable(opts.record);
  if (!S_ISREG(st.st_mode)) throw Error(fmt::format("--record {}: not a regular file", name), ErrorKind::bad_input);
  throw Error(fmt::format("--record {0}: the file already holds answers. Go on from them with --resume {0}, or "
                          "start again over them with --record {0} --force",
                          name),
              ErrorKind::bad_input);
}

/// A record file that cannot be written at all (a missing folder, no permission) is refused
/// before the first question, not found out after each answer. A device or FIFO is written as a
/// stream and not opened early.
void check_recordable(const std::string& path, std::ostream& screen) {
  if (path.empty()) return;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return;
  // Throws when it cannot be written; uncommitted, it leaves the file as it was.
  const Output probe(path, screen, FileAccess::private_to_user);
}

/// Takes every answer of a --resume file, in question order, whatever is missing before it: an
/// answer the file gives is never asked again, so nothing typed can replace it unnoticed (a
/// file's "yes" to a red flag after a gap would otherwise be asked and overwritten). Returns how
/// many were taken.
size_t resume(Session& session, const std::vector<Value>& given, const Style& st, std::ostream& out) {
  const RuleBase& rb = session.evaluator().rule_base();
  size_t taken = 0;
  for (const FactId q : rb.question_order) {
    const Value v = given[static_cast<size_t>(q)];
    if (v == kUnknown) continue;
    out << st.wrap(st.dim(fmt::format("Answer {}:", taken + 1)) + " " + rb.facts[static_cast<size_t>(q)].text + " " +
                       st.bold(rb.value_text(q, v)),
                   2)
        << "\n";
    session.answer(q, v);
    ++taken;
  }
  return taken;
}

}  // namespace

int cmd_ask(const RuleBase& rb, const AskOptions& opts, const AskStreams& io, std::ostream& err) {
  std::ostream& out = io.screen;
  const Style& st = io.style;
  // Whatever refuses the files is said before the welcome, which would promise questions.
  for (const std::string* path : {&opts.record, &opts.resume})
    if (*path == "-")
      throw Error("--record and --resume take a file: standard input is where the answers are typed", ErrorKind::bad_input);
  refuse_to_overwrite(opts);
  Recorder recorder{opts.record.empty() ? opts.resume : opts.record, std::nullopt, std::nullopt};
  std::optional<std::vector<Value>> given;
  AnswersFormat format = AnswersFormat::map;
  if (!opts.resume.empty()) {
    Diagnostics diags;
    given = read_answers_file(opts.resume, rb, diags, &format);
    if (!given) {
      diags.sort();
      err << diags.format_all();
      throw Error(fmt::format("{}: the answers file cannot be resumed from", printable(opts.resume)),
                  ErrorKind::bad_input);
    }
    plan_recording(rb, opts, format, *given, recorder);
  }
  // A health system's response stays as it was: recording would turn it into a plain answers map.
  const bool response_left_as_is = given && format == AnswersFormat::fhir_response && opts.record.empty();
  if (response_left_as_is) recorder.path.clear();
  check_recordable(recorder.path, out);

  out << st.wrap(st.bold("backtriage") + ": questions about a tight or painful lower back.", 0) << "\n"
      << st.wrap(kDisclaimer, 0) << "\n"
      << st.wrap("At any question: ? for help and why it is asked, back to change your last answer, quit to stop.", 0)
      << "\n";
  // A person who cannot tell and answers no to get on would be told self-care is fine.
  const bool any_unsure = std::any_of(rb.facts.begin(), rb.facts.begin() + rb.question_count,
                                      [](const Fact& f) { return f.accepts_unsure; });
  if (any_unsure) out << st.wrap("If you cannot tell, answer not sure where it is offered; do not guess no.", 0) << "\n";
  Session session(rb);
  // The answers taken from a --resume file come first in the session; "back" stops at them, so
  // that walking back can never reopen (and a typed answer then replace) what the file says.
  size_t from_file = 0;
  if (given) {
    out << "\n" << fmt::format("Answers taken from {}:", printable(opts.resume)) << "\n";
    from_file = resume(session, *given, st, out);
    if (from_file == 0) out << st.dim("(None: the file holds no answers yet.)") << "\n";
    if (response_left_as_is)
      out << st.dim(st.wrap(fmt::format("(Not recording: {} is a FHIR QuestionnaireResponse, which backtriage leaves "
                                     "as it is. Use --record FILE to keep the answers.)",
                                     printable(opts.resume)),
                         0))
          << "\n";
  }
  PromptReader& in = io.input;
  const bool echoed_by_terminal = in.echoes();
  int unusable = 0;
  const bool lists = !opts.one_at_a_time;
  while (const auto prompt = session.next_prompt(lists)) {
    const bool is_list = prompt->checklist >= 0;
    const FactId q = prompt->questions.front();
    const Fact& f = rb.facts[static_cast<size_t>(q)];
    out << "\n"
        << st.bold(fmt::format("Question {}", session.steps() + 1))
        << st.dim(fmt::format(" (at most {} to go)", session.prompts_left_at_most(lists))) << "\n";
    if (is_list)
      out << checklist_prompt(rb, *prompt, st);
    else
      out << st.wrap(f.text + " " + st.bold(answer_hint(rb, q)), 0) << "\n";
    out << std::flush;
    std::string line;
    if (const Outcome o = read_line(in, line, "> ", out); o != Outcome::finished)
      return end_early(o, out, err, in.error_number());
    // A terminal echoes what was typed; from a pipe, show it so the transcript reads right.
    if (!echoed_by_terminal) out << printable(line) << "\n";
    const std::string word = to_lower(trim(line));
    if (word == "?" || word == "help" || word == "why") {
      out << (is_list ? render_why_checklist(session.evaluator(), prompt->questions, st)
                      : render_why_question(session.evaluator(), q, st));
      continue;
    }
    if (is_list && word.size() > 1 && word.front() == '?') {  // ?N: one item's reasons
      const std::string n = std::string(trim(std::string_view(word).substr(1)));
      const size_t item = n.size() <= 3 && !n.empty() && std::all_of(n.begin(), n.end(), [](char c) {
        return c >= '0' && c <= '9';
      }) ? std::stoul(n) : 0;
      if (item == 0 || item > prompt->questions.size()) {
        out << fmt::format("The items are numbered 1 to {}: type ?1 to ?{}.\n", prompt->questions.size(),
                           prompt->questions.size());
        continue;
      }
      const FactId member = prompt->questions[item - 1];
      out << st.wrap(fmt::format("{}. {}", item, st.bold(rb.facts[static_cast<size_t>(member)].list_text)), 3) << "\n"
          << render_why_question(session.evaluator(), member, st, item);
      continue;
    }
    if (word == "back") {
      if (session.answers().empty()) {
        out << "There is no earlier answer to take back.\n";
      } else if (session.answers().size() <= from_file) {
        out << st.wrap(fmt::format("The answers before this question came from {}; back does not change them. To "
                                   "change one, edit the file (or answer afresh with --record OTHER_FILE).",
                                   printable(opts.resume)),
                       0)
            << "\n";
      } else {
        const std::string what = taken_back_text(rb, session.last_step());
        session.back();
        record(session, recorder, out, err);
        out << st.wrap(what, 2) << "\n";
      }
      continue;
    }
    if (word == "quit" || word == "q" || word == "exit") return end_early(Outcome::quit, out, err);
    if (is_list) {
      const ParsedChecklist answers = parse_checklist_answer(rb, prompt->questions, line);
      if (!answers.ok) {
        if (++unusable >= kMaxUnusableInARow) return end_early(Outcome::unusable, out, err);
        out << st.wrap(st.yellow(answers.error) + " Type ? for help.", 0) << "\n";
        continue;
      }
      unusable = 0;
      // Said back, so that a slip (a wrong number) is seen while back can still take it back.
      if (const std::string taken = taken_as_text(answers.answers); !taken.empty())
        out << st.dim(st.wrap(taken, 0)) << "\n";
      session.answer_all(answers.answers);
      record(session, recorder, out, err);
      continue;
    }
    const ParsedValue v = parse_value(rb, q, line);
    if (!v.ok) {
      if (++unusable >= kMaxUnusableInARow) return end_early(Outcome::unusable, out, err);
      if (f.type == ValueType::yes_no && v.error.find("has no 'unsure' answer") != std::string::npos)
        out << st.wrap(st.yellow("This question has no \"not sure\" answer: answer yes or no as best you can.") +
                           " Type ? for why it is asked.",
                       0)
            << "\n";
      else if (f.type == ValueType::yes_no && f.accepts_unsure)
        out << st.wrap(st.yellow("Please answer yes, no or not sure.") + " Type ? for help.", 0) << "\n";
      else
        out << st.wrap(st.yellow("Please answer " + rb.accepted_text(q) + ".") + " Type ? for help.", 0) << "\n";
      continue;
    }
    unusable = 0;
    // A time said in words is said back in days, the unit the rules compare.
    if (f.in_days && !std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }))
      out << st.dim(fmt::format("(taken as {} day{})", v.value, v.value == 1 ? "" : "s")) << "\n";
    session.answer(q, v.value);
    record(session, recorder, out, err);
  }
  const Assessment result = build_assessment(session.evaluator());
  const bool ends_with_instruction = instruction_ends_report(rb, result.disposition);
  if (io.document && io.document_on_screen) {  // --format json or markdown, on a terminal
    out << "\n" << std::flush;
    io.document->write(result_document(session.evaluator(), result, {opts.format, "", opts.verbose, {}}, Style{false, st.width}));
    io.document->commit();
    return 0;
  }
  ReportOptions view{opts.verbose, {}};
  if (!opts.verbose && !ends_with_instruction)
    view.details_hint = "Type an item's number at explain> below for how to do it and why.";
  out << "\n" << render_text(rb, result, st, view) << std::flush;
  if (io.document) {  // the result kept where it was asked for, before any explain> question
    const Style plain{false, io.document->is_standard_output() ? screen_width(1) : 80};
    io.document->write(result_document(session.evaluator(), result, {opts.format, "", opts.verbose, {}}, plain));
    io.document->commit();
    if (!io.document->is_standard_output() && !ends_with_instruction)
      out << st.dim(st.wrap(fmt::format("(The result is in {}.)", io.document->name()), 0)) << "\n";
  }
  // An emergency or urgent instruction is the last thing on the screen: no prompt after it.
  if (!ends_with_instruction) explain_loop(session.evaluator(), result, in, st, out);
  if (interrupted()) out << "\n";
  return 0;
}

void register_ask(CLI::App& app, const LoadedRules&, CommandTable& table) {
  CLI::App* ask = app.add_subcommand("ask", "The questionnaire: one question at a time (the default in a terminal)");
  auto opts = std::make_shared<AskOptions>();
  ask->add_option("--record", opts->record,
                  "After every answer, write the answers so far to FILE (whole, never half-written; private to\n"
                  "you when new; a file that already holds answers is refused without --force)")
      ->option_text("FILE");
  ask->add_option("--resume", opts->resume,
                  "Take the answers in FILE (from --record, any answers file, or a FHIR QuestionnaireResponse)\n"
                  "and go on from there. Nothing on disk changes before a new answer; then new answers go into\n"
                  "the same FILE, kept as written (comments, layout, unused answers; JSON stays JSON), unless\n"
                  "--record names another (a QuestionnaireResponse is never written to)")
      ->option_text("FILE");
  ask->add_flag("-v,--verbose", opts->verbose,
                "The result also with how to do each plan item, the red flags ruled out, ids, and the answers\n"
                "behind each step of the reasoning");
  ask->add_flag("--force", opts->force, "Let --record start again over a file that already holds answers (otherwise refused)");
  ask->add_option("--output", opts->output,
                  "Also write the result to FILE (whole or not at all, only once there is a result); the\n"
                  "questions and the report stay on the screen")
      ->option_text("FILE");
  ask->add_flag("--one-at-a-time", opts->one_at_a_time,
                "Ask every question on its own, also those otherwise listed together (\"Do you have any of\n"
                "these?\"): more prompts, each short, for a screen reader or a slow read");
  one_of(ask->add_option("--format", opts->format,
                         "The result's format in --output or standard output: text (the default), json or markdown"),
         {"text", "json", "markdown"});
  ask->footer(std::string("At any question: ? (or help, or why), back, quit. Ctrl-D or Ctrl-C stop without a result.\n"
                          "Signs asked together come as a numbered list: type the numbers that apply (1 3),\n"
                          "none, or 2? for an item you are not sure about; back takes back the whole list.\n"
                          "The questions go to the terminal and the result to standard output, so that\n"
                          "  backtriage > result.txt   and   backtriage ask --format json > result.json\n"
                          "ask on the screen and keep the result (off a terminal, the questions go to standard error).\n"
                          "Examples:\n"
                          "  backtriage ask --record my-answers.yaml     # interrupted? nothing is lost:\n"
                          "  backtriage ask --resume my-answers.yaml     # go on where you stopped\n"
                          "  backtriage assess --answers my-answers.yaml  # the same answers, scripted\n") +
              kGlobalOptions);
  table.add(ask, [opts](const Context& c) {
    install_signal_handlers();  // Ctrl-C ends the questionnaire cleanly
    opts->color = c.color;
    // The screen: standard output when it is a terminal; else the terminal the answers are typed
    // on; else (a script) standard error, so that standard output holds the result alone.
    const bool stdout_is_screen = is_terminal(1);
    std::ofstream tty;
    std::ostream* screen = &c.out;
    int screen_fd = 1;
    if (!stdout_is_screen) {
      if (is_terminal(0)) tty.open("/dev/tty");
      screen = tty.is_open() ? static_cast<std::ostream*>(&tty) : &c.err;
      screen_fd = tty.is_open() ? 0 : 2;
    }
    std::optional<Output> document;
    if (!opts->output.empty() || !stdout_is_screen)
      document.emplace(opts->output, c.out);  // a FILE that cannot be written is refused before any question
    else if (opts->format != "text")
      document.emplace("", c.out);
    // Answers typed at a terminal get line editing and history; from a pipe, plain lines.
    int tty_fd = -1;
    if (tty.is_open()) tty_fd = ::open("/dev/tty", O_WRONLY | O_CLOEXEC);
    std::unique_ptr<PromptReader> input = make_line_editor(0, stdout_is_screen ? 1 : tty_fd, *screen, kMaxAnswerLine);
    if (tty_fd >= 0) ::close(tty_fd);  // the editor has its own copy
    if (!input) input = std::make_unique<PlainPromptReader>(0, *screen, is_terminal(0));
    const AskStreams io{*screen, Style{use_color(opts->color, screen_fd), screen_width(screen_fd)},
                        document ? &*document : nullptr, document && stdout_is_screen && opts->output.empty(), *input};
    return cmd_ask(c.rb(), *opts, io, c.err);
  });
  table.set_default(ask);
}

}  // namespace backtriage::cli
