#include "edgetwin/firmware/base/invariant.hpp"

namespace edgetwin::fw {

void invariant_violated(const char* condition, const std::string& what, const char* file,
                        int line) {
  throw InvariantViolation(std::string(file) + ":" + std::to_string(line) +
                           ": invariant broken: " + what + " (" + condition + ")");
}

}  // namespace edgetwin::fw
