// Checked output: standard output as a stream, a regular file replaced whole or not at all, and
// devices or FIFOs written in place. See output.hpp for the rules.
#include "output.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "base/diagnostics.hpp"
#include "base/text.hpp"
#include "terminal.hpp"

namespace backtriage::cli {

namespace {

// Named temporary files that a signal must not leave behind. Only async-signal-safe calls touch
// them in the handler, so the names live in fixed arrays.
constexpr size_t kMaxTemps = 4;
char g_temp_names[kMaxTemps][PATH_MAX];
volatile std::sig_atomic_t g_temp_used[kMaxTemps];

extern "C" void remove_temps_and_stop(int sig) {
  for (size_t i = 0; i < kMaxTemps; ++i)
    if (g_temp_used[i]) ::unlink(g_temp_names[i]);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

void install_temp_cleanup() {
  static bool installed = false;
  if (installed) return;
  installed = true;
  struct sigaction sa {};
  sa.sa_handler = remove_temps_and_stop;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
  // Where Ctrl-C only raises a flag (the questionnaire, batch), the command sees it and discards
  // its output; everywhere else it stops the process, and the file goes first.
  struct sigaction current {};
  if (::sigaction(SIGINT, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) ::sigaction(SIGINT, &sa, nullptr);
}

/// Registers a temporary file name for removal on a signal; false when it is too long or the
/// table is full (then the name is simply not protected).
int register_temp(const std::string& name) {
  install_temp_cleanup();
  if (name.size() >= PATH_MAX) return -1;
  for (size_t i = 0; i < kMaxTemps; ++i) {
    if (g_temp_used[i]) continue;
    std::memcpy(g_temp_names[i], name.c_str(), name.size() + 1);
    g_temp_used[i] = 1;
    return static_cast<int>(i);
  }
  return -1;
}

void unregister_temp(const std::string& name) {
  for (size_t i = 0; i < kMaxTemps; ++i)
    if (g_temp_used[i] && name == g_temp_names[i]) g_temp_used[i] = 0;
}

/// ".backtriage-" and 8 random letters: short, so that any legal target name can be replaced.
std::string temp_name_in(const std::string& dir) {
  static constexpr char kLetters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  unsigned char random[8] = {};
  if (::getrandom(random, sizeof random, 0) != static_cast<ssize_t>(sizeof random))
    for (auto& b : random) b = static_cast<unsigned char>(std::rand());
  std::string name = dir + "/.backtriage-";
  for (unsigned char b : random) name += kLetters[b % (sizeof kLetters - 1)];
  return name;
}

unsigned current_umask() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return mask;
}

/// The descriptor a name such as /dev/stderr or /dev/fd/3 stands for, or -1. Opening such a name
/// anew would start at offset 0 of a file the shell opened (or, replaced, lose it altogether).
int open_descriptor_named(const std::string& path) {
  if (path == "/dev/stdout") return 1;
  if (path == "/dev/stderr") return 2;
  for (std::string_view prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    if (!path.starts_with(prefix)) continue;
    const std::string_view digits = std::string_view(path).substr(prefix.size());
    if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string_view::npos)
      return -1;
    return std::stoi(std::string(digits));
  }
  return -1;
}

/// 1 or 2 when st is the very file standard output or standard error is (whatever name reaches
/// it: //dev/stdout, a link, /proc/PID/fd/1), else -1: replacing it would cut the shell's file.
int standard_descriptor_of(const struct stat& st) {
  for (int fd : {1, 2}) {
    struct stat open_st {};
    if (::fstat(fd, &open_st) == 0 && open_st.st_dev == st.st_dev && open_st.st_ino == st.st_ino) return fd;
  }
  return -1;
}

std::string folder_of(const std::string& path) {
  const std::filesystem::path p(path);
  return p.has_parent_path() ? p.parent_path().string() : ".";
}

}  // namespace

// ---- FdStreambuf ----

FdStreambuf::FdStreambuf(int fd) : fd_(fd) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }

FdStreambuf::~FdStreambuf() { drain(); }

