// The rule files of a folder as they were at a git revision, for `rules diff --git REV`: read
// with git itself (a child process, no shell), never checked out.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace backtriage::cli {

struct RulesAtRevision {
  std::string label;  // "REV:path/" as git names the folder at that revision
  std::vector<std::pair<std::string, std::string>> files;  // "REV:path/name.yaml" and its text
};

/// The *.yaml and *.yml files of `folder` (which must be inside a git work tree) at revision rev.
/// Throws Error naming what failed: git missing, not a repository, an unknown revision, a folder
/// that did not exist then, a file over max_file_bytes, more than max_files files.
RulesAtRevision rule_files_at_revision(const std::string& folder, const std::string& rev, size_t max_file_bytes,
                                       size_t max_files);

}  // namespace backtriage::cli
