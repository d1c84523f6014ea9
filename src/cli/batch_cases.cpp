// One batch case at a time, and the pool that runs them on several cores (batch_cases.hpp).
#include "batch_cases.hpp"

#include <sched.h>

#include <system_error>

#include <fmt/format.h>

#include "base/diagnostics.hpp"
#include "base/text.hpp"
#include "commands.hpp"

namespace backtriage::cli {

namespace {

/// The fields every output line starts with: "line":N, and "id":ID when the input had one.
void line_fields(size_t line, const std::string& id, std::string& out) {
  out.clear();
  fmt::format_to(std::back_inserter(out), "\"line\":{},", line);
  if (!id.empty()) fmt::format_to(std::back_inserter(out), "\"id\":{},", id);
}

void error_line(std::string_view fields, std::string_view message, std::string& out) {
  fmt::format_to(std::back_inserter(out), "{{{}\"status\":\"error\",\"error\":{}}}\n", fields, json_string(message));
}

}  // namespace

CaseWorker::CaseWorker(const RuleBase& rb, const JsonWriter& writer, bool full)
    : ev_(rb), reader_(rb), writer_(writer), full_(full) {}

void CaseWorker::run(std::string_view line, size_t line_no, bool too_long, std::string& out, BatchTally& tally) {
  if (too_long) {
    ++tally.failed;
    line_fields(line_no, "", fields_);
    error_line(fields_, fmt::format("the line is longer than {} bytes", kMaxBatchLine), out);
    return;
  }
  if (trim(line).empty()) return;  // blank lines keep their number but give no result
  const JsonAnswers& answers = reader_.read(line);
  line_fields(line_no, answers.id, fields_);
  if (!answers.ok) {
    ++tally.failed;
    error_line(fields_, answers.error, out);
    return;
  }
  const Result& r = ev_.evaluate(std::span<const std::pair<FactId, Value>>(answers.given));
  (r.complete ? tally.complete : tally.incomplete)++;
  build_assessment(ev_, full_ ? Detail::full : Detail::conclusions, assessment_);
  if (full_)
    writer_.write(assessment_, out, fields_);
  else
    writer_.write_compact(assessment_, out, fields_);
  out += '\n';
}

BatchPool::BatchPool(const RuleBase& rb, const JsonWriter& writer, bool full, unsigned jobs)
    : max_in_flight_(size_t{2} * jobs) {
  for (unsigned k = 0; k < jobs; ++k) workers_.push_back(std::make_unique<CaseWorker>(rb, writer, full));
  try {
    for (unsigned k = 0; k < jobs; ++k) threads_.emplace_back([this, k] { work(*workers_[k]); });
  } catch (const std::system_error& e) {
    // Fewer threads than asked (a process or memory limit): go on with those that started, or
    // say why none did. Never leave a started thread unjoined.
    if (threads_.empty())
      throw Error(fmt::format("cannot start a worker thread for --jobs {}: {}; try --jobs 1", jobs, e.what()),
                  ErrorKind::failure);
    max_in_flight_ = size_t{2} * threads_.size();
  }
}

BatchPool::~BatchPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void BatchPool::submit(std::unique_ptr<BatchChunk> chunk) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(chunk.get());
    order_.push_back(std::move(chunk));
  }
  work_ready_.notify_one();
}

std::unique_ptr<BatchChunk> BatchPool::next_done() {
  std::unique_lock lock(mutex_);
  if (order_.empty()) return nullptr;
  chunk_done_.wait(lock, [this] { return order_.front()->done; });
  std::unique_ptr<BatchChunk> chunk = std::move(order_.front());
  order_.pop_front();
  if (chunk->failure) std::rethrow_exception(chunk->failure);
  return chunk;
}

void BatchPool::work(CaseWorker& worker) {
  for (;;) {
    BatchChunk* chunk = nullptr;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      chunk = queue_.front();
      queue_.pop_front();
    }
    // The chunk is this worker's alone until done is set. What a case throws (out of memory) goes
    // to the main thread, which reports it as with one job; a thread must not end on it.
    try {
      for (size_t k = 0; k < chunk->count; ++k)
        worker.run(chunk->lines[k], chunk->first_line + k, chunk->too_long[k] != 0, chunk->out, chunk->tally);
    } catch (...) {
      chunk->failure = std::current_exception();
    }
    {
      std::lock_guard lock(mutex_);
      chunk->done = true;
    }
    chunk_done_.notify_all();
  }
}

unsigned available_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return static_cast<unsigned>(n);
  }
  const unsigned hw = std::thread::hardware_concurrency();
  return hw > 0 ? hw : 1;
}

}  // namespace backtriage::cli
