// Formatting and ordering of diagnostics, in the GNU "file:line:col: severity: message" style.
#include "base/diagnostics.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "base/text.hpp"

namespace backtriage {

std::string SourceLoc::str() const {
  // A file name is shown escaped: it may hold any byte, a terminal escape included.
  if (line > 0 && col > 0) return fmt::format("{}:{}:{}", printable(file), line, col);
  if (line > 0) return fmt::format("{}:{}", printable(file), line);
  return printable(file);
}

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
    case Severity::note: return "note";
  }
  return "error";
}

void Diagnostics::error(SourceLoc loc, std::string message) {
  add({Severity::error, std::move(loc), std::move(message)});
}
void Diagnostics::warning(SourceLoc loc, std::string message) {
  add({Severity::warning, std::move(loc), std::move(message)});
}
void Diagnostics::note(SourceLoc loc, std::string message) {
  add({Severity::note, std::move(loc), std::move(message)});
}

void Diagnostics::info(SourceLoc loc, std::string message) {
  add({Severity::info, std::move(loc), std::move(message)});
}

void Diagnostics::promote_warnings() {
  for (auto& d : items_)
    if (d.severity == Severity::warning) d.severity = Severity::error;
  for (auto& [file, count] : per_file_) {
    count.more_errors += count.more_warnings;
    count.more_warnings = 0;
  }
  errors_ += warnings_;
  warnings_ = 0;
}

void Diagnostics::add(Diagnostic d) {
  if (d.severity == Severity::error) ++errors_;
  if (d.severity == Severity::warning) ++warnings_;
  if (d.severity == Severity::note) {
    if (!last_dropped_) items_.push_back(std::move(d));
    return;
  }
  auto it = per_file_.find(d.loc.file);
  if (it == per_file_.end()) it = per_file_.emplace(d.loc.file, PerFile{}).first;
  PerFile& count = it->second;
  last_dropped_ = count.kept >= kShownPerFile;
  if (last_dropped_) {
    (d.severity == Severity::error ? count.more_errors : d.severity == Severity::warning ? count.more_warnings
                                                                                         : count.more_others)++;
    return;
  }
  ++count.kept;
  items_.push_back(std::move(d));
}

size_t Diagnostics::not_shown() const {
  size_t n = 0;
  for (const auto& [file, count] : per_file_)
    n += static_cast<size_t>(count.more_errors + count.more_warnings + count.more_others);
  return n;
}

void Diagnostics::add_source(const std::string& file, std::string text) {
  line_starts_.erase(file);
  sources_.insert_or_assign(file, std::move(text));
}

void Diagnostics::sort() {
  // Group each note with the diagnostic before it, then order the groups by place.
  std::vector<std::vector<Diagnostic>> groups;
  for (auto& d : items_) {
    if (d.severity == Severity::note && !groups.empty())
      groups.back().push_back(std::move(d));
    else
      groups.push_back({std::move(d)});
  }
  std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
    const SourceLoc& x = a.front().loc;
    const SourceLoc& y = b.front().loc;
    if (x.file != y.file) return x.file < y.file;
    if (x.line != y.line) return x.line < y.line;
    return x.col < y.col;
  });
  items_.clear();
  for (auto& g : groups)
    for (auto& d : g) items_.push_back(std::move(d));
}

std::string Diagnostics::format(const Diagnostic& d) const {
  std::string out;
  if (!d.loc.file.empty()) out = d.loc.str() + ": ";
  out += fmt::format("{}: {}\n", severity_name(d.severity), d.message);
  // An info is a finding, not a problem to point at: no quoted line.
  if (d.loc.line <= 0 || d.severity == Severity::info) return out;
  const auto it = sources_.find(d.loc.file);
  if (it == sources_.end()) return out;
  auto starts = line_starts_.find(d.loc.file);
  if (starts == line_starts_.end()) {
    std::vector<size_t> index{0};
    for (size_t at = it->second.find('\n'); at != std::string::npos; at = it->second.find('\n', at + 1))
      index.push_back(at + 1);
    starts = line_starts_.emplace(d.loc.file, std::move(index)).first;
  }
  const auto n = static_cast<size_t>(d.loc.line);
  if (n > starts->second.size()) return out;
  const std::string_view text = it->second;
  const size_t line_begin = starts->second[n - 1];
  const size_t line_end = n < starts->second.size() ? starts->second[n] - 1 : text.size();
  std::string_view line = text.substr(line_begin, line_end - line_begin);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty()) return out;
  // A very long line (minified or hostile input) is cut to a window around the column.
  int col = d.loc.col;
  std::string before, after;
  constexpr size_t kWindow = 100;
  if (line.size() > kWindow) {
    size_t start = col > 0 ? static_cast<size_t>(col - 1) : 0;
    start = start > kWindow / 2 ? start - kWindow / 2 : 0;
    while (start > 0 && (static_cast<unsigned char>(line[start]) & 0xC0) == 0x80) --start;
    size_t end = std::min(line.size(), start + kWindow);
    while (end < line.size() && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) ++end;
    if (start > 0) before = "...";
    if (end < line.size()) after = "...";
    col -= static_cast<int>(start) - static_cast<int>(before.size());
    line = line.substr(start, end - start);
  }
  // The quoted line goes to a terminal: never let control bytes from the file through raw.
  out += fmt::format("    {}{}{}\n", before, printable(line), after);
  if (col > 0) out += fmt::format("    {}^\n", caret_padding(before + std::string(line), col));
  return out;
}

std::string Diagnostics::format_all() const {
  std::string out;
  for (const auto& d : items_) out += format(d);
  for (const auto& [file, count] : per_file_) {
    if (count.more_errors + count.more_warnings + count.more_others == 0) continue;
    std::vector<std::string> parts;
    if (count.more_errors > 0) parts.push_back(counted(static_cast<size_t>(count.more_errors), "more error", "more errors"));
    if (count.more_warnings > 0)
      parts.push_back(counted(static_cast<size_t>(count.more_warnings), "more warning", "more warnings"));
    if (count.more_others > 0) parts.push_back(counted(static_cast<size_t>(count.more_others), "more finding", "more findings"));
    out += fmt::format("{}{}{}, not shown ({} are above)\n", file.empty() ? "" : printable(file),
                       file.empty() ? "" : ": ", fmt::join(parts, " and "), kShownPerFile);
  }
  return out;
}

Error::Error(std::string message, ErrorKind kind, SourceLoc loc)
    : std::runtime_error(std::move(message)), loc_(std::move(loc)), kind_(kind) {}

}  // namespace backtriage
