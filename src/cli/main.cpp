// backtriage: rule-based triage for a tight or painful lower back. All work is in run().
#include "app.hpp"

int main(int argc, char** argv) { return backtriage::cli::run(argc, argv); }
