// `backtriage batch`: one JSON object of answers per line in, one result per line out, in order.
// A bad line gives an error object for that line and the run goes on.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ostream>
#include <memory>

#include <fmt/format.h>

#include "base/diagnostics.hpp"
#include "base/text.hpp"
#include "command.hpp"
#include "commands.hpp"
#include "option_values.hpp"
#include "exit_code.hpp"
#include "io/json_answers.hpp"
#include "output.hpp"
#include "report/json_writer.hpp"
#include "report/report.hpp"

namespace backtriage::cli {

namespace {

/// The fields every output line starts with: "line":N, and "id":ID when the input had one.
void line_fields(size_t line, const std::string& id, std::string& out) {
  out.clear();
  fmt::format_to(std::back_inserter(out), "\"line\":{},", line);
  if (!id.empty()) fmt::format_to(std::back_inserter(out), "\"id\":{},", id);
}

std::string error_line(std::string_view fields, std::string_view message) {
  return fmt::format("{{{}\"status\":\"error\",\"error\":{}}}\n", fields, json_string(message));
}

}  // namespace

int cmd_batch(const RuleBase& rb, const BatchOptions& opts, Output& out, std::ostream& err) {
  int fd = 0;
  if (!opts.input.empty() && opts.input != "-") {
    fd = open_input(opts.input);
  } else {
    check_standard_input();  // closed, or a folder: refused before anything is written
  }
  const std::string input_name = fd == 0 ? std::string("standard input") : printable(opts.input);
  LineReader in(fd, kMaxBatchLine);
  // A person typing cases sees each result as the line is entered; a pipe or file keeps the
  // large buffer (a flush per line would cost a system call per case).
  const bool typed = fd == 0 && is_terminal(0) && out.is_standard_output() && is_terminal(1);
  if (fd == 0 && is_terminal(0))  // typed by hand, or a forgotten < cases.jsonl: say what is awaited
    err << "backtriage batch: reading cases from the terminal, one JSON object a line, such as\n"
           "  {\"id\": \"case-1\", \"saddle_numbness\": \"no\", \"pain_score\": 4}\n"
           "Ctrl-D ends the input; backtriage batch --help says more.\n"
        << std::flush;
  Evaluator ev(rb);
  JsonAnswerReader reader(rb);
  const JsonWriter writer(rb);
  const bool full = opts.detail == "full" && !opts.summary;
  const Detail detail = full ? Detail::full : Detail::conclusions;
  Assessment assessment;
  std::string object, fields;
  const bool progress = is_terminal(2);
  const auto start = std::chrono::steady_clock::now();
  auto last_progress = start;
  size_t line_no = 0, complete = 0, incomplete = 0, failed = 0;
  std::string line;
  for (;;) {
    const LineReader::Status status = in.read(line);
    if (status == LineReader::Status::eof) break;
    if (status == LineReader::Status::error) {
      // A read error is not the end of the cases: the ones after it were never seen.
      if (fd != 0) ::close(fd);
      err << fmt::format("backtriage: {}: cannot read after line {}: {}; the cases after it were not read{}\n", input_name,
                         line_no, std::strerror(in.error_number()),
                         out.is_standard_output() ? "" : "; " + out.name() + " was not written");
      return static_cast<int>(ExitCode::other);
    }
    if (status == LineReader::Status::interrupted) {
      if (fd != 0) ::close(fd);
      err << fmt::format("\nbacktriage: interrupted after {} lines{}\n", line_no,
                         out.is_standard_output() ? "" : "; " + out.name() + " was not written");
      return 130;
    }
    ++line_no;
    if (status == LineReader::Status::too_long) {
      ++failed;
      line_fields(line_no, "", fields);
      if (!out.write(error_line(fields, fmt::format("the line is longer than {} bytes", kMaxBatchLine)))) break;
      continue;
    }
    if (trim(line).empty()) continue;  // blank lines keep their number but give no result
    const JsonAnswers& answers = reader.read(line);
    line_fields(line_no, answers.id, fields);
    if (!answers.ok) {
      ++failed;
      if (!out.write(error_line(fields, answers.error))) break;
      if (typed) out.stream().flush();
      continue;
    }
    const Result& r = ev.evaluate(std::span<const std::pair<FactId, Value>>(answers.given));
    (r.complete ? complete : incomplete)++;
    build_assessment(ev, detail, assessment);
    object.clear();
    if (full)
      writer.write(assessment, object, fields);
    else
      writer.write_compact(assessment, object, fields);
    object += '\n';
    if (!out.write(object)) break;
    if (typed) out.stream().flush();
    if (progress && (line_no & 1023) == 0) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_progress > std::chrono::milliseconds(500) && now - start > std::chrono::seconds(1)) {
        last_progress = now;
        const double secs = std::chrono::duration<double>(now - start).count();
        err << fmt::format("\r{} lines, {:.0f} lines/s", line_no, static_cast<double>(line_no) / secs) << std::flush;
      }
    }
  }
  if (fd != 0) ::close(fd);
  if (progress && std::chrono::steady_clock::now() - start > std::chrono::seconds(1)) err << "\n";
  out.commit();  // a closed pipe ends quietly (141); any other failure is an error naming the reason
  if (failed > 0) {
    err << fmt::format("backtriage: {} of {} {} rejected (see {} \"error\")\n", failed,
                       counted(complete + incomplete + failed, "line", "lines"), failed == 1 ? "was" : "were",
                       failed == 1 ? "its" : "their");
    return static_cast<int>(ExitCode::usage);
  }
  return incomplete > 0 ? static_cast<int>(ExitCode::incomplete) : 0;
}