bool FdStreambuf::write_all(const char* data, size_t size) {
  if (errno_ != 0) return false;
  while (size > 0) {
    const ssize_t n = ::write(fd_, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      errno_ = n < 0 ? errno : EIO;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
    written_ += static_cast<std::uint64_t>(n);
  }
  if (writeback_step_ != 0 && written_ - handed_off_ >= writeback_step_) start_writeback();
  return true;
}

void FdStreambuf::start_writeback() {
  // Best effort: a file system without it (EINVAL, ESPIPE) only leaves more for the fsync.
  if (::sync_file_range(fd_, static_cast<off64_t>(handed_off_), static_cast<off64_t>(written_ - handed_off_),
                        SYNC_FILE_RANGE_WRITE) != 0)
    writeback_step_ = 0;
  handed_off_ = written_;
}

bool FdStreambuf::drain() {
  const bool ok = write_all(pbase(), static_cast<size_t>(pptr() - pbase()));
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  return ok;
}

FdStreambuf::int_type FdStreambuf::overflow(int_type c) {
  if (!drain()) return traits_type::eof();
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  *pptr() = traits_type::to_char_type(c);
  pbump(1);
  return c;
}

std::streamsize FdStreambuf::xsputn(const char* s, std::streamsize n) {
  const auto size = static_cast<size_t>(n);
  if (size <= static_cast<size_t>(epptr() - pptr())) {
    std::memcpy(pptr(), s, size);
    pbump(static_cast<int>(n));
    return n;
  }
  // A large piece goes straight out after what is buffered.
  if (!drain() || !write_all(s, size)) return 0;
  return n;
}

int FdStreambuf::sync() { return drain() ? 0 : -1; }

int stream_error(std::ostream& stream) {
  stream.flush();
  if (const auto* buf = dynamic_cast<const FdStreambuf*>(stream.rdbuf()); buf && buf->error_number() != 0)
    return buf->error_number();
  return stream.fail() ? EIO : 0;
}

// ---- Output ----

Output::Output(const std::string& path, std::ostream& standard, FileAccess access) : path_(path) {
  const int named_fd = open_descriptor_named(path);
  if (path.empty() || path == "-" || named_fd == 1) {
    stream_ = &standard;
    return;
  }
  if (named_fd >= 0) {
    const int fd = ::fcntl(named_fd, F_DUPFD_CLOEXEC, 3);
    if (fd < 0) fail("cannot write", errno);
    use_stream(fd);
    return;
  }
  struct stat link {};
  struct stat st {};
  if (::lstat(path.c_str(), &link) != 0) {
    if (errno != ENOENT) fail("cannot write", errno);
    open_replacement(path, access);  // a new file
    return;
  }
  if (::stat(path.c_str(), &st) != 0) fail("is a symbolic link to nothing; cannot write", errno);
  if (S_ISDIR(st.st_mode)) fail("is a folder; cannot write", EISDIR);
  if (const int fd = standard_descriptor_of(st); fd == 1) {
    stream_ = &standard;
    return;
  } else if (fd == 2) {
    const int copy = ::fcntl(2, F_DUPFD_CLOEXEC, 3);
    if (copy < 0) fail("cannot write", errno);
    use_stream(copy);
    return;
  }
  if (S_ISREG(st.st_mode)) {
    // Replacing goes through the folder, not the file: ask the file's own permission first, as
    // the shell's '>' would, so that a read-only file stays read-only.
    if (::faccessat(AT_FDCWD, path.c_str(), W_OK, AT_EACCESS) != 0) fail("cannot write", errno);
    // Replace the file a link points to, so that the link stays a link.
    std::error_code ec;
    const std::string target = S_ISLNK(link.st_mode) ? std::filesystem::canonical(path, ec).string() : path;
    if (ec) fail("cannot resolve the link", ec.value());
    mode_ = st.st_mode & 0777;
    owner_ = static_cast<int>(st.st_uid);
    group_ = static_cast<int>(st.st_gid);
    open_replacement(target, access);
    return;
  }
  // A device, a FIFO or a socket: written to as it is, like the shell's '>' would.
  const int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) fail("cannot open", errno);
  use_stream(fd);
}

void Output::use_stream(int fd) {
  kind_ = Kind::stream;
  attach(fd);
}

void Output::attach(int fd) {
  fd_ = fd;
  buf_ = std::make_unique<FdStreambuf>(fd_);
  own_stream_.rdbuf(buf_.get());
  stream_ = &own_stream_;
}

void Output::open_replacement(const std::string& target, FileAccess access) {
  kind_ = Kind::replacement;
  target_ = target;
  if (owner_ < 0) mode_ = access == FileAccess::private_to_user ? 0600 : (0666 & ~current_umask());
  const std::string dir = folder_of(target);
  // An unnamed file first: nothing is left behind if the process dies before commit(). The
  // named fallback can be forced, so that the tests reach it on file systems with O_TMPFILE.
  // Naming it later goes through /proc/self/fd: without /proc, the named file is the way.
  const char* force_named = std::getenv("BACKTRIAGE_TEST_NAMED_TEMP");
  if ((force_named && *force_named) || ::access("/proc/self/fd", X_OK) != 0) {
    fd_ = -1;
    errno = EOPNOTSUPP;
  } else {
    fd_ = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  }
  if (fd_ < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
      temp_ = temp_name_in(dir);
      fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd_ < 0 && errno != EEXIST) break;
    }
    if (fd_ >= 0) register_temp(temp_);
  }
  if (fd_ < 0) {
    const int error_number = errno;
    temp_.clear();
    fail(fmt::format("cannot create a temporary file in the folder '{}' (needed to write the file whole or not "
                     "at all)",
                     printable(dir)),
         error_number);
  }
  attach(fd_);
  buf_->start_writeback_every(size_t{8} << 20);
}

