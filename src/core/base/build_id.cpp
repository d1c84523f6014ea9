// Reads the GNU build-id note from the main program's PT_NOTE segments, as mapped in memory.
#include "base/build_id.hpp"

#include <elf.h>
#include <link.h>

#include <cstring>
#include <string_view>

namespace backtriage {

namespace {

constexpr size_t align_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

/// The build id in one PT_NOTE segment: notes are aligned to 4 bytes, or 8 in segments whose
/// p_align is 8 (GNU property notes).
std::optional<std::string> build_id_in_notes(std::string_view notes, size_t alignment) {
  size_t at = 0;
  while (notes.size() - at >= sizeof(ElfW(Nhdr))) {
    ElfW(Nhdr) header;
    std::memcpy(&header, notes.data() + at, sizeof header);
    const size_t name_at = at + sizeof header;
    const size_t desc_at = align_up(name_at + header.n_namesz, alignment);
    const size_t next = align_up(desc_at + header.n_descsz, alignment);
    if (desc_at > notes.size() || header.n_descsz > notes.size() - desc_at) return std::nullopt;
    const std::string_view name = notes.substr(name_at, header.n_namesz);
    if (header.n_type == NT_GNU_BUILD_ID && name == std::string_view("GNU\0", 4) && header.n_descsz > 0)
      return std::string(notes.substr(desc_at, header.n_descsz));
    if (next <= at) return std::nullopt;
    at = next;
  }
  return std::nullopt;
}

int find_in_main_program(dl_phdr_info* info, size_t, void* data) {
  auto* found = static_cast<std::optional<std::string>*>(data);
  for (ElfW(Half) i = 0; i < info->dlpi_phnum && !*found; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_NOTE) continue;
    const std::string_view notes(reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr), ph.p_memsz);
    *found = build_id_in_notes(notes, ph.p_align == 8 ? 8 : 4);
  }
  return 1;  // the main program is always listed first: stop after it
}

}  // namespace

std::optional<std::string> running_build_id() {
  static const std::optional<std::string> id = [] {
    std::optional<std::string> found;
    dl_iterate_phdr(find_in_main_program, &found);
    return found;
  }();
  return id;
}

}  // namespace backtriage
