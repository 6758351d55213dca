#include <iostream>
#include <memory>
#include <string>

#include "atomic_file.hpp"
#include "commands.hpp"
#include "edgetwin/model/fleet_io.hpp"

namespace edgetwin::cli {

Command add_fleet_generate(CLI::App& cmd) {
  auto options = std::make_shared<model::GenerateOptions>();
  auto output = std::make_shared<std::string>("-");
  cmd.add_option("--sites", options->sites, "number of sites")->required()->check(CLI::Range(1, 100000));
  cmd.add_option("--boxes-per-site", options->boxes_per_site, "boxes per site")
      ->default_val(2)
      ->check(CLI::Range(1, 26));
  cmd.add_option("--name", options->name, "fleet name (default fleet-<sites>)");
  cmd.add_option("-o,--output", *output, "output file, - for stdout")->default_val("-");
  return [options, output]() {
    const std::string text = model::generate_fleet(*options).dump(2) + "\n";
    if (*output == "-") {
      std::cout << text;
      return kExitPassed;
    }
    AtomicFile file(*output);
    file.stream() << text;
    std::string error;
    if (!file.commit(error)) {
      std::cerr << "edgetwin: " << error << "\n";
      return kExitBadInput;
    }
    return kExitPassed;
  };
}

}  // namespace edgetwin::cli
