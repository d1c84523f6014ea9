// `backtriage export`: the rule base in another system's language: FHIR for health systems,
// CLIPS and json-rules-engine for benchmarks and differential tests (bench/README.md).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ostream>
#include <memory>

#include <fmt/format.h>

#include "base/diagnostics.hpp"
#include "base/text.hpp"
#include "command.hpp"
#include "commands.hpp"
#include "interop/export_clips.hpp"
#include "interop/fhir.hpp"
#include "io/json_answers.hpp"
#include "option_values.hpp"
#include "output.hpp"

namespace backtriage::cli {

int cmd_export_clips(const RuleBase& rb, const std::string& cases, std::ostream& out, std::ostream& err) {
  out << export_clips(rb);
  if (cases.empty()) return 0;
  const int fd = open_input(cases);
  LineReader in(fd, kMaxBatchLine);
  std::string line;
  long line_no = 0, skipped = 0;
  for (LineReader::Status st; (st = in.read(line)) != LineReader::Status::eof && st != LineReader::Status::interrupted;) {
    ++line_no;
    if (st != LineReader::Status::line || trim(line).empty()) continue;
    const JsonAnswers answers = parse_json_answers(line, rb);
    // CLIPS gets complete cases only: an unknown answer has no closed-world equivalent there.
    if (!answers.ok || std::find(answers.values.begin(), answers.values.end(), kUnknown) != answers.values.end()) {
      ++skipped;
      continue;
    }
    out << clips_case(rb, line_no, answers.values);
  }
  ::close(fd);
  out << "(exit)\n";
  if (skipped) err << fmt::format("backtriage: {} lines were not complete answer sets and were left out\n", skipped);
  return 0;
}

int cmd_export_fhir(const RuleBase& rb, const std::string& url, const std::string& conditions, std::ostream& out,
                    std::ostream& err) {
  const FhirExport fhir = fhir_questionnaire(rb, url.empty() ? default_questionnaire_url(rb) : url,
                                             conditions == "expression" ? FhirConditions::expression
                                                                        : FhirConditions::enable_when);
  out << fhir.json;
  for (const auto& note : fhir.notes) err << "backtriage: note: " << note << "\n";
  return 0;
}

void register_export(CLI::App& app, const LoadedRules&, CommandTable& table) {
  CLI::App* export_cmd =
      app.add_subcommand("export", "Write the rule base in another system's language: FHIR, CLIPS, json-rules-engine");
  export_cmd->require_subcommand(1);
  export_cmd->footer(kGlobalOptions);
  auto output = std::make_shared<std::string>();  // one command runs at a time: they share it
  CLI::App* fhir = export_cmd->add_subcommand(
      "fhir", "The questions as an HL7 FHIR R4 Questionnaire (JSON); answers come back as a QuestionnaireResponse");
  auto url = std::make_shared<std::string>();
  fhir->add_option("--url", *url, "The Questionnaire's canonical url (default: urn:backtriage:NAME)")->option_text("URL");
  auto conditions = std::make_shared<std::string>("enable-when");
  one_of(fhir->add_option("--conditions", *conditions,
                          "How ask_when is written: enable-when (the default: enableWhen where it is exact, SDC's\n"
                          "FHIRPath enableWhenExpression elsewhere) or expression (enableWhenExpression on every\n"
                          "gated item, for SDC form fillers)"),
         {"enable-when", "expression"});
  fhir->footer(std::string("A form filled in from this Questionnaire gives a QuestionnaireResponse, which assess --answers\n"
                           "and ask --resume read like any answers file. enableWhen carries the static part of ask_when;\n"
                           "the adaptive part (asking only what can still change the result) stays in backtriage, or an\n"
                           "SDC form filler asks backtriage next-question for each next item.\n"
                           "Example:\n"
                           "  backtriage export fhir > questionnaire.json\n"
                           "  backtriage assess --answers response.json   # the QuestionnaireResponse of a filled-in form\n") +
               kGlobalOptions);
  CLI::App* clips = export_cmd->add_subcommand("clips", "A CLIPS 6.30 program (for benchmarks and differential tests)");
  CLI::App* jre = export_cmd->add_subcommand("jre", "json-rules-engine rules (for benchmarks and differential tests)");
  for (CLI::App* sub : {fhir, clips, jre}) add_output_option(sub, *output);
  auto cases = std::make_shared<std::string>();
  clips->add_option("--cases", *cases, "Append one (run-case ...) per complete line of this JSON-lines file")
      ->option_text("FILE");
  for (CLI::App* sub : {clips, jre}) sub->footer(kGlobalOptions);
  table.add(fhir, [output, url, conditions](const Context& c) {
    return with_output(*output, c.out,
                       [&](std::ostream& o) { return cmd_export_fhir(c.rb(), *url, *conditions, o, c.err); });
  });
  table.add(clips, [output, cases](const Context& c) {
    return with_output(*output, c.out, [&](std::ostream& o) { return cmd_export_clips(c.rb(), *cases, o, c.err); });
  });
  table.add(jre, [output](const Context& c) {
    return with_output(*output, c.out, [&](std::ostream& o) { return o << export_jre(c.rb()), 0; });
  });
}

}  // namespace backtriage::cli
