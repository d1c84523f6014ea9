// rule_files_at_revision: see git_rules.hpp.
#include "git_rules.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "base/diagnostics.hpp"
#include "base/text.hpp"
#include "child_process.hpp"

namespace backtriage::cli {

namespace {

constexpr int kGitTimeoutMs = 60'000;

/// git -C folder ARGS..., its standard output; an Error when it cannot run or fails.
std::string git(const std::string& folder, std::vector<std::string> args, size_t max_output, const std::string& failed) {
  args.insert(args.begin(), {"git", "-C", folder});
  std::string why_not;
  bool not_found = false;
  const auto run = run_child(args, why_not, not_found, kGitTimeoutMs, max_output);
  if (!run || not_found) throw Error(not_found ? "rules diff --git needs git, which is not installed" : why_not);
  if (run->timed_out) throw Error(fmt::format("git took longer than {} s and was stopped", kGitTimeoutMs / 1000));
  if (run->too_much) throw Error(failed + fmt::format(" (more than {} bytes)", max_output), ErrorKind::bad_input);
  if (run->exit_status != 0) throw Error(failed, ErrorKind::bad_input);
  return run->out;
}

}  // namespace

RulesAtRevision rule_files_at_revision(const std::string& folder, const std::string& rev, size_t max_file_bytes,
                                       size_t max_files) {
  // A revision that looks like an option would be read as one by git.
  if (rev.empty() || rev.front() == '-' || rev.find_first_of(std::string("\n\r\0:", 4)) != std::string::npos)
    throw Error(fmt::format("--git {}: expected a revision such as HEAD, HEAD~1, main or a commit id",
                            printable(rev)),
                ErrorKind::bad_input);
  std::error_code ec;
  const std::string dir = std::filesystem::absolute(folder, ec).string();
  std::string prefix = git(dir, {"rev-parse", "--show-prefix"}, 4096,
                           fmt::format("{} is not inside a git work tree, so --git has nothing to read", printable(folder)));
  while (!prefix.empty() && (prefix.back() == '\n' || prefix.back() == '\r')) prefix.pop_back();
  // The commit first: an unknown revision is said as such, not as a missing folder.
  git(dir, {"rev-parse", "--verify", "--quiet", rev + "^{commit}"}, 4096,
      fmt::format("--git {}: git knows no such revision", printable(rev)));
  RulesAtRevision out;
  out.label = rev + ":" + prefix;
  const std::string listing = git(dir, {"ls-tree", "--full-tree", "-z", "--name-only", rev + ":" + prefix}, size_t{1} << 20,
                                  fmt::format("{} did not exist at revision {}", printable(folder), printable(rev)));
  for (size_t start = 0; start < listing.size();) {
    size_t end = listing.find('\0', start);
    if (end == std::string::npos) end = listing.size();
    const std::string name = listing.substr(start, end - start);
    start = end + 1;
    // As the folder loader takes them: *.yaml and *.yml, a name before the extension.
    const bool yaml = (name.size() > 5 && name.ends_with(".yaml")) || (name.size() > 4 && name.ends_with(".yml"));
    if (!yaml || name.find('/') != std::string::npos) continue;
    if (out.files.size() == max_files)
      throw Error(fmt::format("{} holds more than {} rule files", printable(out.label), max_files), ErrorKind::bad_input);
    std::string text = git(dir, {"cat-file", "blob", rev + ":" + prefix + name}, max_file_bytes,
                           fmt::format("cannot read {}{} at revision {}", printable(prefix), printable(name), printable(rev)));
    out.files.emplace_back(out.label + name, std::move(text));
  }
  if (out.files.empty())
    throw Error(fmt::format("{} holds no rule files (*.yaml)", printable(out.label)), ErrorKind::bad_input);
  return out;
}

}  // namespace backtriage::cli
