// The compiled-rule cache, a trust boundary. Parsing the YAML with yaml-cpp costs milliseconds,
// several times the rest of a run; a compiled rule base reads back in microseconds. What it says
// decides the advice, so nobody but the user may change it, and no file in it may crash, hang or
// exhaust the program:
// - it lives in a folder of the user's own, created 0700; a folder or file owned by another user,
//   or writable by group or others, or not a plain folder or file, is neither read nor written;
// - a file is named by a SHA-256 of the rule files (names, sizes, bytes) and of the running
//   program's GNU build id: an edited rule file or a rebuilt binary never reads an old entry, and
//   without a build id there is no cache;
// - a small index file, named by a SHA-256 of the rule files' stamps (name, device, inode, size,
//   modification and change times) and the build id, holds that name, so that a run finds its
//   entry without reading and hashing the rule files (a tenth of a whole-process assess). Any
//   write, rename or chmod of a rule file sets its change time to the clock, which no user can set
//   back; stamps are recorded only once every file is a few seconds old, so that an edit within
//   the clock's tick of the last one cannot go unseen (git's "racy clean" problem);
// - a file is read as untrusted input, under the loader's limits, with every count checked
//   against the bytes left before anything is allocated; the indexes the evaluator walks are
//   rebuilt from the primary data, not read.
// The core only reports why a cache was not used (CacheReport); the CLI prints it, and uses the
// cache for the advice commands only, never for the audits. See docs/threat-model.md.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostics.hpp"
#include "base/sha256.hpp"
#include "model/model.hpp"

namespace backtriage {

using CacheKey = Sha256Digest;

/// A cache file is refused above this size (the shipped rule base takes about 62 KiB), which
/// also bounds what a forged one can make the reader allocate.
inline constexpr size_t kMaxCacheFileBytes = size_t{16} << 20;

/// SHA-256 of the cache format, the program's build id and every rule file's name, size and
/// contents, each length-framed so that no other set of files gives the same input.
CacheKey rule_files_key(const std::vector<std::pair<std::string, std::string>>& files, std::string_view build_id);

/// What a cache file holds of a rule base: everything the advice commands (assess, ask, batch)
/// use. The invariants and their conditions, which only `rules verify` checks and always from
/// the YAML, are left out (invariants_left_out): they were half of the shipped cache, and the
/// bytes read and checked are most of a whole-process assess. Conditions are renumbered. Throws
/// std::logic_error when the result fails the cache's own checks (a chain of 64 derived facts,
/// which the loader accepts): such a base is never cached, and is used whole.
RuleBase advice_part(const RuleBase& rb);

/// A cache file for key: a magic string, the key, a SHA-256 of the body, then the body, which
/// holds advice_part(rb).
std::string serialize_rule_base(const RuleBase& rb, const CacheKey& key);

/// The rule base in a cache file made for key. Anything else (another key or format, a damaged
/// or forged body, values the loader would never produce) gives nothing and says why.
std::optional<RuleBase> deserialize_rule_base(std::string_view bytes, const CacheKey& key, std::string& why);

struct RuleCache {
  std::string dir;       // the cache folder; empty: no cache
  std::string build_id;  // the running program's (running_build_id()); empty: no cache
  int settle_seconds = 2;  // files changed more recently than this get no index entry (tests: 0)
  /// Called once with the rule files' total size as soon as it is known (from their stamps,
  /// without reading them), before the cache file or the YAML is read: the CLI sizes its heap
  /// warm-up by it instead of walking the folder again. Not called when the folder cannot be
  /// used at all (then the YAML is loaded as without a cache).
  std::function<void(size_t rule_bytes)> before_load = {};
};

/// What became of the cache in one load.
struct CacheReport {
  bool read = false;     // the rule base came from a cache file
  bool written = false;  // a new cache file was written
  bool by_stamps = false;  // read through the index of stamps, without reading the rule files
  std::string problem;   // why a cache could not be used, as one printable line; empty for a plain miss
};

/// load_rule_base through the cache. A missing, damaged or foreign cache file is never an error:
/// the YAML is loaded instead, and a new cache file written where the folder and the old file
/// can be trusted. Only valid rule bases are cached.
std::optional<RuleBase> load_rule_base_cached(const std::string& path, Diagnostics& diags, const RuleCache& cache,
                                              CacheReport& report);

}  // namespace backtriage
