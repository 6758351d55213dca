#pragma once
// The subcommands of `edgetwin`. Each registers its options on the CLI11 app and returns the
// process exit status when run: 0 all assertions held, 1 an assertion failed, 2 bad input or
// usage (nothing was run). See FORMATS.md.
#include <CLI/CLI.hpp>
#include <functional>

namespace edgetwin::cli {

inline constexpr int kExitPassed = 0;
inline constexpr int kExitAssertionFailed = 1;
inline constexpr int kExitBadInput = 2;

using Command = std::function<int()>;

Command add_fleet_generate(CLI::App& fleet);
Command add_validate(CLI::App& app);
Command add_run(CLI::App& app);
Command add_report(CLI::App& app);
Command add_sweep(CLI::App& app);
Command add_explore(CLI::App& app);

}  // namespace edgetwin::cli
