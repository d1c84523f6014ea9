// Event-driven YAML reading with hard limits (see shared RELIABILITY.md for the failure modes of
// yaml-cpp 0.7.0 that this file exists to contain). The only file that includes yaml-cpp.
#include "lang/yaml_tree.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <sstream>
#include <unordered_set>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "base/text.hpp"

namespace backtriage::yaml {

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::null: return "nothing";
    case Kind::scalar: return "a single value";
    case Kind::sequence: return "a list";
    case Kind::map: return "a map of keys";
  }
  return "nothing";
}

const Node* Node::find(std::string_view k) const {
  if (kind != Kind::map) return nullptr;
  for (const auto& c : children)
    if (c.key == k) return &c;
  return nullptr;
}

namespace {

/// Reads fd to its end, refusing more than max_bytes; size_hint sizes the first buffer.
std::optional<std::string> read_bounded(int fd, const std::string& path, size_t size_hint, size_t max_bytes,
                                        Diagnostics& diags) {
  // Size the buffer by fstat, not by the cap: a 4 MiB memset per small file was most of the
  // load time. One byte more than the cap detects a file that grew after fstat.
  std::string text;
  text.resize(std::min(size_hint, max_bytes) + 1);
  size_t got = 0;
  for (;;) {
    if (got == text.size()) {
      if (text.size() > max_bytes) break;
      text.resize(std::min(text.size() * 2, max_bytes + 1));
    }
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      // A non-blocking standard input (`--answers -` after a shell set O_NONBLOCK): the rest of
      // the file is still to come. Wait for it; taking this for the end would drop answers.
      struct pollfd p {};
      p.fd = fd;
      p.events = POLLIN;
      if (::poll(&p, 1, -1) >= 0 || errno == EINTR) continue;
    }
    if (n < 0) {
      diags.error({path}, fmt::format("cannot read: {}", std::strerror(errno)));
      return std::nullopt;
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  if (got > max_bytes) {
    diags.error({path}, fmt::format("more than the limit of {} bytes", max_bytes));
    return std::nullopt;
  }
  text.resize(got);
  return text;
}

}  // namespace

std::optional<std::string> read_file(const std::string& path, size_t max_bytes, Diagnostics& diags,
                                     struct stat* opened) {
  // O_NONBLOCK: opening a FIFO with no writer must not hang; S_ISREG then refuses it.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    diags.error({path}, fmt::format("cannot open file: {}", std::strerror(errno)));
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const bool is_dir = S_ISDIR(st.st_mode);
    ::close(fd);
    diags.error({path}, is_dir ? "is a directory, expected a YAML file"
                               : "not a regular file (devices, FIFOs and sockets are refused)");
    return std::nullopt;
  }
  if (static_cast<unsigned long long>(st.st_size) > max_bytes) {
    ::close(fd);
    diags.error({path}, fmt::format("file is {} bytes, more than the limit of {} bytes",
                                    st.st_size, max_bytes));
    return std::nullopt;
  }
  if (opened != nullptr) *opened = st;
  auto text = read_bounded(fd, path, static_cast<size_t>(st.st_size), max_bytes, diags);
  ::close(fd);
  return text;
}

std::optional<std::string> read_stream(int fd, const std::string& name, size_t max_bytes, Diagnostics& diags) {
  return read_bounded(fd, name, 4096, max_bytes, diags);
}

namespace {

/// Stops the parse at the first structural problem; caught in parse().
struct Stop {
  int line;
  int col;
  std::string message;
};

/// Builds our tree from yaml-cpp events, enforcing every limit as the events arrive.
class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(FileName file, std::string_view text, const Limits& limits)
      : file_(std::move(file)), text_(text), limits_(limits) {}