Output::~Output() {
  if (!committed_) discard();
}

void Output::discard() {
  if (kind_ == Kind::standard) return;
  own_stream_.rdbuf(nullptr);
  buf_.reset();  // its last flush goes to a file that is about to vanish, or to the stream
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) {
    ::unlink(temp_.c_str());
    unregister_temp(temp_);
    temp_.clear();
  }
}

std::string Output::name() const {
  return kind_ == Kind::standard ? std::string("standard output") : printable(path_);
}

bool Output::write(std::string_view text) {
  stream_->write(text.data(), static_cast<std::streamsize>(text.size()));
  return !stream_->fail();
}

void Output::fail(std::string_view what, int error_number) {
  const int saved = error_number;
  discard();
  committed_ = true;
  throw Error(fmt::format("{}: {}: {}", printable(path_), what, std::strerror(saved)), ErrorKind::failure);
}

void Output::commit() {
  if (committed_) return;
  if (interrupted()) {
    discard();
    committed_ = true;
    throw Error(kind_ == Kind::replacement ? fmt::format("interrupted; {} was not written", name())
                                           : std::string("interrupted"),
                ErrorKind::interrupted);
  }
  const int error_number = stream_error(*stream_);
  if (kind_ == Kind::standard) {
    committed_ = true;
    if (error_number == EPIPE) throw BrokenPipe{};
    if (error_number != 0)
      throw Error(fmt::format("standard output: cannot write: {}", std::strerror(error_number)), ErrorKind::failure);
    return;
  }
  if (error_number == EPIPE && kind_ == Kind::stream) {  // a FIFO's reader went away
    discard();
    committed_ = true;
    throw BrokenPipe{};
  }
  if (error_number != 0) fail("cannot write", error_number);
  if (kind_ == Kind::stream) {
    committed_ = true;
    discard();
    return;
  }
  if (::fsync(fd_) != 0) fail("cannot write (sync)", errno);
  if (::fchmod(fd_, static_cast<mode_t>(mode_)) != 0) fail("cannot set the permissions", errno);
  // Keep the replaced file's owner and group where the system allows it (root always; a user may
  // keep a group they belong to). A refusal leaves the file as the user's own: not an error.
  if (owner_ >= 0 && (owner_ != static_cast<int>(::geteuid()) || group_ != static_cast<int>(::getegid()))) {
    const bool owner_kept = ::fchown(fd_, static_cast<uid_t>(owner_), static_cast<gid_t>(group_)) == 0;
    const bool group_kept = owner_kept || ::fchown(fd_, static_cast<uid_t>(-1), static_cast<gid_t>(group_)) == 0;
    static_cast<void>(group_kept);
  }
  const std::string dir = folder_of(target_);
  if (temp_.empty()) {  // an unnamed file: give it a short name, then move it over the target
    const std::string proc = fmt::format("/proc/self/fd/{}", fd_);
    for (int attempt = 0; attempt < 100 && temp_.empty(); ++attempt) {
      const std::string name = temp_name_in(dir);
      register_temp(name);
      if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) {
        temp_ = name;
      } else {
        const int e = errno;
        unregister_temp(name);
        if (e != EEXIST) fail("cannot write", e);
      }
    }
    if (temp_.empty()) fail("cannot write", EEXIST);
  }
  if (::rename(temp_.c_str(), target_.c_str()) != 0) fail("cannot replace the file", errno);
  unregister_temp(temp_);
  temp_.clear();
  if (::close(fd_) != 0) {
    fd_ = -1;
    fail("cannot write (close)", errno);
  }
  fd_ = -1;
  // The rename itself is durable once the folder is synced; a failure here loses nothing.
  if (const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  committed_ = true;
  own_stream_.rdbuf(nullptr);
  buf_.reset();
}

void check_standard_input() {
  struct stat st {};
  if (standard_input_was_closed() || ::fstat(0, &st) != 0)
    throw Error("standard input is closed; give cases with < FILE, a pipe or --input FILE", ErrorKind::bad_input);
  if (S_ISDIR(st.st_mode))
    throw Error("standard input is a folder; give a file of JSON lines", ErrorKind::bad_input);
}

int open_input(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(fmt::format("{}: cannot open: {}", printable(path), std::strerror(errno)), ErrorKind::bad_input);
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw Error(fmt::format("{}: is a folder; give a file of JSON lines", printable(path)), ErrorKind::bad_input);
  }
  return fd;
}

}  // namespace backtriage::cli
