// --help filled to the screen like the rest of what we print: descriptions wrapped to the width
// in display columns under their own column, never splitting a word, instead of CLI11's fixed
// layout (which leaves long descriptions as long as they were written).
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace backtriage::cli {

class HelpFormatter final : public CLI::Formatter {
 public:
  /// Fills to width columns (screen_width: the terminal's, or COLUMNS, or 80).
  explicit HelpFormatter(size_t width);

  std::string make_option(const CLI::Option* opt, bool is_positional) const override;
  std::string make_subcommand(const CLI::App* sub) const override;
  std::string make_group(std::string group, bool is_positional, std::vector<const CLI::Option*> opts) const override;
  std::string make_description(const CLI::App* app) const override;
  std::string make_usage(const CLI::App* app, std::string name) const override;
  std::string make_footer(const CLI::App* app) const override;

 private:
  /// "  NAME  description", the description filled under its column (or under NAME's next line
  /// when NAME is too wide for the column).
  std::string entry(const std::string& name, const std::string& description) const;

  size_t width_;
  size_t column_;
};

}  // namespace backtriage::cli
