// Rule base discovery, so that `backtriage` works without --rules both in-tree and installed.
#include "locate_rules.hpp"

#include <cstdlib>
#include <filesystem>

#include "base/diagnostics.hpp"

namespace backtriage::cli {

std::string locate_rules(const std::string& from_flag) {
  namespace fs = std::filesystem;
  if (!from_flag.empty()) return from_flag;
  if (const char* env = std::getenv("BACKTRIAGE_RULES"); env && *env) return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // An installed binary lives in PREFIX/bin and its rules in PREFIX/share/backtriage/rules.
    const fs::path installed = exe.parent_path().parent_path() / BACKTRIAGE_RULES_INSTALL_DIR;
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  // Empty in a distribution package (BACKTRIAGE_SOURCE_TREE_RULES=OFF).
  const fs::path in_tree = BACKTRIAGE_SOURCE_RULES_DIR;
  if (!in_tree.empty() && fs::is_directory(in_tree, ec)) return in_tree.string();
  throw Error("cannot find the shipped rule base; pass --rules DIR or set BACKTRIAGE_RULES",
              ErrorKind::failure);
}

}  // namespace backtriage::cli
