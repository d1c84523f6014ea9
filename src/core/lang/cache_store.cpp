// Where cache files live and who may have written them. The folder is opened once, without
// following a symbolic link, and checked through its descriptor (a folder, ours, writable by
// nobody else); files are then opened, checked and replaced relative to that descriptor, so that
// nothing can be swapped in between the check and the use.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <functional>
#include <optional>
#include <vector>
#include <utility>

#include <fmt/format.h>

#include "base/text.hpp"
#include "lang/cache.hpp"
#include "lang/cache_internal.hpp"
#include "lang/loader.hpp"

namespace backtriage {

namespace {

constexpr mode_t kWritableByOthers = S_IWGRP | S_IWOTH;

/// A file descriptor, closed when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_;
};

std::string quoted(const std::string& path) { return fmt::format("'{}'", printable(path)); }

/// Why a folder or file may not be trusted: another owner, or write access for others.
std::string distrust(const struct stat& st) {
  if (st.st_uid != ::geteuid())
    return fmt::format("owned by uid {}, not by the user running backtriage (uid {})", st.st_uid, ::geteuid());
  if (st.st_mode & kWritableByOthers)
    return fmt::format("writable by group or others (mode {:04o})", static_cast<unsigned>(st.st_mode & 07777));
  return {};
}

/// Creates the folders of path that are missing, each 0700 (the XDG base directory rule);
/// returns whether the last one was created now. Each step is taken from the folder above it
/// (mkdirat, openat): a folder made now is opened without following links and made private
/// through that descriptor, never by path, so that a link planted in its place between the
/// two (in a folder others can write) is not followed and nothing else is chmod-ed. Folders that
/// were there already are entered as the path says, links included (a home under a link).
bool make_folders(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  Fd parent(::open(path.starts_with('/') ? "/" : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  bool created = false;
  for (size_t start = path.find_first_not_of('/'); parent && start != std::string::npos;) {
    const size_t slash = path.find('/', start);
    const std::string name = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    start = slash == std::string::npos ? std::string::npos : path.find_first_not_of('/', slash);
    if (name.empty()) continue;
    created = ::mkdirat(parent.get(), name.c_str(), 0700) == 0;
    Fd folder(::openat(parent.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | (created ? O_NOFOLLOW : 0)));
    // mkdir applies the umask: a folder made now is set to 0700 itself, or a strict umask (0277)
    // would leave a parent that nobody can enter, and the cache off for good. (A failure shows
    // later: the folder checks refuse a folder that is not 0700 and ours.)
    struct stat st {};
    if (created && folder && ::fstat(folder.get(), &st) == 0 && st.st_uid == ::geteuid()) {
      const bool private_now = ::fchmod(folder.get(), 0700) == 0;
      static_cast<void>(private_now);
    }
    parent = std::move(folder);
  }
  return created;
}

/// The cache folder, created 0700 when missing, or nothing with problem set.
Fd open_folder(const std::string& path, std::string& problem) {
  const bool created = make_folders(path);
  Fd dir(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!dir) {
    const int err = errno;
    problem = err == ELOOP || err == ENOTDIR
                  ? fmt::format("the cache folder {} is not a folder (a symbolic link or a file)", quoted(path))
                  : fmt::format("cannot open or create the cache folder {}: {}", quoted(path), std::strerror(err));
    return Fd();
  }
  struct stat st {};
  if (::fstat(dir.get(), &st) != 0) {
    problem = fmt::format("cannot inspect the cache folder {}: {}", quoted(path), std::strerror(errno));
    return Fd();
  }
  // A folder made now is set to 0700 explicitly: the umask may have left it open, or closed.
  if (created && st.st_uid == ::geteuid() && (::fchmod(dir.get(), 0700) != 0 || ::fstat(dir.get(), &st) != 0)) {
    problem = fmt::format("cannot make the cache folder {} private: {}", quoted(path), std::strerror(errno));
    return Fd();
  }
  if (const std::string why = distrust(st); !why.empty()) {
    problem = fmt::format("the cache folder {} is {}; it is neither read nor written", quoted(path), why);
    return Fd();
  }
  return dir;
}

/// A cache file as found: missing; ours but unusable (too big, unreadable), to be replaced;
/// there but not to be trusted, so neither read nor replaced; or read.
struct FoundFile {
  enum class State { missing, unusable, untrusted, read } state = State::missing;
  std::string bytes;
  std::string problem;
};

bool read_all(int fd, std::string& bytes, size_t size) {
  bytes.resize(size);
  size_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(fd, bytes.data() + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    got += static_cast<size_t>(n);
  }
  return true;
}

FoundFile read_cache_file(int dir, const std::string& name, const std::string& path) {
  FoundFile found;
  // O_NONBLOCK: a FIFO planted in the folder must not block the open.
  Fd fd(::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  if (!fd) {
    if (errno == ENOENT) return found;
    found.state = FoundFile::State::untrusted;
    found.problem = fmt::format("cannot open the cache file {}: {}", quoted(path),
                                errno == ELOOP ? "it is a symbolic link" : std::strerror(errno));
    return found;
  }
  struct stat st {};
  std::string why;
  if (::fstat(fd.get(), &st) != 0)
    why = fmt::format("not inspectable ({})", std::strerror(errno));
  else if (!S_ISREG(st.st_mode))
    why = "not a regular file";
  else
    why = distrust(st);
  if (!why.empty()) {
    found.state = FoundFile::State::untrusted;
    found.problem = fmt::format("the cache file {} is {}; it is neither read nor replaced", quoted(path), why);
    return found;
  }
  if (static_cast<unsigned long long>(st.st_size) > kMaxCacheFileBytes)
    why = fmt::format("{} bytes, more than the limit of {}", st.st_size, kMaxCacheFileBytes);
  else if (!read_all(fd.get(), found.bytes, static_cast<size_t>(st.st_size)))
    why = "unreadable";
  if (!why.empty()) {
    found.state = FoundFile::State::unusable;
    found.problem = fmt::format("the cache file {} was refused: {}", quoted(path), why);
    return found;
  }
  found.state = FoundFile::State::read;
  return found;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool is_lower_hex(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

/// Whether name is a cache entry's, "<64 hex>.rb" or "<64 hex>.idx", and nothing else.
bool is_cache_entry(std::string_view name, std::string_view suffix) {
  return name.size() == 64 + suffix.size() && name.ends_with(suffix) && is_lower_hex(name.substr(0, 64));
}

/// Whether name is one of write_cache_file's temporary names, ".<64 hex>.rb.<pid>.<hex ticks>.tmp"
/// (".idx." for an index file), and nothing else: the cache folder may be one the user shares
/// with files of their own.
bool is_cache_temporary(std::string_view name) {
  const auto hex = is_lower_hex;
  const auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!name.starts_with('.') || !name.ends_with(".tmp") || name.size() < 1 + 64 + 4 + 1 + 1 + 1 + 4) return false;
  name.remove_prefix(1);
  name.remove_suffix(4);
  if (!hex(name.substr(0, 64))) return false;
  name.remove_prefix(64);
  if (name.starts_with(".rb."))
    name.remove_prefix(4);
  else if (name.starts_with(".idx."))
    name.remove_prefix(5);
  else
    return false;
  const size_t dot = name.find('.');
  return dot != std::string_view::npos && digits(name.substr(0, dot)) && hex(name.substr(dot + 1));
}

/// Calls each(name, stat) for every regular file of the user's own in the folder whose name
/// `wanted` accepts (links are not followed): what the folder's tidying may remove, and nothing
/// else, since the folder may hold files of the user's that are none of ours.
void for_each_own_file(int dir, const std::function<bool(std::string_view)>& wanted,
                       const std::function<void(const char* name, const struct stat&)>& each) {
  const int listing = ::dup(dir);
  if (listing < 0) return;
  DIR* d = ::fdopendir(listing);
  if (d == nullptr) {
    ::close(listing);
    return;
  }
  ::rewinddir(d);  // a dup shares its position with dir, which an earlier listing left at the end
  while (const dirent* e = ::readdir(d)) {
    if (!wanted(e->d_name)) continue;
    struct stat st {};
    if (::fstatat(dir, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) continue;
    if (st.st_uid == ::geteuid()) each(e->d_name, st);
  }
  ::closedir(d);
}

/// Removes the temporary files a killed writer left (is_cache_temporary, ours, over an hour old):
/// a writer alive finishes in well under a second.
void remove_stale_temporaries(int dir) {
  const auto now = ::time(nullptr);
  constexpr time_t kStaleAfter = 60 * 60;
  for_each_own_file(dir, is_cache_temporary, [&](const char* name, const struct stat& st) {
    if (now - st.st_mtime > kStaleAfter) ::unlinkat(dir, name, 0);
  });
}

/// How many entries of each kind a cache folder keeps: every rebuilt program and every edit of a
/// rule base names new ones, and nothing else would ever remove the old (64 KiB each for the
/// shipped rule base). Eight rule bases cover a few checkouts and versions in use side by side;
/// an entry removed while still in use is rebuilt on its next run, in milliseconds.
constexpr size_t kKeptRuleBases = 8;
constexpr size_t kKeptIndexes = 4 * kKeptRuleBases;

/// Removes the cache entries of one kind (suffix ".rb" or ".idx") beyond the `keep` most recently
/// written, never `written` itself. Only entries by name (is_cache_entry), regular files and the
/// user's own: the folder may hold files of the user's that are none of ours.
void remove_old_entries(int dir, std::string_view suffix, size_t keep, const std::string& written) {
  struct Entry {
    struct timespec written;
    std::string name;
  };
  std::vector<Entry> entries;
  for_each_own_file(
      dir, [&](std::string_view name) { return is_cache_entry(name, suffix) && name != written; },
      [&](const char* name, const struct stat& st) { entries.push_back({st.st_mtim, name}); });
  if (entries.size() < keep) return;  // `written` is one of the kept
  // Newest first; the name decides between equal times, so that every process removes the same.
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.written.tv_sec != b.written.tv_sec) return a.written.tv_sec > b.written.tv_sec;
    if (a.written.tv_nsec != b.written.tv_nsec) return a.written.tv_nsec > b.written.tv_nsec;
    return a.name < b.name;
  });
  for (size_t i = keep - 1; i < entries.size(); ++i) ::unlinkat(dir, entries[i].name.c_str(), 0);
}

/// Writes a private (0600) temporary file in the folder and renames it over name, so that a
/// reader sees the old file or the new one, whole. Best effort: a full disk is no error.
bool write_cache_file(int dir, const std::string& name, std::string_view bytes) {
  remove_stale_temporaries(dir);
  const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
  const std::string temp = fmt::format(".{}.{}.{:x}.tmp", name, ::getpid(), static_cast<unsigned long long>(ticks));
  Fd fd(::openat(dir, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd) return false;
  const bool written = ::fchmod(fd.get(), 0600) == 0 && write_all(fd.get(), bytes);
  fd = Fd();
  if (written && ::renameat(dir, temp.c_str(), dir, name.c_str()) == 0) {
    if (is_cache_entry(name, ".rb")) remove_old_entries(dir, ".rb", kKeptRuleBases, name);
    if (is_cache_entry(name, ".idx")) remove_old_entries(dir, ".idx", kKeptIndexes, name);
    return true;
  }
  ::unlinkat(dir, temp.c_str(), 0);
  return false;
}

/// The first bytes of an index file, which holds the stamps' key, then the cache file's key.
constexpr std::string_view kIndexMagic("BTRBIDX1", 8);
constexpr size_t kIndexBytes = kIndexMagic.size() + 2 * sizeof(CacheKey);

/// The rule files' stamps, hashed: what names their index file.
struct Stamps {
  CacheKey key{};
  bool settled = false;  // every file unchanged for settle_seconds: its stamps may be recorded
  std::uint64_t bytes = 0;  // the files' sizes, summed
};

/// The stamps of the rule files at paths from their stat() results (one each, in order), or
/// nothing when one is not a regular file.
std::optional<Stamps> stamps_of(const std::vector<std::string>& paths, const std::vector<struct stat>& stats,
                                std::string_view build_id, int settle_seconds) {
  struct timespec now {};
  if (paths.size() != stats.size() || ::clock_gettime(CLOCK_REALTIME, &now) != 0) return std::nullopt;
  Sha256 h;
  h.add_framed(kIndexMagic).add_framed(detail::kCacheMagic).add_framed(build_id).add_u64(paths.size());
  Stamps stamps;
  stamps.settled = true;
  const auto ns = [](const struct timespec& t) { return std::int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec; };
  for (size_t i = 0; i < paths.size(); ++i) {
    const struct stat& st = stats[i];
    if (!S_ISREG(st.st_mode)) return std::nullopt;
    h.add_framed(paths[i]);
    stamps.bytes += static_cast<std::uint64_t>(st.st_size);
    for (const auto v : {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                         static_cast<std::uint64_t>(st.st_size), static_cast<std::uint64_t>(st.st_mtim.tv_sec),
                         static_cast<std::uint64_t>(st.st_mtim.tv_nsec), static_cast<std::uint64_t>(st.st_ctim.tv_sec),
                         static_cast<std::uint64_t>(st.st_ctim.tv_nsec)})
      h.add_u64(v);
    // Changed within the last seconds (or in the future): another change may yet come in the same
    // tick of the clock and leave these stamps as they are.
    const std::int64_t latest = std::max(ns(st.st_mtim), ns(st.st_ctim));
    if (ns(now) - latest <= std::int64_t{settle_seconds} * 1'000'000'000) stamps.settled = false;
  }
  stamps.key = h.digest();
  return stamps;
}

/// The stamps of the rule files at paths as they are now, or nothing when one cannot be read
/// (the files are then read, and their loader says why). stat(), not lstat(): the loader reads
/// through links too, and a link pointed elsewhere stamps the new file.
std::optional<Stamps> stamp_files(const std::vector<std::string>& paths, std::string_view build_id, int settle_seconds) {
  std::vector<struct stat> stats(paths.size());
  for (size_t i = 0; i < paths.size(); ++i)
    if (::stat(paths[i].c_str(), &stats[i]) != 0) return std::nullopt;
  return stamps_of(paths, stats, build_id, settle_seconds);
}

std::string index_file(const CacheKey& stamps, const CacheKey& key) {
  std::string out(kIndexMagic);
  out.append(reinterpret_cast<const char*>(stamps.data()), stamps.size());
  out.append(reinterpret_cast<const char*>(key.data()), key.size());
  return out;
}

/// The cache file's key an index file holds, if it is one for these stamps.
std::optional<CacheKey> read_index(std::string_view bytes, const CacheKey& stamps) {
  if (bytes.size() != kIndexBytes || !bytes.starts_with(kIndexMagic)) return std::nullopt;
  bytes.remove_prefix(kIndexMagic.size());
  if (std::memcmp(bytes.data(), stamps.data(), stamps.size()) != 0) return std::nullopt;
  CacheKey key{};
  std::memcpy(key.data(), bytes.data() + stamps.size(), key.size());
  return key;
}

}  // namespace

CacheKey rule_files_key(const std::vector<std::pair<std::string, std::string>>& files, std::string_view build_id) {
  Sha256 h;
  h.add_framed(detail::kCacheMagic).add_framed(build_id).add_u64(files.size());
  for (const auto& [name, text] : files) h.add_framed(name).add_framed(text);
  return h.digest();
}

std::optional<RuleBase> load_rule_base_cached(const std::string& path, Diagnostics& diags, const RuleCache& cache,
                                              CacheReport& report) {
  report = {};
  if (cache.dir.empty()) return load_rule_base(path, diags);
  if (cache.build_id.empty()) {
    report.problem = "this build of backtriage has no build id, so it could not tell its cache from another build's";
    return load_rule_base(path, diags);
  }
  const Fd dir = open_folder(cache.dir, report.problem);
  if (!dir) return load_rule_base(path, diags);

  // First by the files' stamps, without reading them.
  const auto paths = rule_file_paths(path, diags);
  if (!paths) return std::nullopt;
  const auto stamps = stamp_files(*paths, cache.build_id, cache.settle_seconds);
  if (stamps && cache.before_load) cache.before_load(stamps->bytes);
  const std::string index_name = stamps ? hex(stamps->key) + ".idx" : std::string();
  FoundFile index;
  if (stamps) {
    index = read_cache_file(dir.get(), index_name, cache.dir + "/" + index_name);
    const auto key = index.state == FoundFile::State::read ? read_index(index.bytes, stamps->key) : std::nullopt;
    if (key) {
      const std::string name = hex(*key) + ".rb";
      FoundFile found = read_cache_file(dir.get(), name, cache.dir + "/" + name);
      std::string why;
      if (found.state == FoundFile::State::read)
        if (auto rb = deserialize_rule_base(found.bytes, *key, why)) {
          report.read = report.by_stamps = true;
          return rb;
        }
      // Gone, refused or untrusted: the files' contents decide below, and say why.
    }
  }

  // Then by the files' contents: the files listed above, whatever the folder holds by now.
  std::vector<struct stat> opened;
  const auto files = read_rule_files(*paths, diags, {}, &opened);
  if (!files) return std::nullopt;
  if (!stamps && cache.before_load) {
    size_t bytes = 0;
    for (const auto& file : *files) bytes += file.second.size();
    cache.before_load(bytes);
  }
  const CacheKey key = rule_files_key(*files, cache.build_id);
  const std::string name = hex(key) + ".rb";
  const std::string file_path = cache.dir + "/" + name;
  // Records the stamps once the entry is there, unless the index file may not be trusted, and
  // only if the files read are the ones stamped: a file replaced or a link switched between the
  // two (and perhaps back later) must not tie the old stamps to what was read.
  const auto record_stamps = [&] {
    if (!stamps || !stamps->settled || index.state == FoundFile::State::untrusted) return;
    const auto read_stamps = stamps_of(*paths, opened, cache.build_id, cache.settle_seconds);
    if (read_stamps && read_stamps->key == stamps->key)
      write_cache_file(dir.get(), index_name, index_file(stamps->key, key));
  };
  FoundFile found = read_cache_file(dir.get(), name, file_path);
  report.problem = found.problem.empty() ? index.problem : found.problem;
  if (found.state == FoundFile::State::read) {
    std::string why;
    if (auto rb = deserialize_rule_base(found.bytes, key, why)) {
      // Later messages may quote source lines: give them the files' text.
      for (const auto& [file, text] : *files) diags.add_source(file, text);
      report.read = true;
      record_stamps();
      return rb;
    }
    report.problem = fmt::format("the cache file {} was refused: {}", quoted(file_path), why);
  }
  auto rb = load_rule_base_texts(*files, diags);
  if (!rb) return rb;
  // Only a file that reads back is written: a rule base beyond the reader's limits stays uncached
  // (and is used whole) instead of being refused and rewritten on every run. What reads back is
  // what this run uses, so that the first run through the cache gives what the later ones read.
  const std::string bytes = serialize_rule_base(*rb, key);
  std::string why;
  auto back = bytes.size() <= kMaxCacheFileBytes ? deserialize_rule_base(bytes, key, why) : std::nullopt;
  if (!back) return rb;
  if (found.state != FoundFile::State::untrusted) {
    report.written = write_cache_file(dir.get(), name, bytes);
    if (report.written) record_stamps();
  }
  return back;
}

}  // namespace backtriage
