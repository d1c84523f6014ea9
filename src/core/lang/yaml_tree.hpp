// A defensive YAML reader: untrusted text in, a small tree with source positions out.
// yaml-cpp is driven through its event API only, so no limit of ours depends on its node graph:
// anchors, aliases, tags, duplicate keys, second documents and deep nesting are refused here.
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.hpp"

namespace backtriage::yaml {

struct Limits {
  size_t max_file_bytes = size_t{4} << 20;    // 4 MiB: rule files are a few KiB
  int max_depth = 64;                         // yaml-cpp itself gives up at ~500
  size_t max_nodes = 200'000;
  size_t max_scalar_bytes = size_t{64} << 10;
};

enum class Kind : unsigned char { null, scalar, sequence, map };
std::string_view kind_name(Kind k);  // "nothing", "a text value", "a list", "a map"

/// A YAML node with its place in the file. Maps keep their entries in file order; each value
/// node of a map carries its key and the key's place.
struct Node {
  Kind kind = Kind::null;
  SourceLoc loc;
  std::string value;      // the text of a scalar
  bool quoted = false;    // "yes" written in quotes is still the text yes
  std::vector<Node> children;
  std::string key;        // set on the values of a map
  SourceLoc key_loc;

  bool is_map() const { return kind == Kind::map; }
  bool is_sequence() const { return kind == Kind::sequence; }
  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_null() const { return kind == Kind::null; }
  /// The value stored under key in a map, or nullptr.
  const Node* find(std::string_view key) const;
};

/// Reads a regular file of at most max_bytes; reports and returns nothing otherwise. opened, when
/// given, receives fstat() of the file actually opened, taken before its bytes are read.
std::optional<std::string> read_file(const std::string& path, size_t max_bytes, Diagnostics& diags,
                                     struct stat* opened = nullptr);

/// What a document with nothing in it (empty, only comments, a bare '---') is. A rule file must
/// hold something; an answers file with no answers is what `ask --record` writes after `back`
/// over the first answer, and reads as an empty map.
enum class EmptyDocument : unsigned char { refused, empty_map };

/// Parses one YAML document whose root must be a map. The text is registered with diags so
/// that errors quote their line.
std::optional<Node> parse(const std::string& file, std::string_view text, Diagnostics& diags,
                          const Limits& limits = {}, EmptyDocument empty = EmptyDocument::refused);

/// Reads a stream (standard input: fd 0) to its end, at most max_bytes; name is for messages.
std::optional<std::string> read_stream(int fd, const std::string& name, size_t max_bytes, Diagnostics& diags);

/// read_file + parse.
std::optional<Node> load_file(const std::string& path, Diagnostics& diags, const Limits& limits = {});

}  // namespace backtriage::yaml
