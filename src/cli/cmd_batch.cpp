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
#include "batch_cases.hpp"
#include "report/json_writer.hpp"
#include "report/report.hpp"

namespace backtriage::cli {

namespace {

// A chunk is handed to a worker whole: big enough that the hand-over costs little next to the
// cases, small enough that 2 x jobs of them in flight stay a few MB (a full report is ~15 KB).
constexpr size_t kChunkLinesFull = 64;
constexpr size_t kChunkLinesCompact = 256;
constexpr size_t kChunkInputBytes = size_t{1} << 20;

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
  const JsonWriter writer(rb);
  const bool full = opts.detail == "full" && !opts.summary;
  // Cases typed by hand are answered one by one, at once: no pool.
  const unsigned jobs = typed ? 1 : (opts.jobs == 0 ? available_cores() : opts.jobs);
  std::unique_ptr<CaseWorker> single;
  std::unique_ptr<BatchPool> pool;
  if (jobs == 1)
    single = std::make_unique<CaseWorker>(rb, writer, full);
  else
    pool = std::make_unique<BatchPool>(rb, writer, full, jobs);
  const size_t chunk_lines = full ? kChunkLinesFull : kChunkLinesCompact;
  std::unique_ptr<BatchChunk> chunk;
  // Written chunks are used again: their buffers keep their capacity, where fresh ones of a few
  // hundred KB would cost the allocator a mapping and the kernel its page faults, case after case.
  std::vector<std::unique_ptr<BatchChunk>> spare;
  BatchTally tally;
  bool writing = true;  // false once a write failed: the rest is dropped, commit() says why
  // The oldest chunk, written once done; with wait_all, every chunk in flight.
  const auto write_done = [&](bool wait_all) {
    while (pool && pool->in_flight() > 0 && (wait_all || pool->in_flight() >= pool->max_in_flight())) {
      std::unique_ptr<BatchChunk> done = pool->next_done();
      tally.add(done->tally);
      if (writing && !out.write(done->out)) writing = false;
      // The line slots keep at most about one chunk's worth of capacity between them: past that,
      // a slot lets its string go, so spare chunks stay small whatever lines came through.
      size_t kept = 0;
      for (std::string& slot : done->lines) {
        kept += slot.capacity();
        if (kept > kChunkInputBytes) std::string().swap(slot);
      }
      done->count = 0, done->too_long.clear(), done->out.clear();
      done->bytes = 0, done->tally = {}, done->done = false;
      spare.push_back(std::move(done));
    }
  };
  const auto submit = [&] {
    if (!chunk || chunk->count == 0) return;
    pool->submit(std::move(chunk));
    write_done(false);
  };

  const bool progress = is_terminal(2);
  const auto start = std::chrono::steady_clock::now();
  auto last_progress = start;
  size_t line_no = opts.first_line - 1;
  std::string line, result;
  for (;;) {
    const LineReader::Status status = in.read(line);
    if (status == LineReader::Status::eof) break;
    if (status == LineReader::Status::error || status == LineReader::Status::interrupted) {
      // The lines read so far still get their results, as with one job.
      if (pool && writing) {
        submit();
        write_done(true);
      }
      pool.reset();
      if (fd != 0) ::close(fd);
      const std::string not_written = out.is_standard_output() ? "" : "; " + out.name() + " was not written";
      if (status == LineReader::Status::interrupted) {
        err << fmt::format("\nbacktriage: interrupted after {} lines{}\n", line_no - (opts.first_line - 1), not_written);
        return 130;
      }
      // A read error is not the end of the cases: the ones after it were never seen.
      err << fmt::format("backtriage: {}: cannot read after line {}: {}; the cases after it were not read{}\n", input_name,
                         line_no, std::strerror(in.error_number()), not_written);
      return static_cast<int>(ExitCode::other);
    }
    ++line_no;
    const bool too_long = status == LineReader::Status::too_long;
    if (single) {
      result.clear();
      single->run(line, line_no, too_long, result, tally);
      if (!result.empty() && !out.write(result)) break;
      if (typed) out.stream().flush();
    } else {
      if (!chunk) {
        if (spare.empty()) {
          chunk = std::make_unique<BatchChunk>();
        } else {
          chunk = std::move(spare.back());
          spare.pop_back();
        }
        chunk->first_line = line_no;
      }
      chunk->bytes += line.size();
      // Swapped into the chunk, not copied: the reader gets the slot's old string, whose capacity
      // it fills again, so strings keep their capacity from chunk to chunk.
      if (chunk->lines.size() <= chunk->count) chunk->lines.emplace_back();
      chunk->lines[chunk->count++].swap(line);
      chunk->too_long.push_back(too_long);
      if (chunk->count >= chunk_lines || chunk->bytes >= kChunkInputBytes) submit();
      if (!writing) break;
    }
    if (progress && (line_no & 1023) == 0) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_progress > std::chrono::milliseconds(500) && now - start > std::chrono::seconds(1)) {
        last_progress = now;
        const double secs = std::chrono::duration<double>(now - start).count();
        err << fmt::format("\r{} lines, {:.0f} lines/s", line_no, static_cast<double>(line_no) / secs) << std::flush;
      }
    }
  }
  if (pool) {
    if (writing) {  // after a failed write the rest would be dropped anyway
      submit();
      write_done(true);
    }
    pool.reset();
  }
  if (fd != 0) ::close(fd);
  if (progress && std::chrono::steady_clock::now() - start > std::chrono::seconds(1)) err << "\n";
  out.commit();  // a closed pipe ends quietly (141); any other failure is an error naming the reason
  if (tally.failed > 0) {
    err << fmt::format("backtriage: {} of {} {} rejected (see {} \"error\")\n", tally.failed,
                       counted(tally.complete + tally.incomplete + tally.failed, "line", "lines"),
                       tally.failed == 1 ? "was" : "were", tally.failed == 1 ? "its" : "their");
    return static_cast<int>(ExitCode::usage);
  }
  return tally.incomplete > 0 ? static_cast<int>(ExitCode::incomplete) : 0;
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
  whole_number(batch->add_option("--jobs", opts->jobs,
                                 "Cases evaluated on N cores at once (default: every core this process\n"
                                 "may use); results still come out in input order"),
               1, 1024)
      ->option_text("N");
  whole_number(batch->add_option("--first-line", opts->first_line,
                                 "The number of the first input line in \"line\" (default 1): for a part\n"
                                 "of a larger input, as GNU parallel --pipe hands out (docs/json-output.md)"),
               1, long{1} << 50)
      ->option_text("N");
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