  Node take_root() { return std::move(root_); }
  bool has_root() const { return has_root_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    check_anchor(mark, anchor);
    Node n;
    n.kind = Kind::null;
    n.loc = loc(mark);
    add(std::move(n));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    fail(mark, "aliases (*name) are not allowed: write the value out in full");
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    check_anchor(mark, anchor);
    check_tag(mark, tag, "tag:yaml.org,2002:str");
    if (value.size() > limits_.max_scalar_bytes)
      fail(mark, fmt::format("value is {} bytes long, more than the limit of {}", value.size(),
                             limits_.max_scalar_bytes));
    // Escapes such as "\0" or "\e" produce control characters that the raw-text check never saw.
    if (auto p = check_text(value, false))
      fail(mark, fmt::format("value contains a {}", p->message));
    Node n;
    n.kind = Kind::scalar;
    n.loc = loc(mark);
    n.value = value;
    n.quoted = tag == "!";
    if (n.quoted) check_closing_quote(mark);
    add(std::move(n));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, tag, anchor, Kind::sequence, "tag:yaml.org,2002:seq");
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, tag, anchor, Kind::map, "tag:yaml.org,2002:map");
  }
  void OnMapEnd() override { close(); }

  void OnAnchor(const YAML::Mark& mark, const std::string&) override {
    fail(mark, "anchors (&name) are not allowed: write the value out in full");
  }

 private:
  struct Open {
    Node node;
    bool expecting_key = true;      // for maps: the next child is a key
    std::string pending_key;
    SourceLoc pending_key_loc;
    std::unordered_set<std::string> seen_keys;
  };

  SourceLoc loc(const YAML::Mark& mark) const {
    if (mark.is_null()) return {file_};
    return {file_, mark.line + 1, mark.column + 1};
  }

  [[noreturn]] void fail(const YAML::Mark& mark, std::string message) const {
    throw Stop{mark.is_null() ? 0 : mark.line + 1, mark.is_null() ? 0 : mark.column + 1,
               std::move(message)};
  }
  [[noreturn]] void fail(const SourceLoc& l, std::string message) const {
    throw Stop{l.line, l.col, std::move(message)};
  }

  void check_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) const {
    if (anchor != YAML::NullAnchor)
      fail(mark, "anchors (&name) are not allowed: write the value out in full");
  }

  void check_tag(const YAML::Mark& mark, const std::string& tag, std::string_view allowed) const {
    if (tag.empty() || tag == "?" || tag == "!" || tag == allowed) return;
    fail(mark, fmt::format("tags such as '{}' are not allowed", tag));
  }

  // yaml-cpp 0.7.0 accepts an unclosed quote that runs to the end of the file (it swallows the
  // rest of the file into one value); we check the raw text for the closing quote ourselves.
  void check_closing_quote(const YAML::Mark& mark) const {
    if (mark.pos < 0 || static_cast<size_t>(mark.pos) >= text_.size()) return;
    const char q = text_[static_cast<size_t>(mark.pos)];
    if (q != '"' && q != '\'') return;
    for (size_t i = static_cast<size_t>(mark.pos) + 1; i < text_.size(); ++i) {
      if (q == '"' && text_[i] == '\\') {
        ++i;
        continue;
      }
      if (text_[i] == q) {
        if (q == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
          ++i;  // '' is an escaped quote inside single quotes
          continue;
        }
        return;
      }
    }
    fail(mark, fmt::format("this {} quote is never closed", q == '"' ? "double" : "single"));
  }

  void count_node(const SourceLoc& l) {
    if (++nodes_ > limits_.max_nodes)
      fail(l, fmt::format("more than {} YAML nodes in one file", limits_.max_nodes));
  }

  void open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, Kind kind,
            std::string_view allowed_tag) {
    check_anchor(mark, anchor);
    check_tag(mark, tag, allowed_tag);
    if (static_cast<int>(stack_.size()) >= limits_.max_depth)
      fail(mark, fmt::format("nesting deeper than {} levels", limits_.max_depth));
    if (!stack_.empty() && stack_.back().node.is_map() && stack_.back().expecting_key)
      fail(mark, "a key must be a plain name, not a list or a map");
    count_node(loc(mark));
    Open o;
    o.node.kind = kind;
    o.node.loc = loc(mark);
    stack_.push_back(std::move(o));
  }

  void close() {
    Node n = std::move(stack_.back().node);
    stack_.pop_back();
    add(std::move(n));
  }

  void add(Node n) {
    if (n.kind == Kind::scalar || n.kind == Kind::null) count_node(n.loc);
    if (stack_.empty()) {
      root_ = std::move(n);
      has_root_ = true;
      return;
    }
    Open& top = stack_.back();
    if (top.node.kind == Kind::sequence) {
      top.node.children.push_back(std::move(n));
      return;
    }
    if (top.expecting_key) {
      if (n.kind == Kind::null) fail(n.loc, "a key must be a plain name, not empty or null");
      if (n.value == "<<" && !n.quoted)
        fail(n.loc, "merge keys (<<) are not supported: write the entries out in full");
      if (!top.seen_keys.insert(n.value).second)
        fail(n.loc, fmt::format("duplicate key '{}' (each key may appear once in a map)", n.value));
      top.pending_key = std::move(n.value);
      top.pending_key_loc = n.loc;
      top.expecting_key = false;
      return;
    }
    n.key = std::move(top.pending_key);
    n.key_loc = top.pending_key_loc;
    top.node.children.push_back(std::move(n));
    top.expecting_key = true;
  }

  FileName file_;  // one shared name for every node's location
  std::string_view text_;
  const Limits& limits_;
  std::vector<Open> stack_;
  Node root_;
  bool has_root_ = false;
  size_t nodes_ = 0;
};

