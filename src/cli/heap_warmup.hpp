// Start-up cost on virtual machines is mostly page faults: the first touch of each 4 KiB heap
// page traps into the kernel, which took about 10 us a page on the project's VMs (400 of them:
// 4 ms, twice a whole C++ hello world). Asking the kernel for the pages in one call costs about
// a twentieth of that. A process-wide policy, so it lives with main, not in the core.
#pragma once

#include <cstddef>
#include <string>

namespace backtriage::cli {

/// Takes `bytes` (at most 16 MiB) of heap, maps its pages in one system call
/// (MADV_POPULATE_WRITE) and gives it back to the heap, mapped, for the allocations that follow;
/// large blocks then come from the heap too instead of fresh (faulting) mappings, and the heap is
/// not trimmed back. Best effort: an old kernel, another allocator (the sanitizers') or a failed
/// call leaves the heap as it was.
void warm_heap(size_t bytes);

/// How much heap a run on a rule base of rule_bytes of YAML is likely to touch: a multiple of its
/// size, between a floor and a ceiling (a huge rule base still grows as it needs).
size_t heap_bytes_for_rules(size_t rule_bytes);

/// heap_bytes_for_rules for the YAML files in folder `rules` (or the file `rules`).
size_t expected_heap_bytes(const std::string& rules);

}  // namespace backtriage::cli
