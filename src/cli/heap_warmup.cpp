#include "heap_warmup.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace backtriage::cli {

namespace {

// A whole-process assess on the shipped rule base (130 KiB of YAML) touched about 1.2 MiB of heap
// before the JSON fragments were made on demand; warming 5 bytes a byte of YAML was as fast as 10
// (fewer pages to map, a few more faults), and much faster than none. Since a cache file leaves
// the invariants out, 3 bytes take the same page faults (124) as 5, 2 take 18 more. Parsing the
// YAML itself (the audits, a cache miss) takes more, and grows on demand.
constexpr size_t kHeapPerRuleByte = 3;
constexpr size_t kMinWarm = size_t{256} << 10;
constexpr size_t kMaxWarm = size_t{16} << 20;
constexpr size_t kMmapThreshold = size_t{32} << 20;  // glibc's largest on 64-bit

}  // namespace

void warm_heap(size_t bytes) {
  if (bytes == 0 || bytes > kMaxWarm) return;
  // Blocks above the mmap threshold (128 KiB by default) would get a fresh mapping each, faulting
  // page by page; below it (32 MiB, the most glibc allows, above any warm-up) they come from the
  // warm heap. The warm part is kept, not trimmed back.
  if (mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMmapThreshold)) == 0) return;
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * kMmapThreshold));
  void* const block = std::malloc(bytes);
  auto* const brk_now = static_cast<char*>(sbrk(0));
  // Ours if it lies below the program break, in the heap (grown for it, or carved from the free
  // top glibc already had): another allocator's block (the sanitizers') lies elsewhere.
  const auto* const first = static_cast<char*>(block);
  const bool in_heap = block != nullptr && brk_now != reinterpret_cast<char*>(-1) && first < brk_now &&
                       static_cast<size_t>(brk_now - first) >= bytes;
  if (in_heap) {
    const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
    const uintptr_t start = reinterpret_cast<uintptr_t>(first) & ~(page - 1);
    const uintptr_t end = reinterpret_cast<uintptr_t>(first) + bytes;
    // Fails with EINVAL before Linux 5.14: the pages then fault in one by one, as without this.
    static_cast<void>(madvise(reinterpret_cast<void*>(start), end - start, MADV_POPULATE_WRITE));
  }
  std::free(block);  // back to the heap's top, where the next allocations find it, mapped
}

// No warm-up before the static initializers: libstdc++'s emergency exception pool (71 KiB, never
// touched) took most of the 128 KiB mapped for them; without it, one assess ran 2.8% faster in
// paired runs (133 faults instead of 125, but 18 fewer pages mapped).

size_t expected_heap_bytes(const std::string& rules) {
  namespace fs = std::filesystem;
  std::error_code ec;
  size_t total = 0;
  if (fs::is_directory(rules, ec)) {
    for (fs::directory_iterator it(rules, ec), end; !ec && it != end; it.increment(ec)) {
      const auto ext = it->path().extension();
      if (ext != ".yaml" && ext != ".yml") continue;
      const auto size = it->file_size(ec);
      if (!ec) total += static_cast<size_t>(size);
    }
  } else {
    const auto size = fs::file_size(rules, ec);
    if (!ec) total = static_cast<size_t>(size);
  }
  return heap_bytes_for_rules(total);
}

size_t heap_bytes_for_rules(size_t rule_bytes) {
  return std::clamp(std::min(rule_bytes, kMaxWarm) * kHeapPerRuleByte, kMinWarm, kMaxWarm);
}

}  // namespace backtriage::cli
