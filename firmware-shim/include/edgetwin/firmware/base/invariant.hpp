#pragma once
// EDGETWIN_ASSERT: an invariant check that stays on in every build (plain `assert` is compiled
// out of the RelWithDebInfo builds that CI, the twin and edgeboxd use). A broken invariant is a
// bug, never an expected failure (those are values: Result, optional): it throws
// InvariantViolation, which stops the twin's run with the message and kills edgeboxd, whose
// supervisor restarts it, rather than let a box serve on a state it cannot trust.
#include <stdexcept>
#include <string>

namespace edgetwin::fw {

class InvariantViolation : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

[[noreturn]] void invariant_violated(const char* condition, const std::string& what,
                                     const char* file, int line);

}  // namespace edgetwin::fw

// `what` says which invariant, in the words of the component's documentation.
#define EDGETWIN_ASSERT(condition, what)                                                        \
  do {                                                                                          \
    if (!(condition)) ::edgetwin::fw::invariant_violated(#condition, what, __FILE__, __LINE__); \
  } while (false)
