// `backtriage completion bash|zsh|fish`: the script that loads the completion into a shell. The
// completion itself is `backtriage __complete WORDS...` (app.cpp, completion.cpp).
#include <memory>
#include <ostream>

#include "command.hpp"
#include "completion.hpp"
#include "option_values.hpp"

namespace backtriage::cli {

void register_completion(CLI::App& app, const LoadedRules&, CommandTable& table) {
  CLI::App* completion = app.add_subcommand("completion", "Print the shell completion script for bash, zsh or fish");
  auto shell = std::make_shared<std::string>();
  one_of(completion->add_option("shell", *shell, "The shell: bash, zsh or fish")->required(), {"bash", "zsh", "fish"});
  completion->footer(std::string("Packages install these scripts; for a build of your own:\n"
                                 "  bash: eval \"$(backtriage completion bash)\"      (in ~/.bashrc)\n"
                                 "  zsh:  source <(backtriage completion zsh)        (in ~/.zshrc, after compinit)\n"
                                 "  fish: backtriage completion fish | source        (in ~/.config/fish/config.fish)\n") +
                     kGlobalOptions);
  table.add(
      completion,
      [shell](const Context& c) {
        c.out << completion_script(*shell);
        return 0;
      },
      /*needs_valid_rules=*/false);
}

}  // namespace backtriage::cli