/// yaml-cpp's parser messages, made to say what a person should fix.
std::string explain_parser_error(const std::string& msg, std::string_view line) {
  const size_t indent_end = line.find_first_not_of(" \t");
  if (line.substr(0, indent_end).find('\t') != std::string_view::npos)
    return "tab used for indentation (YAML indents with spaces only)";
  if (msg == "end of map flow not found") return "a '{' is never closed with '}'";
  // yaml-cpp allows implicit keys of at most 1024 characters and says only "illegal map value".
  if (msg == "illegal map value" && line.find(':') != std::string_view::npos && line.find(':') > 1024)
    return "a key longer than 1024 characters (keys are short names)";
  if (msg == "illegal map value" && line.find(": ") != line.rfind(": "))
    return "a second ': ' on this line: put a value that contains ': ' in quotes";
  if (msg == "end of sequence flow not found") return "a '[' is never closed with ']'";
  return msg;
}

/// Whether a document's text is only blank lines, comments and document markers.
bool holds_nothing(std::string_view text) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    const size_t first = line.find_first_not_of(" \t");
    line = first == std::string_view::npos ? std::string_view() : line.substr(first);
    if (!line.empty() && line.front() != '#' && !line.starts_with("---") && !line.starts_with("...")) return false;
    if (line.starts_with("---") || line.starts_with("...")) {
      const std::string_view rest = line.substr(3);
      const size_t more = rest.find_first_not_of(" \t");
      if (more != std::string_view::npos && rest[more] != '#') return false;
    }
    start = end + 1;
  }
  return true;
}

}  // namespace

std::optional<Node> parse(const std::string& path, std::string_view raw, Diagnostics& diags,
                          const Limits& limits, EmptyDocument empty) {
  const FileName file(path);  // shared by every location below, not copied per node
  std::string text(raw);
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // one leading UTF-8 BOM is allowed
  if (auto p = check_text(text, /*allow_cr=*/true)) {
    diags.add_source(path, text);
    const auto [line, col] = line_col_of(text, p->offset);
    diags.error({file, line, col}, p->message);
    return std::nullopt;
  }
  // CRLF becomes LF (yaml-cpp 0.7.0 fails on bare CR: refuse those explicitly).
  std::string normal;
  normal.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      normal += text[i];
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '\n') continue;
    diags.add_source(path, text);
    const auto [line, col] = line_col_of(text, i);
    diags.error({file, line, col}, "carriage return without a line feed (old Mac line endings)");
    return std::nullopt;
  }
  diags.add_source(path, normal);

  TreeBuilder builder(file, normal, limits);
  try {
    std::istringstream in(normal);
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
    // A second document (or yaml-cpp's endless empty documents after junk) is refused: never
    // drive the parser past this point.
    if (parser.HandleNextDocument(builder)) {
      diags.error({file}, "more than one YAML document ('---'); a file holds one document");
      return std::nullopt;
    }
  } catch (const Stop& s) {
    diags.error({file, s.line, s.col}, s.message);
    return std::nullopt;
  } catch (const YAML::DeepRecursion&) {
    diags.error({file}, fmt::format("nesting deeper than {} levels", limits.max_depth));
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    const SourceLoc l = e.mark.is_null() ? SourceLoc{file}
                                         : SourceLoc{file, e.mark.line + 1, e.mark.column + 1};
    diags.error(l, explain_parser_error(e.msg, nth_line(normal, l.line)));
    return std::nullopt;
  } catch (const std::exception& e) {
    diags.error({file}, fmt::format("cannot parse YAML: {}", e.what()));
    return std::nullopt;
  }
  Node root = builder.has_root() ? builder.take_root() : Node{};
  if (root.is_null()) {
    // Only a document with nothing written in it is empty; an explicit null ("~", "null") is a
    // value, and not a map.
    if (empty == EmptyDocument::empty_map && holds_nothing(normal)) {
      Node map;
      map.kind = Kind::map;
      map.loc = {file};
      return map;
    }
    if (holds_nothing(normal))
      diags.error({file}, "empty file: expected a YAML map");
    else
      diags.error(root.loc.known() ? root.loc : SourceLoc{file, 1, 1},
                  "expected a map of keys at the top of the file, found a null value ('~' or 'null')");
    return std::nullopt;
  }
  if (!root.is_map()) {
    diags.error(root.loc, fmt::format("expected a map of keys at the top of the file, found {}",
                                      kind_name(root.kind)));
    return std::nullopt;
  }
  return root;
}

std::optional<Node> load_file(const std::string& path, Diagnostics& diags, const Limits& limits) {
  auto text = read_file(path, limits.max_file_bytes, diags);
  if (!text) return std::nullopt;
  return parse(path, *text, diags, limits);
}

}  // namespace backtriage::yaml
