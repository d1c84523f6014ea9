#include "help_formatter.hpp"

#include <algorithm>

#include "base/text.hpp"

namespace backtriage::cli {

namespace {

/// Help texts are written with line breaks for a wide screen; they are refilled to this one.
std::string one_paragraph(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

/// A footer's prose is written with line breaks for a wide screen: a line that starts at the
/// margin goes on the one before it when that one does too and neither is a heading (ends with
/// ":"), so the sentence is refilled to this screen instead of broken twice. Indented lines
/// (examples) and blank lines stay as they are.
std::string prose_joined(std::string_view text) {
  std::string out;
  bool previous_prose = false;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    const bool prose = !line.empty() && line.front() != ' ';
    if (prose && previous_prose && !out.ends_with(':') && !line.ends_with(':'))
      out += ' ';
    else if (start > 0)
      out += '\n';
    out += line;
    previous_prose = prose;
    start = end + 1;
  }
  return out;
}

}  // namespace

HelpFormatter::HelpFormatter(size_t width) : width_(width), column_(std::min<size_t>(30, width * 2 / 5)) {
  column_width(column_);
}

std::string HelpFormatter::entry(const std::string& name, const std::string& description) const {
  std::string out = "  " + name;
  const std::string text = one_paragraph(description);
  if (text.empty()) return out + "\n";
  if (display_width(out) + 1 < column_) {
    out.append(column_ - display_width(out), ' ');
  } else {
    out += "\n" + std::string(column_, ' ');
  }
  return out + fill(text, column_, width_) + "\n";
}

std::string HelpFormatter::make_option(const CLI::Option* opt, bool is_positional) const {
  return entry(make_option_name(opt, is_positional) + make_option_opts(opt), make_option_desc(opt));
}

std::string HelpFormatter::make_subcommand(const CLI::App* sub) const {
  return entry(sub->get_display_name(true), sub->get_description());
}

std::string HelpFormatter::make_group(std::string group, bool is_positional, std::vector<const CLI::Option*> opts) const {
  std::string out = "\n" + fill(group + ":", 0, width_) + "\n";
  for (const CLI::Option* opt : opts) out += make_option(opt, is_positional);
  return out;
}

std::string HelpFormatter::make_description(const CLI::App* app) const {
  const std::string description = app->get_description();
  return description.empty() ? std::string() : fill(one_paragraph(description), 0, width_) + "\n";
}

std::string HelpFormatter::make_usage(const CLI::App* app, std::string name) const {
  std::string usage = CLI::Formatter::make_usage(app, std::move(name));
  while (!usage.empty() && usage.back() == '\n') usage.pop_back();
  return fill(usage, 7, width_) + "\n";  // under "Usage: "
}

std::string HelpFormatter::make_footer(const CLI::App* app) const {
  const std::string footer = app->get_footer();
  return footer.empty() ? std::string() : wrap_long_lines(prose_joined(footer), width_) + "\n";
}

}  // namespace backtriage::cli
