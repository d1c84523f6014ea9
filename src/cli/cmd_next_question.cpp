// `backtriage next-question`: SDC's adaptive questioning over FHIR, one QuestionnaireResponse in,
// the same response with the next item (or the result) out.
#include <memory>
#include <ostream>

#include <fmt/format.h>

#include "base/diagnostics.hpp"
#include "base/text.hpp"
#include "command.hpp"
#include "commands.hpp"
#include "exit_code.hpp"
#include "interop/fhir.hpp"
#include "output.hpp"

namespace backtriage::cli {

namespace {

struct NextQuestionOptions {
  std::string input = "-";
  std::string url;
  std::string output;
};

int cmd_next_question(const RuleBase& rb, const NextQuestionOptions& opts, std::ostream& out, std::ostream& err) {
  Diagnostics diags;
  const auto next = fhir_next_question(opts.input, rb, opts.url.empty() ? default_questionnaire_url(rb) : opts.url, diags);
  if (!next) {
    diags.sort();
    err << diags.format_all();
    throw Error(fmt::format("{}: the QuestionnaireResponse cannot be used; nothing was assessed",
                            opts.input == "-" ? "standard input" : printable(opts.input)),
                ErrorKind::bad_input);
  }
  out << next->json;
  return next->complete ? 0 : static_cast<int>(ExitCode::incomplete);
}

}  // namespace

void register_next_question(CLI::App& app, const LoadedRules&, CommandTable& table) {
  CLI::App* cmd = app.add_subcommand(
      "next-question", "Adaptive questioning over FHIR (SDC $next-question): a QuestionnaireResponse in, the next item out");
  auto opts = std::make_shared<NextQuestionOptions>();
  cmd->add_option("response", opts->input,
                  "The QuestionnaireResponse so far, in JSON (default: standard input, '-');\n"
                  "an empty one, {\"resourceType\": \"QuestionnaireResponse\", \"status\": \"in-progress\"},\n"
                  "starts the questionnaire")
      ->option_text("FILE");
  cmd->add_option("--url", opts->url, "The canonical url of the full Questionnaire the contained one derives from\n"
                                      "(default: urn:backtriage:NAME, as export fhir)")
      ->option_text("URL");
  add_output_option(cmd, opts->output);
  cmd->footer(std::string("The response comes back with a contained Questionnaire (questionnaire \"#q\") holding the items\n"
                          "answered so far and the one question backtriage asks next, status in-progress (exit 3); once\n"
                          "no answer can change the result, status completed (exit 0) and the result attached as the\n"
                          "read-only group backtriage.result: disposition, message, red flags, recommended, avoid.\n"
                          "A form filler adds the person's answer to the response and calls it again. docs/fhir.md.\n"
                          "Examples:\n"
                          "  echo '{\"resourceType\": \"QuestionnaireResponse\", \"status\": \"in-progress\"}' |\n"
                          "    backtriage next-question > response.json\n"
                          "  backtriage next-question response.json --output response.json\n") +
              kGlobalOptions);
  table.add(cmd, [opts](const Context& c) {
    return with_output(opts->output, c.out, [&](std::ostream& o) { return cmd_next_question(c.rb(), *opts, o, c.err); });
  });
}

}  // namespace backtriage::cli