void register_batch(CLI::App& app, const LoadedRules&, CommandTable& table) {
  CLI::App* batch =
      app.add_subcommand("batch", "Triage many cases: one JSON object of answers per line in, one result per line out");
  auto opts = std::make_shared<BatchOptions>();
  batch->add_option("--input", opts->input, "Read cases from FILE (default: standard input)")->option_text("FILE");
  add_output_option(batch, opts->output);
  CLI::Option* detail = one_of(batch->add_option("--detail", opts->detail,
                                                 "compact (default): what a script acts on, as ids:\n"
                                                 "status, missing, level and title, red flags,\n"
                                                 "plan, avoid, rule base (about 0.3 KB a case);\n"
                                                 "full: the whole assess --format json report\n"
                                                 "with texts, reasons and trace (about 15 KB)"),
                               {"compact", "full"});
  // The name of the compact line before it became the default; scripts written then still work.
  batch->add_flag("--summary", opts->summary)->group("");
  batch->footer(std::string("Each input line: {\"id\": \"case-1\", \"pain_score\": 8, \"numbness\": \"no\", ...}. Each output\n"
                            "line: {\"line\":N, \"id\":..., \"status\":\"complete\", \"disposition\":\"see_doctor\", ...}, or\n"
                            "{\"line\",\"id\",\"status\":\"error\",\"error\"} for a rejected line. Use the default line to\n"
                            "route or count cases; --detail full to store or show the reasons (schema/*.schema.json).\n"
                            "Exit 0 all complete, 3 some incomplete, 2 some lines rejected.\n") +
                kGlobalOptions);
  table.add(batch, [opts, detail](const Context& c) {
    if (opts->summary && detail->count() > 0 && opts->detail != "compact") {
      c.err << "backtriage: --summary (the older name of the default compact line) and --detail " << opts->detail
            << " ask for different lines; give one of them\n";
      return static_cast<int>(ExitCode::usage);
    }
    install_signal_handlers();  // Ctrl-C: stop reading, report, leave --output as it was
    Output output(opts->output, c.out);
    return cmd_batch(c.rb(), *opts, output, c.err);
  });
}

}  // namespace backtriage::cli
