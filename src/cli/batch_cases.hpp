// The work of `backtriage batch`, case by case: one input line to its output line (CaseWorker),
// and a pool that runs chunks of lines on several cores and hands the results back in input
// order (BatchPool). The reading, the writing and the messages stay in cmd_batch.cpp.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "io/json_answers.hpp"
#include "report/assessment.hpp"
#include "report/json_writer.hpp"

namespace backtriage::cli {

struct BatchTally {
  size_t complete = 0, incomplete = 0, failed = 0;
  void add(const BatchTally& other) {
    complete += other.complete, incomplete += other.incomplete, failed += other.failed;
  }
};

/// Everything one case needs, reused from case to case (no allocation in the steady state): one
/// per thread, since an Evaluator holds one assessment's working memory.
class CaseWorker {
 public:
  CaseWorker(const RuleBase& rb, const JsonWriter& writer, bool full);
  /// Appends the output line of input line `line_no` to out: a result, an error object, or nothing
  /// for a blank line. too_long: the line was longer than the limit and was cut.
  void run(std::string_view line, size_t line_no, bool too_long, std::string& out, BatchTally& tally);

 private:
  Evaluator ev_;
  JsonAnswerReader reader_;
  const JsonWriter& writer_;
  const bool full_;
  Assessment assessment_;
  std::string fields_;
};

/// A chunk of consecutive input lines and, once a worker is done with it, their output.
struct BatchChunk {
  size_t first_line = 0;  // the number of lines[0]
  size_t count = 0;       // lines[0, count) are this chunk's; the strings past it are kept for reuse
  std::vector<std::string> lines;
  std::vector<char> too_long;
  size_t bytes = 0;
  std::string out;
  BatchTally tally;
  bool done = false;
  std::exception_ptr failure;  // what a worker threw (out of memory): rethrown by next_done()
};

/// `jobs` worker threads, each with its own CaseWorker. submit() queues a chunk; next_done()
/// waits for the oldest chunk submitted and returns it, so the output keeps the input's order.
/// At most `max_in_flight` chunks are held, which bounds memory whatever the input's size.
class BatchPool {
 public:
  BatchPool(const RuleBase& rb, const JsonWriter& writer, bool full, unsigned jobs);
  ~BatchPool();  // stops and joins the workers, whatever is still queued
  BatchPool(const BatchPool&) = delete;
  BatchPool& operator=(const BatchPool&) = delete;

  size_t in_flight() const { return order_.size(); }
  size_t max_in_flight() const { return max_in_flight_; }
  void submit(std::unique_ptr<BatchChunk> chunk);
  /// The oldest chunk, once done; nullptr when none is in flight. Rethrows what its worker threw.
  std::unique_ptr<BatchChunk> next_done();

 private:
  void work(CaseWorker& worker);

  std::mutex mutex_;
  std::condition_variable work_ready_, chunk_done_;
  std::deque<BatchChunk*> queue_;                  // submitted, not yet taken by a worker
  std::deque<std::unique_ptr<BatchChunk>> order_;  // every chunk in flight, in input order
  bool stopping_ = false;
  size_t max_in_flight_;
  std::vector<std::unique_ptr<CaseWorker>> workers_;
  std::vector<std::thread> threads_;
};

/// The cores this process may run on (its CPU affinity), at least 1.
unsigned available_cores();

}  // namespace backtriage::cli
